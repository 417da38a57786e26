import type { Clock } from '../clock';
import { HoldfastError } from '../errors';
import type { EventHub } from '../events';
import { importDisguiseFile, type DisguiseImportOutcome } from './disguise-import';
import { buildDisguiseListing, type DisguiseListing, type ServerHosts } from './disguise-listing';
import type { DisguiseStore } from './disguise-store';

export interface DisguiseServiceDeps {
  store: DisguiseStore;
  /** The servers there are now (ServerService.list fits): what disguises attach to. */
  servers: () => Promise<readonly ServerHosts[]>;
  events: EventHub;
  clock: Clock;
}

/**
 * The user's disguises: imported from files, listed under the server they belong to, attached elsewhere,
 * detached, removed. Every change is one atomic write of the disguise file and one `disguises-changed`.
 */
export class DisguiseService {
  constructor(private readonly deps: DisguiseServiceDeps) {}

  async list(): Promise<DisguiseListing> {
    return buildDisguiseListing(this.deps.store.list(), await this.deps.servers());
  }

  /**
   * The import hook: disguise files taken out of an import (`splitDisguiseSources`), one outcome per line or
   * SIP008 entry. One `disguises-changed` when anything new was kept.
   */
  async importFiles(files: ReadonlyArray<{ name: string; text: string }>): Promise<DisguiseImportOutcome[]> {
    const outcomes: DisguiseImportOutcome[] = [];
    for (const file of files) outcomes.push(...(await importDisguiseFile(this.deps.store, file.name, file.text)));
    if (outcomes.some((o) => o.status === 'imported')) this.emit();
    return outcomes;
  }

  async attach(id: string, serverKey: string): Promise<DisguiseListing> {
    const servers = await this.deps.servers();
    if (!servers.some((s) => s.key === serverKey)) {
      throw new HoldfastError(
        'server-not-found',
        `serverKey: there is no server "${serverKey.slice(0, 255)}". Run \`holdfast servers\` to see the servers.`,
        { key: serverKey.slice(0, 255), field: 'serverKey' },
      );
    }
    await this.deps.store.setAttachment(id, { mode: 'server', serverKey });
    return this.changed();
  }

  async detach(id: string): Promise<DisguiseListing> {
    await this.deps.store.setAttachment(id, { mode: 'detached' });
    return this.changed();
  }

  /** Back to following the server whose endpoint has the disguise's host. */
  async auto(id: string): Promise<DisguiseListing> {
    await this.deps.store.setAttachment(id, { mode: 'auto' });
    return this.changed();
  }

  async remove(id: string): Promise<{ removed: boolean; listing: DisguiseListing }> {
    const removed = await this.deps.store.remove(id);
    if (removed) this.emit();
    return { removed, listing: await this.list() };
  }

  private async changed(): Promise<DisguiseListing> {
    this.emit();
    return this.list();
  }

  private emit(): void {
    this.deps.events.emit({ type: 'disguises-changed', at: new Date(this.deps.clock.now()).toISOString() });
  }
}
