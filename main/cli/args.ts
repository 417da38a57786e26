import { parseArgs as parseNodeArgs } from 'node:util';

/**
 * Parses `holdfast [--data-dir DIR] COMMAND [ARGS] [--json]` with node:util parseArgs (strict: unknown
 * flags, a value given to a switch and a missing value are refused; `--` ends the flags). What is left
 * here is Holdfast's own: commands, their arity and the wording of every refusal.
 */
export const COMMANDS = [
  'import',
  'list',
  'connect',
  'status',
  'disconnect',
  'recover',
  'settings',
  'servers',
  'help',
  'version',
] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface ParsedArgs {
  command: CommandName;
  positionals: string[];
  dataDir?: string;
  json: boolean;
  credentialsFile?: string;
  /** `servers rename KEY --auto`, `servers country KEY --auto`: back to the automatic value. */
  auto?: true;
  /** `connect --take-over`: take the machine's connection from another Holdfast session of this user. */
  takeOver?: true;
  /** `servers --search TEXT`: only servers matching TEXT, as the window's search box finds them. */
  search?: string;
}

export type ArgsResult = { ok: true; value: ParsedArgs } | { ok: false; message: string };

/** The flags node:util parseArgs knows; flags may come before or after the command, as people type them. */
const OPTIONS = {
  'data-dir': { type: 'string' },
  credentials: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  auto: { type: 'boolean' },
  'take-over': { type: 'boolean' },
  search: { type: 'string' },
} as const;

export function parseArgs(argv: readonly string[]): ArgsResult {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (err) {
    return { ok: false, message: flagError(err) };
  }
  const { values, positionals } = parsed;
  for (const flag of ['data-dir', 'credentials', 'search'] as const) {
    if (values[flag] === '') return { ok: false, message: `--${flag} needs a value` };
  }
  const dataDir = values['data-dir'];
  const credentialsFile = values.credentials;
  const json = values.json === true;
  const help = values.help === true;
  const version = values.version === true;
  const auto = values.auto === true;
  const takeOver = values['take-over'] === true;
  const search = values.search;

  if (version) return { ok: true, value: { command: 'version', positionals: [], dataDir, json, credentialsFile } };
  const [first, ...rest] = positionals;
  if (help || first === undefined)
    return { ok: true, value: { command: 'help', positionals: rest, dataDir, json, credentialsFile } };
  if (!(COMMANDS as readonly string[]).includes(first)) {
    return { ok: false, message: `Unknown command "${first}". Commands: ${COMMANDS.join(', ')}.` };
  }
  const command = first as CommandName;
  const arity = command === 'servers' ? checkServersArity(rest, auto) : checkArity(command, rest);
  if (arity) return { ok: false, message: arity };
  if (auto && command !== 'servers')
    return { ok: false, message: '--auto is only for servers rename, servers country and servers place' };
  if (takeOver && command !== 'connect') return { ok: false, message: '--take-over is only for connect' };
  if (search !== undefined && (command !== 'servers' || (rest[0] ?? 'list') !== 'list'))
    return { ok: false, message: '--search is only for servers (the list): holdfast servers --search TEXT' };
  return {
    ok: true,
    value: {
      command,
      positionals: rest,
      dataDir,
      json,
      credentialsFile,
      ...(auto ? { auto } : {}),
      ...(takeOver ? { takeOver } : {}),
      ...(search !== undefined ? { search } : {}),
    },
  };
}

function parseFlags(argv: readonly string[]) {
  return parseNodeArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
}

/** node:util's messages name the flag in quotes; ours name it plainly and say what to do. */
function flagError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  const flag = /'(-{1,2}[^' ]+)/.exec(text)?.[1] ?? 'this option';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Unknown option ${flag}. Run \`holdfast help\` for the list.`;
  if (/does not take an argument/.test(text)) return `${flag} takes no value`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${flag} needs a value`;
  return text;
}

export const SERVERS_USAGE =
  'usage: holdfast servers [list] | rename KEY NAME | rename KEY --auto | country KEY CODE | country KEY --auto | ' +
  'group PROFILE_ID SERVER_KEY | ungroup PROFILE_ID | prefer KEY | prefer none | place KEY COUNTRY [CITY] | ' +
  'place KEY --auto | favourite KEY | unfavourite KEY | measure [KEY...] | disguises | ' +
  'disguise attach ID SERVER_KEY | disguise detach ID | disguise auto ID | disguise remove ID';

/** `servers` has verbs of its own; NAME may be several words (`rename tokyo.example.net Tokyo home`). */
function checkServersArity(rest: string[], auto: boolean): string | null {
  const [verb, ...args] = rest;
  const count = (n: number, form: string) => (args.length === n ? null : `usage: holdfast servers ${form}`);
  if (auto && verb !== 'rename' && verb !== 'country' && verb !== 'place')
    return '--auto is only for servers rename, servers country and servers place';
  switch (verb) {
    case undefined:
    case 'list':
      return args.length === 0 ? null : 'servers list takes no arguments';
    case 'rename':
      if (auto) return count(1, 'rename KEY --auto');
      return args.length >= 2 ? null : 'usage: holdfast servers rename KEY NAME (or KEY --auto for the automatic name)';
    case 'country':
      return auto ? count(1, 'country KEY --auto') : count(2, 'country KEY CODE (or KEY --auto)');
    case 'group':
      return count(2, 'group PROFILE_ID SERVER_KEY (SERVER_KEY may be user:NAME for a new server)');
    case 'ungroup':
      return count(1, 'ungroup PROFILE_ID');
    case 'prefer':
      return count(1, 'prefer KEY (or none)');
    case 'place':
      if (auto) return count(1, 'place KEY --auto');
      return args.length >= 2
        ? null
        : 'usage: holdfast servers place KEY COUNTRY [CITY] (e.g. place jp1.example.net JP Tokyo; KEY --auto: guess again)';
    case 'favourite':
    case 'unfavourite':
      return count(1, `${verb} KEY`);
    case 'measure':
      return null;
    case 'disguises':
      return args.length === 0 ? null : 'servers disguises takes no arguments';
    case 'disguise':
      return checkDisguiseArity(args);
    default:
      return `Unknown servers command "${verb}". ${SERVERS_USAGE}`;
  }
}

function checkDisguiseArity(args: string[]): string | null {
  const [action, ...ids] = args;
  const usage = 'usage: holdfast servers disguise attach ID SERVER_KEY | detach ID | auto ID | remove ID';
  if (action === 'attach') return ids.length === 2 ? null : usage;
  if (action === 'detach' || action === 'auto' || action === 'remove') return ids.length === 1 ? null : usage;
  return usage;
}

function checkArity(command: CommandName, rest: string[]): string | null {
  switch (command) {
    case 'import':
      return rest.length === 0 ? 'import needs at least one file, folder or .zip: holdfast import FILE...' : null;
    case 'connect':
      return rest.length > 1
        ? 'connect takes at most one profile id or place: holdfast connect [ID | COUNTRY | CITY]'
        : null;
    case 'list':
    case 'status':
    case 'disconnect':
    case 'recover':
    case 'version':
      return rest.length > 0 ? `${command} takes no arguments` : null;
    case 'settings': {
      const [verb, key, value, ...extra] = rest;
      if (verb === 'get') return value !== undefined ? 'settings get takes at most one key' : null;
      if (verb === 'set') {
        if (key === undefined || value === undefined || extra.length > 0)
          return 'usage: holdfast settings set KEY VALUE';
        return null;
      }
      return 'usage: holdfast settings get [KEY] | holdfast settings set KEY VALUE';
    }
    default:
      return null;
  }
}

/** --data-dir, else $HOLDFAST_DATA_DIR, else $XDG_CONFIG_HOME/holdfast, else ~/.config/holdfast. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv, home: string): string {
  if (flag) return flag;
  if (env.HOLDFAST_DATA_DIR) return env.HOLDFAST_DATA_DIR;
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : `${home}/.config`;
  return `${config}/holdfast`;
}

export const USAGE = `Holdfast: a VPN client that stays connected.

Usage: holdfast [--data-dir DIR] COMMAND [--json]

Commands:
  import FILE...            import WireGuard .conf / OpenVPN .ovpn files, folders or .zip archives
  list                      list imported profiles
  connect [ID|PLACE]        connect and stay in the foreground until Ctrl-C (SIGINT/SIGTERM); PLACE is a
                            country or city (se, Japan, 东京): the best server there
  connect --take-over [ID]  connect even though another Holdfast session of yours holds the connection
  status                    show the running connection
  disconnect                end the running connection
  recover                   after a crash: remove the kill switch and anything a dead session left
  settings get [KEY]        show settings
  settings set KEY VALUE    change a setting (e.g. security.minimumKeyBits 256)
  servers                   list servers: profiles grouped by host, transports, state on this network
  servers rename KEY NAME   name a server (servers rename KEY --auto: the automatic name again)
  servers country KEY CODE  set a server's country, e.g. JP (KEY --auto: guess it again)
  servers group ID KEY      move profile ID into server KEY (user:NAME makes a new server)
  servers ungroup ID        group profile ID by its host again
  servers prefer KEY|none   the server failover tries first and returns to
  servers --search TEXT     only servers matching TEXT (code, country, city in English or Chinese, name)
  servers place KEY CC [CITY]  set where a server is, e.g. JP Tokyo (KEY --auto: guess it again)
  servers favourite KEY     star a server (unfavourite KEY: unstar it)
  servers measure [KEY...]  measure latency now (ICMP, else TCP; a few at a time; see docs/servers.md)
  servers disguises         list imported disguises, by server, and the unattached ones
  servers disguise ACTION   attach ID KEY | detach ID | auto ID (back to the server with its host) | remove ID
  help, version

Options:
  --data-dir DIR            where profiles and settings live (default $HOLDFAST_DATA_DIR,
                            else $XDG_CONFIG_HOME/holdfast, else ~/.config/holdfast)
  --json                    machine-readable output (connect: one JSON event per line)
  --credentials FILE        OpenVPN username and password, one per line (connect)
  --auto                    servers rename / country / place: back to the automatic value
  --search TEXT             servers: only the servers TEXT finds

Exit status: 0 ok, 1 failure, 2 refused input or usage error.`;
