import { evaluateBatch, type BatchOutcome } from '../../core/engine/evaluateBatch';
import { attachFloatCells } from '../../core/data/pandasCells';
import { createBudgetLedger, type BudgetLedger } from '../../core/llm/budgetLedger';
import { createCallSlots } from '../../core/llm/callSlots';
import { observeRecord, type Observation } from '../../core/engine/earlyStop';
import type { RowOutcome } from '../../core/engine/records';
import { hasErrorCode } from '../../core/errors';
import type { CostTracker, EarlyStopCheck } from '../../core/plugins/kinds';
import type { BatchResult, EvaluateBatchInput } from '../contracts';
import { getJsonLinesOf, putJsonLines } from '../jsonBlobs';
import { STORED, type BatchLine, type BatchTrailer } from '../storedFormats';
import { getExperimentRuntime, type ExperimentRuntime } from '../runtime/experimentRuntime';
import type { RunServices } from '../services';
import { paths } from '../storagePaths';
import { toStoredOutcome } from '../runtime/storedRecords';
import { openBatchCheckpoint } from '../runtime/batchCheckpoint';
import { createBaselineRows } from '../runtime/baselineRows';
import type { BaselineOutcomeReader } from '../../core/engine/rowScoring';
import { createBudgetPool } from '../runtime/budgetPool';

/**
 * Evaluates one batch of one experiment and writes its records (failures included) to
 * `runs/<run>/<experiment>/batches/<n>.jsonl`. The blob is written once (conditional
 * create): a retried or duplicated activity finds it and returns the same result without
 * calling the model again. Returns counts and early-stop observations only.
 */
export async function evaluateBatchActivity(input: EvaluateBatchInput, services: RunServices): Promise<BatchResult> {
  const name = paths.batch(input.runId, input.experiment, input.batch);
  const existing = await getJsonLinesOf(services.blobs, name, STORED.batchLine);
  const runtime = await getExperimentRuntime(services, input.runId, input.experiment);
  const baseline = await baselineObservations(services, input, runtime);
  if (existing) return summarizeBatch(input, existing, runtime, baseline);
  const rows = (await getJsonLinesOf(services.blobs, paths.inputChunk(input.runId, input.batch), STORED.inputRow)) ?? [];
  for (const { row, floats } of rows) attachFloatCells(row, floats);
  const costTracker = runtime.createCostTracker();
  const checks = runtime.createChecks();
  const stopInline = restoreChecks(checks, input.earlyStopState);
  const checkpoint = await openBatchCheckpoint(services.blobs, input, { logger: services.logger });
  if (checkpoint.restored > 0) services.logger.info('[batch] resuming from checkpoint', { runId: input.runId, experiment: input.experiment, batch: input.batch, answers: checkpoint.restored });
  const slots = createCallSlots(input.slots);
  const ledger = budgetLedgerFor(services, runtime, input);
  const sharedCache = runtime.openSharedCache();
  const caller = runtime.callerFor({ costTracker, cache: checkpoint, slots, ...(ledger ? { ledger } : {}), ...(sharedCache ? { sharedCache } : {}) });
  const evaluator = { ...runtime.evaluatorFor(caller), ...baselineReader(services, input, runtime) };
  const raw = await evaluateBatch(evaluator, rows, {
    concurrency: runtime.experiment.concurrency,
    workers: slots.size,
    clock: services.clock,
    earlyStop: checks,
    stopInline,
    ...(ledger ? { shouldStop: budgetGate(ledger) } : {}),
    ...(baseline ? { baseline: new Map(baseline.map((observation) => [observation[0]!, observation])) } : {}),
    ...(runtime.rateLimiter ? { rateLimiter: runtime.rateLimiter } : {}),
  });
  await ledger?.close();
  await sharedCache?.flush();
  const outcome = ledger ? budgetCutRowsSkipped(raw) : raw;
  // Cache hits and what they saved ride with the cost fields, summed like them into the reports.
  const trailer: BatchTrailer = { status: 'batch', skipped: outcome.skipped, cost: { ...numericCost(costTracker), ...sharedCache?.summary() } };
  if (outcome.stopped || ledger?.exhausted) trailer.budgetStopped = true;
  if (outcome.earlyStop) trailer.earlyStop = outcome.earlyStop;
  const lines: BatchLine[] = [...outcome.outcomes.map(toStoredOutcome), trailer];
  await checkpoint.close();
  try {
    await putJsonLines(services.blobs, name, lines, true);
    await checkpoint.discard();
  } catch (error) {
    if (!hasErrorCode(error, 'STORAGE_FAILED')) throw error;
    // Another attempt (or the aggregate step, settling a failed wave) wrote it first: theirs stands.
    const winner = await getJsonLinesOf(services.blobs, name, STORED.batchLine);
    if (!winner) throw error;
    return summarizeBatch(input, winner, runtime, baseline);
  }
  return summarizeBatch(input, lines, runtime, baseline);
}

/**
 * For checks that compare with the baseline row by row: the baseline's records of this
 * batch, observed by this experiment's checks. The orchestrator schedules batch k of such
 * a variant only after the baseline's batch k, so the file is there when it exists at all.
 */
async function baselineObservations(services: RunServices, input: EvaluateBatchInput, runtime: ExperimentRuntime): Promise<Observation[] | undefined> {
  const baselineName = runtime.plan.run.baseline;
  if (input.experiment === baselineName) return undefined;
  const checks = runtime.createChecks();
  if (!checks.some((check) => check.pairsWithBaseline)) return undefined;
  const lines = (await getJsonLinesOf(services.blobs, paths.batch(input.runId, baselineName, input.batch), STORED.batchLine)) ?? [];
  return observeAll(checks, lines);
}

function observeAll(checks: EarlyStopCheck[], lines: BatchLine[]): Observation[] {
  const observations: Observation[] = [];
  for (const line of lines) {
    const observation = line.status === 'ok' ? observeRecord(checks, line) : undefined;
    if (observation) observations.push(observation);
  }
  return observations;
}

/** Variants' row plugins may read the baseline's outcome of the same row (pairwise judges). */
function baselineReader(services: RunServices, input: EvaluateBatchInput, runtime: ExperimentRuntime): { baselineOutcome?: BaselineOutcomeReader } {
  const baseline = runtime.plan.run.baseline;
  if (input.experiment === baseline) return {};
  const options = { blobs: services.blobs, clock: services.clock, logger: services.logger, runId: input.runId, baseline, batch: input.batch };
  return { baselineOutcome: createBaselineRows(input.baselineAbsent ? { ...options, absent: true } : options) };
}

/** Sequential batches continue the orchestrator's early-stop state and may stop mid-way. */
function restoreChecks(checks: EarlyStopCheck[], state: unknown[] | undefined): boolean {
  if (!state || state.length !== checks.length || checks.some((check) => !check.restore)) return false;
  checks.forEach((check, i) => check.restore!(state[i]));
  return true;
}

function summarizeBatch(input: EvaluateBatchInput, lines: BatchLine[], runtime: ExperimentRuntime, baseline: Observation[] | undefined): BatchResult {
  const outcomes = lines.filter((line): line is RowOutcome => line.status !== 'batch');
  const trailer = lines.find((line): line is BatchTrailer => line.status === 'batch');
  const observations = observeAll(runtime.createChecks(), lines);
  const result: BatchResult = {
    experiment: input.experiment,
    batch: input.batch,
    rows: outcomes.length + (trailer?.skipped.length ?? 0),
    ok: outcomes.filter((o) => o.status === 'ok').length,
    failed: outcomes.filter((o) => o.status === 'error').length,
    skipped: trailer?.skipped.length ?? 0,
    cost: trailer?.cost ?? {},
    observations,
  };
  if (trailer?.earlyStop) result.earlyStop = trailer.earlyStop;
  if (trailer?.budgetStopped) result.budgetStopped = true;
  if (baseline && baseline.length > 0) result.baselineObservations = baseline;
  return result;
}

/**
 * With a run budget, the batch draws credit from the run's pool a few worst-case attempts
 * at a time (docs/budget.md).
 */
function budgetLedgerFor(services: RunServices, runtime: ExperimentRuntime, input: EvaluateBatchInput): BudgetLedger | undefined {
  const budget = runtime.plan.run.budget;
  if (!budget) return undefined;
  const source = createBudgetPool(services.blobs, input.runId, budget.maxCost);
  return createBudgetLedger({ source, clock: services.clock, blockAttempts: input.slots });
}

/** Starts no row once a call found the budget spent. */
function budgetGate(ledger: BudgetLedger) {
  return (): boolean => ledger.exhausted;
}

/**
 * A row whose call could not reserve its worst case was stopped by the budget, not failed
 * by the model: it is skipped, like the rows never started. What its earlier calls cost
 * stays in the batch's cost (docs/budget.md).
 */
function budgetCutRowsSkipped(outcome: BatchOutcome): BatchOutcome {
  const unstarted = outcome.outcomes.filter((o) => o.status === 'error' && o.error_code === 'BUDGET_EXCEEDED');
  if (unstarted.length === 0) return outcome;
  const indexes = new Set(unstarted.map((o) => o.index));
  return {
    ...outcome,
    outcomes: outcome.outcomes.filter((o) => !indexes.has(o.index)),
    skipped: [...outcome.skipped, ...indexes].sort((a, b) => a - b),
    stopped: true,
  };
}

function numericCost(tracker: CostTracker | undefined): Record<string, number> {
  const summary = tracker?.summary() ?? {};
  return Object.fromEntries(Object.entries(summary).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1])));
}
