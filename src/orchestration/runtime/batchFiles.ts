import type { ExperimentRecord, FailureRecord } from '../../core/engine/records';
import { rowIdentity } from '../../core/engine/evaluateRow';
import { isAppError } from '../../core/errors';
import type { RecordStream } from '../../core/plugins/kinds';
import type { BlobStore } from '../../core/ports';
import { getJsonLinesOf, mapLimit, putJsonLines } from '../jsonBlobs';
import { paths } from '../storagePaths';
import { STORED, type BatchLine, type BatchTrailer } from '../storedFormats';
import { createSharedValues, fromStoredOutcome, toAnalyticsRecord } from './storedRecords';

/**
 * Batch files hold one JSON line per row outcome (`status` "ok" or "error") and end with
 * a bookkeeping line (`status` "batch": skipped rows, cost, early stop), as declared in
 * storedFormats.ts. Readers take the outcome lines and ignore the rest.
 */
export interface ExperimentOutcomes {
  records: ExperimentRecord[];
  failures: FailureRecord[];
  skipped: number;
  /** Sum of the batches' additive cost fields. */
  cost: Record<string, number>;
}

const READS_IN_FLIGHT = 16;

/** `analytics`: records as aggregators and baseline plugins need them (see toAnalyticsRecord). */
export async function loadExperimentOutcomes(blobs: BlobStore, runId: string, experiment: string, options: { analytics?: boolean } = {}): Promise<ExperimentOutcomes> {
  const names = await batchNames(blobs, runId, experiment);
  const outcomes: ExperimentOutcomes = { records: [], failures: [], skipped: 0, cost: {} };
  const shared = createSharedValues();
  // Costs are summed in batch order afterwards: float sums must not depend on read order.
  const costs: Record<string, number>[] = [];
  // Each file is reduced as soon as it is read, so full records of every batch never coexist.
  await mapLimit(names, READS_IN_FLIGHT, async (name, fileIndex) => {
    for (const line of (await readBatch(blobs, name)) ?? []) {
      if (line.status === 'ok') {
        const record = fromStoredOutcome(line, shared) as ExperimentRecord;
        outcomes.records.push(options.analytics ? toAnalyticsRecord(record) : record);
      } else if (line.status === 'error') outcomes.failures.push(line);
      else if (line.status === 'batch') {
        outcomes.skipped += line.skipped.length;
        costs[fileIndex] = line.cost;
      }
    }
  });
  for (const cost of costs) addCost(outcomes.cost, cost);
  outcomes.records.sort((a, b) => a.index - b.index);
  outcomes.failures.sort((a, b) => a.index - b.index);
  return outcomes;
}

/**
 * A batch whose activity failed for good: write its rows as failure records, unless the
 * activity's own file landed first (conditional create decides; one of them wins, once).
 */
export async function settleFailedBatch(blobs: BlobStore, runId: string, experiment: string, batch: number, error: string, nowInMs: number): Promise<void> {
  const rows = (await getJsonLinesOf(blobs, paths.inputChunk(runId, batch), STORED.inputRow)) ?? [];
  const failures: FailureRecord[] = rows.map(({ index, row }) => ({
    status: 'error',
    index,
    id: rowIdentity(row, index),
    row,
    error: `Batch ${batch} could not be evaluated: ${error}`,
    error_code: 'BATCH_FAILED',
    timestamp: nowInMs / 1000,
  }));
  const trailer: BatchTrailer = { status: 'batch', skipped: [], cost: {}, batchFailed: error };
  try {
    await putJsonLines(blobs, paths.batch(runId, experiment, batch), [...failures, trailer], true);
  } catch (thrown) {
    // A conflict means the batch's own results landed first; they stand.
    if (!(isAppError(thrown) && thrown.details?.conflict === true)) throw thrown;
  }
}

/** Rows of batches that never ran because the experiment or run stopped. */
export function countUnscheduledRows(batches: readonly number[], batchSize: number, rowCount: number): number {
  return batches.reduce((sum, batch) => sum + Math.max(0, Math.min(batchSize, rowCount - batch * batchSize)), 0);
}

function addCost(target: Record<string, number>, source: Record<string, number> | undefined): void {
  for (const [key, value] of Object.entries(source ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) target[key] = (target[key] ?? 0) + value;
  }
}

/**
 * An experiment's records read batch file by batch file, one file in memory at a time:
 * how `stream` sinks see 100,000-row experiments. Failures are collected on the side.
 */
export function createRecordStream(blobs: BlobStore, runId: string, experiment: string, count: number): RecordStream {
  return {
    count,
    async each(visit) {
      const names = await batchNames(blobs, runId, experiment);
      // Read a few files ahead, in order, so the visits are not waiting on one GET at a time.
      const pending = names.slice(0, STREAM_READ_AHEAD).map((name) => readBatch(blobs, name));
      for (let i = 0; i < names.length; i++) {
        const lines = await pending[i]!;
        pending[i] = Promise.resolve(undefined);
        if (i + STREAM_READ_AHEAD < names.length) pending.push(readBatch(blobs, names[i + STREAM_READ_AHEAD]!));
        const shared = createSharedValues();
        for (const line of lines ?? []) {
          if (line.status === 'ok') visit(fromStoredOutcome(line, shared) as ExperimentRecord);
        }
      }
    },
  };
}

/** Only the failures of an experiment, without keeping its records. */
export async function loadExperimentFailures(blobs: BlobStore, runId: string, experiment: string): Promise<FailureRecord[]> {
  const failures: FailureRecord[] = [];
  for (const name of await batchNames(blobs, runId, experiment)) {
    for (const line of (await readBatch(blobs, name)) ?? []) {
      if (line.status === 'error') failures.push(line);
    }
  }
  return failures.sort((a, b) => a.index - b.index);
}

const STREAM_READ_AHEAD = 8;

function readBatch(blobs: BlobStore, name: string): Promise<BatchLine[] | undefined> {
  return getJsonLinesOf(blobs, name, STORED.batchLine);
}

async function batchNames(blobs: BlobStore, runId: string, experiment: string): Promise<string[]> {
  return (await blobs.list(paths.batchesPrefix(runId, experiment))).filter((name) => name.endsWith('.jsonl')).sort();
}
