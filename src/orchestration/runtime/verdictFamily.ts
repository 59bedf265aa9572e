import { adjustAcrossVariants, type VerdictComparison } from '../../core/analytics/adjustAcrossVariants';
import type { BlobStore } from '../../core/ports';
import { getJson } from '../jsonBlobs';
import { paths } from '../storagePaths';
import type { StoredComparison } from './loadPayload';
import { loadStoredPlan } from './storedPlan';

/**
 * Every variant's stored comparisons with `score_verdict` adjusted across the whole family
 * (every variant and criterion, Holm): the one set of p-values, intervals and verdicts that
 * every report of the run shows (the experiment reports and the suite summary alike). With
 * one variant there is nothing to add to its own across-criteria adjustment.
 */
export async function loadVerdictFamily(blobs: BlobStore, runId: string): Promise<Map<string, Record<string, Record<string, unknown>>>> {
  const plan = await loadStoredPlan(blobs, runId);
  const variants = plan.run.experiments.filter((experiment) => experiment.name !== plan.run.baseline).map((experiment) => experiment.name);
  const stored = await Promise.all(variants.map((variant) => getJson<StoredComparison>(blobs, paths.comparison(runId, variant))));
  const comparisons = new Map<string, Record<string, Record<string, unknown>>>();
  stored.forEach((comparison, i) => {
    if (comparison) comparisons.set(variants[i]!, comparison.comparisons);
  });
  const family: Record<string, VerdictComparison> = {};
  for (const [variant, output] of comparisons) {
    if (output.score_verdict) family[variant] = output.score_verdict as VerdictComparison;
  }
  if (Object.keys(family).length < 2) return comparisons;
  const adjusted = adjustAcrossVariants(family);
  for (const [variant, replacement] of Object.entries(adjusted)) comparisons.set(variant, { ...comparisons.get(variant)!, score_verdict: replacement });
  return comparisons;
}
