import type { EarlyStopCheck } from '../plugins/kinds';
import type { EarlyStopReason, ExperimentRecord } from './records';

/** `[rowIndex, value of check 0, value of check 1, ...]`; null where a check saw nothing. */
export type Observation = (number | null)[];

/** Runs in the activity: what each check needs from a successful record. */
export function observeRecord(checks: readonly EarlyStopCheck[], record: ExperimentRecord): Observation | undefined {
  if (checks.length === 0) return undefined;
  const values = checks.map((check) => check.observe(record) ?? null);
  return values.every((value) => value === null) ? undefined : [record.index, ...values];
}

/**
 * Feeds one observation to the checks in list order; the first reason wins (docs/original-behaviour.md §6). Checks
 * that see no value for a row do not count it, as the original's threshold plugin did not.
 */
export function checkObservation(checks: readonly EarlyStopCheck[], observation: Observation, baseline?: Map<number, Observation>): EarlyStopReason | undefined {
  const rowIndex = observation[0]!;
  for (let i = 0; i < checks.length; i++) {
    const value = observation[i + 1];
    if (value === null || value === undefined) continue;
    const baselineValue = baseline?.get(rowIndex)?.[i + 1];
    const meta = baselineValue === null || baselineValue === undefined ? { row_index: rowIndex } : { row_index: rowIndex, baseline_value: baselineValue };
    const reason = checks[i]!.check(value, meta);
    if (reason) return { ...reason, plugin: checks[i]!.name, row_index: rowIndex };
  }
  return undefined;
}

/** Observations in row order until one triggers; what the orchestrator runs between waves. */
export function checkObservations(checks: readonly EarlyStopCheck[], observations: readonly Observation[], baseline?: Map<number, Observation>): EarlyStopReason | undefined {
  const ordered = [...observations].sort((a, b) => a[0]! - b[0]!);
  for (const observation of ordered) {
    const reason = checkObservation(checks, observation, baseline);
    if (reason) return reason;
  }
  return undefined;
}
