import { z } from 'zod';
import { readJsonFile, writeJsonFile } from '../../storage/atomic-file';
import type { MemoryData, NetworkRecord } from './memory-records';

/** Where failover memory is kept; the engine only sees this port, so tests use the in-memory one. */
export interface MemoryStore {
  /** Names the storage in problems ("/data/failover-memory.json: ..."). */
  readonly label?: string;
  /** The stored value as read, or undefined when nothing was stored yet. Throws when it cannot be read. */
  load(): Promise<unknown>;
  save(data: MemoryData): Promise<void>;
}

/** One JSON file, written atomically (temp file, fsync, rename) with owner-only permissions. */
export class JsonFileMemoryStore implements MemoryStore {
  readonly label: string;

  constructor(readonly file: string) {
    this.label = file;
  }

  load(): Promise<unknown> {
    return readJsonFile<unknown>(this.file);
  }

  save(data: MemoryData): Promise<void> {
    return writeJsonFile(this.file, data);
  }
}

export class InMemoryMemoryStore implements MemoryStore {
  saved: MemoryData | undefined;
  saves = 0;

  constructor(private readonly initial?: unknown) {}

  async load(): Promise<unknown> {
    return this.saved ?? this.initial;
  }

  async save(data: MemoryData): Promise<void> {
    this.saves += 1;
    this.saved = structuredClone(data);
  }
}

const time = z.number().finite().nonnegative();

const pairSchema = z.object({
  failures: z.number().int().nonnegative().max(1_000_000),
  lastFailureAt: time.optional(),
  coolUntil: time.optional(),
  refused: z.boolean().optional(),
  lastSuccessAt: time.optional(),
  lastSuccessMs: time.optional(),
});

const serverSchema = z.object({
  blocks: z.number().int().nonnegative().max(1_000_000),
  blockedUntil: time.optional(),
  lastBlockedAt: time.optional(),
});

const sampleSchema = z.object({ ms: time, at: time });
const latencySchema = z
  .object({
    handshake: sampleSchema.optional(),
    'first-answer': sampleSchema.optional(),
    icmp: sampleSchema.optional(),
    tcp: sampleSchema.optional(),
  })
  .strip();

const networkSchema = z.object({
  lastSeenAt: time,
  pairs: z.record(z.string().max(600), z.unknown()),
  servers: z.record(z.string().max(600), z.unknown()),
  latency: z.record(z.string().max(600), z.unknown()).optional(),
  disguise: z.unknown().optional(),
});

const disguiseNeedSchema = z.object({ at: time, id: z.string().min(1).max(64), kind: z.string().min(1).max(32) });

export interface ParsedMemory {
  data: MemoryData;
  /** Plain sentences about what was dropped; empty when the file was intact. */
  problems: string[];
}

/**
 * Reads whatever is stored as leniently as is safe: memory is a cache, so a damaged entry is dropped and the
 * rest kept, and a file that is not memory at all gives an empty memory with one problem to log.
 */
export function parseMemoryData(raw: unknown, source = 'failover memory'): ParsedMemory {
  const empty: MemoryData = { version: 1, networks: {} };
  if (raw === undefined) return { data: empty, problems: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { data: empty, problems: [`${source}: not an object; starting with an empty memory`] };
  }
  const record = raw as Record<string, unknown>;
  if (record.version !== 1) {
    return {
      data: empty,
      problems: [`${source}: version ${String(record.version)} is not understood; starting empty`],
    };
  }
  const networks = record.networks;
  if (typeof networks !== 'object' || networks === null || Array.isArray(networks)) {
    return { data: empty, problems: [`${source}: networks is missing; starting with an empty memory`] };
  }
  const problems: string[] = [];
  let dropped = 0;
  for (const [key, value] of Object.entries(networks as Record<string, unknown>)) {
    const network = networkSchema.safeParse(value);
    if (!network.success || key.length > 600) {
      problems.push(`${source}: networks.${key.slice(0, 80)} is damaged; dropped`);
      continue;
    }
    const clean: NetworkRecord = { lastSeenAt: network.data.lastSeenAt, pairs: {}, servers: {} };
    for (const [pairKey, pair] of Object.entries(network.data.pairs)) {
      const parsed = pairSchema.safeParse(pair);
      if (parsed.success) clean.pairs[pairKey] = parsed.data;
      else dropped += 1;
    }
    for (const [serverKey, server] of Object.entries(network.data.servers)) {
      const parsed = serverSchema.safeParse(server);
      if (parsed.success) clean.servers[serverKey] = parsed.data;
      else dropped += 1;
    }
    for (const [serverKey, latency] of Object.entries(network.data.latency ?? {})) {
      const parsed = latencySchema.safeParse(latency);
      if (parsed.success) (clean.latency ??= {})[serverKey] = parsed.data;
      else dropped += 1;
    }
    if (network.data.disguise !== undefined) {
      const parsed = disguiseNeedSchema.safeParse(network.data.disguise);
      if (parsed.success) clean.disguise = parsed.data;
      else dropped += 1;
    }
    empty.networks[key] = clean;
  }
  const recent = z.record(z.string().max(600), time).safeParse(record.recent);
  if (recent.success) empty.recent = recent.data;
  else if (record.recent !== undefined) problems.push(`${source}: the recent servers list is damaged; dropped`);
  if (dropped > 0) problems.push(`${source}: ${dropped} damaged entr${dropped === 1 ? 'y' : 'ies'} dropped`);
  return { data: empty, problems };
}

/** Loads through the store; unreadable or invalid JSON gives an empty memory and a problem, never a throw. */
export async function loadMemory(store: MemoryStore): Promise<ParsedMemory> {
  const source = store.label ?? 'failover memory';
  try {
    return parseMemoryData(await store.load(), source);
  } catch (err) {
    return {
      data: { version: 1, networks: {} },
      problems: [`${source} could not be read (${(err as Error).message}); starting empty`],
    };
  }
}
