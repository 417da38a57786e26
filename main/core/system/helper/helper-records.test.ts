import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessTable } from '../process-table';
import { HelperRecords, type HelperRecord } from './helper-records';

/** Processes by pid -> start time; `kill` records the signal and, unless `stubborn`, ends the process. */
class FakeProcesses implements ProcessTable {
  readonly selfPid = 100;
  readonly alive = new Map<number, string>([[100, 's100']]);
  readonly signals: string[] = [];
  stubborn = new Set<number>();
  async startTime(pid: number) {
    return this.alive.get(pid);
  }
  async commandLine() {
    return [];
  }
  kill(pid: number, signal: NodeJS.Signals) {
    this.signals.push(`${pid} ${signal}`);
    if (signal === 'SIGKILL' || !this.stubborn.has(pid)) this.alive.delete(pid);
  }
}

let dir: string;
let processes: FakeProcesses;
let records: HelperRecords;
const record = (pid: number, uid: number, appGone: boolean): HelperRecord => ({
  pid,
  startTime: `s${pid}`,
  uid,
  startedAt: 'then',
  socket: path.join(dir, `helper-${pid}.sock`),
  tunnels: ['hf1'],
  appGone,
});

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hfh-records-'));
  processes = new FakeProcesses();
  records = new HelperRecords(dir, processes, async () => undefined);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('HelperRecords', () => {
  it('lists live helpers of the same user with whether their app is gone, and forgets dead ones', async () => {
    processes.alive.set(201, 's201').set(202, 's202').set(204, 'recycled');
    await records.write(record(201, 1000, true));
    await records.write(record(202, 1000, false));
    await records.write(record(203, 1000, true)); // dead
    await records.write(record(204, 1000, true)); // pid reused by another process
    await records.write(record(205, 2000, true));
    processes.alive.set(205, 's205');
    const orphans = await records.orphanControl(1000).list();
    expect(orphans.map((o) => [o.pid, o.appGone])).toEqual([
      [201, true],
      [202, false],
    ]);
    expect(existsSync(records.fileOf(203))).toBe(false);
    expect(existsSync(records.fileOf(204))).toBe(false);
  });

  it('stops an orphan and removes its record, even when it had to be killed', async () => {
    processes.alive.set(201, 's201').set(202, 's202');
    processes.stubborn.add(202);
    await records.write(record(201, 1000, true));
    await records.write(record(202, 1000, true));
    const control = records.orphanControl(1000);
    expect(await control.stop(201)).toBe(true);
    expect(await control.stop(202)).toBe(true);
    expect(processes.signals).toEqual(['201 SIGTERM', '202 SIGTERM', '202 SIGKILL']);
    expect(existsSync(records.fileOf(201))).toBe(false);
    expect(existsSync(records.fileOf(202))).toBe(false);
  });

  it('stops only helpers of the same user that it listed', async () => {
    processes.alive.set(205, 's205');
    await records.write(record(205, 2000, true));
    expect(await records.orphanControl(1000).stop(205)).toBe(false);
    expect(await records.orphanControl(1000).stop(4242)).toBe(false);
    expect(processes.signals).toEqual([]);
  });
});
