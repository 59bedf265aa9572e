import os from 'node:os';
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { z } from 'zod';
import { AppError } from '../core/errors';
import type { Logger } from '../core/ports';
import { statusOf, toStorageError } from './storageErrors';

/**
 * One run, one writer (docs/architecture.md, "One writer per run"). `elspeth run` and
 * `elspeth resume` hold `locks/<runId>.json` while they work: it is created only if absent
 * (If-None-Match: *), names its holder, and is rewritten every `heartbeatInMs` with
 * If-Match on its ETag. A lock is taken over, again by If-Match (so two takers cannot both
 * win), when its holder is known gone: its pid is not running on this same host, or no
 * heartbeat came for `staleAfterInMs` by the service's clock (a holder on another machine).
 */
export const RunLockHolderSchema = z.object({
  pid: z.int(),
  host: z.string(),
  since: z.string(),
  command: z.string(),
  heartbeatAt: z.string(),
});
export type RunLockHolder = z.infer<typeof RunLockHolderSchema>;

export interface RunLockOptions {
  runId: string;
  /** What holds it, in the message a second process prints: "run", "resume". */
  command: string;
  logger: Logger;
  /** @default 15000 */
  heartbeatInMs?: number;
  /** @default 60000 */
  staleAfterInMs?: number;
  /** This process, and whether a pid on this host runs (overridable by tests). */
  pid?: number;
  host?: string;
  isAlive?: (pid: number) => boolean;
}

export interface HeldRunLock {
  holder: RunLockHolder;
  /** Stops the heartbeat and deletes the lock if it is still this process's. */
  release(): Promise<void>;
}

export const RUN_LOCK_DEFAULTS = { heartbeatInMs: 15_000, staleAfterInMs: 60_000 } as const;

/** Takes the run's lock or throws RUN_LOCKED naming who holds it. */
export async function acquireRunLock(container: ContainerClient, blobName: string, options: RunLockOptions): Promise<HeldRunLock> {
  const blob = container.getBlockBlobClient(blobName);
  const since = new Date().toISOString();
  const me: RunLockHolder = { pid: options.pid ?? process.pid, host: options.host ?? os.hostname(), since, command: options.command, heartbeatAt: since };
  const target = `${container.containerName}/${blobName}`;
  let last: StoredLock | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const created = await write(blob, me, { ifNoneMatch: '*' }, target);
    if (created) return hold(blob, me, created, options, target);
    last = await read(blob, target);
    if (!last) continue; // released in between: try to create it again
    const gone = goneReason(last, me, options);
    if (!gone) break;
    const taken = await write(blob, me, { ifMatch: last.etag }, target);
    if (taken) {
      options.logger.warn('[lock] took over the run lock of a process that is gone', { runId: options.runId, previous: last.holder, reason: gone });
      return hold(blob, me, taken, options, target);
    }
  }
  throw lockedError(options, last);
}

interface StoredLock {
  holder?: RunLockHolder;
  etag: string;
  /** Since its last write, by the service's clock. */
  ageInMs: number;
}

async function read(blob: BlockBlobClient, target: string): Promise<StoredLock | undefined> {
  try {
    const response = await blob.download();
    const body = await streamText(response.readableStreamBody);
    const parsed = RunLockHolderSchema.safeParse(parseJson(body));
    const serverNow = response.date?.getTime() ?? Date.now();
    const ageInMs = Math.max(0, serverNow - (response.lastModified?.getTime() ?? serverNow));
    return { ...(parsed.success ? { holder: parsed.data } : {}), etag: response.etag ?? '', ageInMs };
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw toStorageError(error, { operation: 'read lock', target });
  }
}

/** The new ETag, or undefined when the condition failed (someone else's lock). */
async function write(blob: BlockBlobClient, holder: RunLockHolder, conditions: { ifNoneMatch?: string; ifMatch?: string }, target: string): Promise<string | undefined> {
  try {
    const body = JSON.stringify(holder);
    const response = await blob.upload(body, Buffer.byteLength(body), { conditions, blobHTTPHeaders: { blobContentType: 'application/json' } });
    return response.etag ?? '';
  } catch (error) {
    if ([409, 412, 404].includes(statusOf(error) ?? 0)) return undefined;
    throw toStorageError(error, { operation: 'write lock', target });
  }
}

/** Why the holder is known gone, or undefined while it may still work. */
function goneReason(lock: StoredLock, me: RunLockHolder, options: RunLockOptions): string | undefined {
  const isAlive = options.isAlive ?? pidRuns;
  const holder = lock.holder;
  if (holder && holder.host === me.host && holder.pid !== me.pid && !isAlive(holder.pid)) return `pid ${holder.pid} is not running on ${holder.host}`;
  const staleAfter = options.staleAfterInMs ?? RUN_LOCK_DEFAULTS.staleAfterInMs;
  if (lock.ageInMs > staleAfter) return `no heartbeat for ${Math.round(lock.ageInMs / 1000)} s`;
  return undefined;
}

function hold(blob: BlockBlobClient, me: RunLockHolder, etag: string, options: RunLockOptions, target: string): HeldRunLock {
  let current = etag;
  let lost = false;
  let beating: Promise<void> = Promise.resolve();
  const beat = async () => {
    const next = await write(blob, { ...me, heartbeatAt: new Date().toISOString() }, { ifMatch: current }, target).catch((error: unknown) => {
      options.logger.warn('[lock] could not renew the run lock; trying again', { runId: options.runId, error: String(error) });
      return current;
    });
    if (next === undefined) {
      lost = true;
      clearInterval(timer);
      options.logger.error('[lock] lost the run lock: another process took it over after this one missed its heartbeats', { runId: options.runId });
    } else current = next;
  };
  const timer = setInterval(() => void (beating = beating.then(beat)), options.heartbeatInMs ?? RUN_LOCK_DEFAULTS.heartbeatInMs);
  timer.unref();
  return {
    holder: me,
    async release() {
      clearInterval(timer);
      await beating;
      if (lost) return;
      try {
        await blob.delete({ conditions: { ifMatch: current } });
      } catch (error) {
        if (![404, 412].includes(statusOf(error) ?? 0)) throw toStorageError(error, { operation: 'release lock', target });
      }
    },
  };
}

function lockedError(options: RunLockOptions, lock: StoredLock | undefined): AppError {
  const holder = lock?.holder;
  const who = holder ? `\`elspeth ${holder.command}\` (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : 'another process';
  const staleSeconds = Math.round((options.staleAfterInMs ?? RUN_LOCK_DEFAULTS.staleAfterInMs) / 1000);
  return new AppError(
    'RUN_LOCKED',
    `Run '${options.runId}' is already being worked on by ${who}. Wait for it to finish or stop it, then resume. ` +
      `A lock whose process is gone is taken over: at once on the same host, after ${staleSeconds} s without its heartbeat from another host.`,
    { details: { runId: options.runId, ...(holder ? { holder } : {}) } },
  );
}

function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function streamText(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  const chunks: Buffer[] = [];
  if (!stream) return '';
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
