import { createRegistry } from '../../../src/core/plugins/registry';
import type { LlmRequest } from '../../../src/core/llm/types';
import { llmPlugins } from '../../../src/plugins/llm';
import { MOCK_COMMENT } from '../../../src/plugins/llm/mock';
import { createTestDeps } from '../../fakes/pluginDeps';
import { thrownBy as thrown } from '../../fakes/thrownBy';


const SYSTEM = 'You are an evaluation assistant that returns concise JSON feedback.';
const registry = createRegistry(llmPlugins);
const createMock = (options: Record<string, unknown>) => registry.create('llm', { name: 'mock', options }, createTestDeps());

function request(userPrompt: string, metadata: Record<string, unknown>): LlmRequest {
  return { systemPrompt: SYSTEM, userPrompt, metadata, requestId: 'run/baseline/0/analysis' };
}

describe('mock llm plugin', () => {
  it('answers the docs/original-behaviour.md §3.18 golden call with the original content, metrics and raw', async () => {
    const userPrompt = 'Provide JSON {"score": <0-1>, "comment": "<analysis>"} assessing clarity of summary for APP-001.';
    const metadata = { attempt: 1, criteria: 'analysis', row_id: 'APP-001' };
    const response = await createMock({ seed: 42 }).generate(request(userPrompt, metadata));
    const content = `[mock] score=0.57\n${userPrompt}`;
    expect(response).toEqual({
      content,
      metrics: { score: 0.5666666666666667, comment: MOCK_COMMENT },
      raw: { system_prompt: SYSTEM, user_prompt: userPrompt, metadata },
      usage: {
        prompt_tokens: Math.ceil((SYSTEM.length + userPrompt.length) / 4),
        completion_tokens: Math.ceil(content.length / 4),
        total_tokens: Math.ceil((SYSTEM.length + userPrompt.length) / 4) + Math.ceil(content.length / 4),
      },
      metadata,
    });
  });

  it.each([
    ['APP-001', 'HR', 0.7980392156862746, '0.80'],
    ['APP-002', 'Retail', 0.8529411764705883, '0.85'],
    ['APP-003', 'Support', 0.8176470588235294, '0.82'],
  ])('prioritization for %s (%s) scores %d', async (rowId, industry, score, shown) => {
    const userPrompt = `Estimate priority (0-1) for ${rowId} considering industry "${industry}".`;
    const response = await createMock({ seed: 42 }).generate(request(userPrompt, { row_id: rowId, criteria: 'prioritization', attempt: 1 }));
    expect(response.metrics).toEqual({ score, comment: MOCK_COMMENT });
    expect(response.content).toBe(`[mock] score=${shown}\n${userPrompt}`);
  });

  it('treats a null seed, a zero seed and no seed alike', async () => {
    const call = request('hello', { row_id: 'x' });
    const scores = await Promise.all([{}, { seed: null }, { seed: 0 }].map(async (o) => (await createMock(o).generate(call)).metrics.score));
    expect(new Set(scores).size).toBe(1);
  });

  it.each([[{ seed: 1.5 }], [{ seed: '42' }], [{ seed: 1, temperature: 0 }]])('rejects options %j', (options) => {
    expect(thrown(() => createMock(options))).toMatchObject({ code: 'PLUGIN_OPTIONS_INVALID' });
  });

  it('refuses a call whose abort signal already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(createMock({}).generate(request('x', {}), { abortSignal: controller.signal })).rejects.toMatchObject({
      code: 'LLM_TIMEOUT',
      retryable: true,
    });
  });
});

describe('llmPlugins', () => {
  it('lists the three clients under their original names', () => {
    expect(registry.names('llm')).toEqual(['azure_openai', 'http_openai', 'mock']);
  });
});
