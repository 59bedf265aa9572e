import type { CriterionKind } from '../../core/analytics/criterionKinds';

/**
 * The record fields every scorer writes (docs/scoring.md): the score, its kind, an optional
 * pass/fail flag, the scorer's details, and the reason when the answer could not be scored
 * as asked (the score is then 0, or missing when the row itself has nothing to compare).
 */
export const SCORING_FLAGS_FIELD = 'scoring_flags';
export const SCORE_KINDS_FIELD = 'score_kinds';

export interface ScoredCriterion {
  criterion: string;
  /** NaN for "cannot be scored" (stored as null: a missing score). */
  score: number;
  /** Written to `score_kinds`; absent: inferred from the values (custom scorers without `kind`). */
  kind?: CriterionKind;
  /** Written to the flag field (`score_flags`) when defined. */
  pass?: boolean;
  /** Why the row was scored 0 or not at all, e.g. `no_json`, `expected_missing`. */
  flag?: string;
  details?: Record<string, unknown>;
}

export function scoredOutput(entries: readonly ScoredCriterion[], fields: { flagField: string; detailsField: string }): Record<string, unknown> {
  const scores: Record<string, number> = {};
  const kinds: Record<string, CriterionKind> = {};
  const passes: Record<string, boolean> = {};
  const flags: Record<string, string> = {};
  const details: Record<string, Record<string, unknown>> = {};
  for (const entry of entries) {
    scores[entry.criterion] = entry.score;
    if (entry.kind !== undefined) kinds[entry.criterion] = entry.kind;
    if (entry.pass !== undefined) passes[entry.criterion] = entry.pass;
    if (entry.flag !== undefined) flags[entry.criterion] = entry.flag;
    if (entry.details !== undefined) details[entry.criterion] = entry.details;
  }
  const output: Record<string, unknown> = { scores };
  if (Object.keys(kinds).length > 0) output[SCORE_KINDS_FIELD] = kinds;
  if (Object.keys(passes).length > 0) output[fields.flagField] = passes;
  if (Object.keys(flags).length > 0) output[SCORING_FLAGS_FIELD] = flags;
  if (Object.keys(details).length > 0) output[fields.detailsField] = details;
  return output;
}
