import type { Observation } from '../../core/engine/earlyStop';
import type { EarlyStopReason } from '../../core/engine/records';
import type { EarlyStopCheck } from '../../core/plugins/kinds';
import type { BatchResult, EvaluateBatchInput, FailedBatch, PlannedExperiment, RunPlan } from '../contracts';

/**
 * The orchestrator's bookkeeping for the evaluation phase, as a pure object (docs/orchestration.md):
 * which batch goes next and with how many call slots and how much budget, what came back,
 * when an experiment or the run stops. Replays rebuild it from the same results, so it
 * decides the same way every time; `carry` and `restore` move it across `continueAsNew`.
 */
export interface ExperimentTrack {
  plan: PlannedExperiment;
  checks: EarlyStopCheck[];
  /** The next chunk to schedule; chunks are scheduled in order, so those below were. */
  scheduled: number;
  inFlight: number;
  /** Chunks whose results are applied, in order (observations are checked in row order). */
  applied: number;
  /** Results that came back ahead of an earlier chunk; `null` for a batch that failed. */
  waiting: Map<number, BatchResult | null>;
  done: number;
  ok: number;
  failed: number;
  skipped: number;
  cost: Record<string, number>;
  failedBatches: FailedBatch[];
  earlyStop?: EarlyStopReason;
  /** The baseline's observations of rows not yet checked, for checks that pair with it. */
  baseline: Map<number, Observation>;
}

export interface InFlightBatch {
  input: EvaluateBatchInput;
}

export interface RunSchedule {
  plan: RunPlan;
  experiments: ExperimentTrack[];
  inFlight: InFlightBatch[];
  /** Cost reported by finished batches. */
  spent: number;
  stopReason?: string;
  /** Batches finished since this execution started (for continueAsNew). */
  finishedThisExecution: number;
}

export function createSchedule(plan: RunPlan, checksFor: (experiment: PlannedExperiment) => EarlyStopCheck[]): RunSchedule {
  return {
    plan,
    experiments: plan.experiments.map((experiment) => newTrack(experiment, checksFor(experiment))),
    inFlight: [],
    spent: 0,
    finishedThisExecution: 0,
  };
}

export function newTrack(plan: PlannedExperiment, checks: EarlyStopCheck[]): ExperimentTrack {
  return { plan, checks, scheduled: 0, inFlight: 0, applied: 0, waiting: new Map(), done: 0, ok: 0, failed: 0, skipped: 0, cost: {}, failedBatches: [], baseline: new Map() };
}

export function trackOf(schedule: RunSchedule, name: string): ExperimentTrack {
  const track = schedule.experiments.find((candidate) => candidate.plan.name === name);
  if (!track) throw new Error(`Batch result for unknown experiment '${name}'`);
  return track;
}

/** Whether an experiment may still schedule batches. */
export function isOpen(schedule: RunSchedule, track: ExperimentTrack): boolean {
  return !schedule.stopReason && !track.earlyStop && track.scheduled < schedule.plan.batchCount;
}

export function slotsInUse(schedule: RunSchedule): number {
  return schedule.inFlight.reduce((sum, batch) => sum + batch.input.slots, 0);
}

/** Chunks that will never run because the experiment or the run stopped. */
export function unscheduledBatches(schedule: RunSchedule, track: ExperimentTrack): number[] {
  const out: number[] = [];
  for (let batch = track.scheduled; batch < schedule.plan.batchCount; batch++) out.push(batch);
  return out;
}

export function totalCost(schedule: RunSchedule): number {
  return schedule.experiments.reduce((sum, track) => sum + costOf(track.cost), 0);
}

export function costOf(cost: Record<string, number>): number {
  return cost.total_cost ?? cost.cost ?? 0;
}

/** Sums numeric fields; counts and costs from batches are additive. */
export function addInto(target: Record<string, number>, source: Record<string, number>): void {
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === 'number' && Number.isFinite(value)) target[key] = (target[key] ?? 0) + value;
  }
}
