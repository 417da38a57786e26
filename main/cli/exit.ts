import type { Writable } from 'node:stream';

/**
 * Ends the process once everything written to stdout and stderr has left it. `process.exit()` right
 * after a large write drops whatever a pipe has not taken yet (a pipe holds 64 KiB), so `servers --json`
 * piped into another program would be cut mid-document. A zero-length write completes only after every
 * write queued before it, so its callback is the moment the output is complete. A reader that went away
 * (EPIPE) ends the wait too: there is nobody left to finish the output for.
 */
export async function exitWhenFlushed(
  code: number,
  streams: readonly Writable[] = [process.stdout, process.stderr],
  exit: (code: number) => void = (c) => process.exit(c),
): Promise<void> {
  await Promise.all(streams.map(flushed));
  exit(code);
}

function flushed(stream: Writable): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('error', done);
    stream.once('close', done);
    stream.write('', done);
  });
}
