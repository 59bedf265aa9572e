import type { ResolvedRun } from '../core/config/resolved';
import { priceKeyFor } from '../plugins/costTracker/fixedPrice';
import type { CostEstimate } from './contracts';

const CHARS_PER_TOKEN = 4;

/**
 * Requests = rows × Σ experiments max(1, criteria) (the original's preflight, with the real
 * row count instead of a fixed 100). Prompt tokens come from the template sizes plus the
 * average row size; completion tokens assume each call uses its max_tokens, so the
 * estimate is an upper bound. Cost only where a fixed price is configured.
 */
export function estimateCost(run: ResolvedRun, rowCount: number, averageRowChars: number): CostEstimate {
  let requests = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  let cost: number | null = 0;
  for (const experiment of run.experiments) {
    const calls = Math.max(1, experiment.criteria.length);
    const callRequests = rowCount * calls;
    const templateChars = experiment.prompts.system.length + averageCriterionChars(experiment.criteria.map((c) => c.template ?? experiment.prompts.user));
    const perCallPrompt = Math.ceil((templateChars + averageRowChars) / CHARS_PER_TOKEN);
    const perCallCompletion = experiment.maxTokens ?? 512;
    requests += callRequests;
    promptTokens += callRequests * perCallPrompt;
    completionTokens += callRequests * perCallCompletion;
    const price = perTokenPrices(experiment.costTracker?.name, experiment.costTracker?.options, modelOf(experiment.llm.options));
    cost = cost === null || price === null ? null : cost + callRequests * (perCallPrompt * price.prompt + perCallCompletion * price.completion);
  }
  return {
    rows: rowCount,
    experiments: run.experiments.length,
    requests,
    estimated_prompt_tokens: promptTokens,
    estimated_completion_tokens: completionTokens,
    estimated_cost: cost,
  };
}

function averageCriterionChars(templates: string[]): number {
  if (templates.length === 0) return 0;
  return templates.reduce((sum, text) => sum + text.length, 0) / templates.length;
}

function modelOf(options: Record<string, unknown>): string | undefined {
  const model = options.model ?? options.deployment ?? (options.config as Record<string, unknown> | undefined)?.deployment;
  return typeof model === 'string' ? model : undefined;
}

/** Per-token prices of a fixed_price tracker (its price table first); zero without a tracker, unknown for others. */
function perTokenPrices(name: string | undefined, options: Record<string, unknown> | undefined, model: string | undefined): { prompt: number; completion: number } | null {
  if (name === undefined || name === 'noop') return { prompt: 0, completion: 0 };
  if (name !== 'fixed_price' || options === undefined) return null;
  const prices = (options.prices ?? {}) as Record<string, { prompt_per_1k: number; completion_per_1k: number }>;
  const key = model === undefined ? undefined : priceKeyFor(prices, model);
  if (key !== undefined) return { prompt: prices[key]!.prompt_per_1k / 1000, completion: prices[key]!.completion_per_1k / 1000 };
  const prompt = typeof options.prompt_token_price === 'number' ? options.prompt_token_price : 0;
  const completion = typeof options.completion_token_price === 'number' ? options.completion_token_price : 0;
  return { prompt, completion };
}
