import { evaluateBatch } from '../../../src/core/engine/evaluateBatch';
import { evaluateRow, type RowEvaluator } from '../../../src/core/engine/evaluateRow';
import { AppError } from '../../../src/core/errors';
import { createLlmCaller } from '../../../src/core/llm/pipeline';
import { retryPolicyFrom } from '../../../src/core/llm/retryPolicy';
import type { LlmClient, LlmRequest, LlmResponse } from '../../../src/core/llm/types';
import type { EarlyStopCheck, LlmMiddleware } from '../../../src/core/plugins/kinds';
import { compileTemplate } from '../../../src/core/prompts';
import { createFakeClock } from '../../fakes/pluginDeps';

/** A model that scores by row id and records every request it sees. */
function fakeClient(fail?: (request: LlmRequest) => Error | undefined): LlmClient & { requests: LlmRequest[] } {
  const requests: LlmRequest[] = [];
  return {
    name: 'fake',
    requests,
    async generate(request) {
      requests.push(request);
      const error = fail?.(request);
      if (error) throw error;
      const score = Number(String(request.metadata.row_id).slice(-1)) / 10;
      return { content: `{"score": ${score}}`, metrics: { score }, usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } };
    },
  };
}

function evaluator(client: LlmClient, extra: Partial<RowEvaluator> = {}, middlewares: LlmMiddleware[] = []): RowEvaluator {
  const clock = createFakeClock();
  return {
    experiment: 'exp',
    system: compileTemplate('You grade {{ APPID }}.'),
    user: compileTemplate('Rate {{ APPID }}: {{ title }}'),
    criteria: [
      { name: 'quality', template: compileTemplate('Quality of {{ title }} ({{ criteria }})'), defaults: {} },
      { name: 'tone', template: compileTemplate('Tone of {{ title }} in {{ tone }}'), defaults: { tone: 'formal' } },
    ],
    promptDefaults: {},
    call: createLlmCaller({ experiment: 'exp', client, middlewares, validators: [], policy: retryPolicyFrom({ max_attempts: 2 }), clock, random: () => 0.5 }),
    rowPlugins: [{ name: 'double', processRow: (_row, responses) => ({ doubled: Number(responses.quality?.metrics.score) * 2 }) }],
    securityLevel: 'official',
    temperature: 0.2,
    maxTokens: 64,
    runId: 'run-1',
    clock,
    ...extra,
  };
}

const row = (n: number) => ({ APPID: `APP-00${n}`, title: `Title ${n}`, extra: 'x' });

describe('evaluateRow', () => {
  it('calls the model once per criterion with the original metadata and builds the record (docs/original-behaviour.md §1.5, docs/original-behaviour.md §1.6)', async () => {
    const client = fakeClient();
    const record = await evaluateRow(evaluator(client, { promptFields: ['APPID', 'title', 'missing'] }), row(3), 7);
    expect(client.requests.map((r) => [r.userPrompt, r.metadata, r.temperature, r.maxTokens])).toEqual([
      ['Quality of Title 3 (quality)', { row_id: 'APP-003', criteria: 'quality', attempt: 1 }, 0.2, 64],
      ['Tone of Title 3 in formal', { row_id: 'APP-003', criteria: 'tone', attempt: 1 }, 0.2, 64],
    ]);
    expect(record).toMatchObject({
      status: 'ok',
      index: 7,
      id: 'APP-003',
      row: { APPID: 'APP-003', title: 'Title 3', missing: null },
      metrics: { score: 0.3, doubled: 0.6, attempts_used: 1 },
      metadata: { experiment: 'exp', prompt_system: 'You grade APP-003.', prompt_user: 'Rate APP-003: Title 3', prompt_user_fields: ['APPID', 'title'] },
      security_level: 'official',
    });
    expect(record.status === 'ok' && record.response).toBe(record.status === 'ok' && record.responses?.quality);
  });

  it('turns a failure in any criterion into a failure record with its retry history', async () => {
    const client = fakeClient((request) => (request.metadata.criteria === 'tone' ? new AppError('LLM_SERVER_ERROR', 'HTTP 500', { retryable: true }) : undefined));
    const failure = await evaluateRow(evaluator(client), row(4), 1);
    expect(failure).toMatchObject({ status: 'error', index: 1, id: 'APP-004', error: 'HTTP 500', error_code: 'LLM_SERVER_ERROR', criteria: 'tone', retry: { attempts: 2, max_attempts: 2 } });
  });

  it('fails the row without retrying when a prompt cannot render', async () => {
    const client = fakeClient();
    const failure = await evaluateRow(evaluator(client, { user: compileTemplate('{{ nope }}'), criteria: [] }), row(1), 0);
    expect([failure.status, failure.status === 'error' && failure.error_code, client.requests.length]).toEqual(['error', 'PROMPT_RENDER_FAILED', 0]);
  });
});

describe('evaluateBatch', () => {
  it('runs rows in parallel when enabled and the backlog is big enough, keeping row order', async () => {
    let inFlight = 0;
    let peak = 0;
    const client: LlmClient = {
      name: 'slow',
      async generate(request): Promise<LlmResponse> {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight--;
        return { content: '', metrics: { score: Number(String(request.metadata.row_id).slice(-1)) } };
      },
    };
    const rows = [1, 2, 3, 4, 5, 6].map((n) => ({ index: n, row: row(n) }));
    const outcome = await evaluateBatch(evaluator(client, { criteria: [] }), rows, { concurrency: { enabled: true, max_workers: 3, backlog_threshold: 2 }, clock: createFakeClock() });
    expect(outcome.outcomes.map((o) => o.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(3);
  });

  it('stops a sequential batch inline when early stop fires, and records the skipped rows', async () => {
    const check: EarlyStopCheck = {
      name: 'first_high',
      observe: (record) => record.metrics.score as number,
      reset: () => undefined,
      check: (value) => (value >= 0.2 ? { value } : undefined),
    };
    const rows = [1, 2, 3, 4].map((n) => ({ index: n, row: row(n) }));
    const outcome = await evaluateBatch(evaluator(fakeClient(), { criteria: [] }), rows, { concurrency: {}, clock: createFakeClock(), earlyStop: [check], stopInline: true });
    expect([outcome.outcomes.map((o) => o.index), outcome.skipped, outcome.earlyStop]).toEqual([[1, 2], [3, 4], { value: 0.2, plugin: 'first_high', row_index: 2 }]);
  });

  it('stops starting rows once shouldStop says the budget share is spent', async () => {
    let spent = 0;
    const client = fakeClient();
    const rows = [1, 2, 3, 4, 5].map((n) => ({ index: n, row: row(n) }));
    const outcome = await evaluateBatch(evaluator(client, { criteria: [], call: async (request) => { spent += 1; return client.generate(request); } }), rows, {
      concurrency: {},
      clock: createFakeClock(),
      shouldStop: () => spent >= 2,
    });
    expect([outcome.outcomes.length, outcome.skipped, outcome.stopped]).toEqual([2, [3, 4, 5], true]);
  });
});

describe('the middleware pipeline', () => {
  it('runs middleware outermost first, inside the retry loop, and applies cost to every attempt', async () => {
    const order: string[] = [];
    const tag = (name: string): LlmMiddleware => ({
      name,
      async send(request, next) {
        order.push(`${name}>`);
        const response = await next({ ...request, metadata: { ...request.metadata, [name]: true } });
        order.push(`<${name}`);
        return response;
      },
    });
    const client = fakeClient();
    const recorded: Record<string, unknown>[] = [];
    const call = createLlmCaller({
      experiment: 'exp',
      client,
      middlewares: [tag('outer'), tag('inner')],
      costTracker: { record: (_r, meta) => (recorded.push(meta), { cost: 0.01 }), summary: () => ({}) },
      validators: [],
      policy: retryPolicyFrom({}),
      clock: createFakeClock(),
      random: () => 0.5,
    });
    const response = await call({ systemPrompt: 's', userPrompt: 'u', metadata: { row_id: 'APP-001' }, requestId: 'r' }, {});
    expect(order).toEqual(['outer>', 'inner>', '<inner', '<outer']);
    expect(client.requests[0]!.metadata).toEqual({ row_id: 'APP-001', attempt: 1, outer: true, inner: true });
    expect(response.metrics).toMatchObject({ cost: 0.01, attempts_used: 1 });
    expect(recorded[0]).toMatchObject({ experiment: 'exp', row_id: 'APP-001', attempt: 1 });
  });
});
