import { mostRestrictive } from '../../core/artifacts/securityLevels';
import type { ResolvedRun } from '../../core/config/resolved';
import type { Row } from '../../core/engine/records';
import type { IndexedRow } from '../../core/engine/evaluateBatch';
import { floatCellsFor } from '../../core/data/pandasCells';
import { scalarText } from '../../core/format/text';
import type { PlannedExperiment, RunPlan } from '../contracts';
import type { PluginDef } from '../../core/plugins/pluginDef';
import { estimateCost } from '../costEstimate';
import { getJsonOf, mapLimit, putJson, putJsonLines } from '../jsonBlobs';
import { STORED } from '../storedFormats';
import { withSubmittedSuite } from '../triggers/suiteStore';
import type { RunRequest } from '../runRequest';
import { withoutSecrets, type StoredPlan } from '../runtime/storedPlan';
import { pluginDepsFor, type RunServices } from '../services';
import { paths } from '../storagePaths';
import { getExperimentRuntime } from '../runtime/experimentRuntime';
import { fireHook } from '../runtime/hooks';
import { validateRequestOrThrow } from '../validateRun';
import { experimentMeta } from './aggregateExperiment';
import { deriveLayout, experimentCap, type BatchLayout } from '../schedule/layout';

const CHUNK_WRITES_IN_FLIGHT = 16;

/**
 * Plan activity: resolve the configuration, read the dataset once, write it as one chunk
 * per batch, store the resolved plan, and return only a small summary to the orchestrator.
 */
export async function planRun(request: RunRequest, services: RunServices): Promise<RunPlan> {
  // A resumed or retried run keeps the plan (and dataset snapshot) it started with.
  const existing = await getJsonOf(services.blobs, paths.plan(request.runId), STORED.plan);
  if (existing) return finishPlanning(services, existing);
  // The same checks as every door, again: files may have changed since the run was accepted.
  const { run, dataset, warnings } = await validateRequestOrThrow(await withSubmittedSuite(request, services), { registry: services.registry, env: services.env });
  for (const warning of warnings) services.logger.warn(`[plan] ${warning.message}`, { runId: request.runId, file: warning.file, path: warning.path });
  const rows = request.maxRows ? dataset.rows.slice(0, request.maxRows) : dataset.rows;
  const layout = layoutOf(run, rows.length);
  const batchSize = layout.batchSize;
  const batchCount = Math.ceil(rows.length / batchSize);
  const securityLevel = mostRestrictive(dataset.securityLevel, ...run.experiments.map((e) => e.securityLevel));
  await mapLimit(range(batchCount), CHUNK_WRITES_IN_FLIGHT, (batch) =>
    putJsonLines(services.blobs, paths.inputChunk(request.runId, batch), chunkRows(rows, batch, batchSize)),
  );
  const stored: StoredPlan = {
    request,
    run: withoutSecrets(run, services.registry),
    rowCount: rows.length,
    batchSize,
    batchCount,
    layout,
    securityLevel,
    columns: dataset.columns,
    datasetSource: dataset.source,
    averageRowChars: averageRowChars(rows),
    createdAt: new Date(services.clock.now()).toISOString(),
  };
  await putJson(services.blobs, paths.plan(request.runId), stored);
  services.logger.info('[plan] run planned', { runId: request.runId, suite: run.suite, rows: rows.length, batches: batchCount, experiments: run.experiments.length });
  return finishPlanning(services, stored);
}

async function finishPlanning(services: RunServices, stored: StoredPlan): Promise<RunPlan> {
  const deps = pluginDepsFor(services, stored.run);
  const pairs = (kind: 'earlyStop' | 'row', def: PluginDef) =>
    kind === 'row' ? services.registry.get('row', def.name).readsBaselineRows === true : services.registry.create('earlyStop', def, deps).pairsWithBaseline === true;
  const plan = summarize(stored, stored.run, stored.averageRowChars ?? 0, pairs);
  await announceSuite(services, plan, stored.run);
  return plan;
}

/** `onSuiteLoaded` once per distinct middleware instance, then `onExperimentStart` in run order (docs/original-behaviour.md §1.4). */
async function announceSuite(services: RunServices, plan: RunPlan, run: ResolvedRun): Promise<void> {
  const runtimes = await Promise.all(run.experiments.map((experiment) => getExperimentRuntime(services, plan.runId, experiment.name)));
  const middlewares = [...new Set(runtimes.flatMap((runtime) => runtime.middlewares))];
  if (middlewares.length === 0) return;
  const experiments = run.experiments.map((e) => ({ experiment: e.name, temperature: e.temperature, max_tokens: e.maxTokens, is_baseline: e.name === run.baseline }));
  const preflight = { experiment_count: run.experiments.length, baseline: run.baseline, estimated_api_calls: plan.costEstimate.requests, cost_estimate: plan.costEstimate };
  await fireHook(services.logger, middlewares, 'onSuiteLoaded', experiments, preflight, { runId: plan.runId, suite: plan.suite });
  for (const runtime of runtimes) {
    await fireHook(services.logger, runtime.middlewares, 'onExperimentStart', runtime.experiment.name, experimentMeta(runtime.experiment));
  }
}

/** The batch layout from the run-wide cap on calls in flight (docs/concurrency.md). */
export function layoutOf(run: ResolvedRun, rows: number): BatchLayout {
  const caps = run.experiments.map((experiment) => experimentCap(experiment.concurrency, rows));
  const fineGrained = run.budget !== undefined || run.experiments.some((experiment) => experiment.earlyStopPlugins.length > 0);
  const rounds = roundsOf(run);
  return deriveLayout({
    rows,
    experiments: run.experiments.length,
    maxCallsInFlight: Math.max(1, ...caps),
    fineGrained,
    rounds,
    ...(run.orchestration.batchSize !== undefined ? { batchSize: run.orchestration.batchSize } : {}),
    ...(run.orchestration.maxBatchesInFlight !== undefined ? { maxBatchesInFlight: run.orchestration.maxBatchesInFlight } : {}),
  });
}

/** With a balanced budget, experiments advance in rounds so that a stop leaves them level (docs/budget.md). */
function roundsOf(run: ResolvedRun): boolean {
  return run.budget?.order === 'balanced' && run.experiments.length > 1;
}

function summarize(stored: StoredPlan, run: ResolvedRun, rowChars: number, pairs: (kind: 'earlyStop' | 'row', def: PluginDef) => boolean): RunPlan {
  const layout = stored.layout ?? { ...layoutOf(run, stored.rowCount), batchSize: stored.batchSize };
  return {
    runId: stored.request.runId,
    suite: run.suite,
    baseline: run.baseline,
    rowCount: stored.rowCount,
    batchSize: stored.batchSize,
    batchCount: stored.batchCount,
    maxBatchesInFlight: layout.batchesInFlight,
    maxCallsInFlight: layout.maxCallsInFlight,
    slotsPerBatch: layout.slotsPerBatch,
    ...(roundsOf(run) ? { rounds: true } : {}),
    securityLevel: stored.securityLevel,
    experiments: run.experiments.map((experiment) => {
      const planned: PlannedExperiment = {
        name: experiment.name,
        isBaseline: experiment.name === run.baseline,
        sequential: experiment.concurrency.enabled !== true,
        earlyStop: experiment.earlyStopPlugins.map(({ name, options }) => ({ name, options })),
        calls: Math.max(1, experiment.criteria.length),
        maxCalls: experimentCap(experiment.concurrency, stored.rowCount),
      };
      const paired = experiment.earlyStopPlugins.some((def) => pairs('earlyStop', def)) || experiment.rowPlugins.some((def) => pairs('row', def));
      if (!planned.isBaseline && paired) planned.pairsWithBaseline = true;
      return planned;
    }),
    costEstimate: estimateCost(run, stored.rowCount, rowChars),
    ...(run.budget ? { budget: run.budget } : {}),
  };
}

function chunkRows(rows: readonly Row[], batch: number, batchSize: number): IndexedRow[] {
  const start = batch * batchSize;
  return rows.slice(start, start + batchSize).map((row, offset) => {
    const floats = floatCellsFor(row);
    return floats ? { index: start + offset, row, floats } : { index: start + offset, row };
  });
}

function averageRowChars(rows: readonly Row[]): number {
  const sample = rows.slice(0, 100);
  if (sample.length === 0) return 0;
  return sample.reduce((sum, row) => sum + Object.values(row).reduce<number>((n, value) => n + scalarText(value).length, 0), 0) / sample.length;
}

const range = (count: number) => Array.from({ length: count }, (_, i) => i);
