import type { EarlyStopReason } from '../../core/engine/records';
import type { EarlyStopCheck } from '../../core/plugins/kinds';
import type { FailedBatch, PlannedExperiment, RunPlan } from '../contracts';
import { newTrack, type RunSchedule } from './runSchedule';

/**
 * What one execution of the orchestrator hands the next through `continueAsNew`, so that
 * history (and the cost of replaying it) stays bounded however long the run
 * (docs/orchestration.md). It is taken between batches, when none is in flight.
 */
export interface CarriedSchedule {
  plan: RunPlan;
  spent: number;
  stopReason?: string;
  experiments: CarriedExperiment[];
}

interface CarriedExperiment {
  name: string;
  scheduled: number;
  done: number;
  ok: number;
  failed: number;
  skipped: number;
  cost: Record<string, number>;
  failedBatches: FailedBatch[];
  earlyStop?: EarlyStopReason;
  checks: unknown[];
}

/** Only checks that can snapshot their state can cross an execution boundary. */
export function canCarry(schedule: RunSchedule): boolean {
  return schedule.experiments.every((track) => track.checks.every((check) => typeof check.snapshot === 'function' && typeof check.restore === 'function'));
}

export function carry(schedule: RunSchedule): CarriedSchedule {
  if (schedule.inFlight.length > 0) throw new Error('A schedule is carried only between batches');
  const carried: CarriedSchedule = {
    plan: schedule.plan,
    spent: schedule.spent,
    experiments: schedule.experiments.map((track) => {
      const experiment: CarriedExperiment = {
        name: track.plan.name,
        scheduled: track.scheduled,
        done: track.done,
        ok: track.ok,
        failed: track.failed,
        skipped: track.skipped,
        cost: track.cost,
        failedBatches: track.failedBatches,
        checks: track.checks.map((check) => check.snapshot!()),
      };
      if (track.earlyStop) experiment.earlyStop = track.earlyStop;
      return experiment;
    }),
  };
  if (schedule.stopReason) carried.stopReason = schedule.stopReason;
  return carried;
}

export function restore(input: CarriedSchedule, checksFor: (experiment: PlannedExperiment) => EarlyStopCheck[]): RunSchedule {
  // Every replay restores from the same input: never mutate it.
  const carried = structuredClone(input);
  const schedule: RunSchedule = {
    plan: carried.plan,
    experiments: carried.plan.experiments.map((planned) => {
      const saved = carried.experiments.find((experiment) => experiment.name === planned.name)!;
      const track = newTrack(planned, checksFor(planned));
      track.checks.forEach((check, i) => check.restore!(saved.checks[i]));
      Object.assign(track, {
        scheduled: saved.scheduled,
        applied: saved.scheduled,
        done: saved.done,
        ok: saved.ok,
        failed: saved.failed,
        skipped: saved.skipped,
        cost: saved.cost,
        failedBatches: saved.failedBatches,
      });
      if (saved.earlyStop) track.earlyStop = saved.earlyStop;
      return track;
    }),
    inFlight: [],
    spent: carried.spent,
    finishedThisExecution: 0,
  };
  if (carried.stopReason) schedule.stopReason = carried.stopReason;
  return schedule;
}
