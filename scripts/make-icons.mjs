#!/usr/bin/env node
// Draws the tray icons (one family per connection state) and the app icon into PNG files with plain
// Node (zlib and a tiny PNG encoder), so no image tools are needed and the pictures are reproducible.
//   node scripts/make-icons.mjs          write assets/tray/*.png and assets/icon.png
//   node scripts/make-icons.mjs --check  exit 1 if a committed PNG's pixels differ from what this draws
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const trayDir = path.join(root, 'assets', 'tray');

// ---------- PNG encoding ----------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA8 pixels (row-major, straight alpha) -> PNG bytes, filter 0 on every row. */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The filtered scanlines of a PNG this script wrote; zlib versions may compress differently, pixels not. */
function pngScanlines(bytes) {
  const idat = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return inflateSync(Buffer.concat(idat));
}

// ---------- Shapes, in a unit square with y pointing down ----------

const inShield = (inset) => (x, y) => {
  const half = 0.36 - inset;
  const top = 0.07 + inset;
  const shoulder = 0.5;
  const bottom = 0.95 - inset * 1.7;
  const dx = Math.abs(x - 0.5);
  if (y < top || y > bottom) return false;
  if (y <= shoulder) {
    const r = Math.max(0.02, 0.09 - inset);
    if (y < top + r && dx > half - r) return Math.hypot(dx - (half - r), y - (top + r)) <= r;
    return dx <= half;
  }
  // Below the shoulder the sides curve in to a point (cos^0.8 keeps the shield full, then pointed).
  const t = (y - shoulder) / (bottom - shoulder);
  return dx <= half * Math.pow(Math.cos((t * Math.PI) / 2), 0.8);
};

function nearSegment(x, y, [ax, ay], [bx, by], halfWidth) {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(x - (ax + t * vx), y - (ay + t * vy)) <= halfWidth;
}

const shield = inShield(0);
const shieldHole = inShield(0.095);
const outline = (x, y) => shield(x, y) && !shieldHole(x, y);

const GLYPHS = {
  check: (x, y) =>
    nearSegment(x, y, [0.32, 0.47], [0.45, 0.6], 0.072) || nearSegment(x, y, [0.45, 0.6], [0.68, 0.34], 0.072),
  dots: (x, y) => [0.33, 0.5, 0.67].some((cx) => Math.hypot(x - cx, y - 0.46) <= 0.064),
  bang: (x, y) => nearSegment(x, y, [0.5, 0.26], [0.5, 0.5], 0.066) || Math.hypot(x - 0.5, y - 0.66) <= 0.07,
  bar: (x, y) => nearSegment(x, y, [0.31, 0.46], [0.69, 0.46], 0.075),
  // An arrow to the right: moving to another server.
  arrow: (x, y) =>
    nearSegment(x, y, [0.3, 0.46], [0.66, 0.46], 0.066) ||
    nearSegment(x, y, [0.52, 0.31], [0.68, 0.46], 0.066) ||
    nearSegment(x, y, [0.52, 0.61], [0.68, 0.46], 0.066),
};

const COLOURS = {
  grey: [138, 143, 152, 255],
  amber: [230, 160, 30, 255],
  green: [46, 157, 91, 255],
  red: [214, 69, 69, 255],
  white: [255, 255, 255, 255],
  black: [0, 0, 0, 255],
  clear: [0, 0, 0, 0],
};

/**
 * Each state as layers painted in order; `glyphColour` 'clear' punches the glyph out of the shield.
 * The pictures differ by shape as well as colour (outline, dots, check, arrow, "!", bar) so that they stay
 * distinguishable in monochrome macOS menu bars and for people who do not see colour.
 */
const STATES = {
  disconnected: { colour: 'grey', filled: false },
  connecting: { colour: 'amber', filled: false, glyph: 'dots' },
  connected: { colour: 'green', filled: true, glyph: 'check' },
  reconnecting: { colour: 'amber', filled: true, glyph: 'dots' },
  'failing-over': { colour: 'amber', filled: true, glyph: 'arrow' },
  failed: { colour: 'red', filled: true, glyph: 'bang' },
  blocked: { colour: 'red', filled: true, glyph: 'bar' },
};

function stateLayers(state, template) {
  const spec = STATES[state];
  const ink = COLOURS[template ? 'black' : spec.colour];
  const layers = [{ colour: ink, shape: spec.filled ? shield : outline }];
  if (spec.glyph) {
    const glyphColour = spec.filled ? COLOURS[template ? 'clear' : 'white'] : ink;
    layers.push({ colour: glyphColour, shape: GLYPHS[spec.glyph] });
  }
  return layers;
}

function roundedSquare(margin, radius) {
  return (x, y) => {
    const lo = margin + radius;
    const hi = 1 - margin - radius;
    const cx = Math.min(Math.max(x, lo), hi);
    const cy = Math.min(Math.max(y, lo), hi);
    return Math.hypot(x - cx, y - cy) <= radius;
  };
}

/** Draws a shape into a box of the unit square (for placing the shield on the app icon). */
const placed = (shape, left, top, scale) => (x, y) => shape((x - left) / scale, (y - top) / scale);

const APP_ICON_LAYERS = [
  { colour: [22, 50, 79, 255], shape: roundedSquare(0.06, 0.19) },
  { colour: [63, 182, 168, 255], shape: placed(shield, 0.2, 0.19, 0.6) },
  { colour: COLOURS.white, shape: placed(GLYPHS.check, 0.2, 0.19, 0.6) },
];

// ---------- Rasterizing ----------

/** Paints layers with 6x6 supersampling; colours are averaged premultiplied so edges do not fringe. */
function rasterize(size, layers) {
  const n = 6;
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          let colour = COLOURS.clear;
          for (const layer of layers) if (layer.shape(x, y)) colour = layer.colour;
          const alpha = colour[3] / 255;
          r += colour[0] * alpha;
          g += colour[1] * alpha;
          b += colour[2] * alpha;
          a += alpha;
        }
      }
      const at = (py * size + px) * 4;
      if (a > 0) {
        out[at] = Math.round(r / a);
        out[at + 1] = Math.round(g / a);
        out[at + 2] = Math.round(b / a);
      }
      out[at + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return out;
}

// ---------- The files ----------

function plannedFiles() {
  const files = [];
  for (const state of Object.keys(STATES)) {
    // Windows: 16 px with a 32 px @2x; Linux: 32 px with a 64 px @2x; macOS: black 16 px templates.
    for (const [suffix, size, template] of [
      ['', 16, false],
      ['@2x', 32, false],
      ['-32', 32, false],
      ['-32@2x', 64, false],
      ['Template', 16, true],
      ['Template@2x', 32, true],
    ]) {
      files.push({ file: path.join(trayDir, `${state}${suffix}.png`), size, layers: stateLayers(state, template) });
    }
  }
  // electron-builder turns this into .icns and .ico; 512 px is the smallest it accepts for macOS.
  files.push({ file: path.join(root, 'assets', 'icon.png'), size: 512, layers: APP_ICON_LAYERS });
  return files;
}

const check = process.argv.includes('--check');
let stale = 0;
for (const { file, size, layers } of plannedFiles()) {
  const png = encodePng(size, rasterize(size, layers));
  const rel = path.relative(root, file);
  if (check) {
    if (!existsSync(file) || !pngScanlines(readFileSync(file)).equals(pngScanlines(png))) {
      console.error(`out of date: ${rel}`);
      stale++;
    }
    continue;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, png);
  console.log(`wrote ${rel} (${size} px)`);
}
if (check) {
  if (stale > 0) {
    console.error(`${stale} icon(s) differ from scripts/make-icons.mjs: run \`node scripts/make-icons.mjs\`.`);
    process.exit(1);
  }
  console.log('icons are up to date');
}
