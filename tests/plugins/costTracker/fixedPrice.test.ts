import { createLlmCaller } from '../../../src/core/llm/pipeline';
import type { LlmClient, LlmRequest, LlmResponse } from '../../../src/core/llm/types';
import type { CostTracker } from '../../../src/core/plugins/kinds';
import { createRegistry } from '../../../src/core/plugins/registry';
import { costTrackerPlugins } from '../../../src/plugins/costTracker';
import { priceKeyFor } from '../../../src/plugins/costTracker/fixedPrice';
import { createFakeClock, createMemoryLogger, createTestDeps } from '../../fakes/pluginDeps';
import { thrownBy } from '../../fakes/thrownBy';


const registry = createRegistry(costTrackerPlugins);
const tracker = (options: Record<string, unknown>, deps = createTestDeps()): CostTracker =>
  registry.create('costTracker', { name: 'fixed_price', options }, deps);

const response = (usage: { prompt_tokens: number; completion_tokens: number } | undefined, raw?: unknown): LlmResponse => ({
  content: 'ok',
  metrics: {},
  ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
  ...(raw === undefined ? {} : { raw }),
});

describe('fixed_price', () => {
  it('prices per token with the original options', () => {
    const costs = tracker({ prompt_token_price: 0.001, completion_token_price: 0.002 });
    expect(costs.record(response({ prompt_tokens: 100, completion_tokens: 50 }), {})).toEqual({ prompt_tokens: 100, completion_tokens: 50, cost: 100 * 0.001 + 50 * 0.002 });
    expect(costs.summary()).toEqual({ prompt_tokens: 100, completion_tokens: 50, total_cost: 100 * 0.001 + 50 * 0.002 });
  });

  it('reads usage from raw.usage when the response has no usage, and counts nothing without either', () => {
    const costs = tracker({ prompt_token_price: 1, completion_token_price: 1 });
    expect(costs.record(response(undefined, { usage: { prompt_tokens: 3, completion_tokens: 4 } }), {})).toEqual({ prompt_tokens: 3, completion_tokens: 4, cost: 7 });
    expect(costs.record(response(undefined), {})).toEqual({ prompt_tokens: 0, completion_tokens: 0, cost: 0 });
  });

  it('prices per 1,000 tokens by model from the price table, dated versions included', () => {
    const costs = tracker({
      prices: { 'gpt-4o': { prompt_per_1k: 2.5, completion_per_1k: 10 }, 'gpt-4o-mini': { prompt_per_1k: 0.15, completion_per_1k: 0.6 } },
    });
    expect(costs.record(response({ prompt_tokens: 1000, completion_tokens: 500 }, { model: 'gpt-4o-2024-08-06' }), {})).toEqual({
      prompt_tokens: 1000,
      completion_tokens: 500,
      cost: 7.5,
    });
    expect(costs.record(response({ prompt_tokens: 2000, completion_tokens: 1000 }, { model: 'gpt-4o-mini' }), {})).toEqual({
      prompt_tokens: 2000,
      completion_tokens: 1000,
      cost: (2000 * 0.15 + 1000 * 0.6) / 1000,
    });
    expect(costs.summary()).toEqual({ prompt_tokens: 3000, completion_tokens: 1500, total_cost: 7.5 + (2000 * 0.15 + 1000 * 0.6) / 1000 });
  });

  it('takes the model from the call metadata when the response does not name it', () => {
    const costs = tracker({ prices: { mydeploy: { prompt_per_1k: 1, completion_per_1k: 2 } } });
    expect(costs.record(response({ prompt_tokens: 1000, completion_tokens: 1000 }), { deployment: 'mydeploy' })).toEqual({ prompt_tokens: 1000, completion_tokens: 1000, cost: 3 });
  });

  it('falls back to the per-token prices for an unpriced model and warns once', () => {
    const logger = createMemoryLogger();
    const costs = tracker({ prompt_token_price: 0.5, prices: { 'gpt-4o': { prompt_per_1k: 1, completion_per_1k: 1 } } }, createTestDeps({ logger }));
    costs.record(response({ prompt_tokens: 2, completion_tokens: 2 }, { model: 'other' }), {});
    costs.record(response({ prompt_tokens: 2, completion_tokens: 2 }, { model: 'other' }), {});
    expect(costs.summary()).toEqual({ prompt_tokens: 4, completion_tokens: 4, total_cost: 2 });
    expect(logger.entries).toEqual([{ level: 'warn', message: '[fixed_price] model missing from the price table; using the per-token prices', context: { model: 'other' } }]);
  });

  it.each([
    ['gpt-4o', 'gpt-4o'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['gpt-4o-realtime', undefined],
    ['gpt-4', undefined],
  ])('price key for %s is %s', (model, key) => {
    expect(priceKeyFor({ 'gpt-4o': {}, 'gpt-4o-mini': {} }, model)).toBe(key);
  });

  it('rejects unknown options and negative prices', () => {
    expect(thrownBy(() => tracker({ price: 1 }))).toEqual(expect.objectContaining({ code: 'PLUGIN_OPTIONS_INVALID' }));
    expect(thrownBy(() => tracker({ prompt_token_price: -1 }))).toEqual(expect.objectContaining({ code: 'PLUGIN_OPTIONS_INVALID' }));
  });

  it('noop records and sums nothing', () => {
    const costs = registry.create('costTracker', { name: 'noop', options: {} }, createTestDeps());
    expect(costs.record(response({ prompt_tokens: 1, completion_tokens: 1 }), {})).toEqual({});
    expect(costs.summary()).toEqual({});
  });
});

describe('fixed_price under concurrency', () => {
  /** A model whose calls finish in a scrambled order, each using a known number of tokens. */
  function scrambledClient(): LlmClient {
    return {
      name: 'scrambled',
      generate: async (request: LlmRequest) => {
        const n = Number(request.metadata.row_id);
        await new Promise((resolve) => setTimeout(resolve, (n * 7) % 13));
        return response({ prompt_tokens: 100 + n, completion_tokens: 10 + (n % 5) }, { model: n % 2 === 0 ? 'a' : 'b' });
      },
    };
  }

  it('totals 200 concurrent calls exactly, whatever order they complete in', async () => {
    const costs = tracker({ prices: { a: { prompt_per_1k: 0.3, completion_per_1k: 0.7 }, b: { prompt_per_1k: 1.1, completion_per_1k: 2.9 } } });
    const call = createLlmCaller({
      experiment: 'e',
      client: scrambledClient(),
      middlewares: [],
      costTracker: costs,
      validators: [],
      policy: { maxAttempts: 1, initialDelayInMs: 0, backoffMultiplier: 1, maxDelayInMs: 0, jitter: 0 },
      clock: createFakeClock(),
      random: () => 0,
    });
    const rows = Array.from({ length: 200 }, (_, n) => n);
    const responses = await Promise.all(rows.map((n) => call({ systemPrompt: '', userPrompt: '', metadata: { row_id: n }, requestId: `r${n}` }, {})));

    const tokens = (parity: number, field: (n: number) => number) => rows.filter((n) => n % 2 === parity).reduce((sum, n) => sum + field(n), 0);
    const [promptA, promptB] = [tokens(0, (n) => 100 + n), tokens(1, (n) => 100 + n)];
    const [completionA, completionB] = [tokens(0, (n) => 10 + (n % 5)), tokens(1, (n) => 10 + (n % 5))];
    expect(costs.summary()).toEqual({
      prompt_tokens: promptA + promptB,
      completion_tokens: completionA + completionB,
      total_cost: (promptA * 0.3 + completionA * 0.7) / 1000 + (promptB * 1.1 + completionB * 2.9) / 1000,
    });
    expect(responses.reduce((sum, r) => sum + (r.metrics.prompt_tokens as number), 0)).toBe(promptA + promptB);
  });
});
