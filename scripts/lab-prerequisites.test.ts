import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CJK_FONT, checkPrerequisites, labPrerequisites, SETUP_FIX, TEST_PROGRAMS } from './lab-prerequisites.mjs';

const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'holdfast-prereq-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One executable that stands in for every program; as fc-list it reports a Chinese font (or none). */
function stub(name: string, body: string): string {
  const file = path.join(work, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}
const anyProgram = stub('any-program', 'echo "Noto Sans CJK SC"');
const noFonts = stub('no-fonts', 'exit 0');

/** A PATH of one folder: a symlink for every program in the list except `hidden`. */
function pathWithout(hidden: string | null, overrides: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(work, 'path-'));
  for (const { program } of TEST_PROGRAMS) {
    if (program !== hidden) symlinkSync(overrides[program] ?? anyProgram, path.join(dir, program));
  }
  return dir;
}

const everySuite = ['lab', 'browser', 'electron'] as const;
const machine = { isRoot: true, hasTun: true, platform: 'linux' };

describe('the test prerequisites gate', () => {
  it('passes when every program, the font, root and the tun device are there', () => {
    const result = checkPrerequisites({ suites: [...everySuite], searchPath: pathWithout(null), ...machine });
    expect(result).toMatchObject({ ok: true, missing: [] });
  });

  it.each(TEST_PROGRAMS.map((p) => [p.program, p.packages[0]!, p.suite] as const))(
    'names %s (Debian package %s) and the fix when it is missing',
    (program, pkg, suite) => {
      const result = checkPrerequisites({ suites: [...everySuite], searchPath: pathWithout(program), ...machine });
      expect(result.ok).toBe(false);
      expect(result.missing).toEqual([`${program} (Debian package ${pkg})`]);
      expect(result.hint).toBe(SETUP_FIX);
      expect(result.message).toContain(`  - ${program} (Debian package ${pkg})`);
      expect(result.message).toContain('sudo npm run setup:test');
      // The suite that needs it fails too when asked alone; the others do not care.
      expect(checkPrerequisites({ suites: [suite], searchPath: pathWithout(program), ...machine }).ok).toBe(false);
      const others = everySuite.filter((s) => s !== suite);
      expect(checkPrerequisites({ suites: others, searchPath: pathWithout(program), ...machine }).ok).toBe(true);
    },
  );

  it('names the Chinese font when fc-list finds none', () => {
    const searchPath = pathWithout(null, { 'fc-list': noFonts });
    const result = checkPrerequisites({ suites: ['browser'], searchPath, ...machine });
    expect(result.missing).toEqual([`${CJK_FONT.what} (Debian package fonts-noto-cjk)`]);
    expect(result.hint).toBe(SETUP_FIX);
  });

  it('asks for root and the tun device for the lab only, and the browser suites need neither', () => {
    const searchPath = pathWithout(null);
    const user = { isRoot: false, hasTun: false, platform: 'linux' };
    const lab = checkPrerequisites({ suites: ['lab'], searchPath, ...user });
    expect(lab.missing).toEqual(['root', '/dev/net/tun (the tun kernel module)']);
    expect(lab.hint).toBe('run the tests as root: sudo npm test');
    expect(checkPrerequisites({ suites: ['browser'], searchPath, ...user }).ok).toBe(true);
    expect(checkPrerequisites({ suites: ['lab'], searchPath, ...user, programsOnly: true }).ok).toBe(true);
  });

  it('still takes the extra programs a suite asks for by name', () => {
    const result = labPrerequisites({ extraBinaries: { 'holdfast-no-such-tool': 'holdfast-no-such-package' } });
    expect(result.ok).toBe(false);
    expect(result.missing).toContain('holdfast-no-such-tool (Debian package holdfast-no-such-package)');
    expect(result.hint).toContain(SETUP_FIX);
  });
});

describe('scripts/setup-test.sh', () => {
  it('installs a package for every program in the list (and the font) on a machine that has none', () => {
    // A fake Debian: root, nothing installed, every package available; apt-get records what it is asked.
    const bin = path.join(work, 'fake-debian');
    mkdirSync(bin);
    const log = path.join(work, 'apt-get.log');
    const fake = (name: string, body: string) => {
      writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(path.join(bin, name), 0o755);
    };
    fake('id', 'echo 0');
    fake('dpkg-query', 'exit 1');
    fake('apt-cache', 'echo "  Candidate: 1.0-1"');
    fake('apt-get', `echo "$@" >> ${log}`);
    for (const tool of ['grep', 'dirname', 'bash']) symlinkSync(`/usr/bin/${tool}`, path.join(bin, tool));
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const run = spawnSync('/usr/bin/bash', ['scripts/setup-test.sh'], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: bin, HOME: work },
    });
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls[0]).toBe('update -qq');
    const installed = new Set(calls[1]!.split(' ').filter((w) => !w.startsWith('-') && w !== 'install'));
    for (const { program, packages } of TEST_PROGRAMS) {
      expect(
        packages.some((p) => installed.has(p)),
        `${program} needs one of ${packages.join(', ')}`,
      ).toBe(true);
    }
    expect(installed.has('fonts-noto-cjk')).toBe(true);
    expect(run.stdout).toContain('setup-test: installing');
  });
});
