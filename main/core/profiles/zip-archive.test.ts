import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readZip } from './zip-archive';

function centralOffset(archive: Uint8Array): number {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  for (let i = archive.length - 4; i >= 0; i -= 1) if (view.getUint32(i, true) === 0x02014b50) return i;
  throw new Error('no central directory');
}

describe('readZip', () => {
  it('reads stored and deflated entries, normalizing names and skipping folders', () => {
    const archive = zipSync({
      'a\\b.conf': [strToU8('x'), { level: 0 }],
      'dir/': new Uint8Array(0),
      './c/d.ovpn': strToU8('y'.repeat(5000)),
    });
    const result = readZip(archive);
    expect(result.ok && result.entries.map((e) => [e.name, e.bytes.length])).toEqual([
      ['a/b.conf', 1],
      ['c/d.ovpn', 5000],
    ]);
  });

  it('stops inflating a bomb as soon as it produces more than it declared', () => {
    const archive = zipSync({ 'bomb.conf': new Uint8Array(8 * 1024 * 1024) }, { level: 1 });
    expect(archive.length).toBeLessThan(200_000);
    const view = new DataView(archive.buffer);
    view.setUint32(centralOffset(archive) + 24, 1000, true); // declared: 1000 bytes
    const result = readZip(archive);
    expect(result).toEqual({
      ok: true,
      entries: [],
      refused: [{ name: 'bomb.conf', reason: expect.stringContaining('damaged') }],
    });
  }, 30_000);

  it('refuses entries declared larger than a profile could be, and encrypted entries', () => {
    const archive = zipSync({ 'big.conf': new Uint8Array(2 * 1024 * 1024), 'enc.conf': strToU8('x') });
    const view = new DataView(archive.buffer);
    // The second central entry follows the first: set its "encrypted" flag.
    const first = archive.findIndex((_, i) => i + 4 <= archive.length && view.getUint32(i, true) === 0x02014b50);
    const second =
      first +
      46 +
      view.getUint16(first + 28, true) +
      view.getUint16(first + 30, true) +
      view.getUint16(first + 32, true);
    view.setUint16(second + 8, view.getUint16(second + 8, true) | 1, true);
    const result = readZip(archive);
    expect(result.ok && result.refused.map((r) => [r.name, r.reason])).toEqual([
      ['big.conf', expect.stringContaining('more than a profile or key file ever is')],
      ['enc.conf', expect.stringContaining('encrypted')],
    ]);
  });

  it('refuses damaged, truncated and ZIP64 archives as a whole', () => {
    const archive = zipSync({ 'a.conf': strToU8('hello') });
    expect(readZip(archive.subarray(0, archive.length - 30)).ok).toBe(false);
    expect(readZip(new Uint8Array(10)).ok).toBe(false);
    const zip64 = archive.slice();
    new DataView(zip64.buffer).setUint16(zip64.length - 22 + 10, 0xffff, true);
    expect(readZip(zip64)).toEqual({ ok: false, reason: expect.stringContaining('ZIP64') });
    const broken = archive.slice();
    new DataView(broken.buffer).setUint32(centralOffset(broken), 0, true);
    expect(readZip(broken)).toEqual({ ok: false, reason: expect.stringContaining('damaged') });
  });
});
