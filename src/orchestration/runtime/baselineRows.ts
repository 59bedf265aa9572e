import type { RowOutcome } from '../../core/engine/records';
import type { BaselineOutcomeReader } from '../../core/engine/rowScoring';
import type { BlobStore, Clock, Logger } from '../../core/ports';
import { getJsonLinesOf } from '../jsonBlobs';
import { STORED } from '../storedFormats';
import { paths } from '../storagePaths';

export interface BaselineRowsOptions {
  blobs: BlobStore;
  clock: Clock;
  logger: Logger;
  runId: string;
  baseline: string;
  batch: number;
  /** The orchestrator knows the baseline will not write this batch (it stopped): do not wait. */
  absent?: boolean;
  abortSignal?: AbortSignal;
}

/** First poll after this long, then doubling up to the cap. */
const FIRST_POLL_IN_MS = 250;
const MAX_POLL_IN_MS = 5000;
/** Used when a plugin asks for the baseline without saying how long it may wait. */
export const DEFAULT_BASELINE_WAIT_IN_MS = 120_000;

/**
 * A variant's view of the baseline's outcomes for the same batch of rows (the batch layout is
 * the run's, so it is shared by every experiment). The baseline's batch file is written once,
 * whole; it is read on first use and shared by every row of the batch. When it is not there
 * yet (batches run concurrently) reads poll with backoff, up to the longest wait a caller
 * the first caller allows; a file that never comes leaves every row of the batch without a
 * baseline outcome (the plugin records that), and is not waited for again.
 */
export function createBaselineRows(options: BaselineRowsOptions): BaselineOutcomeReader {
  let loaded: Map<number, RowOutcome> | undefined;
  const load = async (deadline: number): Promise<void> => {
    let delay = FIRST_POLL_IN_MS;
    for (;;) {
      const lines = await getJsonLinesOf(options.blobs, paths.batch(options.runId, options.baseline, options.batch), STORED.batchLine);
      if (lines) {
        loaded = new Map(lines.filter((line): line is RowOutcome => line.status === 'ok' || line.status === 'error').map((line) => [line.index, line]));
        return;
      }
      const now = options.clock.now();
      if (options.absent || now >= deadline) break;
      await options.clock.sleep(Math.min(delay, deadline - now), options.abortSignal);
      delay = Math.min(delay * 2, MAX_POLL_IN_MS);
    }
    options.logger.warn('[baseline] the baseline batch was not available; rows are scored without it', { runId: options.runId, baseline: options.baseline, batch: options.batch });
  };
  let shared: Promise<void> | undefined;
  return async (index, waitInMs) => {
    // The first row to ask sets the wait; every row of the batch shares that one read.
    shared ??= load(options.clock.now() + (waitInMs ?? DEFAULT_BASELINE_WAIT_IN_MS));
    await shared;
    return loaded?.get(index);
  };
}
