import type { CriterionKind } from '../../core/analytics/criterionKinds';
import type { ScoredCriterion } from './scoreOutput';

/** Most criteria one custom scorer may return for a row. */
export const MAX_CUSTOM_CRITERIA = 100;

const CRITERION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/**
 * A name a scorer may give a criterion: it becomes a key of `metrics.scores` and a report
 * column, so it must be a plain name, and not one plain objects already answer to
 * (`__proto__`, `constructor`, `toString`) which would read as a score that is not there.
 */
export function isCriterionName(name: string): boolean {
  return CRITERION_NAME.test(name) && !(name in Object.prototype);
}

export interface ScorerResultOptions {
  /** The name of a bare number's score, and where problems with the whole result are flagged. */
  criterion: string;
  kind?: CriterionKind;
}

/**
 * Turns what a custom scorer returned into scored criteria. A finite number (or a boolean,
 * as 1/0) is a score; any other value leaves that criterion's score missing with the flag
 * `not_a_number`; a result that is not a number or an object of them, names that cannot be
 * criteria, or too many names are flagged under the plugin's own criterion.
 */
export function scoredFromResult(result: unknown, options: ScorerResultOptions): ScoredCriterion[] {
  if (typeof result === 'number' || typeof result === 'boolean') return [scoreOf(options.criterion, result, options.kind)];
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return [problem(options, 'invalid_result', { problem: `the scorer returned ${describe(result)}, not a number or an object of numbers` })];
  }
  const names = Object.keys(result);
  if (names.length > MAX_CUSTOM_CRITERIA) return [problem(options, 'invalid_result', { problem: `the scorer returned ${names.length} scores; at most ${MAX_CUSTOM_CRITERIA}` })];
  const refused = names.filter((name) => !isCriterionName(name));
  const entries = names.filter(isCriterionName).map((name) => scoreOf(name, (result as Record<string, unknown>)[name], options.kind));
  if (refused.length === 0) return entries;
  const details = { refused: refused.slice(0, 10), problem: 'criterion names are letters, digits, _ . - (at most 100), and not names of Object.prototype' };
  const own = entries.find((entry) => entry.criterion === options.criterion);
  if (!own) return [...entries, problem(options, 'invalid_criterion_name', details)];
  return entries.map((entry) => (entry === own ? { ...entry, flag: 'invalid_criterion_name', details } : entry));
}

function scoreOf(criterion: string, value: unknown, kind: CriterionKind | undefined): ScoredCriterion {
  const base = { criterion, ...(kind !== undefined ? { kind } : {}) };
  if (typeof value === 'boolean') return { ...base, score: value ? 1 : 0, pass: value };
  if (typeof value === 'number' && Number.isFinite(value)) return { ...base, score: value };
  return { ...base, score: Number.NaN, flag: 'not_a_number', details: { problem: `the scorer returned ${describe(value)} for '${criterion}'` } };
}

/** A missing score for the plugin's criterion, with why. */
export function problem(options: ScorerResultOptions, flag: string, details: Record<string, unknown>): ScoredCriterion {
  return { criterion: options.criterion, ...(options.kind !== undefined ? { kind: options.kind } : {}), score: Number.NaN, flag, details };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `a string (${JSON.stringify(value.slice(0, 40))})`;
  if (value === undefined) return 'undefined';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
