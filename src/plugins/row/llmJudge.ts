import { z } from 'zod';
import { errorMessage, isAppError, AppError } from '../../core/errors';
import type { LlmResponse } from '../../core/llm/types';
import { definePlugin, type PluginDeps, type RowPlugin, type RowPluginContext } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { compileTemplate, type CompiledTemplate } from '../../core/prompts';
import { LlmDefinitionSchema, toLlmPluginDef } from '../llm/llmDefinition';
import { JUDGE_SCALES, parseJudgement, SCALE_FORMATS } from './judgeParsing';
import { scoredOutput, type ScoredCriterion } from './scoreOutput';
import { firstResponse } from '../../core/engine/responseOrder';

/** Used when a suite gives no rubric: the `Answer:` and `Reference:` lines are also what the mock judge reads. */
export const DEFAULT_RUBRIC = `Grade the answer to the request below.
{% if reference is not none %}Reference: {{ reference }}
{% endif %}Answer: {{ answer }}`;

const compiles = (text: string): string | undefined => {
  try {
    compileTemplate(text, { name: 'llm_judge:rubric' });
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
};

export const LlmJudgeOptionsSchema = options({
  /** The judge: a model definition like an experiment's `llm` (`{plugin: azure_openai, options: {connection: judge}}` in the cloud). */
  llm: LlmDefinitionSchema,
  criterion: z.string().min(1).default('judge'),
  /** Rendered by the sandboxed prompt engine with the row's columns, `row`, `answer`, `reference`, `criterion` and `scale`. */
  rubric: z.string().min(1).default(DEFAULT_RUBRIC),
  scale: z.enum(JUDGE_SCALES).default('1-5'),
  /** A dataset column holding a reference answer, shown to the judge as `reference`. */
  reference_field: z.string().min(1).optional(),
  /** Which answer is judged: a criterion's; by default the first. */
  response_criterion: z.string().min(1).optional(),
  system_prompt: z.string().min(1).default('You are a careful, impartial evaluator. Apply the rubric to the answer and reply exactly in the format asked.'),
  /** Appends the scale's reply format to the rubric (turn off only when the rubric asks for the same JSON itself). */
  format_instructions: z.boolean().default(true),
  temperature: z.number().min(0).max(2).default(0),
  max_tokens: z.number().int().positive().default(300),
  /** `1-5` and `0-1`: a score at or above this passes (a `score_flags` entry); pass/fail always flags. */
  pass_threshold: z.number().optional(),
  flag_field: z.string().min(1).default('score_flags'),
  details_field: z.string().min(1).default('judge'),
}).superRefine((value, ctx) => {
  const problem = compiles(value.rubric);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['rubric'], message: problem });
});
export type LlmJudgeOptions = z.infer<typeof LlmJudgeOptionsSchema>;

const KIND_OF_SCALE = { '1-5': 'ordinal', '0-1': 'continuous', 'pass/fail': 'binary' } as const;

function passOf(config: LlmJudgeOptions, score: number): { pass?: boolean } {
  if (config.scale === 'pass/fail') return { pass: score === 1 };
  return config.pass_threshold === undefined ? {} : { pass: score >= config.pass_threshold };
}

/** The judge's call: rubric rendered with the row, the answer and the reference, the scale's format appended. */
export function judgePrompt(template: CompiledTemplate, config: LlmJudgeOptions, context: RowPluginContext, answer: string): { userPrompt: string; reference: unknown } {
  const reference = config.reference_field === undefined ? null : (context.sourceRow[config.reference_field] ?? null);
  const rendered = template.render({ ...context.sourceRow, row: context.sourceRow, answer, reference, criterion: config.criterion, scale: config.scale });
  return { userPrompt: config.format_instructions ? `${rendered.trimEnd()}\n\n${SCALE_FORMATS[config.scale]}` : rendered, reference };
}

/**
 * A second model grades each answer on a scale. The call goes through the run's pipeline
 * (see RowPluginContext.call). A judge that fails (after its retries) or answers off the
 * scale leaves the score missing with a flag; the row and its answer are kept.
 */
export function createLlmJudge(config: LlmJudgeOptions, deps: Pick<PluginDeps, 'routeModel'>): RowPlugin {
  const route = deps.routeModel?.(toLlmPluginDef(config.llm));
  const template = compileTemplate(config.rubric, { name: 'llm_judge:rubric' });
  const base = { criterion: config.criterion, kind: KIND_OF_SCALE[config.scale] } as const;
  const fields = { flagField: config.flag_field, detailsField: config.details_field };
  const judge = async (context: RowPluginContext, answer: LlmResponse | undefined): Promise<ScoredCriterion> => {
    if (answer === undefined) return { ...base, score: Number.NaN, flag: 'no_response' };
    if (route === undefined) throw new AppError('INTERNAL', 'llm_judge runs only inside a run (it calls a model through the run pipeline)');
    let prompt: { userPrompt: string; reference: unknown };
    try {
      prompt = judgePrompt(template, config, context, answer.content);
    } catch (error) {
      return { ...base, score: Number.NaN, flag: 'rubric_failed', details: { error: errorMessage(error) } };
    }
    let reply: LlmResponse;
    try {
      reply = await context.call({ route, purpose: `llm_judge:${config.criterion}`, systemPrompt: config.system_prompt, userPrompt: prompt.userPrompt, metadata: { judge: config.criterion }, temperature: config.temperature, maxTokens: config.max_tokens });
    } catch (error) {
      if (context.abortSignal?.aborted) throw error;
      return { ...base, score: Number.NaN, flag: 'judge_error', details: { error: errorMessage(error), error_code: isAppError(error) ? error.code : 'INTERNAL' } };
    }
    const judgement = parseJudgement(reply.content ?? '', config.scale);
    if ('problem' in judgement) return { ...base, score: Number.NaN, flag: 'judge_unreadable', details: { problem: judgement.problem, reply: (reply.content ?? '').slice(0, 2000) } };
    const details: Record<string, unknown> = { rationale: judgement.rationale };
    if (prompt.reference !== null) details.reference = prompt.reference;
    return { ...base, score: judgement.score, ...passOf(config, judgement.score), details };
  };
  return {
    name: 'llm_judge',
    async processRow(_row, responses, context) {
      const answer = config.response_criterion === undefined ? firstResponse(responses) : responses[config.response_criterion];
      return scoredOutput([await judge(context, answer)], fields);
    },
  };
}

export const llmJudge = definePlugin({
  name: 'llm_judge',
  kind: 'row',
  description: 'A judge model grades each answer with a rubric (1-5, 0-1 or pass/fail), keeping score and rationale.',
  configSchema: LlmJudgeOptionsSchema,
  create: (config, deps) => createLlmJudge(config, deps),
});
