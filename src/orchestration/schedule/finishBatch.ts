import { checkObservations } from '../../core/engine/earlyStop';
import type { BatchResult, EvaluateBatchInput } from '../contracts';
import { budgetStopMessage } from './nextBatches';
import { addInto, costOf, trackOf, type ExperimentTrack, type RunSchedule } from './runSchedule';

/** A batch came back: count it now, check its observations once every earlier batch is in. */
export function batchFinished(schedule: RunSchedule, input: EvaluateBatchInput, result: BatchResult): void {
  const track = leaveFlight(schedule, input);
  track.done += result.rows;
  track.ok += result.ok;
  track.failed += result.failed;
  track.skipped += result.skipped;
  schedule.spent += costOf(result.cost);
  for (const observation of result.baselineObservations ?? []) track.baseline.set(observation[0]!, observation);
  // A batch cut short by its share means the budget is nearly spent: start nothing more,
  // so every experiment stops within a batch of the others.
  if (result.budgetStopped && !schedule.stopReason) schedule.stopReason = budgetStopMessage(schedule);
  track.waiting.set(input.batch, result);
  applyInOrder(schedule, track);
}

/**
 * A batch whose activity failed for good (after the runtime's retries). Only that batch
 * is lost: the aggregate step writes its rows as failure records; the rest of the run
 * goes on.
 */
export function batchFailed(schedule: RunSchedule, input: EvaluateBatchInput, error: string): void {
  const track = leaveFlight(schedule, input);
  track.failedBatches.push({ batch: input.batch, error });
  const { batchSize, rowCount } = schedule.plan;
  const rows = Math.max(0, Math.min(batchSize, rowCount - input.batch * batchSize));
  track.done += rows;
  track.failed += rows;
  track.waiting.set(input.batch, null);
  applyInOrder(schedule, track);
}

function leaveFlight(schedule: RunSchedule, input: EvaluateBatchInput): ExperimentTrack {
  const at = schedule.inFlight.findIndex((batch) => batch.input.experiment === input.experiment && batch.input.batch === input.batch);
  if (at >= 0) schedule.inFlight.splice(at, 1);
  schedule.finishedThisExecution++;
  const track = trackOf(schedule, input.experiment);
  track.inFlight--;
  return track;
}

/** Early-stop checks see rows in order, whatever order batches finish in (replays agree). */
function applyInOrder(schedule: RunSchedule, track: ExperimentTrack): void {
  while (track.waiting.has(track.applied)) {
    const chunk = track.applied;
    const result = track.waiting.get(chunk);
    track.waiting.delete(chunk);
    // Costs are summed in batch order, so totals do not depend on which batch finished first.
    if (result) addInto(track.cost, result.cost);
    if (result && !track.earlyStop && track.checks.length > 0) {
      const reason = checkObservations(track.checks, result.observations, track.baseline);
      if (reason) track.earlyStop = reason;
    }
    forgetBaselineRows(track, chunk * schedule.plan.batchSize, (chunk + 1) * schedule.plan.batchSize);
    track.applied++;
  }
}

function forgetBaselineRows(track: ExperimentTrack, from: number, to: number): void {
  for (const row of track.baseline.keys()) if (row >= from && row < to) track.baseline.delete(row);
}
