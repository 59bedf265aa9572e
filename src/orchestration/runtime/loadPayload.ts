import { buildPayload, withComparisons } from '../../core/engine/payload';
import type { ExperimentPayload } from '../../core/engine/records';
import type { BlobStore } from '../../core/ports';
import type { StoredAggregates } from '../activities/aggregateExperiment';
import { getJson, requireJson } from '../jsonBlobs';
import { paths } from '../storagePaths';
import { loadExperimentOutcomes } from './batchFiles';
import { loadStoredPlan } from './storedPlan';

/** `runs/<run>/<variant>/comparison.json`. */
export interface StoredComparison {
  variant: string;
  baseline: string;
  comparisons: Record<string, Record<string, unknown>>;
}

/** Rebuilds an experiment's payload from storage: its records plus stored aggregates (and comparisons). */
export async function loadPayload(blobs: BlobStore, runId: string, experiment: string, options: { withComparisons?: boolean } = {}): Promise<ExperimentPayload> {
  const plan = await loadStoredPlan(blobs, runId);
  const [outcomes, stored] = await Promise.all([
    loadExperimentOutcomes(blobs, runId, experiment),
    requireJson<StoredAggregates>(blobs, paths.aggregates(runId, experiment)),
  ]);
  const payload = buildPayload({
    runId,
    experiment,
    isBaseline: stored.isBaseline,
    baseline: plan.run.baseline,
    records: outcomes.records,
    failures: outcomes.failures,
    aggregates: stored.aggregates,
    securityLevel: stored.security_level,
    costSummary: stored.cost_summary,
    ...(stored.early_stop ? { earlyStop: stored.early_stop } : {}),
    extraMetadata: { suite: plan.run.suite, skipped: stored.counts.skipped, dataset: plan.datasetSource },
  });
  if (!options.withComparisons || stored.isBaseline) return payload;
  const comparison = await getJson<StoredComparison>(blobs, paths.comparison(runId, experiment));
  return comparison ? withComparisons(payload, comparison.comparisons) : payload;
}
