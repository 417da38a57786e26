import { randomBytes } from 'node:crypto';
import { HoldfastError } from '../../errors';
import type { FilePort } from '../../system/file-port';
import type { ProcessRunner } from '../../system/process-runner';

/**
 * Interface names must be unique beyond this network namespace: wireguard-go keeps its control socket
 * at /var/run/wireguard/<name>.sock, shared by every namespace. So a name is free only when neither
 * `ip link` here nor that socket knows it.
 */
export const WIREGUARD_SOCKET_DIR = '/var/run/wireguard';
const MAX_NAME = 15;

export function validateInterfacePrefix(prefix: string): void {
  if (!/^[a-z][a-z0-9]{0,9}$/.test(prefix)) {
    throw new Error(`interface prefix "${prefix}" must be 1-10 lowercase letters or digits, starting with a letter`);
  }
}

export function randomInterfaceName(prefix: string, random: (bytes: number) => string = hex): string {
  validateInterfacePrefix(prefix);
  const room = Math.min(8, MAX_NAME - prefix.length);
  return `${prefix}${random(Math.ceil(room / 2)).slice(0, room)}`;
}

export async function isInterfaceTaken(
  name: string,
  runner: ProcessRunner,
  files: FilePort,
  socketDir = WIREGUARD_SOCKET_DIR,
): Promise<boolean> {
  if (await files.exists(`${socketDir}/${name}.sock`)) return true;
  const link = await runner.run('ip', ['link', 'show', 'dev', name]);
  return link.code === 0;
}

export interface NamePicker {
  runner: ProcessRunner;
  files: FilePort;
  prefix: string;
  /** Candidate names in order; the default draws random ones. */
  candidates?: () => string;
  socketDir?: string;
  attempts?: number;
}

export async function pickInterfaceName(picker: NamePicker): Promise<string> {
  const next = picker.candidates ?? (() => randomInterfaceName(picker.prefix));
  const attempts = picker.attempts ?? 8;
  const tried: string[] = [];
  for (let i = 0; i < attempts; i += 1) {
    const name = next();
    if (!/^[A-Za-z0-9_-]{1,15}$/.test(name)) throw new Error(`invalid interface name "${name}"`);
    if (!(await isInterfaceTaken(name, picker.runner, picker.files, picker.socketDir))) return name;
    tried.push(name);
  }
  throw new HoldfastError('interface-taken', `No free WireGuard interface name: ${tried.join(', ')} are all in use`, {
    names: tried.join(', '),
  });
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
