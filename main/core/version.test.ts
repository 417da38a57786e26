import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOLDFAST_VERSION } from './version';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('HOLDFAST_VERSION', () => {
  it('is the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(HOLDFAST_VERSION).toBe(pkg.version);
  });

  it('is the only version the CLI and the helper know: no version typed into their entry points', () => {
    for (const file of ['main/cli/index.ts', 'main/core/system/helper/helper-main.ts', 'main/index.ts']) {
      const source = readFileSync(path.join(root, file), 'utf8');
      expect(source, file).not.toMatch(/['"`]\d+\.\d+\.\d+['"`]/);
    }
  });
});
