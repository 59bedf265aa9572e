import { z } from 'zod';
import type { LlmResponse } from '../../core/llm/types';
import { definePlugin, type RowPlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { parseJsonAnswer, parseJsonPath, valueAtPath, type PathSegment } from '../../core/analytics/answers';
import { GOLD_MODES, GOLD_MODE_SCORERS } from './goldModes';
import { scoredOutput, type ScoredCriterion } from './scoreOutput';
import { firstResponse } from '../../core/engine/responseOrder';

export const GoldMatchOptionsSchema = options({
  /** The dataset column holding the expected answer (read from the full row, so it may stay out of `prompt_fields`). */
  expected_field: z.string().min(1),
  /** The score's name in `metrics.scores`. */
  criterion: z.string().min(1).default('match'),
  mode: z.enum(GOLD_MODES).default('exact'),
  /** Which answer is scored: a criterion's; by default the first (the only one without criteria). */
  response_criterion: z.string().min(1).optional(),
  /** Reads the answer as JSON and compares the value at this path (`label`, `$.result.labels[0]`); required by `json_field`. */
  json_path: z.string().min(1).optional(),
  /** `numeric`: the largest absolute difference that still matches. */
  tolerance: z.number().min(0).default(0),
  /** `one_of` and `set_overlap`: what separates labels in the expected column. */
  separator: z.string().min(1).default('|'),
  /** `set_overlap`: which overlap is the score (both are recorded). */
  overlap_metric: z.enum(['f1', 'jaccard']).default('f1'),
  /** Where the pass/fail flag of binary modes goes (read by `score_stats` pass rates). */
  flag_field: z.string().min(1).default('score_flags'),
  /** Where `expected` and `predicted` are recorded per criterion (read by `classification_metrics`). */
  details_field: z.string().min(1).default('gold'),
}).superRefine((value, ctx) => {
  if (value.mode === 'json_field' && value.json_path === undefined) ctx.addIssue({ code: 'custom', path: ['json_path'], message: "mode 'json_field' needs 'json_path'" });
  if (value.json_path !== undefined && parseJsonPath(value.json_path) === undefined) ctx.addIssue({ code: 'custom', path: ['json_path'], message: `'${value.json_path}' is not a JSON path like 'label' or 'result.labels[0]'` });
});
export type GoldMatchOptions = z.infer<typeof GoldMatchOptionsSchema>;

const isMissing = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function answerOf(responses: Record<string, LlmResponse>, criterion: string | undefined): LlmResponse | undefined {
  return criterion === undefined ? firstResponse(responses) : responses[criterion];
}

/** The answer as the mode reads it: the text, or the value at `json_path`; a reason when there is none. */
function readAnswer(content: string, path: PathSegment[] | undefined): { value: unknown } | { flag: string } {
  if (path === undefined) return { value: content };
  const parsed = parseJsonAnswer(content);
  if (parsed === undefined) return { flag: 'no_json' };
  const found = valueAtPath(parsed, path);
  return found.found ? { value: found.value } : { flag: 'json_path_missing' };
}

/**
 * Scores the answer against a dataset column. A mismatch is a score (0), never a failed row;
 * an answer the mode cannot read (no JSON, no number) scores 0 with a flag in
 * `scoring_flags`; a row without a usable expected value gets no score and a flag.
 */
export function createGoldMatch(config: GoldMatchOptions): RowPlugin {
  const path = config.json_path === undefined ? undefined : parseJsonPath(config.json_path);
  const scorer = GOLD_MODE_SCORERS[config.mode];
  const kind = config.mode === 'set_overlap' ? 'continuous' : 'binary';
  const fields = { flagField: config.flag_field, detailsField: config.details_field };
  const score = (content: string | undefined, expected: unknown): ScoredCriterion => {
    const base = { criterion: config.criterion, kind } as const;
    if (isMissing(expected)) return { ...base, score: Number.NaN, flag: 'expected_missing', details: { expected: null, predicted: null } };
    if (content === undefined) return { ...base, score: Number.NaN, flag: 'no_response', details: { expected, predicted: null } };
    const answer = readAnswer(content, path);
    if ('flag' in answer) return { ...base, score: 0, ...passOf(kind, 0), flag: answer.flag, details: { expected, predicted: null } };
    const result = scorer(answer.value, expected, { separator: config.separator, tolerance: config.tolerance, overlapMetric: config.overlap_metric });
    if ('invalidExpected' in result) return { ...base, score: Number.NaN, flag: 'expected_invalid', details: { expected, predicted: null, problem: result.invalidExpected } };
    const entry: ScoredCriterion = { ...base, score: result.score, ...passOf(kind, result.score), details: { expected, predicted: result.predicted, ...result.details } };
    if (result.flag !== undefined) entry.flag = result.flag;
    return entry;
  };
  return {
    name: 'gold_match',
    processRow(_row, responses, context) {
      const content = answerOf(responses, config.response_criterion)?.content;
      return scoredOutput([score(content, context.sourceRow[config.expected_field])], fields);
    },
  };
}

function passOf(kind: 'binary' | 'continuous', score: number): { pass?: boolean } {
  return kind === 'binary' ? { pass: score === 1 } : {};
}

export const goldMatch = definePlugin({
  name: 'gold_match',
  kind: 'row',
  description: 'Scores answers against an expected dataset column; a mismatch is a score (0), never a failed row.',
  configSchema: GoldMatchOptionsSchema,
  create: (config) => createGoldMatch(config),
});
