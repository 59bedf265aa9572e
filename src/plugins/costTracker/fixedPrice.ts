import { z } from 'zod';
import type { LlmResponse } from '../../core/llm/types';
import { definePlugin, type CostTracker, type PluginDeps } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { modelOf, tokenCountsOf } from './usage';

const ModelPriceSchema = z.strictObject({
  prompt_per_1k: z.number().min(0),
  completion_per_1k: z.number().min(0),
});

export const FixedPriceOptionsSchema = options({
  /** Per token, not per 1k (the original's unit); used for models missing from `prices`. */
  prompt_token_price: z.number().min(0).default(0),
  completion_token_price: z.number().min(0).default(0),
  /** Prices per 1,000 tokens by model or deployment name, e.g. `{"gpt-4o": {prompt_per_1k: 0.0025, ...}}`. */
  prices: z.record(z.string().min(1), ModelPriceSchema).default({}),
  currency: z.string().min(1).default('USD'),
});
export type FixedPriceOptions = z.infer<typeof FixedPriceOptionsSchema>;

/** One price-table entry, or the per-token default; `cost` keeps each unit's own arithmetic. */
interface Price {
  key: string;
  cost(promptTokens: number, completionTokens: number): number;
}

interface Totals {
  price: Price;
  promptTokens: number;
  completionTokens: number;
}

const DEFAULT_KEY = '<default>';
/** Azure and OpenAI report dated model versions (`gpt-4o-2024-08-06`) for a priced `gpt-4o`. */
const VERSION_SUFFIX = /^-\d{4}-\d{2}-\d{2}$/;

/**
 * Fixed prices per model. Totals keep integer token counts per price and compute the cost
 * from them, so the summary is the same whatever order concurrent calls complete in.
 */
export function createFixedPriceTracker(config: FixedPriceOptions, deps: Pick<PluginDeps, 'logger'>): CostTracker & { currency: string } {
  const fallback: Price = {
    key: DEFAULT_KEY,
    // The original's formula, so per-token configurations give its exact numbers.
    cost: (pt, ct) => pt * config.prompt_token_price + ct * config.completion_token_price,
  };
  const totals = new Map<string, Totals>();
  const warned = new Set<string>();

  const priceFor = (model: string | undefined): Price => {
    const key = model === undefined ? undefined : priceKeyFor(config.prices, model);
    if (key !== undefined) {
      const entry = config.prices[key]!;
      return { key, cost: (pt, ct) => (pt * entry.prompt_per_1k + ct * entry.completion_per_1k) / 1000 };
    }
    const label = model ?? '<unknown>';
    if (Object.keys(config.prices).length > 0 && !warned.has(label)) {
      warned.add(label);
      deps.logger.warn('[fixed_price] model missing from the price table; using the per-token prices', { model: label });
    }
    return fallback;
  };

  return {
    currency: config.currency,
    record(response: LlmResponse, meta: Record<string, unknown>) {
      const counts = tokenCountsOf(response);
      const price = priceFor(modelOf(response, meta));
      const entry = totals.get(price.key) ?? { price, promptTokens: 0, completionTokens: 0 };
      entry.promptTokens += counts.prompt_tokens;
      entry.completionTokens += counts.completion_tokens;
      totals.set(price.key, entry);
      return { ...counts, cost: price.cost(counts.prompt_tokens, counts.completion_tokens) };
    },
    worstCase({ promptTokens, completionTokens }) {
      const prices = [fallback, ...Object.keys(config.prices).map((key) => priceFor(key))];
      return Math.max(...prices.map((price) => price.cost(promptTokens, completionTokens)));
    },
    summary() {
      const entries = [...totals.values()].sort((a, b) => (a.price.key < b.price.key ? -1 : a.price.key > b.price.key ? 1 : 0));
      return {
        prompt_tokens: entries.reduce((sum, e) => sum + e.promptTokens, 0),
        completion_tokens: entries.reduce((sum, e) => sum + e.completionTokens, 0),
        total_cost: entries.reduce((sum, e) => sum + e.price.cost(e.promptTokens, e.completionTokens), 0),
      };
    },
  };
}

/** Exact name first, then a priced name the model is a dated version of. */
export function priceKeyFor(prices: Record<string, unknown>, model: string): string | undefined {
  if (Object.hasOwn(prices, model)) return model;
  return Object.keys(prices)
    .filter((key) => model.startsWith(key) && VERSION_SUFFIX.test(model.slice(key.length)))
    .sort((a, b) => b.length - a.length)[0];
}

export const fixedPriceCostTracker = definePlugin({
  name: 'fixed_price',
  kind: 'costTracker',
  description: 'Token cost from fixed prices: per token (original options) or per 1,000 tokens by model (`prices`).',
  configSchema: FixedPriceOptionsSchema,
  create: (config, deps) => createFixedPriceTracker(config, deps),
});
