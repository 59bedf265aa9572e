import { isAppError } from '../../core/errors';
import type { ResponseCache } from '../../core/llm/pipeline';
import type { LlmResponse } from '../../core/llm/types';
import type { BlobStore, Logger } from '../../core/ports';
import { getJsonOf, putJson } from '../jsonBlobs';
import { paths } from '../storagePaths';
import { STORED, type Checkpoint } from '../storedFormats';

export interface BatchCheckpoint extends ResponseCache {
  /** Answers found from an earlier, interrupted attempt at this batch. */
  readonly restored: number;
  /** Stops writing (the batch file is about to hold everything); waits for a write in progress. */
  close(): Promise<void>;
  /** Deletes the checkpoint once the batch file holds the results. */
  discard(): Promise<void>;
}

/**
 * The per-row checkpoint of one batch: every answer the batch has paid for, by request key,
 * in `cache/<run>/<experiment>/<batch>.json`. It is written at most once per interval
 * (one small blob, not one per call), so a crash loses at most that interval's answers;
 * a resumed or retried batch loads it and does not ask those rows again. A checkpoint that
 * cannot be trusted (not JSON, not the declared format, or failing the store's content check)
 * is only a lost shortcut: it is deleted with a warning and its rows are asked again.
 */
export async function openBatchCheckpoint(
  blobs: BlobStore,
  location: { runId: string; experiment: string; batch: number },
  options: { flushIntervalInMs?: number; logger: Logger },
): Promise<BatchCheckpoint> {
  const name = paths.batchCheckpoint(location.runId, location.experiment, location.batch);
  const answers = new Map<string, LlmResponse>(Object.entries((await readCheckpoint(blobs, name, options.logger)) ?? {}));
  const restored = answers.size;
  let dirty = false;
  let everWritten = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = undefined;
    if (!dirty) return writing;
    dirty = false;
    everWritten = true;
    const snapshot = Object.fromEntries(answers);
    writing = writing
      .then(() => putJson(blobs, name, snapshot))
      .catch((error: unknown) => options.logger.warn('[checkpoint] could not write the batch checkpoint', { name, error: String(error) }));
    return writing;
  };
  const close = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    dirty = false;
    await writing;
  };
  return {
    restored,
    get: (key) => answers.get(key),
    put(key, response) {
      answers.set(key, response);
      dirty = true;
      timer ??= setTimeout(() => void flush(), options.flushIntervalInMs ?? 1000);
    },
    close,
    async discard() {
      await close();
      if (restored > 0 || everWritten) await blobs.delete(name);
    },
  };
}

async function readCheckpoint(blobs: BlobStore, name: string, logger: Logger): Promise<Checkpoint | undefined> {
  try {
    return await getJsonOf(blobs, name, STORED.checkpoint);
  } catch (error) {
    // Only a damaged file is dropped; an outage (retryable) fails the attempt as before.
    if (!isAppError(error) || error.retryable || error.details?.corrupt !== true) throw error;
    logger.warn('[checkpoint] discarded a corrupt batch checkpoint; its rows are asked again', { name, error: error.message });
    await blobs.delete(name);
    return undefined;
  }
}
