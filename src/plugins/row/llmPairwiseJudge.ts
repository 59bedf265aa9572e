import { z } from 'zod';
import { parseJsonAnswer, textOf } from '../../core/analytics/answers';
import type { RowOutcome } from '../../core/engine/records';
import { AppError, errorMessage, isAppError } from '../../core/errors';
import type { LlmResponse } from '../../core/llm/types';
import { definePlugin, type PluginDeps, type RowPlugin, type RowPluginContext } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { compileTemplate } from '../../core/prompts';
import { LlmDefinitionSchema, toLlmPluginDef } from '../llm/llmDefinition';
import { scoredOutput, type ScoredCriterion } from './scoreOutput';
import { firstResponse } from '../../core/engine/responseOrder';

export const DEFAULT_PAIRWISE_RUBRIC = `Two answers were given to the same request. Which one is better?
{% if reference is not none %}Reference: {{ reference }}
{% endif %}Answer A: {{ first }}
Answer B: {{ second }}`;

export const LlmPairwiseJudgeOptionsSchema = options({
  llm: LlmDefinitionSchema,
  criterion: z.string().min(1).default('pairwise'),
  /** Rendered with the row's columns, `row`, `first` and `second` (the two answers in the order shown), `reference`, `criterion`. */
  rubric: z.string().min(1).default(DEFAULT_PAIRWISE_RUBRIC),
  reference_field: z.string().min(1).optional(),
  response_criterion: z.string().min(1).optional(),
  allow_ties: z.boolean().default(true),
  system_prompt: z.string().min(1).default('You are a careful, impartial evaluator. The order of the answers says nothing about their quality. Reply exactly in the format asked.'),
  format_instructions: z.boolean().default(true),
  temperature: z.number().min(0).max(2).default(0),
  max_tokens: z.number().int().positive().default(300),
  /** How long a row may wait for the baseline's batch of the same rows to be written. */
  baseline_wait_seconds: z.number().min(0).max(3600).default(120),
  details_field: z.string().min(1).default('pairwise'),
}).superRefine((value, ctx) => {
  try {
    compileTemplate(value.rubric, { name: 'llm_pairwise_judge:rubric' });
  } catch (error) {
    ctx.addIssue({ code: 'custom', path: ['rubric'], message: errorMessage(error) });
  }
});
export type LlmPairwiseJudgeOptions = z.infer<typeof LlmPairwiseJudgeOptionsSchema>;

/** The variant's score: 1 when its answer is preferred, 0.5 for a tie, 0 when the baseline's is. */
const SCORE_OF = { variant: 1, tie: 0.5, baseline: 0 } as const;
type Winner = keyof typeof SCORE_OF;

/** Rows with an odd index show the variant's answer second, so each position holds the variant on half the rows. */
export function variantShownFirst(index: number): boolean {
  return index % 2 === 0;
}

function answerOf(outcome: { response?: LlmResponse; responses?: Record<string, LlmResponse> }, criterion: string | undefined): string | undefined {
  if (criterion !== undefined) return outcome.responses?.[criterion]?.content;
  return (outcome.responses ? firstResponse(outcome.responses) : outcome.response)?.content;
}

/** "A", "B" or "tie" from a JSON reply (`winner`/`preferred`/`choice`/`better`) or the first such word of plain text. */
export function parsePreference(content: string): 'A' | 'B' | 'tie' | undefined {
  const parsed = parseJsonAnswer(content);
  let raw: string;
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const record = parsed as Record<string, unknown>;
    raw = textOf(record.winner ?? record.preferred ?? record.choice ?? record.better ?? '');
  } else raw = content;
  const match = /\b(?:answer\s+)?(A|B|tie|equal|same)\b/i.exec(raw.trim());
  if (!match) return undefined;
  const word = match[1]!.toLowerCase();
  return word === 'a' ? 'A' : word === 'b' ? 'B' : 'tie';
}

function rationaleOf(content: string): string {
  const parsed = parseJsonAnswer(content);
  const text = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? textOf((parsed as Record<string, unknown>).rationale ?? (parsed as Record<string, unknown>).reason ?? '') : content;
  return text.trim().slice(0, 2000);
}

const format = (allowTies: boolean) =>
  `Reply with JSON only: {"winner": ${allowTies ? '"A" or "B" or "tie"' : '"A" or "B"'}, "rationale": "<one or two sentences>"}.`;

/**
 * A judge compares the variant's answer with the baseline's answer for the same row (read
 * from the baseline's batch file, waiting for it when it is still running). The variant is
 * shown first on even rows and second on odd rows; what position the variant had is kept, so
 * `pairwise_summary` can report how much the order mattered.
 */
export function createPairwiseJudge(config: LlmPairwiseJudgeOptions, deps: Pick<PluginDeps, 'routeModel'>): RowPlugin {
  const route = deps.routeModel?.(toLlmPluginDef(config.llm));
  const template = compileTemplate(config.rubric, { name: 'llm_pairwise_judge:rubric' });
  const base = { criterion: config.criterion, kind: 'continuous' } as const;
  const missing = (flag: string, details?: Record<string, unknown>): ScoredCriterion => ({ ...base, score: Number.NaN, flag, ...(details ? { details } : {}) });
  const compare = async (context: RowPluginContext, variant: string | undefined): Promise<ScoredCriterion> => {
    if (route === undefined) throw new AppError('INTERNAL', 'llm_pairwise_judge runs only inside a run (it calls a model through the run pipeline)');
    if (variant === undefined) return missing('no_response');
    const baselineOutcome: RowOutcome | undefined = await context.baseline({ waitInMs: config.baseline_wait_seconds * 1000 });
    if (!baselineOutcome) return missing('baseline_missing');
    if (baselineOutcome.status !== 'ok') return missing('baseline_failed', { baseline_error_code: baselineOutcome.error_code });
    const baseline = answerOf(baselineOutcome, config.response_criterion);
    if (baseline === undefined) return missing('baseline_missing');
    const first = variantShownFirst(context.index);
    const reference = config.reference_field === undefined ? null : (context.sourceRow[config.reference_field] ?? null);
    let userPrompt: string;
    try {
      const rendered = template.render({ ...context.sourceRow, row: context.sourceRow, first: first ? variant : baseline, second: first ? baseline : variant, reference, criterion: config.criterion });
      userPrompt = config.format_instructions ? `${rendered.trimEnd()}\n\n${format(config.allow_ties)}` : rendered;
    } catch (error) {
      return missing('rubric_failed', { error: errorMessage(error) });
    }
    let reply: LlmResponse;
    try {
      reply = await context.call({ route, purpose: `llm_pairwise_judge:${config.criterion}`, systemPrompt: config.system_prompt, userPrompt, metadata: { judge: config.criterion }, temperature: config.temperature, maxTokens: config.max_tokens });
    } catch (error) {
      if (context.abortSignal?.aborted) throw error;
      return missing('judge_error', { error: errorMessage(error), error_code: isAppError(error) ? error.code : 'INTERNAL' });
    }
    const preference = parsePreference(reply.content ?? '');
    if (preference === undefined || (preference === 'tie' && !config.allow_ties)) return missing('judge_unreadable', { reply: (reply.content ?? '').slice(0, 2000) });
    const winner: Winner = preference === 'tie' ? 'tie' : (preference === 'A') === first ? 'variant' : 'baseline';
    return { ...base, score: SCORE_OF[winner], details: { winner, variant_position: first ? 'A' : 'B', rationale: rationaleOf(reply.content ?? '') } };
  };
  return {
    name: 'llm_pairwise_judge',
    async processRow(_row, responses, context) {
      if (context.isBaseline) return {};
      const variant = config.response_criterion === undefined ? firstResponse(responses)?.content : responses[config.response_criterion]?.content;
      return scoredOutput([await compare(context, variant)], { flagField: 'score_flags', detailsField: config.details_field });
    },
  };
}

export const llmPairwiseJudge = definePlugin({
  name: 'llm_pairwise_judge',
  kind: 'row',
  description: "A judge model compares a variant's answer with the baseline's on each row, order swapped on half.",
  configSchema: LlmPairwiseJudgeOptionsSchema,
  readsBaselineRows: true,
  create: (config, deps) => createPairwiseJudge(config, deps),
});
