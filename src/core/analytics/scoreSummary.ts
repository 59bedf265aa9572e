import type { ExperimentRecord } from '../engine/records';
import { maximum, mean, medianSorted, minimum, sortedCopy, std } from '../stats/descriptive';
import { CELL_MISSING, presentValues, scoreTable } from './scoreTable';

/** One criterion's (or the pooled) summary, with `score_stats`' keys (docs/original-behaviour.md §3.2). */
export interface ScoreSummary {
  count: number;
  missing: number;
  mean?: number;
  median?: number;
  min?: number;
  max?: number;
  std?: number;
  pass_rate?: number;
  passes?: number;
  /** Values that carry a pass/fail flag: 0 means no threshold was set, so `pass_rate` says nothing (reports show n/a). */
  flagged: number;
}

export interface ScoreTally {
  values: number[];
  missing: number;
  passes: number;
  flagged: number;
}

export interface ScoreStatsOptions {
  sourceField: string;
  flagField: string;
  ddof: number;
}

export interface ScoreStatsResult {
  criteria: Record<string, ScoreSummary>;
  overall: ScoreSummary;
}

/** Values, missing counts and passes per criterion; criteria seen in scores or flags. */
export function tallyScores(records: readonly ExperimentRecord[], options: ScoreStatsOptions): Map<string, ScoreTally> {
  const table = scoreTable(records, options.sourceField, options.flagField);
  const tallies = new Map<string, ScoreTally>();
  for (const criterion of table.order) {
    const column = table.scores.get(criterion);
    const flags = table.flags.get(criterion);
    let missing = 0;
    let passes = 0;
    let flagged = 0;
    if (column) for (let i = 0; i < table.size; i++) if (column.state[i] === CELL_MISSING) missing++;
    if (flags) {
      for (let i = 0; i < table.size; i++) {
        if (flags[i] === 1) passes++;
        if (flags[i] !== -1) flagged++;
      }
    }
    tallies.set(criterion, { values: column ? presentValues(column) : [], missing, passes, flagged });
  }
  return tallies;
}

export function summarise(tally: ScoreTally, ddof: number): ScoreSummary {
  const count = tally.values.length;
  const summary: Omit<ScoreSummary, 'flagged'> = { count, missing: tally.missing };
  if (count > 0) {
    const sorted = sortedCopy(tally.values);
    summary.mean = mean(tally.values);
    summary.median = medianSorted(sorted);
    summary.min = minimum(sorted);
    summary.max = maximum(sorted);
    summary.std = count === 1 ? 0 : std(tally.values, ddof);
  }
  const total = count + tally.missing;
  if (total > 0) {
    summary.pass_rate = tally.passes / total;
    summary.passes = tally.passes;
  }
  return { ...summary, flagged: tally.flagged };
}

const statsCache = new WeakMap<readonly ExperimentRecord[], Map<string, { length: number; result: ScoreStatsResult }>>();

function copyResult(result: ScoreStatsResult): ScoreStatsResult {
  return { criteria: Object.fromEntries(Object.entries(result.criteria).map(([k, v]) => [k, { ...v }])), overall: { ...result.overall } };
}

/** `score_stats`' computation, also used inside `score_recommendation` (computed once per records and options; each caller gets its own copy). */
export function computeScoreStats(records: readonly ExperimentRecord[], options: ScoreStatsOptions): ScoreStatsResult {
  const key = `${options.sourceField}\u0000${options.flagField}\u0000${options.ddof}`;
  const byKey = statsCache.get(records) ?? new Map<string, { length: number; result: ScoreStatsResult }>();
  statsCache.set(records, byKey);
  const cached = byKey.get(key);
  if (cached && cached.length === records.length) return copyResult(cached.result);
  const result = computeScoreStatsOnce(records, options);
  byKey.set(key, { length: records.length, result });
  return copyResult(result);
}

function computeScoreStatsOnce(records: readonly ExperimentRecord[], options: ScoreStatsOptions): ScoreStatsResult {
  const tallies = tallyScores(records, options);
  const pooled: ScoreTally = { values: [], missing: 0, passes: 0, flagged: 0 };
  const criteria: Record<string, ScoreSummary> = {};
  for (const [criterion, tally] of tallies) {
    criteria[criterion] = summarise(tally, options.ddof);
    for (const value of tally.values) pooled.values.push(value);
    pooled.missing += tally.missing;
    pooled.passes += tally.passes;
    pooled.flagged += tally.flagged;
  }
  return { criteria, overall: summarise(pooled, options.ddof) };
}
