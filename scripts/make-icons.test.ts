import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TRAY_ICONS } from '../main/shell/tray-model';

const assets = path.resolve(import.meta.dirname, '../assets');

/** Decodes the PNGs make-icons.mjs writes (8-bit RGBA, filter 0); anything else fails loudly. */
function decode(file: string): { size: number; pixels: Buffer } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii'), file).toBe('PNG');
  const size = bytes.readUInt32BE(16);
  expect(bytes.readUInt32BE(20), `${file} is square`).toBe(size);
  expect([bytes[24], bytes[25]], `${file} is 8-bit RGBA`).toEqual([8, 6]);
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = size * 4 + 1;
  const pixels = Buffer.alloc(size * size * 4);
  const filters = new Set<number>();
  for (let y = 0; y < size; y++) {
    filters.add(raw[y * stride]!);
    raw.copy(pixels, y * size * 4, y * stride + 1, (y + 1) * stride);
  }
  expect([...filters], `${file} uses filter 0 only`).toEqual([0]);
  return { size, pixels };
}

const coverage = (pixels: Buffer): number => {
  let sum = 0;
  for (let i = 3; i < pixels.length; i += 4) sum += pixels[i]!;
  return sum / 255 / (pixels.length / 4);
};

describe('generated icons', () => {
  it('have the sizes their names promise', () => {
    const expected: Record<string, number> = {
      '': 16,
      '@2x': 32,
      '-32': 32,
      '-32@2x': 64,
      Template: 16,
      'Template@2x': 32,
    };
    for (const icon of TRAY_ICONS) {
      for (const [suffix, size] of Object.entries(expected)) {
        expect(decode(path.join(assets, 'tray', `${icon}${suffix}.png`)).size, `${icon}${suffix}`).toBe(size);
      }
    }
    expect(decode(path.join(assets, 'icon.png')).size).toBe(512);
  });

  it('make macOS templates from black and transparency only, and visibly different per state', () => {
    const masks = TRAY_ICONS.map((icon) => {
      const { pixels } = decode(path.join(assets, 'tray', `${icon}Template@2x.png`));
      let coloured = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3]! > 0 && (pixels[i] !== 0 || pixels[i + 1] !== 0 || pixels[i + 2] !== 0)) coloured++;
      }
      expect(coloured, `${icon}: pixels that are not black`).toBe(0);
      expect(coverage(pixels), `${icon} draws something`).toBeGreaterThan(0.15);
      return { icon, pixels };
    });
    // macOS shows templates in one colour, so the states must differ by shape.
    for (const a of masks) {
      for (const b of masks) {
        if (a.icon >= b.icon) continue;
        let differing = 0;
        for (let i = 3; i < a.pixels.length; i += 4) if (Math.abs(a.pixels[i]! - b.pixels[i]!) > 128) differing++;
        expect(differing, `${a.icon} vs ${b.icon}`).toBeGreaterThan(10);
      }
    }
  });
});
