import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INSTALLED_HELPER } from '../../main/core/system/helper/helper-locator';
import { readBuilderConfig } from './pack-linux.mjs';
import { CLI_COMMAND, PACKAGED_CLI, POLKIT_POLICY, RUNTIME_PACKAGES } from './package-checks.mjs';
import { parseFpmArgs } from './stand-in-fpm.mjs';

// electron-builder.yml read as electron-builder reads it. The parts no machine here can build (AppImage,
// dmg, NSIS: their tools are downloads) are checked here; the deb and rpm are also built and opened by
// linux-packages.test.ts.

const root = path.resolve(import.meta.dirname, '..', '..');
type Section = Record<string, unknown>;
const config = readBuilderConfig() as Record<string, Section>;
const section = (name: string): Section => config[name] ?? {};
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** fpm's extra `source=destination` arguments as a map from destination to source. */
const fpmFiles = (name: string): Map<string, string> =>
  new Map(list(section(name).fpm).map((arg) => [arg.split('=')[1]!, arg.split('=')[0]!]));

describe('electron-builder.yml: Linux packages', () => {
  it('builds a deb, an rpm and an AppImage', () => {
    expect(list(section('linux').target)).toEqual(['deb', 'rpm', 'AppImage']);
  });

  it('makes the deb and the rpm depend on every program a connection uses', () => {
    expect(list(section('deb').depends)).toEqual(expect.arrayContaining(RUNTIME_PACKAGES.deb));
    expect(list(section('rpm').depends)).toEqual(expect.arrayContaining(RUNTIME_PACKAGES.rpm));
    // A depends list replaces electron-builder's own: Electron's libraries must still be there.
    expect(list(section('deb').depends)).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3']));
    expect(list(section('rpm').depends)).toEqual(expect.arrayContaining(['gtk3', 'nss']));
  });

  it('installs the polkit policy and the holdfast command from files in the repository', () => {
    for (const name of ['deb', 'rpm']) {
      const files = fpmFiles(name);
      expect(files.get(POLKIT_POLICY)).toBe('packaging/linux/org.holdfast.helper.policy');
      expect(files.get(CLI_COMMAND)).toBe('packaging/linux/holdfast');
      for (const source of files.values()) expect(existsSync(path.join(root, source))).toBe(true);
    }
  });

  it('ships the launcher executable, and it runs the unpacked CLI bundle in Node mode', () => {
    const launcher = path.join(root, 'packaging/linux/holdfast');
    expect(statSync(launcher).mode & 0o777).toBe(0o755);
    const text = readFileSync(launcher, 'utf8');
    expect(text).toContain('ELECTRON_RUN_AS_NODE=1');
    expect(text).toContain('APP_DIR=${HOLDFAST_APP_DIR:-/opt/Holdfast}');
    expect(`/opt/Holdfast/${text.match(/CLI="\$APP_DIR\/([^"]+)"/)?.[1]}`).toBe(PACKAGED_CLI);
    expect(list(config.asarUnpack)).toEqual(expect.arrayContaining(['out/helper/**', 'out/cli/**']));
    // The launcher and the helper need the runtime's Node mode.
    expect(section('electronFuses').runAsNode).toBe(true);
  });

  it('lets polkit run exactly the helper wrapper the package installs where the app looks for it', () => {
    const policy = readFileSync(path.join(root, 'packaging/linux/org.holdfast.helper.policy'), 'utf8');
    expect(policy).toContain(`<annotate key="org.freedesktop.policykit.exec.path">${INSTALLED_HELPER}</annotate>`);
    const extra = section('linux').extraResources as { from: string; to: string }[];
    expect(extra).toContainEqual({ from: 'packaging/linux/holdfast-helper', to: 'holdfast-helper' });
    expect(INSTALLED_HELPER).toBe('/opt/Holdfast/resources/holdfast-helper');
  });
});

describe('electron-builder.yml: macOS and Windows', () => {
  it('labels their builds as previews', () => {
    expect(String(section('dmg').artifactName)).toContain('preview');
    expect(String(section('nsis').artifactName)).toContain('preview');
  });
});

describe('the fpm stand-in', () => {
  it('refuses options it does not know instead of ignoring them', () => {
    expect(() => parseFpmArgs(['-s', 'dir', '-t', 'deb', '--deb-user', 'nobody'])).toThrow(/unknown option --deb-user/);
    expect(() => parseFpmArgs(['-s', 'dir', '-t', 'pacman'])).toThrow(/cannot build pacman/);
  });

  it('reads dependencies and file mappings as fpm does', () => {
    const parsed = parseFpmArgs([
      '-s',
      'dir',
      '--force',
      '-t',
      'deb',
      '-d',
      'pkexec | policykit-1',
      'a/=/opt/X',
      'b=/usr/bin/b',
    ]);
    expect(parsed.depends).toEqual(['pkexec | policykit-1']);
    expect(parsed.mappings).toEqual([
      { source: 'a/', destination: '/opt/X' },
      { source: 'b', destination: '/usr/bin/b' },
    ]);
  });
});
