import os from 'node:os';
import readline from 'node:readline';
import { HOLDFAST_VERSION } from '../core/version';
import { exitWhenFlushed } from './exit';
import { runCli } from './run';
import type { CliIo } from './io';

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  home: os.homedir(),
  onSignal(handler) {
    const onInt = (): void => handler('SIGINT');
    const onTerm = (): void => handler('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    return () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
  },
  prompt: process.stdin.isTTY ? promptLine : undefined,
  stderrIsTerminal: process.stderr.isTTY === true,
};

function promptLine(question: string, hidden: boolean): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    if (hidden) {
      // Echo nothing while the password is typed.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.startsWith(question)) process.stderr.write(question);
      };
    }
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stderr.write('\n');
      resolve(answer);
    });
    rl.on('close', () => resolve(undefined));
  });
}

// A reader that closes the pipe early (`holdfast servers --json | head`) is not an error worth a stack trace.
process.stdout.on('error', () => undefined);

void runCli(process.argv.slice(2), io, { version: HOLDFAST_VERSION }).then(
  (code) => exitWhenFlushed(code),
  (err: unknown) => {
    process.stderr.write(`holdfast: ${err instanceof Error ? err.message : String(err)}\n`);
    return exitWhenFlushed(1);
  },
);
