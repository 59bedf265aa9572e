import { buildPayload, withComparisons } from '../../core/engine/payload';
import type { ExperimentPayload } from '../../core/engine/records';
import type { BlobStore } from '../../core/ports';
import type { StoredAggregates } from '../activities/aggregateExperiment';
import { requireJson } from '../jsonBlobs';
import { paths } from '../storagePaths';
import { loadExperimentFailures, loadExperimentOutcomes } from './batchFiles';
import { loadStoredPlan } from './storedPlan';
import { loadVerdictFamily } from './verdictFamily';

/** `runs/<run>/<variant>/comparison.json`. */
export interface StoredComparison {
  variant: string;
  baseline: string;
  comparisons: Record<string, Record<string, unknown>>;
}

/** Rebuilds an experiment's payload from storage: its records plus stored aggregates (and comparisons). */
export interface LoadPayloadOptions {
  withComparisons?: boolean;
  /** False: `results` stays empty (counts stay right) and only failures are read; 'analytics': slim records. */
  withRecords?: boolean | 'analytics';
}

export async function loadPayload(blobs: BlobStore, runId: string, experiment: string, options: LoadPayloadOptions = {}): Promise<ExperimentPayload> {
  const plan = await loadStoredPlan(blobs, runId);
  const [outcomes, stored] = await Promise.all([
    options.withRecords === false
      ? loadExperimentFailures(blobs, runId, experiment).then((failures) => ({ records: [], failures }))
      : loadExperimentOutcomes(blobs, runId, experiment, { analytics: options.withRecords === 'analytics' }),
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
  payload.metadata.rows = stored.counts.ok;
  payload.metadata.row_count = stored.counts.ok;
  if (!options.withComparisons || stored.isBaseline) return payload;
  // Reports show the verdicts adjusted across the run's family, as the suite summary does.
  const comparison = (await loadVerdictFamily(blobs, runId)).get(experiment);
  return comparison ? withComparisons(payload, comparison) : payload;
}
