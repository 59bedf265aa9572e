import { buildPayload, withComparisons } from '../../core/engine/payload';
import type { ExperimentPayload } from '../../core/engine/records';
import { buildSuiteSummary, renderSuiteMarkdown, type SuiteSummary } from '../../core/reports';
import type { IndexedRegression } from '../../core/ports';
import type { FinishInput, RunOutcome } from '../contracts';
import { putJson, requireJson } from '../jsonBlobs';
import { indexedVerdicts, runStatusUrl } from '../regression/indexedVerdicts';
import { checkRegression } from '../regression/regressionCheck';
import { getExperimentRuntime } from '../runtime/experimentRuntime';
import { fireHook } from '../runtime/hooks';
import { loadVerdictFamily } from '../runtime/verdictFamily';
import { loadStoredPlan } from '../runtime/storedPlan';
import type { RunServices } from '../services';
import { paths } from '../storagePaths';
import type { StoredAggregates } from './aggregateExperiment';
import { writeHtmlReports } from './htmlReports';

/**
 * Finish activity: the suite-level report (verdicts first), multiple-comparison control
 * across variants, the run index entry, suite-complete hooks and the final outcome.
 */
export async function finishRun(input: FinishInput, services: RunServices): Promise<RunOutcome> {
  const plan = await loadStoredPlan(services.blobs, input.runId);
  const family = await loadVerdictFamily(services.blobs, input.runId);
  const adjusted = await Promise.all(plan.run.experiments.map((experiment) => summaryPayload(services, input.runId, experiment.name, family)));
  const finishedAt = new Date(services.clock.now()).toISOString();
  const summary: SuiteSummary = buildSuiteSummary({
    runId: input.runId,
    suite: plan.run.suite,
    baseline: plan.run.baseline,
    experiments: adjusted.map((payload) => ({ name: payload.metadata.experiment, isBaseline: payload.metadata.is_baseline, payload })),
    startedAt: input.startedAt,
    finishedAt,
    ...(input.stopReason ? { stopReason: input.stopReason } : {}),
    ...(plan.run.budget ? { budget: plan.run.budget } : {}),
  });
  await putJson(services.blobs, paths.suiteFile(input.runId, 'summary.json'), summary);
  await services.blobs.put(paths.suiteFile(input.runId, 'summary.md'), renderSuiteMarkdown(summary), { contentType: 'text/markdown; charset=utf-8' });
  const htmlFiles = await writeHtmlReports(services, input.runId, summary, adjusted);
  const outcome = buildOutcome(input, plan.run.suite, summary, htmlFiles);
  // Scheduled runs are compared with their blessed (or last good) run: docs/scheduled-regression.md.
  if (plan.request.trigger === 'timer') {
    const runUrl = runStatusUrl(services.env, input.runId);
    outcome.regression = await checkRegression(services, { plan, startedAt: input.startedAt, reportPrefix: outcome.reportPrefix, ...(runUrl ? { runUrl } : {}) });
  }
  await recordRun(services, plan.request, outcome, input.startedAt, finishedAt, summary);
  await fireSuiteComplete(services, input.runId, plan.run.experiments.map((e) => e.name), summary);
  services.telemetry.trackEvent('suite_run_completed', { runId: input.runId, suite: outcome.suite, status: outcome.status, costInUsd: outcome.costInUsd });
  return outcome;
}

/** An experiment's payload for the suite summary: aggregates and comparisons, not rows. */
async function summaryPayload(services: RunServices, runId: string, experiment: string, family: Map<string, Record<string, Record<string, unknown>>>): Promise<ExperimentPayload> {
  const stored = await requireJson<StoredAggregates>(services.blobs, paths.aggregates(runId, experiment));
  const plan = await loadStoredPlan(services.blobs, runId);
  const payload = buildPayload({
    runId,
    experiment,
    isBaseline: stored.isBaseline,
    baseline: plan.run.baseline,
    records: [],
    failures: stored.failure_examples,
    aggregates: stored.aggregates,
    securityLevel: stored.security_level,
    costSummary: stored.cost_summary,
    ...(stored.early_stop ? { earlyStop: stored.early_stop } : {}),
    extraMetadata: { skipped: stored.counts.skipped },
  });
  payload.metadata.rows = stored.counts.ok;
  payload.metadata.row_count = stored.counts.ok;
  payload.metadata.failures_count = stored.counts.failed;
  if (stored.retry_summary) payload.metadata.retry_summary = stored.retry_summary;
  const comparison = stored.isBaseline ? undefined : family.get(experiment);
  return comparison ? withComparisons(payload, comparison) : payload;
}

function buildOutcome(input: FinishInput, suite: string, summary: SuiteSummary, htmlFiles: string[]): RunOutcome {
  const failed = input.experiments.reduce((sum, experiment) => sum + experiment.failed, 0);
  const outcome: RunOutcome = {
    runId: input.runId,
    suite,
    status: input.stopReason ? 'stopped' : failed > 0 ? 'completed_with_failures' : 'completed',
    experiments: input.experiments,
    reportPrefix: paths.runPrefix(input.runId),
    reports: [...input.reports.flatMap((report) => report.files), paths.suiteFile(input.runId, 'summary.json'), paths.suiteFile(input.runId, 'summary.md'), ...htmlFiles],
    costInUsd: summary.totals.cost ?? 0,
  };
  if (input.stopReason) outcome.stopReason = input.stopReason;
  return outcome;
}

async function recordRun(services: RunServices, request: { suite: string; trigger: 'http' | 'timer' | 'cli'; suiteRef?: string; slot?: string }, outcome: RunOutcome & { regression?: IndexedRegression }, startedAt: string, finishedAt: string, summary: SuiteSummary): Promise<void> {
  await services.runIndex.upsert({
    suite: request.suite,
    runId: outcome.runId,
    status: outcome.status,
    trigger: request.trigger,
    startedAt,
    finishedAt,
    rows: outcome.experiments.reduce((sum, e) => sum + e.rows, 0),
    failures: outcome.experiments.reduce((sum, e) => sum + e.failed, 0),
    costInUsd: outcome.costInUsd,
    reportPrefix: outcome.reportPrefix,
    ...(request.suiteRef ? { suiteRef: request.suiteRef } : {}),
    ...(request.slot ? { slot: request.slot } : {}),
    verdicts: indexedVerdicts(summary),
    ...(outcome.regression ? { regression: outcome.regression } : {}),
  });
}

async function fireSuiteComplete(services: RunServices, runId: string, experiments: string[], summary: SuiteSummary): Promise<void> {
  const runtimes = await Promise.all(experiments.map((name) => getExperimentRuntime(services, runId, name)));
  const middlewares = [...new Set(runtimes.flatMap((runtime) => runtime.middlewares))];
  await fireHook(services.logger, middlewares, 'onSuiteComplete', {
    experiments: summary.experiments.length,
    total_rows: summary.totals.rows,
    total_failures: summary.totals.failures,
    timestamp: summary.finished_at,
  });
}
