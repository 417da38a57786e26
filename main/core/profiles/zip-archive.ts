import { Inflate } from 'fflate';
import { describeSize, MAX_ARCHIVE_ENTRIES, MAX_ARCHIVE_UNPACKED_BYTES, MAX_SIBLING_BYTES } from './limits';

/**
 * Reads a zip archive from memory, defensively: the central directory is parsed here (bounds-checked),
 * entry names are checked for zip-slip (`..`, absolute paths), sizes are capped before anything is
 * inflated, and inflation is streamed in small steps and stopped the moment an entry produces more than
 * it declared, so a zip bomb costs at most a few megabytes. Nested archives are returned as plain
 * entries; the importer does not open them.
 */
export interface ZipEntry {
  /** Slash-separated, relative, never containing `..`. */
  name: string;
  bytes: Uint8Array;
  /** A Unix symbolic link stored as an entry (its bytes are the link target). */
  isLink: boolean;
}

export interface RefusedZipEntry {
  name: string;
  reason: string;
}

export type ZipRead = { ok: true; entries: ZipEntry[]; refused: RefusedZipEntry[] } | { ok: false; reason: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const INFLATE_STEP = 4096;

class TooMuchOutput extends Error {}

export function readZip(data: Uint8Array): ZipRead {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (at: number) => (at + 2 <= data.length ? view.getUint16(at, true) : -1);
  const u32 = (at: number) => (at + 4 <= data.length ? view.getUint32(at, true) : -1);

  let eocd = -1;
  for (let at = data.length - 22; at >= 0 && at >= data.length - 22 - 65535; at -= 1) {
    if (u32(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd === -1) return { ok: false, reason: 'it is not a zip archive, or it is damaged' };
  const count = u16(eocd + 10);
  const directoryOffset = u32(eocd + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    return { ok: false, reason: 'it uses the ZIP64 format, which profile archives never need' };
  }
  if (count > MAX_ARCHIVE_ENTRIES) {
    return { ok: false, reason: `it holds ${count} entries; Holdfast opens archives of up to ${MAX_ARCHIVE_ENTRIES}` };
  }

  // First pass: the table of contents only, so an archive that declares too much is refused before
  // anything is inflated.
  const headers: EntryHeader[] = [];
  const refused: RefusedZipEntry[] = [];
  const seen = new Set<string>();
  let declaredTotal = 0;
  let at = directoryOffset;
  for (let i = 0; i < count; i += 1) {
    if (u32(at) !== CENTRAL) return { ok: false, reason: 'its table of contents is damaged' };
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const header = {
      madeBy: u16(at + 4) >> 8,
      method,
      crc: u32(at + 16),
      packedSize: u32(at + 20),
      size: u32(at + 24),
      externalAttributes: u32(at + 38),
      localOffset: u32(at + 42),
    };
    const nameLength = u16(at + 28);
    const nameEnd = at + 46 + nameLength;
    if (nameEnd > data.length || header.localOffset < 0 || header.packedSize < 0 || header.size < 0) {
      return { ok: false, reason: 'its table of contents is damaged' };
    }
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(data.subarray(at + 46, nameEnd));
    at = nameEnd + u16(at + 30) + u16(at + 32);

    if (name.endsWith('/') || name.endsWith('\\')) continue; // a folder
    const safe = safeEntryName(name);
    const problem = !safe.ok
      ? safe.reason
      : seen.has(safe.name)
        ? 'the archive holds two entries with this name'
        : flags & 0x1
          ? 'it is encrypted; extract the archive yourself and import the files'
          : method !== 0 && method !== 8
            ? 'it uses a compression method Holdfast does not read'
            : header.size > MAX_SIBLING_BYTES
              ? `it unpacks to ${describeSize(header.size)}, more than a profile or key file ever is`
              : undefined;
    if (safe.ok) seen.add(safe.name);
    if (problem) {
      refused.push({ name: safe.ok ? safe.name : name, reason: problem });
      continue;
    }
    declaredTotal += header.size;
    if (declaredTotal > MAX_ARCHIVE_UNPACKED_BYTES) {
      return { ok: false, reason: `it unpacks to more than ${describeSize(MAX_ARCHIVE_UNPACKED_BYTES)}` };
    }
    headers.push({ ...header, name: safe.ok ? safe.name : name });
  }

  // Second pass: each entry, inflated no further than it declared.
  const entries: ZipEntry[] = [];
  for (const h of headers) {
    if (u32(h.localOffset) !== LOCAL) return { ok: false, reason: 'it is damaged (an entry is missing)' };
    const dataStart = h.localOffset + 30 + u16(h.localOffset + 26) + u16(h.localOffset + 28);
    if (dataStart + h.packedSize > data.length) return { ok: false, reason: 'it is truncated' };
    const packed = data.subarray(dataStart, dataStart + h.packedSize);
    const bytes =
      h.method === 0 ? (h.packedSize === h.size ? packed.slice() : undefined) : inflateBounded(packed, h.size);
    if (!bytes || bytes.length !== h.size || crc32(bytes) !== h.crc) {
      refused.push({ name: h.name, reason: 'it is damaged (its content does not match the archive directory)' });
      continue;
    }
    const isLink = h.madeBy === 3 && ((h.externalAttributes >>> 16) & 0o170000) === 0o120000;
    entries.push({ name: h.name, bytes, isLink });
  }
  return { ok: true, entries, refused };
}

interface EntryHeader {
  name: string;
  madeBy: number;
  method: number;
  crc: number;
  packedSize: number;
  size: number;
  externalAttributes: number;
  localOffset: number;
}

type NameCheck = { ok: true; name: string } | { ok: false; reason: string };

function safeEntryName(raw: string): NameCheck {
  const name = raw.replace(/\\/g, '/');
  if (name.includes('\u0000')) return { ok: false, reason: 'its name contains a NUL character' };
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) {
    return { ok: false, reason: 'its name is an absolute path, which could write outside the import (zip-slip)' };
  }
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return { ok: false, reason: 'its name climbs out of the archive with `..` (zip-slip)' };
  if (parts.length === 0) return { ok: false, reason: 'it has no name' };
  return { ok: true, name: parts.join('/') };
}

/** Inflates at most `limit` bytes; undefined when the stream produces more (a lying size) or is broken. */
function inflateBounded(packed: Uint8Array, limit: number): Uint8Array | undefined {
  const out = new Uint8Array(limit);
  let length = 0;
  const inflate = new Inflate((chunk) => {
    if (length + chunk.length > limit) throw new TooMuchOutput();
    out.set(chunk, length);
    length += chunk.length;
  });
  try {
    for (let offset = 0; offset < packed.length; offset += INFLATE_STEP) {
      const end = Math.min(offset + INFLATE_STEP, packed.length);
      inflate.push(packed.subarray(offset, end), end === packed.length);
    }
    if (packed.length === 0) inflate.push(new Uint8Array(0), true);
  } catch {
    return undefined;
  }
  return length === limit ? out : undefined;
}

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1)
    crc = (crcTable[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
