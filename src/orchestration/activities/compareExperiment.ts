import { runComparisons } from '../../core/engine/payload';
import { collectVerdicts } from '../../core/engine/verdict';
import type { CompareInput, ComparisonSummary } from '../contracts';
import { putJson } from '../jsonBlobs';
import { getExperimentRuntime } from '../runtime/experimentRuntime';
import { fireHook } from '../runtime/hooks';
import { loadPayload, type StoredComparison } from '../runtime/loadPayload';
import type { RunServices } from '../services';
import { paths } from '../storagePaths';

/**
 * Compare activity: the variant's baseline plugins on (baseline, variant), each created
 * fresh (docs/original-behaviour.md §1.4), before any sink runs so that reports contain the comparison.
 */
export async function compareExperiment(input: CompareInput, services: RunServices): Promise<ComparisonSummary> {
  const [baseline, variant] = await Promise.all([
    loadPayload(services.blobs, input.runId, input.baseline, { withRecords: 'analytics' }),
    loadPayload(services.blobs, input.runId, input.variant, { withRecords: 'analytics' }),
  ]);
  const runtime = await getExperimentRuntime(services, input.runId, input.variant);
  const comparisons = runComparisons(runtime.createComparers(), baseline, variant);
  const stored: StoredComparison = { variant: input.variant, baseline: input.baseline, comparisons };
  await putJson(services.blobs, paths.comparison(input.runId, input.variant), stored);
  await fireHook(services.logger, runtime.middlewares, 'onBaselineComparison', input.variant, comparisons);
  return {
    variant: input.variant,
    plugins: Object.keys(comparisons),
    verdicts: collectVerdicts(comparisons).map(({ criterion, verdict }) => ({ criterion, verdict })),
  };
}
