import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { AppError } from '../core/errors';
import { azuriteConnectionString } from '../azure/connectionString';

export interface StartAzuriteOptions {
  /** Keep data in memory only (default true). */
  inMemory?: boolean;
  /** Folder for persisted data when `inMemory` is false (default `./.azurite`). */
  location?: string;
  /** Suppress Azurite's access log and output (default true). */
  silent?: boolean;
  /** How long to wait for the three services to listen (default 30 s). */
  startTimeoutInMs?: number;
}

export interface RunningAzurite {
  connectionString: string;
  blobPort: number;
  queuePort: number;
  tablePort: number;
  pid: number;
  /** Time from spawn until all three services were listening. */
  startTimeInMs: number;
  /** Stops Azurite and waits for its process to exit. Safe to call twice. */
  stop(): Promise<void>;
}

const SERVICES = ['Blob', 'Queue', 'Table'] as const;
type Service = (typeof SERVICES)[number];
const LISTENING = /Azurite (Blob|Queue|Table) service is successfully listening at https?:\/\/[^:\s]+:(\d+)/g;
const STOP_GRACE_IN_MS = 5000;

/**
 * Runs Azurite in a child process through this wrapper so that it exits when its parent dies
 * (the IPC channel closes) even if stop() is never called: no orphaned emulators. On SIGTERM
 * the wrapper drops the IPC channel so that, once Azurite has closed its servers, nothing
 * keeps the process alive; it keeps a SIGTERM listener so a second signal cannot cut
 * Azurite's shutdown short.
 */
const PARENT_WATCH_WRAPPER = [
  // Once the parent is gone its pipes are too: writing a shutdown message must not crash
  // Azurite before it has saved its metadata (blobs written since the last autosave).
  "for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);",
  'let stopping = false;',
  // If Azurite has not installed its own SIGTERM handler yet (still starting), nothing would
  // stop it: after a grace period long enough for a normal shutdown and save, exit anyway.
  'const forceExit = () => setTimeout(() => process.exit(0), 5000).unref();',
  "process.on('SIGTERM', () => { stopping = true; forceExit(); if (process.connected) process.disconnect(); });",
  "process.on('disconnect', () => { if (!stopping) process.kill(process.pid, 'SIGTERM'); });",
  // With `node -e`, argv is [node, <entry>, ...flags]: the shape Azurite's own CLI expects.
  'require(process.argv[1]);',
].join('\n');

/** Path of Azurite's CLI entry, or an AppError telling the user what to do when it is absent. */
export function resolveAzuriteEntry(resolve: (id: string) => string = require.resolve): string {
  try {
    return resolve('azurite/dist/src/azurite.js');
  } catch (error) {
    throw new AppError(
      'STORAGE_FAILED',
      'Azurite is not installed (it is a devDependency). Run `npm ci`, or configure a storage connection string (AzureWebJobsStorage) instead of the embedded emulator.',
      { cause: error },
    );
  }
}

/** Starts Azurite on free loopback ports and resolves once blob, queue and table listen. */
export async function startAzurite(options: StartAzuriteOptions = {}): Promise<RunningAzurite> {
  const entry = resolveAzuriteEntry();
  const lockFile = options.inMemory ?? true ? undefined : path.join(workingFolder(options), LOCK_NAME);
  if (lockFile) await waitForPreviousOwner(lockFile, options.startTimeoutInMs ?? 30_000);
  const silent = options.silent ?? true;
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['-e', PARENT_WATCH_WRAPPER, entry, ...azuriteArgs(options, silent)], {
    cwd: workingFolder(options),
    detached: true, // own process group, so stop() can signal the whole group
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: azuriteEnvironment(),
  });
  if (lockFile) writeFileSync(lockFile, JSON.stringify({ azurite: child.pid ?? 0, owner: process.pid, host: hostname(), since: new Date().toISOString() } satisfies FolderOwner));
  const ports = await waitForPorts(child, options.startTimeoutInMs ?? 30_000, silent);
  const startTimeInMs = Math.round(performance.now() - startedAt);
  releaseFromEventLoop(child);
  return {
    connectionString: azuriteConnectionString({ blobPort: ports.Blob, queuePort: ports.Queue, tablePort: ports.Table }),
    blobPort: ports.Blob,
    queuePort: ports.Queue,
    tablePort: ports.Table,
    pid: child.pid!,
    startTimeInMs,
    stop: onlyOnce(() => stopProcessGroup(child)),
  };
}

const LOCK_NAME = '.owner.pid';

/** `.owner.pid`: the emulator on a data folder and the command that started it (older files hold the emulator's pid only). */
interface FolderOwner {
  azurite: number;
  owner?: number;
  host?: string;
  since?: string;
}

function readOwner(lockFile: string): FolderOwner {
  const text = readTextIfAny(lockFile);
  try {
    const parsed = JSON.parse(text) as Partial<FolderOwner> | number;
    if (typeof parsed === 'number') return { azurite: parsed };
    return { ...parsed, azurite: Number(parsed.azurite) };
  } catch {
    return { azurite: Number(text) };
  }
}

/**
 * One Azurite per data folder: an emulator left by a killed CLI is still saving its
 * metadata for a moment, and a new one reading the folder before that would lose blobs.
 * An emulator whose command still runs is not waited for: that command is using the
 * storage (a second `elspeth resume` of a run, say), and this one says so at once.
 */
async function waitForPreviousOwner(lockFile: string, timeoutInMs: number): Promise<void> {
  const { azurite: pid, owner, host, since } = readOwner(lockFile);
  if (owner !== undefined && owner !== process.pid && host === hostname() && isAlive(owner) && isAlive(pid)) {
    throw new AppError(
      'RUN_LOCKED',
      `The local storage ${path.dirname(lockFile)} is in use by another elspeth command (pid ${owner} on ${host}, since ${since ?? 'unknown'}). ` +
        'Wait for it to finish or stop it. Commands that share one storage (ELSPETH_STORAGE_CONNECTION_STRING) can run at once, but never two on the same run.',
      { details: { folder: path.dirname(lockFile), holder: { pid: owner, host, since } } },
    );
  }
  const deadline = Date.now() + timeoutInMs;
  while (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    if (Date.now() > deadline) throw new AppError('STORAGE_FAILED', `Azurite (pid ${pid}) still holds ${path.dirname(lockFile)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function readTextIfAny(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function azuriteArgs(options: StartAzuriteOptions, silent: boolean): string[] {
  const args = ['--skipApiVersionCheck', '--disableTelemetry', '--loose'];
  for (const service of ['blob', 'queue', 'table']) args.push(`--${service}Host`, '127.0.0.1', `--${service}Port`, '0');
  if (options.inMemory ?? true) args.push('--inMemoryPersistence');
  else args.push('--location', workingFolder(options));
  if (silent) args.push('--silent');
  return args;
}

/** Without AZURITE_ACCOUNTS, so the well-known development account is the one served. */
function azuriteEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.AZURITE_ACCOUNTS;
  return env;
}

function workingFolder(options: StartAzuriteOptions): string {
  if (options.inMemory ?? true) return process.cwd();
  const folder = path.resolve(options.location ?? '.azurite');
  mkdirSync(folder, { recursive: true });
  return folder;
}

function waitForPorts(child: ChildProcess, timeoutInMs: number, silent: boolean): Promise<Record<Service, number>> {
  return new Promise((resolve, reject) => {
    let output = '';
    let settled = false;
    const ports: Partial<Record<Service, number>> = {};
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const error = new AppError('STORAGE_FAILED', `Azurite did not start: ${reason}. Its output:\n${output.trim() || '(none)'}`, {
        details: { output, pid: child.pid },
      });
      // Reject only once the process is gone, so a failed start leaves nothing behind.
      void stopProcessGroup(child).finally(() => reject(error));
    };
    const onData = (chunk: Buffer) => {
      if (settled) return;
      output += chunk.toString('utf8');
      for (const match of output.matchAll(LISTENING)) ports[match[1] as Service] = Number(match[2]);
      if (!SERVICES.every((service) => ports[service] !== undefined)) return;
      settled = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(ports as Record<Service, number>);
    };
    const onExit = (code: number | null, signal: string | null) => fail(`it exited early (code ${code}, signal ${signal})`);
    const timer = setTimeout(() => fail(`no ports reported within ${timeoutInMs} ms`), timeoutInMs);
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', onData);
      // Keep draining after start-up: a full pipe would block Azurite's writes.
      stream?.on('data', (chunk: Buffer) => (silent ? undefined : process.stderr.write(chunk)));
    }
    child.once('exit', onExit);
    child.once('error', (error) => fail(error.message));
  });
}

/** Lets the parent exit without calling stop(); the wrapper then stops Azurite itself. */
function releaseFromEventLoop(child: ChildProcess): void {
  child.unref();
  child.channel?.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), STOP_GRACE_IN_MS);
  await exited;
  clearTimeout(timer);
  child.stdout?.destroy();
  child.stderr?.destroy();
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function onlyOnce(run: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => (pending ??= run());
}
