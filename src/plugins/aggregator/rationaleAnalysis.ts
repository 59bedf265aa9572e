import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { rationaleText, topKeywords } from '../../core/analytics/rationale';
import { CriteriaOptionSchema, isScore } from '../../core/analytics/scores';
import { codePoints } from '../../core/analytics/keywordCounter';
import { CELL_SCORE, scoreTable } from '../../core/analytics/scoreTable';
import type { ExperimentRecord } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { maximum, mean, median, minimum, pearson } from '../../core/stats/descriptive';

export const RationaleAnalysisOptionsSchema = options({
  rationale_field: z.string().default('rationale'),
  /** Accepted for compatibility; unused, as in the original. */
  score_field: z.string().nullish(),
  criteria: CriteriaOptionSchema,
  min_word_length: z.number().int().min(1).default(3),
  top_keywords: z.number().int().min(0).default(10),
  on_error: OnErrorSchema,
});
export type RationaleAnalysisOptions = z.infer<typeof RationaleAnalysisOptionsSchema>;

/** Substring matches (not whole words), as in the original; one scan finds all three groups. */
const INDICATOR_KEYS = ['high_confidence_rate', 'low_confidence_rate', 'hedge_rate'] as const;
const INDICATORS = /(clearly|definitely|certainly|obviously|absolutely|undoubtedly)|(maybe|perhaps|possibly|might|somewhat|unclear|uncertain)|(seems|appears|suggests|likely|probably|potentially)/gi;

/** Which indicator groups (high, low, hedge) occur in the text. */
function indicatorsIn(text: string): [boolean, boolean, boolean] {
  const found: [boolean, boolean, boolean] = [false, false, false];
  INDICATORS.lastIndex = 0;
  for (let match = INDICATORS.exec(text); match; match = INDICATORS.exec(text)) {
    for (let group = 0; group < 3; group++) if (match[group + 1] !== undefined) found[group] = true;
    if (found[0] && found[1] && found[2]) break;
  }
  return found;
}

/**
 * One criterion's rationales as parallel columns. Typed arrays sized to the record count
 * keep their numbers outside the garbage-collected heap, which matters at 100k+ records.
 */
interface Rationales {
  count: number;
  texts: string[];
  chars: Float64Array;
  words: Float64Array;
  /** NaN where the record has no usable score. */
  scores: Float64Array;
}

function newColumns(capacity: number): Rationales {
  return { count: 0, texts: [], chars: new Float64Array(capacity), words: new Float64Array(capacity), scores: new Float64Array(capacity) };
}

/** The filled part of each column. */
function trimmed(items: Rationales): Rationales {
  const n = items.count;
  return { count: n, texts: items.texts, chars: items.chars.subarray(0, n), words: items.words.subarray(0, n), scores: items.scores.subarray(0, n) };
}

/** Python's str.isspace for one UTF-16 unit (ASCII and Latin-1 fast, the rest by regex). */
function isSpace(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code <= 0xff) return code === 32 || (code >= 9 && code <= 13) || (code >= 0x1c && code <= 0x1f) || code === 0x85 || code === 0xa0;
  return /\s/.test(text[i]!);
}

/** Python's len(text.split()): runs of non-whitespace. */
function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text, i);
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

/** Rationales with a usable score, per criterion in first-seen order; the original skips the others (docs/original-behaviour.md §3.16). */
function collect(records: readonly ExperimentRecord[], config: RationaleAnalysisOptions): Map<string, Rationales> {
  const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
  const byCriterion = new Map<string, Rationales>();
  const table = scoreTable(records);
  records.forEach((record, index) => {
    const responses = record.responses ?? { default: record.response };
    for (const criterion in responses) {
      if (wanted && !wanted.has(criterion)) continue;
      const text = rationaleText(responses[criterion], config.rationale_field);
      if (text === undefined) continue;
      const column = table.scores.get(criterion);
      if (!column || column.state[index] !== CELL_SCORE) continue;
      let list = byCriterion.get(criterion);
      if (!list) {
        list = newColumns(records.length);
        byCriterion.set(criterion, list);
      }
      const at = list.count++;
      list.texts.push(text);
      list.chars[at] = codePoints(text);
      list.words[at] = wordCount(text);
      list.scores[at] = column.values[index]!;
    }
  });
  return new Map([...byCriterion].map(([criterion, items]) => [criterion, trimmed(items)]));
}

function textsWhere(items: Rationales, keep: (score: number) => boolean): string[] {
  return items.texts.filter((_, i) => isScore(items.scores[i]) && keep(items.scores[i]));
}

function criterionSummary(items: Rationales, config: RationaleAnalysisOptions): Record<string, unknown> {
  const scored: number[] = [];
  for (let i = 0; i < items.count; i++) if (isScore(items.scores[i])) scored.push(i);
  const correlation = scored.length >= 2 ? pearson(scored.map((i) => items.chars[i]!), scored.map((i) => items.scores[i]!)) : Number.NaN;
  const count = items.count;
  const hits = [0, 0, 0];
  for (const text of items.texts) indicatorsIn(text).forEach((found, group) => (hits[group]! += found ? 1 : 0));
  return {
    count,
    avg_length_chars: mean(items.chars),
    avg_length_words: mean(items.words),
    min_length_chars: minimum(items.chars),
    max_length_chars: maximum(items.chars),
    length_score_correlation: Number.isNaN(correlation) ? null : correlation,
    low_score_keywords: topKeywords(textsWhere(items, (score) => score <= 2), config.min_word_length, config.top_keywords),
    high_score_keywords: topKeywords(textsWhere(items, (score) => score >= 4), config.min_word_length, config.top_keywords),
    confidence_indicators: Object.fromEntries(INDICATOR_KEYS.map((key, group) => [key, hits[group]! / count])),
  };
}

function analyse(records: readonly ExperimentRecord[], config: RationaleAnalysisOptions): Record<string, unknown> {
  if (records.length === 0) return {};
  const byCriterion = collect(records, config);
  // The original's shape when no record has a scored rationale.
  if (byCriterion.size === 0) return { criteria: {}, overall: { total_rationales: 0, avg_length_chars: 0, avg_length_words: 0 } };
  const criteria: Record<string, unknown> = {};
  for (const [criterion, items] of byCriterion) criteria[criterion] = criterionSummary(items, config);
  const concat = (pick: (items: Rationales) => Float64Array) => {
    const parts = [...byCriterion.values()].map(pick);
    const out = new Float64Array(parts.reduce((total, part) => total + part.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  };
  const chars = concat((items) => items.chars);
  const words = concat((items) => items.words);
  return {
    criteria,
    overall: {
      total_rationales: chars.length,
      avg_length_chars: mean(chars),
      avg_length_words: mean(words),
      median_length_chars: median(chars),
      median_length_words: median(words),
    },
  };
}

export const rationaleAnalysis = definePlugin({
  name: 'rationale_analysis',
  kind: 'aggregator',
  description: 'Length, keywords by score band and confidence language of model rationales.',
  configSchema: RationaleAnalysisOptionsSchema,
  create(config, deps) {
    return {
      name: 'rationale_analysis',
      finalize: (records) => guardAnalytics('rationale_analysis', config.on_error, deps.logger, () => analyse(records, config)),
    };
  },
});
