import type { ResolvedRun } from '../core/config/resolved';
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
    const price = perTokenPrices(experiment.costTracker?.name, experiment.costTracker?.options);
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

/** Per-token prices of a fixed_price tracker; zero without a tracker, unknown for others. */
function perTokenPrices(name: string | undefined, options: Record<string, unknown> | undefined): { prompt: number; completion: number } | null {
  if (name === undefined || name === 'noop') return { prompt: 0, completion: 0 };
  if (name !== 'fixed_price' || options === undefined) return null;
  if (options.prices !== undefined) return null;
  const prompt = typeof options.prompt_token_price === 'number' ? options.prompt_token_price : 0;
  const completion = typeof options.completion_token_price === 'number' ? options.completion_token_price : 0;
  return { prompt, completion };
}
