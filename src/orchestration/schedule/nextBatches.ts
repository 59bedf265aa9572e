import type { EvaluateBatchInput } from '../contracts';
import { isOpen, slotsInUse, type ExperimentTrack, type RunSchedule } from './runSchedule';

/**
 * The batches to start now: while a lane and a call slot are free, the next batch in
 * row-major order (the same rows for the baseline and every variant before the run moves
 * on), or experiment by experiment when the budget asks for `in_order`. Each batch gets
 * the slots that are free up to `slotsPerBatch`, so the batches in flight never hold more
 * than the run-wide cap (docs/concurrency.md). The budget is kept by the batches themselves,
 * which draw on the run's pool; the first that finds it spent stops the scheduling.
 */
export function startBatches(schedule: RunSchedule): EvaluateBatchInput[] {
  const { plan } = schedule;
  const started: EvaluateBatchInput[] = [];
  while (!schedule.stopReason && schedule.inFlight.length < plan.maxBatchesInFlight) {
    const free = plan.maxCallsInFlight - slotsInUse(schedule);
    const track = free >= 1 ? pickNext(schedule) : undefined;
    if (!track) break;
    const slots = Math.max(1, Math.min(plan.slotsPerBatch, free, track.plan.maxCalls));
    const input = batchInput(schedule, track, slots);
    schedule.inFlight.push({ input });
    track.scheduled++;
    track.inFlight++;
    started.push(input);
  }
  return started;
}

export function budgetStopMessage(schedule: RunSchedule): string {
  const budget = schedule.plan.budget!;
  return `budget of ${budget.maxCost} ${budget.currency} reached (${schedule.spent.toFixed(6)} spent)`;
}

function pickNext(schedule: RunSchedule): ExperimentTrack | undefined {
  const open = schedule.experiments.filter((track) => isOpen(schedule, track));
  if (open.length === 0) return undefined;
  const inOrder = schedule.plan.budget?.order === 'in_order';
  // A blocked experiment (waiting for the baseline's rows) lets the others run ahead, but
  // only so far: a stop then still finds every experiment within a batch or two.
  const frontier = Math.min(...open.map((track) => track.scheduled));
  const lookahead = Math.max(1, Math.ceil(schedule.plan.maxBatchesInFlight / open.length));
  // With a balanced budget, rounds: chunk k starts once every open experiment finished k − 1.
  const level = schedule.plan.rounds ? Math.min(...open.map(finishedChunks)) : Number.POSITIVE_INFINITY;
  const eligible = open.filter((track) => canSchedule(schedule, track) && track.scheduled <= level && (inOrder || track.scheduled <= frontier + lookahead));
  const rank = (track: ExperimentTrack) => (inOrder ? [schedule.experiments.indexOf(track), track.scheduled] : [track.scheduled, schedule.experiments.indexOf(track)]);
  return eligible.sort((a, b) => compareRanks(rank(a), rank(b)))[0];
}

const finishedChunks = (track: ExperimentTrack) => track.applied + track.waiting.size;

function canSchedule(schedule: RunSchedule, track: ExperimentTrack): boolean {
  // Without concurrency an experiment runs one row at a time, its early stop inline.
  if (track.plan.sequential && track.inFlight > 0) return false;
  if (!track.plan.pairsWithBaseline) return true;
  // A paired check sees batch k only once the baseline's batch k is back...
  const baseline = schedule.experiments.find((candidate) => candidate.plan.isBaseline);
  const chunk = track.scheduled;
  if (!baseline || chunk < baseline.applied || baseline.waiting.has(chunk)) return true;
  // ...or once the baseline will never evaluate it.
  return !isOpen(schedule, baseline) && chunk >= baseline.scheduled;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function batchInput(schedule: RunSchedule, track: ExperimentTrack, slots: number): EvaluateBatchInput {
  const input: EvaluateBatchInput = { runId: schedule.plan.runId, experiment: track.plan.name, batch: track.scheduled, slots };
  // The baseline stopped before this chunk: a paired variant's row plugins must not wait for it.
  const baseline = schedule.experiments.find((candidate) => candidate.plan.isBaseline);
  if (track.plan.pairsWithBaseline && baseline && !isOpen(schedule, baseline) && baseline.scheduled <= input.batch) input.baselineAbsent = true;
  const snapshots = track.checks.map((check) => check.snapshot?.());
  if (track.plan.sequential && track.checks.length > 0 && snapshots.every((s) => s !== undefined)) input.earlyStopState = snapshots;
  return input;
}
