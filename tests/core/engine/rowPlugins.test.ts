import { evaluateRow, type RowEvaluator } from '../../../src/core/engine/evaluateRow';
import type { RowOutcome } from '../../../src/core/engine/records';
import { mergeMetrics, sumCallCosts } from '../../../src/core/engine/rowScoring';
import { AppError } from '../../../src/core/errors';
import { createLlmCaller } from '../../../src/core/llm/pipeline';
import { requestKey } from '../../../src/core/llm/requestKey';
import { retryPolicyFrom } from '../../../src/core/llm/retryPolicy';
import type { LlmClient, LlmRequest } from '../../../src/core/llm/types';
import type { ResponseValidator, RowPlugin } from '../../../src/core/plugins/kinds';
import { compileTemplate } from '../../../src/core/prompts';
import { createFixedPriceTracker } from '../../../src/plugins/costTracker/fixedPrice';
import { createFakeClock, createMemoryLogger } from '../../fakes/pluginDeps';

/** Answers with a fixed text and token counts; `failFirst` answers a 500 to that many calls first. */
function client(name: string, content: string, failFirst = 0): LlmClient & { requests: LlmRequest[] } {
  const requests: LlmRequest[] = [];
  return {
    name,
    requests,
    async generate(request) {
      requests.push(request);
      if (requests.length <= failFirst) throw new AppError('LLM_SERVER_ERROR', 'HTTP 500', { retryable: true, details: { http_status: 500 } });
      return { content, metrics: {}, usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }, raw: { model: name } };
    },
  };
}

/** A validator that rejects everything: the model under test never passes it. */
const rejectAll: ResponseValidator = {
  name: 'reject_all',
  validate() {
    throw new AppError('VALIDATION_FAILED', 'rejected', { retryable: false });
  },
};

function setup(options: { plugins: RowPlugin[]; validators?: ResponseValidator[]; judge?: LlmClient; baseline?: RowEvaluator['baselineOutcome'] }) {
  const clock = createFakeClock();
  const subject = client('subject', 'billing');
  const tracker = createFixedPriceTracker({ prompt_token_price: 0.001, completion_token_price: 0.002, prices: {}, currency: 'USD' }, { logger: createMemoryLogger() });
  const routes = new Map<string, LlmClient>(options.judge ? [['model:judge', options.judge]] : []);
  const call = createLlmCaller({
    experiment: 'exp',
    client: subject,
    middlewares: [],
    validators: options.validators ?? [],
    costTracker: tracker,
    policy: retryPolicyFrom({ max_attempts: 3, initial_delay: 0.01 }),
    clock,
    random: () => 0.5,
    routes,
  });
  const evaluator: RowEvaluator = {
    experiment: 'exp',
    system: compileTemplate('Classify.'),
    user: compileTemplate('{{ text }}'),
    criteria: [
      { name: 'first', template: compileTemplate('A {{ text }}'), defaults: {} },
      { name: 'second', template: compileTemplate('B {{ text }}'), defaults: {} },
    ],
    promptFields: ['text'],
    promptDefaults: {},
    call,
    rowPlugins: options.plugins,
    securityLevel: 'official',
    runId: 'run-1',
    clock,
    ...(options.baseline ? { baselineOutcome: options.baseline } : {}),
  };
  return { evaluator, subject, tracker };
}

const row = { id: 'T-1', text: 'refund please', label: 'billing' };

describe('row plugins', () => {
  it('see the full dataset row, may be async, and merge score maps one level deep', async () => {
    const seen: unknown[] = [];
    const first: RowPlugin = { name: 'a', processRow: (_row, _responses, context) => (seen.push(context.sourceRow), { scores: { first: 1 }, tag: 'a' }) };
    const second: RowPlugin = { name: 'b', processRow: async (prompt) => ({ scores: { second: prompt.label === undefined ? 0 : 1 }, tag: 'b' }) };
    const { evaluator } = setup({ plugins: [first, second] });
    const record = await evaluateRow(evaluator, row, 0);
    expect(seen).toEqual([row]);
    expect(record.status === 'ok' && [record.row, record.metrics.scores, record.metrics.tag]).toEqual([{ text: 'refund please' }, { first: 1, second: 0 }, 'b']);
  });

  it('call a routed model through the run pipeline: retries recorded, validators skipped, cost added to the row', async () => {
    const judge = client('judge', 'PASS', 1);
    const judging: RowPlugin = {
      name: 'judging',
      async processRow(_row, _responses, context) {
        const answer = await context.call({ route: 'model:judge', purpose: 'judging:quality', systemPrompt: 'Judge.', userPrompt: 'Is it right?', metadata: { judge: 'quality' } });
        return { scores: { quality: answer.content === 'PASS' ? 1 : 0 }, judge_attempts: answer.retry?.attempts ?? 1 };
      },
    };
    // The validator rejects every answer: the model under test never reaches the judge.
    const rejected = await evaluateRow(setup({ plugins: [judging], judge, validators: [rejectAll] }).evaluator, row, 0);
    expect([rejected.status, judge.requests.length]).toEqual(['error', 0]);

    const { evaluator, tracker } = setup({ plugins: [judging], judge, validators: [] });
    const record = await evaluateRow(evaluator, row, 4);
    // row_id is the APPID column only, as on the row's own calls: this row has an `id` column and no APPID, so None.
    expect(judge.requests.map((request) => [request.route, request.requestId, request.metadata])).toEqual([
      ['model:judge', 'run-1/exp/4/judging:quality', { row_id: null, judge: 'quality', attempt: 1 }],
      ['model:judge', 'run-1/exp/4/judging:quality', { row_id: null, judge: 'quality', attempt: 2 }],
    ]);
    const secondJudge = client('judge', 'PASS', 0);
    const withAppId = setup({ plugins: [judging], judge: secondJudge, validators: [] });
    await evaluateRow(withAppId.evaluator, { ...row, APPID: 'APP-7' }, 5);
    expect([...withAppId.subject.requests, ...secondJudge.requests].map((request) => request.metadata.row_id)).toEqual(['APP-7', 'APP-7', 'APP-7']);
    expect(record.status === 'ok' && [record.metrics.scores, record.metrics.judge_attempts]).toEqual([{ quality: 1 }, 2]);
    // Two criteria and one judge call, each 10 + 5 tokens: the row's cost is all three, as is the tracker's.
    expect(record.status === 'ok' && [record.metrics.prompt_tokens, record.metrics.completion_tokens, record.metrics.cost]).toEqual([30, 15, 0.06]);
    expect(tracker.summary().total_cost).toBeCloseTo(record.status === 'ok' ? (record.metrics.cost as number) : Number.NaN, 12);
  });

  it('fail the row when a route is not registered (a wiring fault, not retried)', async () => {
    const broken: RowPlugin = { name: 'broken', processRow: async (_r, _a, context) => ({ x: (await context.call({ route: 'model:nowhere', purpose: 'p', systemPrompt: '', userPrompt: '' })).content }) };
    const failure = await evaluateRow(setup({ plugins: [broken] }).evaluator, row, 0);
    expect(failure).toMatchObject({ status: 'error', error_code: 'INTERNAL', error: "No model is registered for route 'model:nowhere'" });
  });

  it('read the baseline outcome of the same row through the evaluator, passing their wait', async () => {
    const asked: [number, number | undefined][] = [];
    const baselineRecord = { status: 'error', index: 3, id: 'T-1', row: {}, error: 'x', error_code: 'LLM_TIMEOUT', timestamp: 0 } as RowOutcome;
    const reader = async (index: number, waitInMs: number | undefined) => (asked.push([index, waitInMs]), index === 3 ? baselineRecord : undefined);
    const pairwise: RowPlugin = { name: 'pairwise', processRow: async (_r, _a, context) => ({ baseline_status: (await context.baseline({ waitInMs: 50 }))?.status ?? 'none' }) };
    const { evaluator } = setup({ plugins: [pairwise], baseline: reader });
    const records = [await evaluateRow(evaluator, row, 3), await evaluateRow(evaluator, row, 5)];
    expect(records.map((record) => record.status === 'ok' && record.metrics.baseline_status)).toEqual(['error', 'none']);
    expect(asked).toEqual([[3, 50], [5, 50]]);
    const withoutReader = await evaluateRow(setup({ plugins: [pairwise] }).evaluator, row, 3);
    expect(withoutReader.status === 'ok' && withoutReader.metrics.baseline_status).toBe('none');
  });
});

describe('row scoring helpers', () => {
  it('mergeMetrics merges maps one level deep and replaces everything else', () => {
    const target: Record<string, unknown> = { scores: { a: 1 }, flags: { a: true }, n: 1, list: [1] };
    mergeMetrics(target, { scores: { b: 2, a: 3 }, n: { x: 1 }, list: [2], flags: 'no' });
    expect(target).toEqual({ scores: { a: 3, b: 2 }, flags: 'no', n: { x: 1 }, list: [2] });
  });

  it('sumCallCosts adds the cost tracker fields over every call and skips non-numbers', () => {
    const response = (metrics: Record<string, unknown>) => ({ content: '', metrics });
    expect(sumCallCosts([response({ cost: 0.5, prompt_tokens: 3 }), response({ cost: 0.25, prompt_tokens: 'x', latency_seconds: 2 }), response({})])).toEqual({ cost: 0.75, prompt_tokens: 3 });
    expect(sumCallCosts([])).toEqual({});
  });

  it('requestKey is unchanged for the experiment model and distinct per route', () => {
    const request: LlmRequest = { systemPrompt: 's', userPrompt: 'u', metadata: { row_id: 1 }, requestId: 'r' };
    expect(requestKey({ ...request, route: undefined })).toBe(requestKey(request));
    expect(requestKey({ ...request, route: 'model:a' })).not.toBe(requestKey(request));
    expect(requestKey({ ...request, route: 'model:a' })).not.toBe(requestKey({ ...request, route: 'model:b' }));
  });
});
