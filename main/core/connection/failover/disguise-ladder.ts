import type { DisguiseReason } from '../../disguise/disguised-route';
import type { DisguiseSettings } from '../../disguise/settings';
import type { DisguiseKind } from '../../disguise/types';
import type { DisguiseNeed } from './memory-records';
import { diversify } from './planner';
import type { Candidate, CandidateDisguise, Transport } from './types';

/**
 * How far a session has gone towards disguised routes (docs/disguise.md, "Chosen automatically"):
 *  - plain: only plain routes are tried (a free network never touches a disguise server);
 *  - join: a plain route failed; each race keeps one slot for the best disguised route, which wins only when no
 *    plain route carries data first (plain routes outrank it in the race);
 *  - first: plain routes failed as a censor makes them fail (a whole round, across servers and protocols), or
 *    this network needed a disguise before, or the setting is Always: disguised routes go first.
 */
export type DisguiseStage = 'plain' | 'join' | 'first';

/** Which tunnels each disguise can carry: ss-tunnel relays UDP (WireGuard); every disguise carries a TCP stream. */
export function disguiseCarries(kind: DisguiseKind, transport: Transport): boolean {
  if (transport.protocol === 'wireguard') return kind === 'shadowsocks';
  return transport.proto === 'tcp';
}

/** Race ranks above this belong to the routes a stage puts second. */
export const SECOND_CHOICE_RANK = 1_000_000;

export class DisguiseLadder {
  private attached = new Map<string, CandidateDisguise[]>();
  private stageNow: DisguiseStage = 'plain';
  private reason: DisguiseReason | null = null;
  private remembered: string | null = null;

  constructor(private readonly settings: () => DisguiseSettings) {}

  /** serverKey -> the disguises attached to it, in import order. */
  setAttached(byServer: Readonly<Record<string, readonly CandidateDisguise[]>>): void {
    this.attached = new Map(Object.entries(byServer).map(([key, list]) => [key, [...list]]));
  }

  get stage(): DisguiseStage {
    return this.stageNow;
  }

  /** Why disguised routes are in play this session, or null while only plain ones are. */
  get why(): DisguiseReason | null {
    return this.reason;
  }

  /** The disguised routes onto these plain ones: each usable disguise of the same server that carries the tunnel. */
  disguisedFor(plain: readonly Candidate[]): Candidate[] {
    const { mode, order } = this.settings();
    if (mode === 'never') return [];
    const out: Candidate[] = [];
    for (const c of plain) {
      if (c.disguise) continue;
      for (const d of this.attached.get(c.serverKey) ?? []) {
        if (order.includes(d.kind) && disguiseCarries(d.kind, c.transport)) out.push({ ...c, disguise: { ...d } });
      }
    }
    return out;
  }

  /** A new session: Always starts disguised; so does a network remembered to need a disguise. */
  begin(need: DisguiseNeed | undefined, plain: readonly Candidate[]): void {
    const mode = this.settings().mode;
    const any = this.disguisedFor(plain).length > 0;
    this.remembered = need?.id ?? null;
    if (mode === 'always') this.set('first', 'always');
    else if (mode === 'automatic' && need && any) this.set('first', 'remembered');
    else this.set('plain', null);
  }

  /** The machine moved to another network mid-session: that network's memory decides, unless the setting does. */
  networkChanged(need: DisguiseNeed | undefined, plain: readonly Candidate[]): void {
    if (this.settings().mode === 'automatic') this.begin(need, plain);
  }

  /** A plain route failed (a drop, a failed first connect): disguised routes join the race, if there are any. */
  plainFailed(plain: readonly Candidate[]): void {
    if (this.settings().mode === 'automatic' && this.stageNow === 'plain' && this.disguisedFor(plain).length > 0)
      this.set('join', 'blocked');
  }

  /**
   * A whole round of plain routes failed: the pattern of protocol blocking. True when disguised routes now go
   * first and there are some not yet put first (the caller then tries them at once instead of waiting).
   */
  escalate(plain: readonly Candidate[]): boolean {
    if (this.settings().mode !== 'automatic' || this.stageNow === 'first') return false;
    if (this.disguisedFor(plain).length === 0) return false;
    this.set('first', 'blocked');
    return true;
  }

  /** What may be planned now: plain routes, disguised ones, or both, by mode and stage. */
  pool(plain: readonly Candidate[]): Candidate[] {
    const mode = this.settings().mode;
    if (mode === 'never') return [...plain];
    const disguised = this.disguisedFor(plain);
    if (mode === 'always') return disguised;
    return this.stageNow === 'plain' ? [...plain] : [...plain, ...disguised];
  }

  /**
   * Orders a planned list for this stage. Disguised routes keep the planner's order among themselves, except that
   * the one that worked on this network goes first and the user's order of kinds comes next.
   */
  order(ready: readonly Candidate[]): Candidate[] {
    const order = this.settings().order;
    const disguised = ready
      .map((c, index) => ({ c, index }))
      .filter(({ c }) => c.disguise)
      .sort(
        (a, b) =>
          this.rememberedFirst(a.c) - this.rememberedFirst(b.c) ||
          order.indexOf(a.c.disguise!.kind) - order.indexOf(b.c.disguise!.kind) ||
          a.index - b.index,
      )
      .map(({ c }) => c);
    const plain = ready.filter((c) => !c.disguise);
    return this.stageNow === 'first' ? [...disguised, ...plain] : [...plain, ...disguised];
  }

  /** The race window for this stage, from a list already in `order`. */
  window(ordered: readonly Candidate[], width: number): Candidate[] {
    const disguised = ordered.filter((c) => c.disguise);
    const plain = ordered.filter((c) => !c.disguise);
    if (disguised.length === 0) return diversify(plain, width).slice(0, width);
    if (this.stageNow === 'first' || plain.length === 0) {
      const first = diversify(disguised, width).slice(0, width);
      return [...first, ...plain].slice(0, Math.max(width, first.length));
    }
    // join: the plain routes' diversity as before, one slot kept for the best disguised route.
    const plainSlots = Math.max(1, width - 1);
    return [...diversify(plain, plainSlots).slice(0, plainSlots), disguised[0]!];
  }

  /** Race rank offset: the routes this stage puts second only win once the first ones had their grace. */
  rankOffset(c: Candidate): number {
    const disguisedFirst = this.stageNow === 'first';
    return !!c.disguise === disguisedFirst ? 0 : SECOND_CHOICE_RANK;
  }

  /** Which reason a disguised route that carries data was chosen for; null for a plain route. */
  reasonFor(c: Candidate): DisguiseReason | null {
    if (!c.disguise) return null;
    return this.reason ?? 'blocked';
  }

  private rememberedFirst(c: Candidate): number {
    return this.remembered !== null && c.disguise?.id === this.remembered ? 0 : 1;
  }

  private set(stage: DisguiseStage, why: DisguiseReason | null): void {
    this.stageNow = stage;
    this.reason = why;
  }
}
