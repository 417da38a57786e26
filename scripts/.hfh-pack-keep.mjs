#!/usr/bin/env node
// Checks packaging without downloading anything: packs `--linux dir` with electron-builder.yml against a
// stand-in Electron (a tiny script where the real binary would be), then checks what went into app.asar.
// Run `npm run build` first. Real packages (deb, AppImage, dmg, nsis) need the Electron download and
// packaging tools that release machines fetch; this only proves the configuration and the file set.
//   node scripts/pack-check.mjs
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const { build, Platform } = require('electron-builder');
const yaml = require('js-yaml');
const asar = require('@electron/asar');

for (const built of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
  if (!existsSync(path.join(root, built))) {
    console.error(`pack-check: ${built} is missing; run \`npm run build\` first.`);
    process.exit(1);
  }
}

const work = mkdtempSync(path.join(tmpdir(), 'holdfast-pack-'));
const standIn = path.join(work, 'electron');
mkdirSync(path.join(standIn, 'resources'), { recursive: true });
writeFileSync(path.join(standIn, 'electron'), '#!/bin/sh\necho "stand-in Electron: not runnable"\nexit 1\n');
chmodSync(path.join(standIn, 'electron'), 0o755);
writeFileSync(path.join(standIn, 'version'), `${require('electron/package.json').version}\n`);
writeFileSync(path.join(standIn, 'LICENSE'), '');
writeFileSync(path.join(standIn, 'LICENSES.chromium.html'), '');

const problems = [];
try {
  const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    config: {
      ...config,
      // A stand-in binary has no fuse wire to flip.
      electronFuses: null,
      electronDist: standIn,
      directories: { ...config.directories, output: path.join(work, 'dist') },
    },
  });

  const appDir = path.join(work, 'dist', 'linux-unpacked');
  const executable = path.join(appDir, config.linux.executableName);
  if (!existsSync(executable)) problems.push(`the executable ${config.linux.executableName} is missing`);
  const archive = path.join(appDir, 'resources', 'app.asar');
  const files = new Set(asar.listPackage(archive, { isPack: false }).map((f) => f.split(path.sep).join('/')));

  const required = [
    '/package.json',
    '/out/main/index.js',
    '/out/preload/index.cjs',
    '/out/renderer/index.html',
    '/assets/icon.png',
    '/assets/tray/connected.png',
    '/assets/tray/connectedTemplate@2x.png',
  ];
  for (const file of required) if (!files.has(file)) problems.push(`${file} is not in app.asar`);

  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (!files.has(`/node_modules/${dep}/package.json`)) problems.push(`dependency ${dep} is not in app.asar`);
  }
  // Dev-only packages (the renderer's React is bundled, tools are not needed) must stay out.
  for (const dep of Object.keys(pkg.devDependencies ?? {})) {
    if (files.has(`/node_modules/${dep}/package.json`)) problems.push(`dev dependency ${dep} was packed`);
  }
  for (const file of files) {
    if (/\.map$/.test(file) && !file.startsWith('/node_modules/')) problems.push(`source map ${file} was packed`);
    if (/^\/(main|preload|renderer\/src|e2e|scripts)\//.test(file)) problems.push(`source file ${file} was packed`);
  }
  console.log(`pack-check: app.asar holds ${files.size} entries`);
} catch (err) {
  problems.push(`electron-builder failed: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  console.log("kept", work);
}

if (problems.length > 0) {
  for (const p of problems) console.error(`pack-check: ${p}`);
  process.exit(1);
}
console.log('pack-check: electron-builder.yml packs offline and app.asar holds what the app needs');
