/**
 * Parses `holdfast [--data-dir DIR] COMMAND [ARGS] [--json]`. Pure, so every form of bad input is
 * unit-tested; flags may come before or after the command, as people type them.
 */
export const COMMANDS = [
  'import',
  'list',
  'connect',
  'status',
  'disconnect',
  'recover',
  'settings',
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
}

export type ArgsResult = { ok: true; value: ParsedArgs } | { ok: false; message: string };

const VALUE_FLAGS = new Set(['--data-dir', '--credentials']);
const BOOLEAN_FLAGS = new Set(['--json', '--help', '-h', '--version', '-V']);

export function parseArgs(argv: readonly string[]): ArgsResult {
  const positionals: string[] = [];
  let dataDir: string | undefined;
  let credentialsFile: string | undefined;
  let json = false;
  let help = false;
  let version = false;
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (onlyPositionals || !arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (VALUE_FLAGS.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') return { ok: false, message: `${flag} needs a value` };
      if (flag === '--data-dir') dataDir = value;
      else credentialsFile = value;
      continue;
    }
    if (BOOLEAN_FLAGS.has(flag) && inline === undefined) {
      if (flag === '--json') json = true;
      if (flag === '--help' || flag === '-h') help = true;
      if (flag === '--version' || flag === '-V') version = true;
      continue;
    }
    return { ok: false, message: `Unknown option ${flag}. Run \`holdfast help\` for the list.` };
  }

  if (version) return { ok: true, value: { command: 'version', positionals: [], dataDir, json, credentialsFile } };
  const [first, ...rest] = positionals;
  if (help || first === undefined)
    return { ok: true, value: { command: 'help', positionals: rest, dataDir, json, credentialsFile } };
  if (!(COMMANDS as readonly string[]).includes(first)) {
    return { ok: false, message: `Unknown command "${first}". Commands: ${COMMANDS.join(', ')}.` };
  }
  const command = first as CommandName;
  const arity = checkArity(command, rest);
  if (arity) return { ok: false, message: arity };
  return { ok: true, value: { command, positionals: rest, dataDir, json, credentialsFile } };
}

function checkArity(command: CommandName, rest: string[]): string | null {
  switch (command) {
    case 'import':
      return rest.length === 0 ? 'import needs at least one file, folder or .zip: holdfast import FILE...' : null;
    case 'connect':
      return rest.length > 1 ? 'connect takes at most one profile id: holdfast connect [ID]' : null;
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
  connect [ID]              connect and stay in the foreground until Ctrl-C (SIGINT/SIGTERM)
  status                    show the running connection
  disconnect                end the running connection
  recover                   after a crash: remove the kill switch and anything a dead session left
  settings get [KEY]        show settings
  settings set KEY VALUE    change a setting (e.g. security.minimumKeyBits 256)
  help, version

Options:
  --data-dir DIR            where profiles and settings live (default $HOLDFAST_DATA_DIR,
                            else $XDG_CONFIG_HOME/holdfast, else ~/.config/holdfast)
  --json                    machine-readable output (connect: one JSON event per line)
  --credentials FILE        OpenVPN username and password, one per line (connect)

Exit status: 0 ok, 1 failure, 2 refused input or usage error.`;
