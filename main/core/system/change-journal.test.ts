import { describe, expect, it } from 'vitest';
import type { JournalDeps, JournalDocument } from './change-journal';
import { ChangeJournal } from './change-journal';
import { FakeProcessTable, MemoryFilePort } from './fakes/memory-file-port';
import { ScriptedProcessRunner } from './fakes/scripted-process-runner';
import { recoverOrphans } from './orphan-recovery';

const RUNTIME = '/run/holdfast';

function setup() {
  const files = new MemoryFilePort();
  const processes = new FakeProcessTable(1000);
  const deps: JournalDeps = { files, processes, sleep: async () => undefined };
  const runner = new ScriptedProcessRunner();
  return { files, processes, deps, runner };
}

async function readDoc(files: MemoryFilePort, file: string): Promise<JournalDocument> {
  return JSON.parse((await files.readText(file)) ?? 'null') as JournalDocument;
}

describe('ChangeJournal', () => {
  it('writes each change to disk before the caller applies it, owned by this process', async () => {
    const { files, deps } = setup();
    const journal = await ChangeJournal.create(RUNTIME, 'wg-hf01', deps);
    await journal.record('device hf01', { kind: 'run', command: 'ip', args: ['link', 'del', 'hf01'] });
    const doc = await readDoc(files, journal.file);
    expect(doc.owner).toEqual({ pid: 1000, startTime: '500' });
    expect(doc.entries.map((e) => e.description)).toEqual(['device hf01']);
    expect(files.files.get(journal.file)?.mode).toBe(0o600);
  });

  it('undoes in reverse order and deletes the journal when everything is undone', async () => {
    const { files, deps, runner } = setup();
    const journal = await ChangeJournal.create(RUNTIME, 'wg', deps);
    await journal.record('device', { kind: 'run', command: 'ip', args: ['link', 'del', 'hf01'] });
    await journal.record('rule', { kind: 'run', command: 'ip', args: ['-4', 'rule', 'del', 'priority', '32700'] });
    const failures = await journal.undoAll(runner);
    expect(failures).toEqual([]);
    expect(runner.lines()).toEqual(['ip -4 rule del priority 32700', 'ip link del hf01']);
    expect(await files.exists(journal.file)).toBe(false);
  });

  it('forgets a change that was never applied', async () => {
    const { deps, runner } = setup();
    const journal = await ChangeJournal.create(RUNTIME, 'wg', deps);
    const id = await journal.record('route', { kind: 'run', command: 'ip', args: ['route', 'del', '10.0.0.0/8'] });
    await journal.forget(id);
    await journal.undoAll(runner);
    expect(runner.lines()).toEqual([]);
  });

  it('keeps going past a failing step, keeps it for a retry, and treats "already gone" as done', async () => {
    const { files, deps, runner } = setup();
    runner.fail('ip link del', 'Cannot find device "hf01"');
    runner.fail('ip -4 rule del', 'RTNETLINK answers: Operation not permitted', 2, 1);
    const journal = await ChangeJournal.create(RUNTIME, 'wg', deps);
    await journal.record('device', { kind: 'run', command: 'ip', args: ['link', 'del', 'hf01'] });
    await journal.record('rule', { kind: 'run', command: 'ip', args: ['-4', 'rule', 'del', 'priority', '32700'] });
    const failures = await journal.undoAll(runner);
    expect(failures).toEqual([
      { description: 'rule', error: 'ip -4 rule del priority 32700: RTNETLINK answers: Operation not permitted' },
    ]);
    expect((await readDoc(files, journal.file)).entries.map((e) => e.description)).toEqual(['rule']);

    expect(await journal.undoAll(runner)).toEqual([]);
    expect(runner.lines().filter((l) => l.includes('rule del'))).toHaveLength(2);
    expect(await files.exists(journal.file)).toBe(false);
  });

  it('does not take a missing program for "nothing left to undo"', async () => {
    const { deps, runner } = setup();
    runner.fail('resolvectl', 'exec of "resolvectl" failed: No such file or directory', 127);
    const journal = await ChangeJournal.create(RUNTIME, 'wg', deps);
    await journal.record('dns', { kind: 'run', command: 'resolvectl', args: ['revert', 'hf01'] });
    expect(await journal.undoAll(runner)).toHaveLength(1);
  });

  it('restores a file in place from its backup and removes the backup; a missing backup means done', async () => {
    const { files, deps, runner } = setup();
    await files.writeAtomic('/etc/resolv.conf', 'nameserver 10.99.1.1\n', 0o644);
    await files.writeAtomic(`${RUNTIME}/backup`, 'nameserver 192.0.2.53\n', 0o600);
    const journal = await ChangeJournal.create(RUNTIME, 'wg', deps);
    await journal.record('dns', { kind: 'restore-file', path: '/etc/resolv.conf', backupPath: `${RUNTIME}/backup` });
    expect(await journal.undoAll(runner)).toEqual([]);
    expect(files.files.get('/etc/resolv.conf')).toMatchObject({
      text: 'nameserver 192.0.2.53\n',
      writtenInPlace: true,
    });
    expect(await files.exists(`${RUNTIME}/backup`)).toBe(false);
  });

  it('stops a helper process only while its pid still belongs to it', async () => {
    const { processes, deps, runner } = setup();
    processes.add(4242, ['wireguard-go', 'hf01'], '900');
    processes.add(4343, ['sshd'], '901');
    const journal = await ChangeJournal.create(RUNTIME, 'wg', deps);
    await journal.record('wireguard-go', {
      kind: 'stop-process',
      pid: 4242,
      startTime: '900',
      commandContains: 'wireguard-go',
    });
    await journal.record('recycled pid', {
      kind: 'stop-process',
      pid: 4343,
      startTime: '777',
      commandContains: 'wireguard-go',
    });
    expect(await journal.undoAll(runner)).toEqual([]);
    expect(processes.killed).toEqual([{ pid: 4242, signal: 'SIGTERM' }]);
  });
});

describe('recoverOrphans', () => {
  async function orphan(deps: JournalDeps, files: MemoryFilePort, ownerPid: number, startTime: string) {
    const journal = await ChangeJournal.create(RUNTIME, `wg-${ownerPid}`, deps);
    await journal.record('device', { kind: 'run', command: 'ip', args: ['link', 'del', `hf${ownerPid}`] });
    await journal.record('rule', { kind: 'run', command: 'ip', args: ['-4', 'rule', 'del', 'priority', '32700'] });
    const doc = await readDoc(files, journal.file);
    doc.owner = { pid: ownerPid, startTime };
    await files.writeAtomic(journal.file, JSON.stringify(doc), 0o600);
    return journal.file;
  }

  it('undoes journals of dead owners in reverse order and leaves live ones alone', async () => {
    const { files, processes, deps, runner } = setup();
    processes.add(2000, ['node', 'holdfast'], '800');
    const dead = await orphan(deps, files, 3000, '100');
    const live = await orphan(deps, files, 2000, '800');
    await files.writeAtomic(`${RUNTIME}/settings.json`, '{}', 0o600);

    const reports = await recoverOrphans(RUNTIME, runner, deps);

    expect(reports).toEqual([
      { journal: dead, label: 'wg-3000', ownerPid: 3000, undone: ['rule', 'device'], failed: [] },
    ]);
    expect(runner.lines()).toEqual(['ip -4 rule del priority 32700', 'ip link del hf3000']);
    expect(await files.exists(dead)).toBe(false);
    expect(await files.exists(live)).toBe(true);
  });

  it('treats a recycled pid as dead', async () => {
    const { files, processes, deps, runner } = setup();
    processes.add(3000, ['bash'], '999');
    const file = await orphan(deps, files, 3000, '100');
    const reports = await recoverOrphans(RUNTIME, runner, deps);
    expect(reports.map((r) => r.journal)).toEqual([file]);
  });

  it('keeps the steps it could not undo for the next run', async () => {
    const { files, deps, runner } = setup();
    runner.fail('ip -4 rule del', 'RTNETLINK answers: Operation not permitted');
    const file = await orphan(deps, files, 3000, '100');
    const [report] = await recoverOrphans(RUNTIME, runner, deps);
    expect(report?.undone).toEqual(['device']);
    expect(report?.failed.map((f) => f.description)).toEqual(['rule']);
    expect((await readDoc(files, file)).entries.map((e) => e.description)).toEqual(['rule']);
  });

  it('ignores unreadable or foreign journal files', async () => {
    const { files, deps, runner } = setup();
    await files.writeAtomic(`${RUNTIME}/journal-broken.json`, '{not json', 0o600);
    await files.writeAtomic(`${RUNTIME}/journal-other.json`, '{"version":7}', 0o600);
    expect(await recoverOrphans(RUNTIME, runner, deps)).toEqual([]);
    expect(runner.calls).toEqual([]);
  });
});

describe('journals from elsewhere', () => {
  it('recovers only journals written for this network namespace', async () => {
    const { files, deps, runner } = setup();
    runner.on('readlink /proc/self/ns/net', { stdout: 'net:[4026532001]\n' });
    const mine = await ChangeJournal.create(RUNTIME, 'mine', deps, { netns: 'net:[4026532001]' });
    await mine.record('device mine', { kind: 'run', command: 'ip', args: ['link', 'del', 'hfmine'] });
    const theirs = await ChangeJournal.create(RUNTIME, 'theirs', deps, { netns: 'net:[4026539999]' });
    await theirs.record('device theirs', { kind: 'run', command: 'ip', args: ['link', 'del', 'hftheirs'] });
    for (const file of [mine.file, theirs.file]) {
      const doc = await readDoc(files, file);
      await files.writeAtomic(file, JSON.stringify({ ...doc, owner: { pid: 3000 } }), 0o600);
    }
    const reports = await recoverOrphans(RUNTIME, runner, deps);
    expect(reports.map((r) => r.label)).toEqual(['mine']);
    expect(runner.lines()).toEqual(['readlink /proc/self/ns/net', 'ip link del hfmine']);
    expect(await files.exists(theirs.file)).toBe(true);
  });

  it('does not restore a file when the path now names a different file', async () => {
    const { files, deps, runner } = setup();
    await files.writeAtomic('/etc/resolv.conf', 'nameserver 10.99.1.1\n', 0o644);
    await files.writeAtomic(`${RUNTIME}/backup`, 'nameserver 192.0.2.53\n', 0o600);
    const journal = await ChangeJournal.create(RUNTIME, 'wg', deps);
    await journal.record('dns', {
      kind: 'restore-file',
      path: '/etc/resolv.conf',
      backupPath: `${RUNTIME}/backup`,
      identity: 'ns-file',
    });
    const failures = await journal.undoAll(runner);
    expect(failures[0]?.error).toMatch(/not the file that was changed/);
    expect(files.files.get('/etc/resolv.conf')?.text).toBe('nameserver 10.99.1.1\n');
  });
});
