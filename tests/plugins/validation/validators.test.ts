import { AppError } from '../../../src/core/errors';
import type { LlmClient, LlmRequest, LlmResponse } from '../../../src/core/llm/types';
import type { ResponseValidator } from '../../../src/core/plugins/kinds';
import type { PluginDef } from '../../../src/core/plugins/pluginDef';
import { createRegistry } from '../../../src/core/plugins/registry';
import { validationPlugins } from '../../../src/plugins/validation';
import { createTestDeps } from '../../fakes/pluginDeps';
import { thrownBy } from '../../fakes/thrownBy';


const registry = createRegistry(validationPlugins);
const answer = (content: string): LlmResponse => ({ content, metrics: {} });

async function failure(validator: ResponseValidator, content: string): Promise<AppError | undefined> {
  try {
    await validator.validate(answer(content), { id: 1 }, { row_id: 1 });
    return undefined;
  } catch (error) {
    return error as AppError;
  }
}

describe('regex_match', () => {
  const validator = (options: Record<string, unknown>) => registry.create('validation', { name: 'regex_match', options }, createTestDeps());

  it.each([
    ['\\d+', undefined, '123', true],
    ['\\d+', undefined, '123 apples', false],
    ['a|ab', undefined, 'ab', true],
    ['yes', 'IGNORECASE', 'YES', true],
    ['yes', undefined, 'YES', false],
    ['line.*', undefined, 'line one\nline two', false],
    ['line.*', 'DOTALL', 'line one\nline two', true],
    ['^b$', 'MULTILINE', 'a\nb', false],
    ['a\\n^b$', 'MULTILINE', 'a\nb', true],
    ['(?P<n>x)y', 'I|S', 'XY', true],
    ['(.+)+!', undefined, `${'a'.repeat(100_000)}?`, false],
  ])('pattern %p with flags %p on %p passes: %p', async (pattern, flags, content, passes) => {
    const error = await failure(validator(flags === undefined ? { pattern } : { pattern, flags }), content);
    if (passes) expect(error).toBeUndefined();
    else expect(error).toEqual(expect.objectContaining({ code: 'VALIDATION_FAILED', message: `Response did not match required pattern '${pattern}'` }));
  });

  it.each([
    [{ pattern: 'x', flags: 'IGNORECASE|NOPE' }, 'flags', "Unknown regex flag 'NOPE'"],
    [{ pattern: '(' }, 'pattern', 'pattern cannot be used by the linear-time matcher: error parsing regexp: missing closing )'],
    [{ pattern: '(a)\\1' }, 'pattern', 'backreferences (\\1, (?P=name)) need backtracking and are not supported'],
  ])('rejects %p when created', (options, path, message) => {
    expect(thrownBy(() => validator(options))).toEqual(expect.objectContaining({ code: 'PLUGIN_OPTIONS_INVALID', message: expect.stringContaining(message) }));
    expect(registry.check('validation', { name: 'regex_match', options })).toEqual([{ path: ['options', path], message: expect.stringContaining(message) }]);
  });
});

describe('json', () => {
  const validator = (options: Record<string, unknown> = {}) => registry.create('validation', { name: 'json', options }, createTestDeps());

  it.each([
    [{}, '{"a": 1}', undefined],
    [{}, '[1, 2]', undefined],
    [{}, 'not json', 'Response is not valid JSON: '],
    [{ ensure_object: true }, '{"a": 1}', undefined],
    [{ ensure_object: true }, '[1]', 'JSON response must be an object'],
    [{ ensure_object: true }, 'null', 'JSON response must be an object'],
  ])('%p on %p', async (options, content, message) => {
    const error = await failure(validator(options), content);
    if (message === undefined) expect(error).toBeUndefined();
    else expect(error).toEqual(expect.objectContaining({ code: 'VALIDATION_FAILED', retryable: true, message: expect.stringContaining(message) }));
  });
});

describe('llm_guard', () => {
  function guard(verdict: string, options: Record<string, unknown> = {}): { validator: ResponseValidator; calls: LlmRequest[]; defs: PluginDef[] } {
    const calls: LlmRequest[] = [];
    const defs: PluginDef[] = [];
    const client: LlmClient = { name: 'fake', generate: (request) => (calls.push(request), Promise.resolve(answer(verdict))) };
    const deps = createTestDeps({ createLlm: (def) => (defs.push(def), client) });
    const validator = registry.create(
      'validation',
      { name: 'llm_guard', options: { validator_llm: { plugin: 'mock', options: { seed: 1 } }, user_prompt_template: 'Rate: {{ content }} for {{ context.id }} ({{ metadata.row_id }}, {{ response.metrics }})', ...options } },
      deps,
    );
    return { validator, calls, defs };
  }

  it('renders the template, calls the validator model and accepts VALID', async () => {
    const { validator, calls, defs } = guard('VALID\nbecause it is fine');
    await validator.validate({ content: 'the answer', metrics: { score: 0.7 } }, { id: 'A1' }, { row_id: 'A1', attempt: 1 });
    expect(defs).toEqual([{ name: 'mock', options: { seed: 1 } }]);
    expect(calls).toEqual([
      {
        systemPrompt: 'You evaluate whether a response meets the rules.',
        userPrompt: "Rate: the answer for A1 (A1, {'score': 0.7})",
        metadata: { validator: 'llm_guard', row_id: 'A1', attempt: 1 },
        requestId: 'llm_guard:A1::1',
      },
    ]);
  });

  it.each([
    ['INVALID', 'LLM guard marked response as invalid'],
    ['  invalid: too long  ', 'LLM guard marked response as invalid'],
    ['maybe', 'LLM guard returned unexpected verdict'],
    ['OK\nVALID', 'LLM guard returned unexpected verdict'],
  ])('verdict %p fails with %p', async (verdict, message) => {
    const error = await failure(guard(verdict).validator, 'x');
    expect(error).toEqual(expect.objectContaining({ code: 'VALIDATION_FAILED', message }));
  });

  it('reads the whole answer when strip_whitespace is off, and takes custom tokens', async () => {
    expect(await failure(guard('fine\nOK', { strip_whitespace: false, valid_token: 'ok', invalid_token: 'bad' }).validator, 'x')).toBeUndefined();
  });

  it('renders a missing key as the original\'s plain jinja2.Template did (empty), and fails where Jinja fails', async () => {
    const lenient = guard('VALID', { user_prompt_template: '[{{ context.missing }}]' });
    expect(await failure(lenient.validator, 'x')).toBeUndefined();
    expect(lenient.calls.map((call) => call.userPrompt)).toEqual(['[]']);
    const strict = guard('VALID', { user_prompt_template: '{{ context.missing.deeper }}' });
    expect(await failure(strict.validator, 'x')).toEqual(expect.objectContaining({ code: 'PROMPT_RENDER_FAILED' }));
    expect(strict.calls).toEqual([]);
  });

  it('accepts the llm and prompt_template aliases', async () => {
    const calls: LlmRequest[] = [];
    const client: LlmClient = { name: 'fake', generate: (request) => (calls.push(request), Promise.resolve(answer('VALID'))) };
    const validator = registry.create('validation', { name: 'llm_guard', options: { llm: { name: 'mock' }, prompt_template: 'Check {{ content }}' } }, createTestDeps({ createLlm: () => client }));
    await validator.validate(answer('it'), {}, {});
    expect(calls.map((call) => call.userPrompt)).toEqual(['Check it']);
  });

  it.each([
    [{ user_prompt_template: 'x' }, ['options', 'validator_llm']],
    [{ llm: { plugin: 'mock' } }, ['options', 'user_prompt_template']],
    [{ llm: { options: {} }, user_prompt_template: 'x' }, ['options', 'llm']],
  ])('reports missing settings %p', (options, path) => {
    expect(registry.check('validation', { name: 'llm_guard', options })).toEqual([expect.objectContaining({ path })]);
  });
});
