import path from 'node:path';
import { HoldfastError } from '../errors';
import { readJsonFile, writeJsonFile } from '../storage/atomic-file';
import { settingsSchema, type Settings } from './schema';

/** The part of the failover section the server list edits: grouping, names, countries and the preferred server. */
export interface ServerSettings {
  servers: Settings['failover']['servers'];
  preferredServer: string | null;
}

/**
 * Settings live in one JSON file, parsed through the schema on every load so that defaults fill gaps.
 * A file that no longer parses is kept aside (never silently overwritten) and defaults are used.
 */
export class SettingsStore {
  private current: Settings;
  /** Changes are applied one after another, so two quick edits never both start from the same version. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    initial: Settings,
    readonly loadProblem: string | null,
  ) {
    this.current = initial;
  }

  static async open(dataDir: string): Promise<SettingsStore> {
    const file = path.join(dataDir, 'settings.json');
    let raw: unknown;
    try {
      raw = await readJsonFile<unknown>(file);
    } catch (err) {
      return new SettingsStore(
        file,
        settingsSchema.parse({}),
        `${file} is not valid JSON (${(err as Error).message}); using defaults`,
      );
    }
    const parsed = settingsSchema.safeParse(raw ?? {});
    if (parsed.success) return new SettingsStore(file, parsed.data, null);
    const issue = parsed.error.issues[0];
    return new SettingsStore(
      file,
      settingsSchema.parse({}),
      `${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}; using defaults`,
    );
  }

  get(): Settings {
    return this.current;
  }

  /** Reads one dotted key, e.g. `security.minimumKeyBits`. */
  getKey(key: string): unknown {
    const value = lookup(this.current, key);
    if (value === undefined) throw unknownKey(key);
    return value;
  }

  /**
   * Sets one dotted key from text (CLI) or a typed value (UI). The whole document is re-validated, so
   * an out-of-range value is refused with the schema's reason and nothing is written.
   */
  setKey(key: string, value: unknown): Promise<Settings> {
    return this.serialize(async () => {
      const existing = lookup(this.current, key);
      const isList = Array.isArray(existing);
      if (existing === undefined || (typeof existing === 'object' && existing !== null && !isList))
        throw unknownKey(key);
      const coerced = typeof value === 'string' ? coerce(value, existing) : value;
      const next = structuredClone(this.current) as Record<string, unknown>;
      assign(next, key, coerced);
      return this.commit(next, () => key);
    });
  }

  /**
   * Changes the user's servers (names, countries, grouping) and the preferred server in one step. `change`
   * gets a copy of the current values and returns the new ones; the whole document is validated and written
   * atomically, so a refused or failed change leaves both the file and memory as they were. The one typed way
   * to edit `failover.servers`, which `setKey` refuses as a whole section.
   */
  updateServers(change: (current: ServerSettings) => ServerSettings): Promise<Settings> {
    return this.serialize(async () => {
      const { servers, preferredServer } = this.current.failover;
      const changed = change(structuredClone({ servers, preferredServer }));
      const next = structuredClone(this.current);
      next.failover.servers = changed.servers;
      next.failover.preferredServer = changed.preferredServer;
      return this.commit(next, (path) => path || 'failover.servers');
    });
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Validates the whole next document, writes it (temp file, fsync, rename), and only then adopts it. */
  private async commit(next: unknown, keyFor: (issuePath: string) => string): Promise<Settings> {
    const parsed = settingsSchema.safeParse(next);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const key = keyFor(issue?.path.join('.') ?? '');
      throw new HoldfastError('settings-invalid', `${key}: ${describeIssue(issue?.message ?? 'invalid value')}`, {
        key,
      });
    }
    await writeJsonFile(this.file, parsed.data);
    this.current = parsed.data;
    return this.current;
  }

  /** Every leaf key with its value, for `holdfast settings get` without a key. */
  entries(): Array<[string, unknown]> {
    const out: Array<[string, unknown]> = [];
    const walk = (node: unknown, prefix: string): void => {
      if (node && typeof node === 'object' && !Array.isArray(node)) {
        for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
      } else if (prefix !== 'version') {
        out.push([prefix, node]);
      }
    };
    walk(this.current, '');
    return out;
  }
}

function lookup(root: unknown, key: string): unknown {
  let node: unknown = root;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function assign(root: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = root;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1] as string] = value;
}

/** Text from the command line takes the type of the value it replaces. */
function coerce(text: string, existing: unknown): unknown {
  if (Array.isArray(existing)) {
    // Lists come as JSON (`["wireguard-udp","openvpn-tcp:443"]`) or comma-separated words.
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) {
      try {
        return JSON.parse(trimmed) as unknown;
      } catch {
        return text;
      }
    }
    return trimmed === '' ? [] : trimmed.split(',').map((part) => part.trim());
  }
  if (typeof existing === 'number') {
    const n = Number(text);
    return text.trim() === '' || Number.isNaN(n) ? text : n;
  }
  if (typeof existing === 'boolean') {
    if (['true', 'on', 'yes', '1'].includes(text.toLowerCase())) return true;
    if (['false', 'off', 'no', '0'].includes(text.toLowerCase())) return false;
    return text;
  }
  return text;
}

function describeIssue(message: string): string {
  return message.replace(/^Invalid input: /, '');
}

function unknownKey(key: string): HoldfastError {
  return new HoldfastError(
    'settings-invalid',
    `Unknown setting "${key}". Run \`holdfast settings get\` to list them.`,
    {
      key,
    },
  );
}
