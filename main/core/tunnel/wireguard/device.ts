import { HoldfastError } from '../../errors';
import type { Clock } from '../../clock';
import type { ChangeJournal } from '../../system/change-journal';
import type { FilePort } from '../../system/file-port';
import type { ProcessTable } from '../../system/process-table';
import type { ProcessRunner, SpawnedProcess } from '../../system/process-runner';
import { runUndo } from '../../system/system-change';
import { binaryMissing, notPrivileged, redactKeys } from './tunnel-errors';

/**
 * Creates the WireGuard device: the kernel module when the kernel has it, else wireguard-go (which these
 * and many container/VM kernels need). wireguard-go runs in the foreground as our child so that its
 * lifetime is tied to the session and its output reaches the log.
 */
export interface DeviceContext {
  runner: ProcessRunner;
  files: FilePort;
  clock: Clock;
  journal: ChangeJournal;
  processes: ProcessTable;
  socketDir: string;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface Device {
  mode: 'kernel' | 'userspace';
  /** wireguard-go, when used. */
  process?: SpawnedProcess;
}

const NO_KERNEL_SUPPORT = /Unknown device type|Operation not supported|not supported|No such device/i;
const SOCKET_WAIT_MS = 5000;

export async function createDevice(ctx: DeviceContext, ifname: string): Promise<Device> {
  // Recorded before the attempt: deleting the link also ends a wireguard-go that created it.
  const deviceEntry = await ctx.journal.record(
    `WireGuard interface ${ifname}`,
    runUndo('ip', ['link', 'del', 'dev', ifname]),
  );
  const kernel = await ctx.runner.run('ip', ['link', 'add', 'dev', ifname, 'type', 'wireguard']);
  if (kernel.code === 0) return { mode: 'kernel' };
  if (kernel.code === 127) {
    await ctx.journal.forget(deviceEntry);
    throw binaryMissing('ip');
  }
  if (/File exists/i.test(kernel.stderr)) {
    await ctx.journal.forget(deviceEntry);
    throw new HoldfastError('interface-taken', `The interface name ${ifname} is already in use`, { names: ifname });
  }
  if (/Operation not permitted/i.test(kernel.stderr)) {
    await ctx.journal.forget(deviceEntry);
    throw notPrivileged();
  }
  if (!NO_KERNEL_SUPPORT.test(kernel.stderr)) {
    await ctx.journal.forget(deviceEntry);
    throw new HoldfastError('tunnel-failed', `Creating ${ifname} failed: ${redactKeys(kernel.stderr.trim())}`);
  }
  ctx.log('info', `The kernel has no WireGuard module; using wireguard-go for ${ifname}`);
  return { mode: 'userspace', process: await startWireguardGo(ctx, ifname) };
}

async function startWireguardGo(ctx: DeviceContext, ifname: string): Promise<SpawnedProcess> {
  const child = ctx.runner.spawn('wireguard-go', [ifname], { env: { WG_PROCESS_FOREGROUND: '1' } });
  let output = '';
  const collect = (chunk: string): void => {
    output = (output + chunk).slice(-2000);
  };
  child.onStdout(collect);
  child.onStderr(collect);
  let exit: { code: number | null; signal: string | null } | undefined;
  void child.exited.then((e) => (exit = e));

  if (child.pid !== undefined) {
    await ctx.journal.record(`wireguard-go for ${ifname}`, {
      kind: 'stop-process',
      pid: child.pid,
      startTime: await ctx.processes.startTime(child.pid),
      commandContains: 'wireguard-go',
    });
  }
  const socket = `${ctx.socketDir}/${ifname}.sock`;
  const deadline = ctx.clock.now() + SOCKET_WAIT_MS;
  while (ctx.clock.now() < deadline) {
    if (exit) break;
    if (await ctx.files.exists(socket)) return child;
    await ctx.clock.sleep(50);
  }
  if (!exit) child.kill('SIGKILL');
  const said = redactKeys(output.trim());
  if (exit?.code === 127 || /exec of ".*" failed|ENOENT/.test(said)) throw binaryMissing('wireguard-go');
  throw new HoldfastError(
    'tunnel-failed',
    exit
      ? `wireguard-go stopped while creating ${ifname} (exit ${exit.code ?? exit.signal}): ${said || 'no output'}`
      : `wireguard-go did not open its control socket for ${ifname} within ${SOCKET_WAIT_MS / 1000} s`,
  );
}
