import { z } from 'zod';
import { OnErrorSchema } from '../../core/analytics/onError';
import { parseFloatText as parsePythonFloat } from '../../core/python';
import type { LlmResponse } from '../../core/llm/types';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { keyOrderOf, orderedObject } from '../../core/data/keyOrder';

export const ScoreExtractorOptionsSchema = options({
  key: z.string().default('score'),
  criteria: z.array(z.string()).nullish(),
  parse_json_content: z.boolean().default(true),
  allow_missing: z.boolean().default(false),
  threshold: z.number().nullish(),
  threshold_mode: z.enum(['gt', 'gte', 'lt', 'lte']).default('gte'),
  flag_field: z.string().default('score_flags'),
  /** Accepted for compatibility; the original ignores it too (docs/original-behaviour.md §3.0). */
  on_error: OnErrorSchema,
});
export type ScoreExtractorOptions = z.infer<typeof ScoreExtractorOptionsSchema>;

const COMPARE: Record<ScoreExtractorOptions['threshold_mode'], (value: number, threshold: number) => boolean> = {
  gt: (value, threshold) => value > threshold,
  gte: (value, threshold) => value >= threshold,
  lt: (value, threshold) => value < threshold,
  lte: (value, threshold) => value <= threshold,
};

/** ints and floats as they are (bools count as ints, as in Python); "72%" gives 72. */
export function coerceScore(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return undefined;
  let text = value.trim();
  if (text.endsWith('%')) text = text.slice(0, -1);
  return parsePythonFloat(text);
}

function rawScore(response: LlmResponse, key: string, parseJson: boolean): unknown {
  if (response.metrics && key in response.metrics) return response.metrics[key];
  if (!parseJson || typeof response.content !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(response.content);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return (parsed as Record<string, unknown>)[key];
  } catch {
    // Content that is not JSON simply has no score.
  }
  return undefined;
}

/** A synchronous extractor (it needs neither the row context nor a model), also used by benches. */
export function createScoreExtractor(config: ScoreExtractorOptions): { name: 'score_extractor'; processRow(row: unknown, responses: Record<string, LlmResponse>): Record<string, unknown> } {
  const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
  const threshold = config.threshold ?? undefined;
  return {
    name: 'score_extractor',
    processRow(_row, responses) {
      // Entries in the criteria's order, made into objects that keep it (a criterion named "2").
      const scores: Array<[string, number]> = [];
      const flags: Array<[string, boolean]> = [];
      for (const criterion of keyOrderOf(responses)) {
        if (wanted && !wanted.has(criterion)) continue;
        const value = coerceScore(rawScore(responses[criterion]!, config.key, config.parse_json_content));
        if (value === undefined || Number.isNaN(value)) {
          if (!config.allow_missing) scores.push([criterion, Number.NaN]);
          continue;
        }
        scores.push([criterion, value]);
        if (threshold !== undefined) flags.push([criterion, COMPARE[config.threshold_mode](value, threshold)]);
      }
      const output: Record<string, unknown> = {};
      if (scores.length > 0) output.scores = orderedObject(scores);
      if (flags.length > 0) output[config.flag_field] = orderedObject(flags);
      return output;
    },
  };
}

export const scoreExtractor = definePlugin({
  name: 'score_extractor',
  kind: 'row',
  description: 'Extracts a numeric score per criterion from each response, with optional pass/fail flags.',
  configSchema: ScoreExtractorOptionsSchema,
  create: (config) => createScoreExtractor(config),
});
