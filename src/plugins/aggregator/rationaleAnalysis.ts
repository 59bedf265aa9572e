import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { rationaleText, topKeywords } from '../../core/analytics/rationale';
import { CriteriaOptionSchema, isScore, scoresOf } from '../../core/analytics/scores';
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

const INDICATORS = {
  high_confidence_rate: ['clearly', 'definitely', 'certainly', 'obviously', 'absolutely', 'undoubtedly'],
  low_confidence_rate: ['maybe', 'perhaps', 'possibly', 'might', 'somewhat', 'unclear', 'uncertain'],
  hedge_rate: ['seems', 'appears', 'suggests', 'likely', 'probably', 'potentially'],
};

interface Rationale {
  text: string;
  score?: number;
}

function collect(records: readonly ExperimentRecord[], config: RationaleAnalysisOptions): Map<string, Rationale[]> {
  const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
  const byCriterion = new Map<string, Rationale[]>();
  for (const record of records) {
    const responses = record.responses ?? { default: record.response };
    const scores = scoresOf(record) ?? {};
    for (const [criterion, response] of Object.entries(responses)) {
      if (wanted && !wanted.has(criterion)) continue;
      const text = rationaleText(response, config.rationale_field);
      if (text === undefined) continue;
      const score = scores[criterion];
      const list = byCriterion.get(criterion) ?? [];
      list.push(isScore(score) ? { text, score } : { text });
      byCriterion.set(criterion, list);
    }
  }
  return byCriterion;
}

const wordCount = (text: string) => text.split(/\s+/u).filter(Boolean).length;

function criterionSummary(items: Rationale[], config: RationaleAnalysisOptions): Record<string, unknown> {
  const chars = items.map((item) => item.text.length);
  const scored = items.filter((item) => item.score !== undefined);
  const correlation = scored.length >= 2 ? pearson(scored.map((item) => item.text.length), scored.map((item) => item.score!)) : Number.NaN;
  const lower = items.map((item) => item.text.toLowerCase());
  const rate = (words: string[]) => lower.filter((text) => words.some((word) => text.includes(word))).length / items.length;
  return {
    count: items.length,
    avg_length_chars: mean(chars),
    avg_length_words: mean(items.map((item) => wordCount(item.text))),
    min_length_chars: minimum(chars),
    max_length_chars: maximum(chars),
    length_score_correlation: Number.isNaN(correlation) ? null : correlation,
    low_score_keywords: topKeywords(scored.filter((item) => item.score! <= 2).map((item) => item.text), config.min_word_length, config.top_keywords),
    high_score_keywords: topKeywords(scored.filter((item) => item.score! >= 4).map((item) => item.text), config.min_word_length, config.top_keywords),
    confidence_indicators: Object.fromEntries(Object.entries(INDICATORS).map(([key, words]) => [key, rate(words)])),
  };
}

function analyse(records: readonly ExperimentRecord[], config: RationaleAnalysisOptions): Record<string, unknown> {
  const byCriterion = collect(records, config);
  if (byCriterion.size === 0) return {};
  const criteria: Record<string, unknown> = {};
  for (const [criterion, items] of byCriterion) criteria[criterion] = criterionSummary(items, config);
  const all = [...byCriterion.values()].flat();
  const chars = all.map((item) => item.text.length);
  const words = all.map((item) => wordCount(item.text));
  return {
    criteria,
    overall: {
      total_rationales: all.length,
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
