import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packLinux, runPackagedCli, type LinuxPackResult } from './pack-linux.mjs';
import { CLI_COMMAND, HELPER_WRAPPER, POLKIT_POLICY, linuxPackageProblems } from './package-checks.mjs';

// Builds the real .deb and .rpm with electron-builder (stand-ins for the Electron binary and fpm, see
// pack-linux.mjs) from the built app, then opens them with dpkg-deb and rpm. Needs `npm run build` first
// (npm test builds before the unit tests) and rpmbuild (Debian package `rpm`, installed by setup:test).

let result: LinuxPackResult;

beforeAll(async () => {
  result = await packLinux();
}, 240_000);
afterAll(() => result?.cleanup());

describe('the Linux packages', () => {
  it('hold everything the checks require, in both formats', () => {
    expect(linuxPackageProblems(result)).toEqual([]);
  });

  it('make the deb depend on the tunnel programs, ip, nft, ping and pkexec', () => {
    const depends = result.deb!.fields.Depends!.split(', ');
    expect(depends).toEqual(
      expect.arrayContaining([
        'openvpn',
        'wireguard-tools',
        'iproute2',
        'nftables',
        'iputils-ping',
        'pkexec | policykit-1',
      ]),
    );
    expect(result.deb!.fields.Version).toBe(result.packageJson.version);
    const paths = result.deb!.entries.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining([POLKIT_POLICY, CLI_COMMAND, HELPER_WRAPPER]));
  });

  it('make the rpm require the Fedora packages of the same programs', () => {
    expect(result.rpm!.requires).toEqual(
      expect.arrayContaining(['openvpn', 'wireguard-tools', 'iproute', 'nftables', 'iputils', 'polkit']),
    );
    expect(result.rpm!.files.some((line) => line.endsWith(` ${CLI_COMMAND}`))).toBe(true);
  });

  it('install a holdfast command that runs the packaged CLI with the app runtime, at the package version', () => {
    const cli = runPackagedCli(result.deb!.tree, ['--version']);
    expect(cli.stderr).toBe('');
    expect(cli.stdout.trim()).toBe(`holdfast ${result.packageJson.version}`);
    // The bundle carries its dependencies: a command that parses settings works from the package alone.
    const data = mkdtempSync(path.join(tmpdir(), 'holdfast-pkg-cli-'));
    try {
      const settings = runPackagedCli(result.deb!.tree, ['--data-dir', data, 'settings', 'get', '--json']);
      expect(settings.status).toBe(0);
      expect(JSON.parse(settings.stdout)).toMatchObject({ 'ui.language': 'system' });
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('report a package that lacks the policy or lets others change the helper', () => {
    const broken: LinuxPackResult = {
      ...result,
      deb: {
        ...result.deb!,
        entries: result
          .deb!.entries.filter((e) => e.path !== POLKIT_POLICY)
          .map((e) => (e.path === HELPER_WRAPPER ? { ...e, mode: '-rwxrwxr-x' } : e)),
      },
    };
    expect(linuxPackageProblems(broken)).toEqual([
      `deb: ${HELPER_WRAPPER} is writable by others than root (-rwxrwxr-x)`,
      `deb: ${POLKIT_POLICY} is missing`,
    ]);
  });

  it('report a launcher that runs a CLI the package does not hold', () => {
    const tree = mkdtempSync(path.join(tmpdir(), 'holdfast-pkg-tree-'));
    try {
      cpSync(path.join(result.deb!.tree, 'usr'), path.join(tree, 'usr'), { recursive: true });
      const cli = runPackagedCli(tree, ['--version']);
      expect(cli.status).toBe(1);
      expect(cli.stderr).toContain('the Holdfast app is not installed');
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
