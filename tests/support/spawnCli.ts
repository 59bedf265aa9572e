/** The CLI as a real second process, from source (tsChild.ts): `main` with the given arguments. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TS_CHILD_PRELUDE, tsChildEnv } from './tsChild';

const REPO_ROOT = path.resolve(__dirname, '../..');

const CHILD_BOOT = `${TS_CHILD_PRELUDE}
require(process.env.CHILD_MAIN).main(JSON.parse(process.env.CHILD_ARGV)).then((code) => { process.exitCode = code; });
`;

export interface CliProcess {
  child: ChildProcess;
  pid: number;
  stderr(): string;
  stdout(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves once stderr contains `text`; rejects if the process exits first. */
  printed(text: string): Promise<void>;
}

export function spawnCli(argv: string[], options: { cwd: string; env: Record<string, string> }): CliProcess {
  const child = spawn(process.execPath, ['-e', CHILD_BOOT], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      ...options.env,
      ...tsChildEnv(),
      CHILD_MAIN: path.join(REPO_ROOT, 'src/cli/main.ts'),
      CHILD_ARGV: JSON.stringify(argv),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiting: { text: string; resolve(): void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    for (const wait of waiting.filter((w) => err.includes(w.text))) wait.resolve();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    pid: child.pid!,
    stderr: () => err,
    stdout: () => out,
    exited,
    printed: (text) =>
      new Promise<void>((resolve, reject) => {
        if (err.includes(text)) return resolve();
        waiting.push({ text, resolve });
        void exited.then((code) => reject(new Error(`the CLI exited (${code}) before printing '${text}':\n${err}`)));
      }),
  };
}
