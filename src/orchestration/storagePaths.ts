import { EXPERIMENT_FOLDER, RUN_FOLDER } from '../core/runLayout';

/**
 * Blob names of one run (docs/architecture.md, "Storage layout and formats"). Batch numbers are zero-padded so names
 * sort in order. Reserved names come from core/runLayout.ts, which configuration checks use.
 */
export const paths = {
  runPrefix: (runId: string) => `runs/${runId}/`,
  plan: (runId: string) => `runs/${runId}/${RUN_FOLDER.plan}`,
  request: (runId: string) => `runs/${runId}/${RUN_FOLDER.request}`,
  inputChunk: (runId: string, batch: number) => `runs/${runId}/${RUN_FOLDER.input}/chunk-${pad(batch)}.jsonl`,
  experimentPrefix: (runId: string, experiment: string) => `runs/${runId}/${experiment}/`,
  batch: (runId: string, experiment: string, batch: number) => `runs/${runId}/${experiment}/${EXPERIMENT_FOLDER.batches}/${pad(batch)}.jsonl`,
  batchesPrefix: (runId: string, experiment: string) => `runs/${runId}/${experiment}/${EXPERIMENT_FOLDER.batches}/`,
  aggregates: (runId: string, experiment: string) => `runs/${runId}/${experiment}/${EXPERIMENT_FOLDER.aggregates}`,
  comparison: (runId: string, experiment: string) => `runs/${runId}/${experiment}/${EXPERIMENT_FOLDER.comparison}`,
  experimentFile: (runId: string, experiment: string, relative: string) => `runs/${runId}/${experiment}/${relative}`,
  suiteFile: (runId: string, relative: string) => `runs/${runId}/${RUN_FOLDER.suite}/${relative}`,
  batchCheckpoint: (runId: string, experiment: string, batch: number) => `cache/${runId}/${experiment}/${pad(batch)}.json`,
  /** The run budget's credit chain (runtime/budgetPool.ts); `_` keeps it apart from experiment names. */
  budgetPool: (runId: string) => `cache/${runId}/_budget/`,
  /** Held by the one process working on a run (azure/runLock.ts); outside `runs/` and `cache/`, so no run name can reach it. */
  runLock: (runId: string) => `locks/${runId}.json`,
  /** The response cache shared by every run (sharedCacheStore.ts); keys are SHA-256 hex, so never a run folder. */
  sharedCacheEntry: (key: string) => `cache/${key}.json`,
};

function pad(batch: number): string {
  return String(batch).padStart(5, '0');
}
