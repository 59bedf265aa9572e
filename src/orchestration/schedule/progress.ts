import type { AggregateInput, RunProgress } from '../contracts';
import { totalCost, unscheduledBatches, type RunSchedule } from './runSchedule';

export function progressOf(schedule: RunSchedule, phase: RunProgress['phase']): RunProgress {
  const experiments: RunProgress['experiments'] = {};
  for (const track of schedule.experiments) {
    const entry: RunProgress['experiments'][string] = { done: track.done, total: schedule.plan.rowCount, failed: track.failed };
    if (track.earlyStop || schedule.stopReason) entry.stopped = true;
    experiments[track.plan.name] = entry;
  }
  return { phase, experiments, costInUsd: totalCost(schedule), estimate: schedule.plan.costEstimate };
}

export function aggregateInput(schedule: RunSchedule, name: string): AggregateInput {
  const track = schedule.experiments.find((candidate) => candidate.plan.name === name)!;
  const input: AggregateInput = {
    runId: schedule.plan.runId,
    experiment: name,
    cost: track.cost,
    failedBatches: track.failedBatches,
    unscheduledBatches: unscheduledBatches(schedule, track),
  };
  if (track.earlyStop) input.earlyStop = track.earlyStop;
  return input;
}
