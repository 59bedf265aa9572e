import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExperimentRecord } from '../../../src/core/engine/records';
import type { LlmClient, LlmRequest } from '../../../src/core/llm/types';
import type { ExperimentContext, PluginDeps } from '../../../src/core/plugins/kinds';
import type { PluginDef } from '../../../src/core/plugins/pluginDef';
import { createRegistry } from '../../../src/core/plugins/registry';
import { startLocalServices, type LocalServices } from '../../../src/local/localServices';
import { runLocally } from '../../../src/local/runLocally';
import { createBuiltinRegistry } from '../../../src/plugins';
import { aggregatorPlugins } from '../../../src/plugins/aggregator';
import { createMemoryLogger, createTestDeps } from '../../fakes/pluginDeps';
import { makeRecord } from '../../fixtures/analytics/records';
import { testStorageConnectionString, uniqueContainerName } from '../../support/testStorage';
import { thrownBy } from '../../fakes/thrownBy';

const registry = createRegistry(aggregatorPlugins);
const VARIANT_LLM = { plugin: 'fake', options: { temperature: 0.9 } };
const EXPERIMENT: ExperimentContext = { name: 'baseline', prompts: { system: 'You review {{ industry }} apps.', user: 'Rate {{ APPID }}: {{ title }}.' } };
const ROW = { APPID: 'APP-1', title: 'Clear Planner', industry: 'HR' };
const TEMPLATE = [
  'Variant {{ index + 1 }} of {{ count }} (attempt {{ attempt }}/{{ max_attempts }}) of: {{ user_prompt_template }}',
  '{% if missing_tokens %}Your last answer "{{ previous_response.content }}" lacked {{ missing_tokens|join(", ") }}.{% endif %}',
].join('\n');

/** A model that answers from a script, in order, and remembers what it was asked. */
function scriptedLlm(answers: string[]): LlmClient & { requests: LlmRequest[] } {
  const requests: LlmRequest[] = [];
  return {
    name: 'fake',
    requests,
    generate(request) {
      requests.push(request);
      const content = answers[requests.length - 1];
      if (content === undefined) throw new Error('the script ran out of answers');
      return Promise.resolve({ content, metrics: { n: requests.length }, headers: { 'x-request-id': 'r' } });
    },
  };
}

function build(client: LlmClient, options: Record<string, unknown> = {}, extra: Partial<PluginDeps> = { experiment: EXPERIMENT }) {
  const defs: PluginDef[] = [];
  const logger = createMemoryLogger();
  const deps = createTestDeps({ logger, createLlm: (def) => (defs.push(def), client), ...extra });
  const aggregator = registry.create('aggregator', { name: 'prompt_variants', options: { variant_llm: VARIANT_LLM, prompt_template: TEMPLATE, ...options } }, deps);
  return { aggregator, defs, logger };
}


const slimRecords = (): ExperimentRecord[] => [makeRecord(0, { row: ROW, scores: { quality: 0.7 }, content: '{"score": 0.7}' }), makeRecord(1, { row: { ...ROW, APPID: 'APP-2' } })];
const SOURCES = {
  system_prompt: 'You review HR apps.',
  user_prompt: 'Rate APP-1: Clear Planner.',
  system_prompt_template: EXPERIMENT.prompts.system,
  user_prompt_template: EXPERIMENT.prompts.user,
  placeholder_fields: ['APPID', 'title'],
  placeholder_tokens: ['{{ APPID }}', '{{ title }}'],
};
const GOOD = 'Score {{ APPID }} ("{{ title }}") from 0 to 1.';

describe('prompt_variants', () => {
  it('is listed in the aggregator index and builds its client from variant_llm', () => {
    expect(aggregatorPlugins.map((plugin) => plugin.name)).toContain('prompt_variants');
    const { defs } = build(scriptedLlm([]));
    expect(defs).toEqual([{ name: 'fake', options: { temperature: 0.9 } }]);
  });

  it('accepts variants that keep every placeholder, with the docs/original-behaviour.md §3.15 keys and call metadata', async () => {
    const client = scriptedLlm([`  ${GOOD}\n`, GOOD]);
    const { aggregator } = build(client, { count: 2, variant_system_prompt: 'Rephrase.' });
    expect(await aggregator.finalize(slimRecords())).toEqual({
      ...SOURCES,
      variants: [
        { index: 0, prompt: GOOD, attempts: 1, response: { content: `  ${GOOD}\n`, metrics: { n: 1 } } },
        { index: 1, prompt: GOOD, attempts: 1, response: { content: GOOD, metrics: { n: 2 } } },
      ],
    });
    expect(client.requests[1]).toEqual({
      systemPrompt: 'Rephrase.',
      userPrompt: 'Variant 2 of 2 (attempt 1/3) of: Rate {{ APPID }}: {{ title }}.\n',
      metadata: { variant_index: 1, attempt: 1, placeholder_tokens: SOURCES.placeholder_tokens, placeholder_fields: SOURCES.placeholder_fields },
      requestId: 'prompt_variants:baseline:1:1',
    });
    expect(client.requests[0]?.systemPrompt).toBe('Rephrase.');
  });

  it('retries a variant that lost a placeholder, telling the model what was missing', async () => {
    const client = scriptedLlm(['Score {{ APPID }} please.', '   ', GOOD]);
    const { aggregator } = build(client, { count: 1, max_attempts: 3 });
    const output = (await aggregator.finalize(slimRecords())) as { variants: unknown[]; failures?: unknown };
    expect(output.variants).toEqual([{ index: 0, prompt: GOOD, attempts: 3, response: { content: GOOD, metrics: { n: 3 } } }]);
    expect(output.failures).toBeUndefined();
    expect(client.requests.map((r) => r.userPrompt.split('\n')[1])).toEqual([
      '',
      'Your last answer "Score {{ APPID }} please." lacked {{ title }}.',
      'Your last answer "   " lacked {{ APPID }}, {{ title }}.',
    ]);
    expect(client.requests.map((r) => r.systemPrompt)).toEqual(Array(3).fill('You generate prompt variations that preserve placeholders.'));
  });

  it('reports a failure after max_attempts and keeps going with the next variant', async () => {
    const client = scriptedLlm(['no placeholders', '{{ title }} only', GOOD]);
    const { aggregator, logger } = build(client, { count: 2, max_attempts: 2 });
    expect(await aggregator.finalize(slimRecords())).toEqual({
      ...SOURCES,
      variants: [{ index: 1, prompt: GOOD, attempts: 1, response: { content: GOOD, metrics: { n: 3 } } }],
      failures: [{ index: 0, attempts: 2, missing_placeholders: ['{{ APPID }}'], last_response: { content: '{{ title }} only', metrics: { n: 2 } } }],
    });
    expect(logger.entries).toEqual([{ level: 'warn', message: 'prompt_variants: 1 of 2 variants kept failing the placeholder check', context: { failures: 1 } }]);
  });

  it('rejects blank answers even without placeholders, and keeps whitespace when strip is off', async () => {
    const noFields: ExperimentContext = { name: 'e', prompts: { system: 'S', user: 'Rate this.' } };
    const client = scriptedLlm([' \n', ' Rate it. ']);
    const { aggregator } = build(client, { count: 1, strip: false, llm: VARIANT_LLM, variant_llm: undefined }, { experiment: noFields });
    const output = await aggregator.finalize(slimRecords());
    expect(output).toMatchObject({ placeholder_fields: [], placeholder_tokens: [], variants: [{ index: 0, prompt: ' Rate it. ', attempts: 2 }] });
  });

  it('reads the prompts of full records when the runtime gives no experiment (the original source)', async () => {
    const record = makeRecord(0, { row: ROW });
    record.metadata = { prompt_system: 'Sys', prompt_user: 'Rate APP-1.', prompt_user_fields: ['APPID'] };
    const { aggregator } = build(scriptedLlm(['Judge {{ APPID }}.']), { count: 1 }, {});
    expect(await aggregator.finalize([record])).toEqual({
      system_prompt: 'Sys',
      user_prompt: 'Rate APP-1.',
      system_prompt_template: 'Sys',
      user_prompt_template: 'Rate APP-1.',
      placeholder_fields: ['APPID'],
      placeholder_tokens: ['{{ APPID }}'],
      variants: [{ index: 0, prompt: 'Judge {{ APPID }}.', attempts: 1, response: { content: 'Judge {{ APPID }}.', metrics: { n: 1 } } }],
    });
  });

  it('shows the raw template when the first row cannot render it, and returns {} without records', async () => {
    const client = scriptedLlm([GOOD]);
    const { aggregator } = build(client, { count: 1 });
    const output = await aggregator.finalize([makeRecord(0, { row: { APPID: 'APP-9' } })]);
    expect([output.user_prompt, output.system_prompt]).toEqual([EXPERIMENT.prompts.user, EXPERIMENT.prompts.system]);
    expect(await aggregator.finalize([])).toEqual({});
    expect(client.requests).toHaveLength(1);
  });

  it.each([
    ['no variant LLM', { variant_llm: undefined }, "needs 'variant_llm' (or 'llm')"],
    ['an LLM without a plugin name', { variant_llm: { options: {} } }, "needs 'plugin' (or 'name')"],
    ['no prompt_template', { prompt_template: undefined }, 'prompt_template'],
    ['count 0', { count: 0 }, 'count'],
    ['max_attempts 0', { max_attempts: 0 }, 'max_attempts'],
    ['a non-boolean strip', { strip: 'yes' }, 'strip'],
    ['an unknown option', { colour: 'red' }, 'colour'],
  ])('rejects %s with PLUGIN_OPTIONS_INVALID', (_label, options, message) => {
    expect(thrownBy(() => build(scriptedLlm([]), options))).toMatchObject({ code: 'PLUGIN_OPTIONS_INVALID', message: expect.stringContaining(message) });
  });

  it('rejects a prompt_template that does not parse, naming the template', () => {
    expect(thrownBy(() => build(scriptedLlm([]), { prompt_template: '{% if %}' }))).toMatchObject({ code: 'PROMPT_TEMPLATE_INVALID', message: expect.stringContaining("'prompt_variants'") });
  });

  it('accepts metadata_key and uses the defaults of docs/original-behaviour.md §3.15', () => {
    const plugin = aggregatorPlugins.find((p) => p.name === 'prompt_variants')!;
    expect(plugin.configSchema.parse({ llm: VARIANT_LLM, prompt_template: 'x', metadata_key: 'pv' })).toEqual({
      llm: VARIANT_LLM,
      prompt_template: 'x',
      count: 5,
      max_attempts: 3,
      strip: true,
      variant_system_prompt: 'You generate prompt variations that preserve placeholders.',
      metadata_key: 'pv',
    });
  });
});

describe('prompt_variants inside a run: the runtime hands it the experiment prompts', () => {
  let local: LocalServices;
  let suiteRoot: string;

  beforeAll(async () => {
    suiteRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-pv-'));
    fs.cpSync(path.join(__dirname, '../../fixtures/suites/mini_suite'), suiteRoot, { recursive: true });
    const settings = path.join(suiteRoot, 'settings.yaml');
    // The in-process mock model echoes the user prompt, so an echo of the template keeps its placeholders.
    const aggregator = '    - name: prompt_variants\n      options:\n        llm: { plugin: mock, options: { seed: 1 } }\n        count: 2\n        prompt_template: "Rephrase: {{ user_prompt_template }}"\n';
    fs.writeFileSync(settings, fs.readFileSync(settings, 'utf8').replace('    - name: score_stats\n', `    - name: score_stats\n${aggregator}`));
    local = await startLocalServices({ connectionString: testStorageConnectionString(), container: uniqueContainerName('pv'), logger: createMemoryLogger(), env: {}, registry: createBuiltinRegistry() });
  });

  afterAll(async () => {
    await local?.close();
    fs.rmSync(suiteRoot, { recursive: true, force: true });
  });

  it('stores variants built from the experiment templates (records reaching aggregators are slim)', async () => {
    const request = { runId: 'pv-it', trigger: 'cli' as const, suite: 'mini', settingsFile: path.join(suiteRoot, 'settings.yaml'), suiteRoot, experiments: ['baseline'] };
    await runLocally({ services: local.services, request });
    const body = await local.services.blobs.get('runs/pv-it/baseline/aggregates.json');
    const output = (JSON.parse(body!.toString('utf8')) as { aggregates: Record<string, Record<string, unknown>> }).aggregates.prompt_variants!;
    expect(output).toMatchObject({
      system_prompt: 'You are a careful reviewer.',
      user_prompt: expect.stringMatching(/^Rate \S+: .+\.$/),
      user_prompt_template: 'Rate {{ APPID }}: {{ title }}.',
      placeholder_fields: ['APPID', 'title'],
      placeholder_tokens: ['{{ APPID }}', '{{ title }}'],
    });
    expect((output.variants as { prompt: string; attempts: number }[]).map((v) => [v.attempts, v.prompt.split('\n')[1]])).toEqual([
      [1, 'Rephrase: Rate {{ APPID }}: {{ title }}.'],
      [1, 'Rephrase: Rate {{ APPID }}: {{ title }}.'],
    ]);
    expect(output.failures).toBeUndefined();
  }, 30_000);
});
