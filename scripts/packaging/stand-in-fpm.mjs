#!/usr/bin/env node
// A stand-in for fpm, the packaging tool electron-builder downloads for deb and rpm, so the real packages'
// contents can be built and checked offline. electron-builder still decides everything (file list,
// dependencies, scripts, names) and calls this with fpm's arguments (CUSTOM_FPM_PATH); this only does what
// fpm does with them for `-s dir`: copies `source=destination` into a tree and archives it with the
// system's own dpkg-deb or rpmbuild. Only the options electron-builder passes are understood; anything
// else is an error, so a change in electron-builder shows up here instead of being ignored.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const VALUED = new Set([
  '-s',
  '-t',
  '-d',
  '--architecture',
  '--after-install',
  '--after-remove',
  '--description',
  '--version',
  '--package',
  '--name',
  '--maintainer',
  '--vendor',
  '--url',
  '--license',
  '--iteration',
  '--category',
  '--deb-recommends',
  '--deb-priority',
  '--deb-compression',
  '--rpm-os',
  '--rpm-compression',
  '--rpm-summary',
]);
const FLAGS = new Set(['--force', '--debug']);

export function parseFpmArgs(argv) {
  const options = { depends: [], recommends: [], mappings: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (FLAGS.has(arg)) continue;
    if (VALUED.has(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`fpm stand-in: ${arg} needs a value`);
      if (arg === '-d') options.depends.push(value);
      else if (arg === '--deb-recommends') options.recommends.push(value);
      else options[arg.replace(/^-+/, '')] = value;
      continue;
    }
    if (arg.startsWith('-')) throw new Error(`fpm stand-in: unknown option ${arg}`);
    const at = arg.indexOf('=');
    if (at < 1) throw new Error(`fpm stand-in: expected source=destination, got ${arg}`);
    options.mappings.push({ source: arg.slice(0, at), destination: arg.slice(at + 1) });
  }
  if (options.s !== 'dir') throw new Error('fpm stand-in: only -s dir is supported');
  if (options.t !== 'deb' && options.t !== 'rpm') throw new Error(`fpm stand-in: cannot build ${options.t}`);
  return options;
}

/** fpm's dir source: "dir/=dest" copies the folder's contents, "file=dest" copies one file. */
function stage(mappings, tree) {
  for (const { source, destination } of mappings) {
    const target = path.join(tree, destination);
    if (statSync(source).isDirectory()) {
      mkdirSync(target, { recursive: true });
      cpSync(source, target, { recursive: true, verbatimSymlinks: true });
    } else {
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(source, target);
    }
  }
}

function listFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full, base) : ['/' + path.relative(base, full)];
  });
}

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`fpm stand-in: ${command} could not run (${result.error.message})`);
  if (result.status !== 0) throw new Error(`fpm stand-in: ${command} failed:\n${result.stderr}`);
}

function sizeKb(dir) {
  return Math.ceil(listFiles(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0) / 1024);
}

function buildDeb(o, work) {
  const tree = path.join(work, 'tree');
  stage(o.mappings, tree);
  const [summary, ...rest] = o.description.split('\n');
  const control = [
    `Package: ${o.name}`,
    `Version: ${o.version}${o.iteration ? `-${o.iteration}` : ''}`,
    `License: ${o.license ?? 'unknown'}`,
    `Vendor: ${o.vendor}`,
    `Architecture: ${o.architecture}`,
    `Maintainer: ${o.maintainer}`,
    `Installed-Size: ${sizeKb(tree)}`,
    ...(o.depends.length ? [`Depends: ${o.depends.join(', ')}`] : []),
    ...(o.recommends.length ? [`Recommends: ${o.recommends.join(', ')}`] : []),
    `Section: ${o.category ?? 'default'}`,
    `Priority: ${o['deb-priority'] ?? 'optional'}`,
    `Homepage: ${o.url}`,
    `Description: ${summary}`,
    ...rest.map((line) => (line.trim() ? ` ${line.trim()}` : ' .')),
  ].join('\n');
  mkdirSync(path.join(tree, 'DEBIAN'));
  writeFileSync(path.join(tree, 'DEBIAN', 'control'), `${control}\n`);
  for (const [option, script] of [
    ['after-install', 'postinst'],
    ['after-remove', 'postrm'],
  ]) {
    if (!o[option]) continue;
    const file = path.join(tree, 'DEBIAN', script);
    cpSync(o[option], file);
    chmodSync(file, 0o755);
  }
  run('dpkg-deb', ['--root-owner-group', `-Z${o['deb-compression'] ?? 'xz'}`, '--build', tree, o.package]);
}

function buildRpm(o, work) {
  const tree = path.join(work, 'tree');
  stage(o.mappings, tree);
  const files = listFiles(tree);
  const script = (option) => (o[option] ? readFileSync(o[option], 'utf8') : '');
  const spec = [
    '%global debug_package %{nil}',
    '%define __os_install_post %{nil}',
    '%define _build_id_links none',
    `Name: ${o.name}`,
    `Version: ${o.version.replace(/-/g, '_')}`,
    `Release: ${o.iteration ?? '1'}`,
    `Summary: ${o['rpm-summary'] ?? o.description.split('\n')[0]}`,
    `License: ${o.license ?? 'unknown'}`,
    `URL: ${o.url}`,
    `Vendor: ${o.vendor}`,
    `Packager: ${o.maintainer}`,
    // fpm names architectures the Debian way and translates them for rpm.
    `BuildArch: ${{ amd64: 'x86_64', arm64: 'aarch64', armhf: 'armv7hl' }[o.architecture] ?? o.architecture}`,
    'AutoReqProv: no',
    ...o.depends.map((d) => `Requires: ${d}`),
    '%description',
    o.description,
    '%install',
    `mkdir -p %{buildroot} && cp -a '${tree}/.' %{buildroot}/`,
    '%post',
    script('after-install'),
    '%postun',
    script('after-remove'),
    '%files',
    '%defattr(-,root,root,-)',
    ...files.map((f) => `"${f}"`),
    '',
  ].join('\n');
  const specFile = path.join(work, `${o.name}.spec`);
  writeFileSync(specFile, spec);
  const out = path.join(work, 'rpms');
  run('rpmbuild', [
    '-bb',
    '--quiet',
    '--define',
    `_topdir ${path.join(work, 'top')}`,
    '--define',
    `_rpmdir ${out}`,
    '--define',
    '_build_name_fmt %%{NAME}.rpm',
    specFile,
  ]);
  cpSync(path.join(out, `${o.name}.rpm`), o.package);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = parseFpmArgs(process.argv.slice(2));
  const work = mkdtempSync(path.join(tmpdir(), 'holdfast-fpm-'));
  try {
    rmSync(options.package, { force: true });
    (options.t === 'deb' ? buildDeb : buildRpm)(options, work);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
