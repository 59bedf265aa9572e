import { buildPayload, runAggregators } from '../../core/engine/payload';
import type { EarlyStopReason, FailureRecord, RetrySummary } from '../../core/engine/records';
import type { AggregateInput, ExperimentSummary } from '../contracts';
import { putJson } from '../jsonBlobs';
import { countUnscheduledRows, loadExperimentOutcomes, settleFailedBatch } from '../runtime/batchFiles';
import { getExperimentRuntime } from '../runtime/experimentRuntime';
import { fireHook } from '../runtime/hooks';
import { loadStoredPlan } from '../runtime/storedPlan';
import type { RunServices } from '../services';
import { paths } from '../storagePaths';

/** `runs/<run>/<experiment>/aggregates.json`: the experiment's results without its rows. */
export interface StoredAggregates {
  experiment: string;
  isBaseline: boolean;
  counts: { rows: number; ok: number; failed: number; skipped: number };
  aggregates: Record<string, Record<string, unknown>>;
  cost_summary: Record<string, number>;
  retry_summary?: RetrySummary;
  early_stop?: EarlyStopReason;
  security_level: string;
  /** The first failures, so suite reports need not read every batch again. */
  failure_examples: FailureRecord[];
}

const FAILURE_EXAMPLES = 5;

/**
 * Aggregate activity: settle batches that failed for good, read every record of the
 * experiment, run its aggregators, and store the aggregates. Counts reconcile:
 * rows = ok + failed + skipped.
 */
export async function aggregateExperiment(input: AggregateInput, services: RunServices): Promise<ExperimentSummary> {
  const plan = await loadStoredPlan(services.blobs, input.runId);
  for (const failed of input.failedBatches) {
    await settleFailedBatch(services.blobs, input.runId, input.experiment, failed.batch, failed.error, services.clock.now());
  }
  const outcomes = await loadExperimentOutcomes(services.blobs, input.runId, input.experiment, { analytics: true });
  const runtime = await getExperimentRuntime(services, input.runId, input.experiment);
  const aggregates = await runAggregators(runtime.createAggregators(), outcomes.records);
  const skipped = outcomes.skipped + countUnscheduledRows(input.unscheduledBatches, plan.batchSize, plan.rowCount);
  const payload = buildPayload({
    runId: input.runId,
    experiment: input.experiment,
    isBaseline: plan.run.baseline === input.experiment,
    baseline: plan.run.baseline,
    records: outcomes.records,
    failures: outcomes.failures,
    aggregates,
    securityLevel: runtime.securityLevel,
    costSummary: outcomes.cost,
    ...(input.earlyStop ? { earlyStop: input.earlyStop } : {}),
  });
  const stored: StoredAggregates = {
    experiment: input.experiment,
    isBaseline: payload.metadata.is_baseline,
    counts: { rows: plan.rowCount, ok: outcomes.records.length, failed: outcomes.failures.length, skipped },
    aggregates,
    cost_summary: outcomes.cost,
    security_level: runtime.securityLevel,
    failure_examples: outcomes.failures.slice(0, FAILURE_EXAMPLES),
  };
  if (payload.metadata.retry_summary) stored.retry_summary = payload.metadata.retry_summary;
  if (input.earlyStop) stored.early_stop = input.earlyStop;
  await putJson(services.blobs, paths.aggregates(input.runId, input.experiment), stored);
  await fireHook(services.logger, runtime.middlewares, 'onExperimentComplete', input.experiment, payload, experimentMeta(runtime.experiment));
  const summary: ExperimentSummary = { experiment: input.experiment, ...stored.counts, cost: outcomes.cost };
  if (input.earlyStop) summary.earlyStop = input.earlyStop;
  return summary;
}

export function experimentMeta(experiment: { temperature?: number; maxTokens?: number; isBaseline: boolean }): Record<string, unknown> {
  return { temperature: experiment.temperature, max_tokens: experiment.maxTokens, is_baseline: experiment.isBaseline };
}
