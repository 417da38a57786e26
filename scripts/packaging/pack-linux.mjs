// Packs the Linux app with electron-builder.yml against stand-ins for what release machines download:
// a stand-in Electron (a script where the binary would be; in Node mode it runs node, so the packaged
// `holdfast` command can be run) and a stand-in fpm (scripts/packaging/stand-in-fpm.mjs, which archives
// with the system's dpkg-deb and rpmbuild). electron-builder itself decides the file set, the package
// metadata and the install scripts. Returns what went into each package, for pack-check and the tests.
// Needs `npm run build` first; rpm needs rpmbuild (Debian package `rpm`).
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

export const BUILT_FILES = [
  'out/main/index.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
  'out/cli/holdfast.mjs',
  'out/helper/helper-main.mjs',
];

export function readBuilderConfig() {
  const yaml = require('js-yaml');
  return yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
}

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

function hasProgram(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** The control fields of a .deb (`dpkg-deb -f`). */
function debFields(deb) {
  const fields = {};
  let last = null;
  for (const line of sh('dpkg-deb', ['-f', deb]).split('\n')) {
    const match = /^([A-Za-z-]+):\s?(.*)$/.exec(line);
    if (match) fields[(last = match[1])] = match[2];
    else if (last && line.startsWith(' ')) fields[last] += `\n${line.slice(1)}`;
  }
  return fields;
}

/** `dpkg-deb -c`: mode, owner and path of every entry ("./opt/x" becomes "/opt/x"). */
function debEntries(deb) {
  return sh('dpkg-deb', ['-c', deb])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const parts = line.split(/\s+/);
      return { mode: parts[0], owner: parts[1], path: parts.slice(5).join(' ').replace(/^\./, '').split(' -> ')[0] };
    });
}

export async function packLinux({ targets = ['dir', 'deb', 'rpm'] } = {}) {
  const missing = BUILT_FILES.filter((f) => !existsSync(path.join(root, f)));
  if (missing.length) throw new Error(`${missing.join(', ')} missing; run \`npm run build\` first`);
  if (targets.includes('rpm') && !hasProgram('rpmbuild')) {
    throw new Error('rpmbuild is missing: install the Debian package `rpm` (apt-get install rpm) to check the rpm');
  }
  // Under a test runner electron-builder hard-links files instead of copying them; the install scripts'
  // chmod would then change the repository's own files. Load it as a plain run does.
  const testRunner = process.env.VITEST;
  delete process.env.VITEST;
  const { build, Platform } = require('electron-builder');
  if (testRunner !== undefined) process.env.VITEST = testRunner;
  const asar = require('@electron/asar');
  const config = readBuilderConfig();

  const work = mkdtempSync(path.join(tmpdir(), 'holdfast-pack-'));
  const standIn = path.join(work, 'electron');
  mkdirSync(path.join(standIn, 'resources'), { recursive: true });
  // In Node mode the stand-in runs node, as the real binary runs its own Node: enough for the CLI.
  writeFileSync(
    path.join(standIn, 'electron'),
    `#!/bin/sh\nif [ "\${ELECTRON_RUN_AS_NODE:-}" = 1 ]; then exec ${JSON.stringify(process.execPath)} "$@"; fi\n` +
      'echo "stand-in Electron: not runnable" >&2\nexit 1\n',
  );
  chmodSync(path.join(standIn, 'electron'), 0o755);
  writeFileSync(path.join(standIn, 'chrome-sandbox'), '');
  writeFileSync(path.join(standIn, 'version'), `${require('electron/package.json').version}\n`);
  writeFileSync(path.join(standIn, 'LICENSE'), '');
  writeFileSync(path.join(standIn, 'LICENSES.chromium.html'), '');

  const output = path.join(work, 'dist');
  const previous = process.env.CUSTOM_FPM_PATH;
  process.env.CUSTOM_FPM_PATH = path.join(root, 'scripts', 'packaging', 'stand-in-fpm.mjs');
  try {
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget(targets),
      publish: 'never',
      config: {
        ...config,
        // A stand-in binary has no fuse wire to flip.
        electronFuses: null,
        electronDist: standIn,
        directories: { ...config.directories, output },
      },
    });
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  } finally {
    if (previous === undefined) delete process.env.CUSTOM_FPM_PATH;
    else process.env.CUSTOM_FPM_PATH = previous;
  }

  const appDir = path.join(output, 'linux-unpacked');
  const result = {
    work,
    config,
    packageJson: JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')),
    appDir,
    asarFiles: new Set(
      asar
        .listPackage(path.join(appDir, 'resources', 'app.asar'), { isPack: false })
        .map((f) => f.split(path.sep).join('/')),
    ),
    unpackedDir: path.join(appDir, 'resources', 'app.asar.unpacked'),
    artifacts: readdirSync(output),
    deb: null,
    rpm: null,
    cleanup: () => rmSync(work, { recursive: true, force: true }),
  };

  try {
    const deb = result.artifacts.find((f) => f.endsWith('.deb'));
    if (deb) {
      const file = path.join(output, deb);
      const tree = path.join(work, 'deb-tree');
      sh('dpkg-deb', ['-x', file, tree]);
      const control = path.join(work, 'deb-control');
      sh('dpkg-deb', ['-e', file, control]);
      result.deb = { file, fields: debFields(file), entries: debEntries(file), tree, control };
    }
    const rpm = result.artifacts.find((f) => f.endsWith('.rpm'));
    if (rpm) {
      const file = path.join(output, rpm);
      const query = (...args) =>
        sh('rpm', ['-qp', ...args, file])
          .split('\n')
          .filter(Boolean);
      result.rpm = {
        file,
        name: query('--qf', '%{NAME} %{VERSION}')[0],
        requires: query('--requires'),
        files: query('--qf', '[%{FILEMODES:perms} %{FILEUSERNAME} %{FILENAMES}\\n]'),
        scripts: query('--scripts').join('\n'),
      };
    }
  } catch (err) {
    result.cleanup();
    throw err;
  }
  return result;
}

/** Runs the packaged /usr/bin/holdfast from an unpacked package tree (with the stand-in Electron). */
export function runPackagedCli(tree, args) {
  return spawnSync('sh', [path.join(tree, 'usr/bin/holdfast'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: tmpdir(), HOLDFAST_APP_DIR: path.join(tree, 'opt/Holdfast') },
    timeout: 30_000,
  });
}
