import { z } from 'zod';
import { CriterionKindSchema } from '../../core/analytics/criterionKinds';
import { errorMessage } from '../../core/errors';
import type { LlmResponse } from '../../core/llm/types';
import { definePlugin, type PluginDeps, type RowPlugin, type RowPluginContext } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { scoredOutput } from './scoreOutput';
import { isCriterionName, problem, scoredFromResult, type ScorerResultOptions } from './scorerResult';
import { loadScorerModule, type ScorerFunction } from './suiteModule';
import { firstResponse, mapResponses } from '../../core/engine/responseOrder';

export const CustomScorerOptionsSchema = options({
  /** A CommonJS module (`.js`, `.cjs`) in the suite folder: `module.exports = (row, answer, context) => scores`. */
  module: z.string().min(1),
  /** A named export instead of `module.exports` itself (or `exports.default`). */
  export: z.string().min(1).optional(),
  /** The score's name when the scorer returns a bare number, and where its errors are flagged. */
  criterion: z.string().refine(isCriterionName, 'must be letters, digits, _ . - and not a name of Object.prototype').default('custom'),
  /** The kind of every score it returns; absent: inferred from the values (docs/scoring.md#kinds). */
  kind: CriterionKindSchema.optional(),
  /** Which criterion's answer is `answer`; by default the first (the only one without criteria). */
  response_criterion: z.string().min(1).optional(),
  /** How long a scorer that returns a promise may take before the row is flagged `scorer_timeout`. */
  timeout_ms: z.int().min(1).max(600_000).default(10_000),
});
export type CustomScorerOptions = z.infer<typeof CustomScorerOptionsSchema>;

/** Where a scorer's problems are detailed in the record, by criterion. */
const DETAILS_FIELD = 'custom_scorer';
const MAX_ERROR_CHARS = 500;

/**
 * Runs a scorer the suite brings (docs/scoring.md#custom-scorers). It is the suite's own
 * code, run in this process without a sandbox; whatever it throws, rejects or returns, the
 * row keeps its record: the score is missing and `scoring_flags` says why.
 */
export function createCustomScorer(config: CustomScorerOptions, deps: Pick<PluginDeps, 'baseDir' | 'inputs'>): RowPlugin {
  const scorer = loadScorerModule(config.module, config.export, deps);
  const resultOptions: ScorerResultOptions = { criterion: config.criterion, ...(config.kind !== undefined ? { kind: config.kind } : {}) };
  const fields = { flagField: 'score_flags', detailsField: DETAILS_FIELD };
  return {
    name: 'custom_scorer',
    async processRow(row, responses, context) {
      const answer = answerOf(responses, config.response_criterion);
      const outcome = await runScorer(scorer, [structuredClone(row), answer, scorerContext(responses, context, config.criterion)], config.timeout_ms);
      if ('error' in outcome) return scoredOutput([problem(resultOptions, outcome.flag, { error: outcome.error })], fields);
      try {
        return scoredOutput(scoredFromResult(outcome.value, resultOptions), fields);
      } catch (error) {
        // A getter on the returned object may throw too.
        return scoredOutput([problem(resultOptions, 'scorer_error', { error: clip(error) })], fields);
      }
    },
  };
}

function answerOf(responses: Record<string, LlmResponse>, criterion: string | undefined): string | null {
  const response = criterion === undefined ? firstResponse(responses) : responses[criterion];
  return response?.content ?? null;
}

/** Plain data only, copied: the scorer cannot change the record or reach the run's services. */
function scorerContext(responses: Record<string, LlmResponse>, context: RowPluginContext, criterion: string): Record<string, unknown> {
  return {
    experiment: context.experiment,
    isBaseline: context.isBaseline,
    index: context.index,
    id: context.id,
    criterion,
    sourceRow: structuredClone(context.sourceRow),
    responses: mapResponses(responses, (response) => response.content),
  };
}

type Outcome = { value: unknown } | { error: string; flag: 'scorer_error' | 'scorer_timeout' };

async function runScorer(scorer: ScorerFunction, args: Parameters<ScorerFunction>, timeoutInMs: number): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const returned = scorer(...args);
    if (!isThenable(returned)) return { value: returned };
    const timeout = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ error: `the scorer did not settle within ${timeoutInMs} ms`, flag: 'scorer_timeout' }), timeoutInMs);
    });
    return await Promise.race([Promise.resolve(returned).then((value): Outcome => ({ value })), timeout]);
  } catch (error) {
    return { error: clip(error), flag: 'scorer_error' };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The message of whatever was thrown, shortened; a value that cannot even be shown is said so. */
function clip(thrown: unknown): string {
  let text: string;
  try {
    text = errorMessage(thrown);
  } catch {
    text = 'the scorer threw a value that cannot be shown as text';
  }
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}

export const customScorer = definePlugin({
  name: 'custom_scorer',
  kind: 'row',
  description: "Runs the suite's own JavaScript scorer; local CLI, or the app with ELSPETH_ALLOW_SUITE_CODE=true.",
  configSchema: CustomScorerOptionsSchema,
  runsSuiteCode: { option: 'module' },
  create: (config, deps) => createCustomScorer(config, deps),
});
