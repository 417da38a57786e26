#!/usr/bin/env node
// The `holdfast` command: runs the CLI built from main/cli by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('holdfast: the CLI is not built yet. Run `npm run build` in the Holdfast folder first.');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
