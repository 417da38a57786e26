import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../storage/atomic-file';
import type { ProcessTable } from '../process-table';
import { ProcProcessTable, isSameProcessAlive } from '../process-table';
import type { OrphanControl } from './helper-server';
import type { OrphanHelper } from './protocol';

/**
 * One small file per running helper in the helper directory (root-only), so that a helper started by
 * a new app run can find the one an earlier run left behind keeping a connection up, and stop it when
 * the user asks. Files of helpers that are gone are removed as they are found.
 */
export interface HelperRecord {
  pid: number;
  startTime?: string;
  uid: number;
  startedAt: string;
  socket: string;
  tunnels: string[];
  appGone: boolean;
}

const PREFIX = 'helper-';

export class HelperRecords {
  constructor(
    private readonly dir: string,
    private readonly processes: ProcessTable = new ProcProcessTable(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  fileOf(pid: number): string {
    return path.join(this.dir, `${PREFIX}${pid}.json`);
  }

  async write(record: HelperRecord): Promise<void> {
    await writeFileAtomic(this.fileOf(record.pid), `${JSON.stringify(record, null, 2)}\n`, 0o600);
  }

  async remove(record: Pick<HelperRecord, 'pid' | 'socket'>): Promise<void> {
    await fs.rm(this.fileOf(record.pid), { force: true });
    // Only a socket inside our own directory: a record is never a way to delete other files.
    if (path.dirname(record.socket) === this.dir && path.basename(record.socket).startsWith(PREFIX)) {
      await fs.rm(record.socket, { force: true });
    }
  }

  /** Live helpers of `uid` other than this process; records of dead helpers are deleted on the way. */
  async others(uid: number): Promise<HelperRecord[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const found: HelperRecord[] = [];
    for (const name of names.filter((n) => n.startsWith(PREFIX) && n.endsWith('.json')).sort()) {
      const record = await readRecord(path.join(this.dir, name));
      if (!record || record.pid === this.processes.selfPid) continue;
      if (!(await isSameProcessAlive(this.processes, record.pid, record.startTime))) {
        await this.remove(record);
        continue;
      }
      if (record.uid === uid) found.push(record);
    }
    return found;
  }

  orphanControl(uid: number): OrphanControl {
    return {
      list: async () => (await this.others(uid)).map(toOrphan),
      stop: async (pid) => {
        const record = (await this.others(uid)).find((r) => r.pid === pid);
        if (!record) return false;
        // The orphan stops its tunnels on SIGTERM (helper-main.ts); give it time before insisting.
        this.processes.kill(pid, 'SIGTERM');
        let gone = false;
        for (let i = 0; i < 100 && !gone; i += 1) {
          gone = !(await isSameProcessAlive(this.processes, pid, record.startTime));
          if (!gone) await this.sleep(100);
        }
        if (!gone) this.processes.kill(pid, 'SIGKILL');
        // A killed helper cannot remove its own record (its changes are undone from its journal).
        await this.remove(record);
        return true;
      },
    };
  }
}

function toOrphan(record: HelperRecord): OrphanHelper {
  return {
    pid: record.pid,
    uid: record.uid,
    startedAt: record.startedAt,
    tunnels: record.tunnels,
    appGone: record.appGone === true,
  };
}

async function readRecord(file: string): Promise<HelperRecord | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as HelperRecord;
    if (typeof data.pid !== 'number' || typeof data.uid !== 'number' || typeof data.socket !== 'string')
      return undefined;
    return data;
  } catch {
    return undefined;
  }
}
