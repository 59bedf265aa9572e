import { checkObservations, type Observation } from '../core/engine/earlyStop';
import type { EarlyStopReason } from '../core/engine/records';
import type { EarlyStopCheck } from '../core/plugins/kinds';
import type { BatchResult, EvaluateBatchInput, FailedBatch, PlannedExperiment, RunPlan, RunProgress } from './contracts';

/**
 * The orchestrator's bookkeeping for the evaluation phase, as a pure object: which
 * batches are next, what came back, when an experiment stops. Replays rebuild it from
 * the same results, so it decides the same way every time.
 */
export interface ExperimentState {
  plan: PlannedExperiment;
  checks: EarlyStopCheck[];
  nextBatch: number;
  done: number;
  ok: number;
  failed: number;
  skipped: number;
  cost: Record<string, number>;
  failedBatches: FailedBatch[];
  earlyStop?: EarlyStopReason;
  /** The baseline's observations by row, for checks that pair with it. */
  baseline: Map<number, Observation>;
}

export interface EvaluationState {
  plan: RunPlan;
  experiments: ExperimentState[];
  stopReason?: string;
}

export function createEvaluationState(plan: RunPlan, checksFor: (experiment: PlannedExperiment) => EarlyStopCheck[]): EvaluationState {
  return {
    plan,
    experiments: plan.experiments.map((experiment) => ({
      plan: experiment,
      checks: checksFor(experiment),
      nextBatch: 0,
      done: 0,
      ok: 0,
      failed: 0,
      skipped: 0,
      cost: {},
      failedBatches: [],
      baseline: new Map(),
    })),
  };
}

const isOpen = (state: EvaluationState, experiment: ExperimentState) =>
  !state.stopReason && !experiment.earlyStop && experiment.nextBatch < state.plan.batchCount;

/** The next wave: up to `maxBatchesInFlight` batches, baseline first; sequential experiments give one. */
export function nextWave(state: EvaluationState, runId: string): EvaluateBatchInput[] {
  checkBudget(state);
  const wave: EvaluateBatchInput[] = [];
  const pairedLimit = baselineBatchesDone(state);
  const baseline = state.experiments.find((experiment) => experiment.plan.isBaseline);
  for (const experiment of state.experiments) {
    let room = experiment.plan.sequential ? 1 : state.plan.maxBatchesInFlight - wave.length;
    const limit = experiment.plan.pairsWithBaseline ? pairedLimit : state.plan.batchCount;
    while (room > 0 && wave.length < state.plan.maxBatchesInFlight && isOpen(state, experiment) && experiment.nextBatch < limit) {
      const input = batchInput(experiment, runId);
      // The baseline stopped before this batch: a paired variant's batch must not wait for it.
      if (experiment.plan.pairsWithBaseline && baseline && !isOpen(state, baseline) && baseline.nextBatch <= input.batch) input.baselineAbsent = true;
      wave.push(input);
      experiment.nextBatch++;
      room--;
    }
  }
  shareBudget(state, wave);
  return wave;
}

/** Stops the run once the reported cost reaches the budget. */
function checkBudget(state: EvaluationState): void {
  const budget = state.plan.budget;
  if (!budget || state.stopReason) return;
  const spent = totalCost(state);
  if (spent >= budget.maxCost) stopAll(state, `budget of ${budget.maxCost} ${budget.currency} reached (${spent.toFixed(6)} spent)`);
}

/**
 * Each batch of a wave may spend an equal share of what is left, so a wave cannot overrun
 * the budget by more than the calls already in flight when a share runs out.
 */
function shareBudget(state: EvaluationState, wave: EvaluateBatchInput[]): void {
  const budget = state.plan.budget;
  if (!budget || wave.length === 0) return;
  const share = (budget.maxCost - totalCost(state)) / wave.length;
  for (const input of wave) input.costLimit = share;
}

/**
 * Batches whose baseline results are in (all batches scheduled in earlier waves have
 * finished), or every batch once the baseline will schedule no more: a paired check sees
 * its batch only after the baseline's same rows.
 */
function baselineBatchesDone(state: EvaluationState): number {
  const baseline = state.experiments.find((experiment) => experiment.plan.isBaseline);
  if (!baseline || !isOpen(state, baseline)) return state.plan.batchCount;
  return baseline.nextBatch;
}

function batchInput(experiment: ExperimentState, runId: string): EvaluateBatchInput {
  const input: EvaluateBatchInput = { runId, experiment: experiment.plan.name, batch: experiment.nextBatch };
  const snapshots = experiment.checks.map((check) => check.snapshot?.());
  if (experiment.plan.sequential && experiment.checks.length > 0 && snapshots.every((s) => s !== undefined)) {
    input.earlyStopState = snapshots;
  }
  return input;
}

/** Applies a wave's results in batch order and runs early-stop checks over the observations. */
export function applyResults(state: EvaluationState, results: readonly BatchResult[]): void {
  const ordered = [...results].sort((a, b) => a.batch - b.batch);
  let budgetSpent = false;
  for (const result of ordered) {
    const experiment = find(state, result.experiment);
    experiment.done += result.rows;
    experiment.ok += result.ok;
    experiment.failed += result.failed;
    experiment.skipped += result.skipped;
    addInto(experiment.cost, result.cost);
    for (const observation of result.baselineObservations ?? []) experiment.baseline.set(observation[0]!, observation);
    if (result.budgetStopped) budgetSpent = true;
    if (!experiment.earlyStop && experiment.checks.length > 0) {
      const reason = checkObservations(experiment.checks, result.observations, experiment.baseline);
      if (reason) experiment.earlyStop = reason;
    }
  }
  const budget = state.plan.budget;
  if (budgetSpent && budget && !state.stopReason) {
    stopAll(state, `budget of ${budget.maxCost} ${budget.currency} reached: a batch spent its share (${totalCost(state).toFixed(6)} spent)`);
  }
}

/** A wave whose fan-in failed: its batches are settled later from storage by the aggregate step. */
export function markWaveFailed(state: EvaluationState, wave: readonly EvaluateBatchInput[], error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  for (const input of wave) find(state, input.experiment).failedBatches.push({ batch: input.batch, error: message });
}

export function stopAll(state: EvaluationState, reason: string): void {
  state.stopReason = reason;
}

/** Batches that will never run because the experiment or the run stopped. */
export function unscheduledBatches(state: EvaluationState, experiment: ExperimentState): number[] {
  const out: number[] = [];
  for (let batch = experiment.nextBatch; batch < state.plan.batchCount; batch++) out.push(batch);
  return out;
}

export function totalCost(state: EvaluationState): number {
  return state.experiments.reduce((sum, experiment) => sum + costOf(experiment.cost), 0);
}

export function costOf(cost: Record<string, number>): number {
  return cost.total_cost ?? cost.cost ?? 0;
}

export function progressOf(state: EvaluationState, phase: RunProgress['phase']): RunProgress {
  const experiments: RunProgress['experiments'] = {};
  for (const experiment of state.experiments) {
    const entry: RunProgress['experiments'][string] = { done: experiment.done, total: state.plan.rowCount, failed: experiment.failed };
    if (experiment.earlyStop || state.stopReason) entry.stopped = true;
    experiments[experiment.plan.name] = entry;
  }
  return { phase, experiments, costInUsd: totalCost(state), estimate: state.plan.costEstimate };
}

function find(state: EvaluationState, name: string): ExperimentState {
  const experiment = state.experiments.find((candidate) => candidate.plan.name === name);
  if (!experiment) throw new Error(`Batch result for unknown experiment '${name}'`);
  return experiment;
}

/** Sums numeric fields; counts and costs from batches are additive. */
export function addInto(target: Record<string, number>, source: Record<string, number>): void {
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === 'number' && Number.isFinite(value)) target[key] = (target[key] ?? 0) + value;
  }
}
