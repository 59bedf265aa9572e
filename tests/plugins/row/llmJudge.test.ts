import { AppError } from '../../../src/core/errors';
import type { LlmResponse } from '../../../src/core/llm/types';
import type { RowModelRequest } from '../../../src/core/plugins/kinds';
import { parseJudgement } from '../../../src/plugins/row/judgeParsing';
import { createLlmJudge, LlmJudgeOptionsSchema, llmJudge } from '../../../src/plugins/row/llmJudge';
import { rowPlugins } from '../../../src/plugins/row';
import { createTestDeps } from '../../fakes/pluginDeps';
import { rowContext } from '../../fakes/rowContext';

const answer = (content: string): Record<string, LlmResponse> => ({ default: { content, metrics: {} } });

function setup(options: Record<string, unknown>, reply: string | Error) {
  const requests: RowModelRequest[] = [];
  const routed: unknown[] = [];
  const plugin = createLlmJudge(LlmJudgeOptionsSchema.parse({ llm: { plugin: 'http_openai', options: { model: 'judge' } }, ...options }), {
    routeModel: (def) => (routed.push(def), 'model:judge'),
  });
  const context = rowContext(
    { id: 'T-1', subject: 'Refund please', label: 'billing' },
    {
      call: async (request) => {
        requests.push(request);
        if (reply instanceof Error) throw reply;
        return { content: reply, metrics: {} };
      },
    },
  );
  return { plugin, context, requests, routed };
}

describe('llm_judge', () => {
  it('is registered; options need a judge model and a rubric that compiles', () => {
    expect(rowPlugins.map((plugin) => plugin.name)).toContain('llm_judge');
    expect(LlmJudgeOptionsSchema.safeParse({}).success).toBe(false);
    expect(LlmJudgeOptionsSchema.safeParse({ llm: { plugin: 'mock' }, rubric: '{% if %}' }).error?.issues[0]?.path).toEqual(['rubric']);
    expect(LlmJudgeOptionsSchema.safeParse({ llm: { plugin: 'mock' }, scale: '1-10' }).success).toBe(false);
  });

  it('renders the rubric with the row, the answer and the reference, calls the judge through the run, keeps score and rationale', async () => {
    const { plugin, context, requests, routed } = setup(
      { rubric: 'Ticket: {{ subject }} ({{ row.id }}). Expected {{ reference }}. Answer: {{ answer }}', reference_field: 'label', criterion: 'quality' },
      '```json\n{"score": 4, "rationale": "Close, but terse."}\n```',
    );
    const output = await plugin.processRow({}, answer('billing'), context);
    expect(routed).toEqual([{ name: 'http_openai', options: { model: 'judge' } }]);
    expect(requests).toEqual([
      {
        route: 'model:judge',
        purpose: 'llm_judge:quality',
        systemPrompt: expect.stringContaining('impartial evaluator') as string,
        userPrompt: 'Ticket: Refund please (T-1). Expected billing. Answer: billing\n\nReply with JSON only: {"score": <1-5>, "rationale": "<one or two sentences>"}, where 5 is best.',
        metadata: { judge: 'quality' },
        temperature: 0,
        maxTokens: 300,
      },
    ]);
    expect(output).toEqual({ scores: { quality: 4 }, score_kinds: { quality: 'ordinal' }, judge: { quality: { rationale: 'Close, but terse.', reference: 'billing' } } });
  });

  it('uses the default rubric (Answer and Reference lines) and omits the reference line without one', async () => {
    const withReference = setup({ reference_field: 'label', scale: 'pass/fail' }, '{"score": "PASS", "rationale": "ok"}');
    await withReference.plugin.processRow({}, answer('Billing'), withReference.context);
    expect(withReference.requests[0]!.userPrompt).toBe('Grade the answer to the request below.\nReference: billing\nAnswer: Billing\n\nReply with JSON only: {"score": "PASS" or "FAIL", "rationale": "<one or two sentences>"}.');
    const without = setup({}, '{"score": 5}');
    await without.plugin.processRow({}, answer('Billing'), without.context);
    expect(without.requests[0]!.userPrompt.split('\n').slice(0, 2)).toEqual(['Grade the answer to the request below.', 'Answer: Billing']);
  });

  it.each([
    [{ scale: 'pass/fail' }, '{"score": "PASS"}', { scores: { judge: 1 }, score_kinds: { judge: 'binary' }, score_flags: { judge: true } }],
    [{ scale: 'pass/fail' }, 'Verdict: FAIL. It names the wrong team.', { scores: { judge: 0 }, score_flags: { judge: false } }],
    [{ scale: '0-1' }, '{"rating": 0.25, "reason": "weak"}', { scores: { judge: 0.25 }, score_kinds: { judge: 'continuous' }, judge: { judge: { rationale: 'weak' } } }],
    [{ scale: '1-5', pass_threshold: 4 }, 'Score: 4/5 - good', { scores: { judge: 4 }, score_flags: { judge: true } }],
    [{ scale: '1-5', pass_threshold: 4 }, '{"score": 3}', { scores: { judge: 3 }, score_flags: { judge: false } }],
  ])('scores on its scale: %p %p', async (options, reply, expected) => {
    const { plugin, context } = setup(options, reply);
    expect(await plugin.processRow({}, answer('x'), context)).toMatchObject(expected);
  });

  it.each([
    ['a reply off the scale', { scale: '1-5' }, '{"score": 7}', 'judge_unreadable'],
    ['a reply without a score', { scale: 'pass/fail' }, 'I am not sure.', 'judge_unreadable'],
    ['a judge that failed after its retries', {}, new AppError('LLM_SERVER_ERROR', 'HTTP 500 after 3 attempts'), 'judge_error'],
    ['a rubric naming a missing column', { rubric: '{{ nowhere }} {{ answer }}' }, '{"score": 3}', 'rubric_failed'],
  ])('keeps the row with a missing score and a flag for %s', async (_label, options, reply, flag) => {
    const { plugin, context } = setup(options, reply);
    const output = await plugin.processRow({}, answer('x'), context);
    expect(output).toMatchObject({ scores: { judge: NaN }, scoring_flags: { judge: flag } });
    if (flag === 'judge_error') expect(output.judge).toEqual({ judge: { error: 'HTTP 500 after 3 attempts', error_code: 'LLM_SERVER_ERROR' } });
  });

  it('fails the row when the run is aborted, and outside a run', async () => {
    const controller = new AbortController();
    controller.abort();
    const { plugin, context } = setup({}, new AppError('LLM_TIMEOUT', 'aborted'));
    await expect(plugin.processRow({}, answer('x'), { ...context, abortSignal: controller.signal })).rejects.toMatchObject({ code: 'LLM_TIMEOUT' });
    const offline = llmJudge.create(LlmJudgeOptionsSchema.parse({ llm: { plugin: 'mock' } }), createTestDeps());
    await expect(offline.processRow({}, answer('x'), context)).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('flags a missing answer without calling the judge', async () => {
    const { plugin, context, requests } = setup({ response_criterion: 'tone' }, '{"score": 5}');
    expect(await plugin.processRow({}, answer('x'), context)).toMatchObject({ scores: { judge: NaN }, scoring_flags: { judge: 'no_response' } });
    expect(requests).toEqual([]);
  });
});

describe('parseJudgement', () => {
  it.each([
    ['{"score": 5, "rationale": "great"}', '1-5', { score: 5, rationale: 'great' }],
    ['{"grade": "3", "explanation": "ok"}', '1-5', { score: 3, rationale: 'ok' }],
    ['{"score": "85%"}', '0-1', { score: 0.85, rationale: '' }],
    ['{"verdict": true}', 'pass/fail', { score: 1, rationale: '' }],
    ['{"score": "no"}', 'pass/fail', { score: 0, rationale: '' }],
    ['PASSED - fine', 'pass/fail', { score: 1, rationale: 'PASSED - fine' }],
    ['{"score": 0}', '1-5', { problem: 'score 0 is not on the 1-5 scale' }],
    ['{"note": 1}', '0-1', { problem: 'no score in the JSON reply' }],
    ['passable answer', 'pass/fail', { problem: 'no pass/fail score in the reply' }],
  ])('%p on %s', (content, scale, expected) => {
    expect(parseJudgement(content, scale as '1-5')).toEqual(expected);
  });

  it('cuts very long rationales', () => {
    const result = parseJudgement(JSON.stringify({ score: 1, rationale: 'x'.repeat(5000) }), '0-1');
    expect('rationale' in result && result.rationale.length).toBe(2001);
  });
});
