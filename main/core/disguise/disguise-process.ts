import type { Clock } from '../clock';
import { HoldfastError } from '../errors';
import type { FilePort } from '../system/file-port';
import type { ProcessExit, ProcessRunner, SpawnedProcess } from '../system/process-runner';
import { parseCmethod } from './obfs4-program';
import type { DisguiseProgramSpec } from './program-spec';

export interface DisguiseProcessDeps {
  runner: ProcessRunner;
  files: FilePort;
  clock: Clock;
  /** How long a program may take to say it is ready. */
  readyTimeoutMs?: number;
  /** Called once the program runs, before it is ready: the caller journals it so a crash still ends it. */
  onSpawn?: (pid: number) => Promise<void>;
}

/** A disguise program that said it is ready. */
export interface RunningDisguise {
  /** Where the tunnel connects: the program's loopback port. */
  readonly local: { host: string; port: number };
  readonly pid: number | undefined;
  /** Resolves when the program ends for any reason; the session treats an unexpected end as a drop. */
  readonly exited: Promise<ProcessExit>;
  /** The program's last words, for the log and for a failure's message (never a secret: configs are files). */
  output(): string;
  stop(): Promise<void>;
}

const OUTPUT_LIMIT = 16 * 1024;
const STOP_GRACE_MS = 2000;

/**
 * Writes a program's files into the session's runtime folder (0600, the folder 0700), starts it and waits
 * until it says it is ready. A program that exits or stays silent is stopped and reported with what it said.
 */
export async function startDisguiseProgram(
  spec: DisguiseProgramSpec,
  dir: string,
  deps: DisguiseProcessDeps,
): Promise<RunningDisguise> {
  // A program that writes as its own account (obfs4proxy's state) must be able to pass through the folder; it
  // still cannot list it or read the root-only files in it.
  const handsOver = (spec.dirs ?? []).some((sub) => sub.owner !== undefined && !sub.name.startsWith('/'));
  await deps.files.mkdir(dir, handsOver ? 0o711 : 0o700);
  for (const file of spec.files) await deps.files.writeAtomic(`${dir}/${file.name}`, file.content, 0o600);
  for (const sub of spec.dirs ?? []) {
    const path = sub.name.startsWith('/') ? sub.name : `${dir}/${sub.name}`;
    await deps.files.mkdir(path, 0o700);
    if (sub.owner) await deps.runner.run('chown', [`${sub.owner.user}:${sub.owner.group}`, '--', path]);
  }

  let output = '';
  const child = deps.runner.spawn(spec.command, spec.args, spec.env ? { env: spec.env } : {});
  const exited = child.exited;
  if (child.pid !== undefined && deps.onSpawn) {
    await deps.onSpawn(child.pid).catch(async (err: unknown) => {
      await stopChild(child, exited, deps.clock);
      throw err;
    });
  }
  const port = await new Promise<number>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      cancelTimer();
      fn();
    };
    // Readiness is judged on each thing the program says, and on its exit: no polling.
    const hear = (chunk: string): void => {
      output = (output + chunk).slice(-OUTPUT_LIMIT);
      const verdict = readiness(spec, output);
      if (verdict instanceof Error) settle(() => reject(verdict));
      else if (verdict !== undefined) settle(() => resolve(verdict));
    };
    child.onStdout(hear);
    child.onStderr(hear);
    void exited.then((exit) => settle(() => reject(exitFailure(spec, exit, output))));
    const cancelTimer = deps.clock.setTimeout(
      () => settle(() => reject(failure(spec, 'it did not say it was ready in time', output))),
      deps.readyTimeoutMs ?? 5000,
    );
  }).catch(async (err: unknown) => {
    await stopChild(child, exited, deps.clock);
    throw err;
  });
  return {
    local: { host: spec.local.host, port },
    pid: child.pid,
    exited,
    output: () => output,
    stop: () => stopChild(child, exited, deps.clock),
  };
}

/** The port once the program said it is ready, an error once it said it cannot be, else undefined. */
function readiness(spec: DisguiseProgramSpec, said: string): number | Error | undefined {
  if (spec.ready !== 'cmethod') return spec.ready.output.test(said) ? spec.local.port : undefined;
  const announced = parseCmethod(said);
  if (announced === undefined) return undefined;
  return 'port' in announced ? announced.port : failure(spec, `it refused to start (${announced.error})`, said);
}

function exitFailure(spec: DisguiseProgramSpec, exit: ProcessExit, said: string): HoldfastError {
  if (exit.code === 127 || /ENOENT|not found/i.test(said))
    return new HoldfastError('binary-missing', `${programName(spec)} is not installed.`, { binary: programName(spec) });
  return failure(spec, `it exited (${exit.signal ?? `code ${exit.code}`})`, said);
}

async function stopChild(child: SpawnedProcess, exited: Promise<ProcessExit>, clock: Clock): Promise<void> {
  child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), clock.sleep(STOP_GRACE_MS).then(() => false)]);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** The program itself, also when it is started through setpriv. */
export function programName(spec: DisguiseProgramSpec): string {
  const dash = spec.args.indexOf('--');
  return spec.command === 'setpriv' && dash !== -1 ? (spec.args[dash + 1] ?? spec.command) : spec.command;
}

function failure(spec: DisguiseProgramSpec, what: string, said: string): HoldfastError {
  const last = said.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
  return new HoldfastError(
    'tunnel-failed',
    `The disguise (${programName(spec)}) could not start: ${what}. ${last}`.trim(),
    {
      program: programName(spec),
    },
  );
}
