/** Blob names of one run (docs/architecture.md, "Storage layout and formats"). Batch numbers are zero-padded so names sort in order. */
export const paths = {
  runPrefix: (runId: string) => `runs/${runId}/`,
  plan: (runId: string) => `runs/${runId}/plan.json`,
  request: (runId: string) => `runs/${runId}/request.json`,
  inputChunk: (runId: string, batch: number) => `runs/${runId}/input/chunk-${pad(batch)}.jsonl`,
  experimentPrefix: (runId: string, experiment: string) => `runs/${runId}/${experiment}/`,
  batch: (runId: string, experiment: string, batch: number) => `runs/${runId}/${experiment}/batches/${pad(batch)}.jsonl`,
  batchesPrefix: (runId: string, experiment: string) => `runs/${runId}/${experiment}/batches/`,
  aggregates: (runId: string, experiment: string) => `runs/${runId}/${experiment}/aggregates.json`,
  comparison: (runId: string, experiment: string) => `runs/${runId}/${experiment}/comparison.json`,
  experimentFile: (runId: string, experiment: string, relative: string) => `runs/${runId}/${experiment}/${relative}`,
  suiteFile: (runId: string, relative: string) => `runs/${runId}/suite/${relative}`,
  batchCheckpoint: (runId: string, experiment: string, batch: number) => `cache/${runId}/${experiment}/${pad(batch)}.json`,
  /** The run budget's credit chain (runtime/budgetPool.ts); `_` keeps it apart from experiment names. */
  budgetPool: (runId: string) => `cache/${runId}/_budget/`,
};

function pad(batch: number): string {
  return String(batch).padStart(5, '0');
}
