import path from 'node:path';
import { systemClock } from '../../clock';
import { createDrivers } from '../../service/platform';
import { HOLDFAST_VERSION } from '../../version';
import { NodeProcessRunner } from '../node-process-runner';
import { recoverOrphans } from '../orphan-recovery';
import { pingProbe } from '../ping-probe';
import { ProcProcessTable } from '../process-table';
import { HelperKillSwitchService } from './helper-kill-switch';
import { HelperRecords } from './helper-records';
import { HelperServer } from './helper-server';
import { resolveInvoker, readToken, READY_PREFIX } from './helper-startup';
import { HELPER_PROTOCOL_VERSION } from './protocol';
import { DEFAULT_HELPER_DIR, ensureHelperDir } from './socket-dir';
import { TunnelRegistry } from './tunnel-registry';
import { HelperOwnership } from './helper-ownership';
import { DEFAULT_OWNER_DIR, MachineOwnerLock } from '../owner/machine-owner-lock';

/**
 * The privileged helper's entry point, run as root through pkexec (or sudo) by the app:
 *
 *   pkexec /opt/Holdfast/resources/holdfast-helper --uid <uid>
 *
 * The app writes a one-time token and a newline to our stdin and keeps the pipe open; when the app
 * dies the pipe closes and we exit unless a tunnel is up. We print one READY line with the socket
 * path on stdout. Everything else happens over the socket (protocol.ts).
 */

async function main(): Promise<void> {
  // Once the app is gone nobody reads our stdout and stderr: a log line must not crash the helper
  // (EPIPE) before it has stopped its tunnels and removed its record.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    fatal('the Holdfast helper must run as root (the app starts it through pkexec)');
  }
  const invoker = resolveInvoker(process.argv.slice(2), process.env);
  if (!invoker.ok) fatal(invoker.reason);
  const { uid, dir: overrideDir } = invoker;
  const dir = overrideDir ?? DEFAULT_HELPER_DIR;
  const token = await readToken(process.stdin, 10_000).catch((err: Error) => fatal(err.message));

  await ensureHelperDir(dir);
  const runtimeDir = path.join(dir, 'runtime');
  const runner = new NodeProcessRunner();
  const processes = new ProcProcessTable();
  // Helpers that died (crash, kill -9) left journals of what they changed: undo those first.
  for (const report of await recoverOrphans(runtimeDir, runner)) {
    log(`undid ${report.undone.length} change(s) left by helper ${report.ownerPid}`);
  }

  const records = new HelperRecords(dir, processes);
  const orphanControl = records.orphanControl(uid);
  const socket = path.join(dir, `helper-${process.pid}.sock`);
  const tunnels = new TunnelRegistry(createDrivers(runner, systemClock), runtimeDir);
  const record = {
    pid: process.pid,
    startTime: await processes.startTime(process.pid),
    uid,
    startedAt: new Date().toISOString(),
    socket,
    tunnels: [] as string[],
    appGone: false,
  };
  let exiting = false;
  // Not once exiting: a late write would leave a record of a helper that is gone.
  const saveRecord = () =>
    exiting
      ? Promise.resolve()
      : records
          .write({ ...record, tunnels: tunnels.interfaceNames(), appGone: server.isOrphaned })
          .catch(() => undefined);

  const ownership = new HelperOwnership({
    // A helper started for tests with its own directory keeps its owner lock beside it.
    lock: new MachineOwnerLock({ dir: overrideDir ? path.join(overrideDir, 'owner') : DEFAULT_OWNER_DIR }),
    uid,
    holderPid: process.pid,
    isAbandoned: async (holder) =>
      (await records.others(uid)).some((r) => r.pid === holder.holderPid && r.appGone === true),
    onHandOver: async (by) => {
      const who = by.client === 'app' ? 'the Holdfast app' : '`holdfast connect`';
      log(`handing the connection over to ${who} (process ${by.pid})`);
      await server.handOver(`${who} (process ${by.pid}) took this machine's connection over`);
    },
  });

  const exit = async (reason: string, code = 0): Promise<never> => {
    if (!exiting) {
      exiting = true;
      log(`stopping: ${reason}`);
      await tunnels.stopAll();
      await ownership.release().catch(() => undefined);
      await records.remove(record).catch(() => undefined);
      await server.close().catch(() => undefined);
    }
    process.exit(code);
  };

  const server: HelperServer = new HelperServer({
    token,
    version: HOLDFAST_VERSION,
    tunnels,
    killSwitch: new HelperKillSwitchService(runner, dir),
    ownership,
    orphans: {
      list: () => orphanControl.list(),
      stop: async (pid) => {
        // Already replaced when this session claimed the machine: it handed its tunnels over and exits.
        const stopped = ownership.replacedAbandoned(pid) || (await orphanControl.stop(pid));
        // An orphan that had to be killed could not undo its changes: undo them from its journal now
        // (only journals whose owner is gone are touched, so our own tunnels are safe).
        if (stopped) await recoverOrphans(runtimeDir, runner).catch(() => []);
        return stopped;
      },
    },
    probe: (target, timeoutMs, interfaceName) =>
      pingProbe(runner, target, timeoutMs, interfaceName ? { interfaceName } : {}).catch(() => false),
    onExit: (reason) => void exit(reason),
  });
  tunnels.onChange(() => void saveRecord());
  await server.listen(socket, uid);
  await saveRecord();

  // The kill switch is deliberately left alone on every exit path: rules outlive the helper, and
  // only the user (disconnect, `holdfast recover`) removes them.
  process.on('SIGTERM', () => void exit('asked to stop (SIGTERM)'));
  process.on('SIGINT', () => void exit('asked to stop (SIGINT)'));
  process.on('SIGHUP', () => undefined);
  const appGone = () => {
    server.markAppGone();
    void saveRecord();
  };
  process.stdin.on('end', appGone);
  process.stdin.on('close', appGone);
  process.stdin.resume();

  process.stdout.write(
    `${READY_PREFIX}${JSON.stringify({ socket, pid: process.pid, protocolVersion: HELPER_PROTOCOL_VERSION })}\n`,
  );
}

function log(message: string): void {
  process.stderr.write(`holdfast-helper[${process.pid}]: ${message}\n`);
}

function fatal(message: string): never {
  log(message);
  process.exit(1);
}

main().catch((err: unknown) => fatal(err instanceof Error ? err.message : String(err)));
