import { RE2JS } from 're2js';
import { normalizeText, parseLabelSet, parseNumberAnswer, textOf } from '../../core/analytics/answers';

export const GOLD_MODES = ['exact', 'normalized', 'contains', 'regex', 'one_of', 'json_field', 'numeric', 'set_overlap'] as const;
export type GoldMode = (typeof GOLD_MODES)[number];

/** How one answer compares with one expected value. */
export type GoldComparison =
  | { score: number; predicted: unknown; flag?: string; details?: Record<string, unknown> }
  /** The expected value itself cannot be used (a bad pattern, not a number): the row gets no score. */
  | { invalidExpected: string };

export interface GoldModeOptions {
  separator: string;
  tolerance: number;
  overlapMetric: 'jaccard' | 'f1';
}

type ModeScorer = (answer: unknown, expected: unknown, options: GoldModeOptions) => GoldComparison;

/** Longest pattern a dataset cell may hold for `regex` mode (RE2 matches in linear time; this bounds compile cost). */
export const MAX_PATTERN_LENGTH = 2000;
/** A wrong answer's text kept in the record as `predicted`, at most this long. */
const MAX_PREDICTED_CHARS = 200;

const binary = (match: boolean, expected: unknown, answerText: string): GoldComparison => ({
  score: match ? 1 : 0,
  predicted: match ? textOf(expected).trim() : clip(answerText),
});

const clip = (text: string) => (text.length > MAX_PREDICTED_CHARS ? `${text.slice(0, MAX_PREDICTED_CHARS)}…` : text);

/** Whole-word containment on normalised text: "bill" is not found in "billing". */
function containsWords(answer: string, expected: string): boolean {
  const needle = normalizeText(expected);
  return needle !== '' && ` ${normalizeText(answer)} `.includes(` ${needle} `);
}

const patterns = new Map<string, RE2JS | string>();

/** RE2 (linear-time) patterns from dataset cells, compiled once each (a bounded cache). */
function compilePattern(source: string): RE2JS | string {
  const cached = patterns.get(source);
  if (cached !== undefined) return cached;
  let compiled: RE2JS | string;
  if (source.length > MAX_PATTERN_LENGTH) compiled = `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  else {
    try {
      compiled = RE2JS.compile(source);
    } catch (error) {
      compiled = error instanceof Error ? error.message : String(error);
    }
  }
  if (patterns.size >= 1000) patterns.delete(patterns.keys().next().value!);
  patterns.set(source, compiled);
  return compiled;
}

function overlap(answer: unknown, expected: unknown, options: GoldModeOptions): GoldComparison {
  const truth = parseLabelSet(expected, options.separator);
  const predicted = parseLabelSet(answer, options.separator);
  const shared = predicted.filter((label) => truth.includes(label)).length;
  const union = truth.length + predicted.length - shared;
  const jaccard = union === 0 ? 1 : shared / union;
  const f1 = truth.length + predicted.length === 0 ? 1 : (2 * shared) / (truth.length + predicted.length);
  const result: GoldComparison = { score: options.overlapMetric === 'jaccard' ? jaccard : f1, predicted, details: { jaccard, f1 } };
  return predicted.length === 0 && truth.length > 0 ? { ...result, flag: 'no_labels' } : result;
}

/** An expected number must be the whole cell ("1,200.5" or 42), unlike an answer, where the first number counts. */
function expectedNumber(expected: unknown): number | undefined {
  if (typeof expected === 'number') return Number.isFinite(expected) ? expected : undefined;
  const text = textOf(expected).trim().replace(/,(?=\d{3}(?:\D|$))/g, '');
  const value = text === '' ? Number.NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** One scorer per mode: a missing mode is a compile error. */
export const GOLD_MODE_SCORERS: Record<GoldMode, ModeScorer> = {
  exact: (answer, expected) => binary(textOf(answer) === textOf(expected), expected, textOf(answer)),
  normalized: (answer, expected) => binary(normalizeText(textOf(answer)) === normalizeText(textOf(expected)), expected, normalizeText(textOf(answer))),
  json_field: (answer, expected) => binary(normalizeText(textOf(answer)) === normalizeText(textOf(expected)), expected, normalizeText(textOf(answer))),
  contains: (answer, expected) => binary(containsWords(textOf(answer), textOf(expected)), expected, textOf(answer).trim()),
  regex(answer, expected) {
    const pattern = compilePattern(textOf(expected));
    if (typeof pattern === 'string') return { invalidExpected: `invalid pattern: ${pattern}` };
    return binary(pattern.matcher(textOf(answer)).find(), expected, textOf(answer).trim());
  },
  one_of(answer, expected, options) {
    const text = normalizeText(textOf(answer));
    const alternatives = textOf(expected).split(options.separator).map((part) => part.trim()).filter((part) => part !== '');
    const hit = alternatives.find((alternative) => normalizeText(alternative) === text);
    return hit === undefined ? { score: 0, predicted: clip(text) } : { score: 1, predicted: hit };
  },
  numeric(answer, expected, options) {
    const target = expectedNumber(expected);
    if (target === undefined) return { invalidExpected: 'expected value is not a number' };
    const value = parseNumberAnswer(answer);
    if (value === undefined) return { score: 0, predicted: null, flag: 'no_number' };
    // A hair of slack so 0.1 + 0.2 against 0.3 with tolerance 0 still matches.
    const match = Math.abs(value - target) <= options.tolerance + 1e-12 * Math.max(1, Math.abs(target));
    return { score: match ? 1 : 0, predicted: value };
  },
  set_overlap: overlap,
};
