import { collectVerdicts } from '../../core/engine/verdict';
import { errorMessage } from '../../core/errors';
import type { IndexedRegression } from '../../core/ports';
import type { PluginDef } from '../../core/plugins/pluginDef';
import { getJson, putJson } from '../jsonBlobs';
import { loadPayload } from '../runtime/loadPayload';
import type { StoredPlan } from '../runtime/storedPlan';
import { pluginDepsFor, type RunServices } from '../services';
import { paths } from '../storagePaths';
import { raiseRegressionAlert, type AlertRecord } from './alert';
import { chooseReference } from './referenceRun';

/** `runs/<runId>/suite/regression.json`: the comparison, its reference and what the alert did. */
export interface StoredRegression {
  result: IndexedRegression;
  /** The `score_verdict` output (reference as baseline, this run as variant). */
  comparison?: Record<string, unknown>;
  alert?: AlertRecord;
}

export interface RegressionCheckInput {
  plan: StoredPlan;
  startedAt: string;
  reportPrefix: string;
  runUrl?: string;
}

export const regressionBlob = (runId: string) => paths.suiteFile(runId, 'regression.json');

/**
 * A scheduled run against its reference (docs/scheduled-regression.md): the baseline
 * experiment's records of both runs, paired by row id, through `score_verdict` (the suite's
 * own options when it declares the plugin: the same tests by criterion kind and the same
 * correction across criteria). A degraded verdict raises the alert. Idempotent: a retried
 * activity finds the stored result and neither compares nor alerts again.
 */
export async function checkRegression(services: RunServices, input: RegressionCheckInput): Promise<IndexedRegression> {
  const { request, run } = input.plan;
  const stored = await getJson<StoredRegression>(services.blobs, regressionBlob(request.runId));
  if (stored) return stored.result;
  const outcome = await compare(services, input).catch((error: unknown): StoredRegression => ({ result: { status: 'not_compared', experiment: run.baseline, reason: errorMessage(error) } }));
  if (outcome.result.status === 'degraded') {
    outcome.alert = await raiseRegressionAlert(services, {
      suite: request.suite,
      runId: request.runId,
      ...(request.slot ? { slot: request.slot } : {}),
      regression: outcome.result,
      reportPrefix: input.reportPrefix,
      ...(input.runUrl ? { runUrl: input.runUrl } : {}),
    });
  } else if (outcome.result.status === 'not_compared') {
    services.logger.warn('[regression] scheduled run not compared', { runId: request.runId, reason: outcome.result.reason });
  }
  await putJson(services.blobs, regressionBlob(request.runId), outcome);
  return outcome.result;
}

async function compare(services: RunServices, input: RegressionCheckInput): Promise<StoredRegression> {
  const { request, run } = input.plan;
  const experiment = run.baseline;
  const reference = chooseReference(await services.runIndex.list(request.suite), { runId: request.runId, startedAt: input.startedAt });
  if (!reference) return { result: { status: 'no_reference', experiment, reason: 'no blessed run and no earlier scheduled run without a degraded verdict' } };
  const base = { experiment, reference: reference.entry.runId, referenceKind: reference.kind };
  const [before, after] = await Promise.all([
    loadPayload(services.blobs, reference.entry.runId, experiment, { withRecords: 'analytics' }).catch((error: unknown) => {
      throw new Error(`the reference run's '${experiment}' records cannot be read (${errorMessage(error)})`);
    }),
    loadPayload(services.blobs, request.runId, experiment, { withRecords: 'analytics' }),
  ]);
  const comparer = services.registry.create('baseline', verdictDefinition(input.plan), pluginDepsFor(services, run));
  const comparison = comparer.compare(before, after);
  const verdicts = collectVerdicts({ score_verdict: comparison });
  if (verdicts.length === 0) return { result: { status: 'not_compared', ...base, reason: 'score_verdict gave no verdicts (no shared criteria, or skipped by on_error)' }, comparison };
  const rows = verdicts.map((verdict) => ({
    criterion: verdict.criterion,
    verdict: verdict.verdict,
    difference: verdict.mean_difference ?? null,
    interval: verdict.interval ?? null,
    adjustedP: verdict.adjusted_p_value ?? verdict.p_value ?? null,
  }));
  const status = rows.some((row) => row.verdict === 'degraded') ? 'degraded' : 'passed';
  return { result: { status, ...base, verdicts: rows }, comparison };
}

/** The suite's own `score_verdict` definition (its criteria, alpha, correction, kinds), else the defaults. */
function verdictDefinition(plan: StoredPlan): PluginDef {
  const declared = plan.run.experiments.flatMap((experiment) => experiment.baselinePlugins).find((def) => def.name === 'score_verdict');
  return { name: 'score_verdict', options: declared ? { ...declared.options } : {} };
}
