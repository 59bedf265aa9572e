import { PLUGIN_KINDS, type PluginKind } from '../../src/core/plugins/kinds';
import { createBuiltinRegistry } from '../../src/plugins';
import { createMemoryBlobStore } from '../fakes/memoryBlobStore';
import { createTestDeps } from '../fakes/pluginDeps';

/**
 * The contract every built-in plugin keeps (docs/adding-a-plugin.md): a name, a kind, a
 * description, a strict options schema whose sample parses and which rejects unknown keys,
 * and a `create()` that yields the kind's interface. A new plugin without a sample below
 * fails here until it has one (plugins whose options are all optional need none).
 */
const SAMPLES: Record<string, Record<string, unknown>> = {
  'datasource/azure_blob': { container: 'data', account_url: 'http://127.0.0.1:10000/devstoreaccount1', blob: 'x.csv' },
  'datasource/csv_blob': { path: 'x.csv' },
  'datasource/local_csv': { path: 'x.csv' },
  'llm/azure_openai': { config: { azure_endpoint: 'http://127.0.0.1:9/', api_key: 'k', deployment: 'd', api_version: '2024-02-01' } },
  'llm/http_openai': { api_base: 'http://127.0.0.1:9/v1', model: 'm' },
  'middleware/azure_content_safety': { endpoint: 'http://127.0.0.1:9', key: 'k' },
  'aggregator/prompt_variants': { prompt_template: 'Reword: {{ prompt }}', llm: { plugin: 'mock' } },
  'row/gold_match': { expected_field: 'label' },
  'row/custom_scorer': { module: 'tests/fixtures/scorers/answerLength.js' },
  'row/llm_judge': { llm: { plugin: 'mock' } },
  'row/llm_pairwise_judge': { llm: { plugin: 'mock' } },
  'validation/regex_match': { pattern: '^ok' },
  'validation/llm_guard': { validator_llm: { plugin: 'mock' }, user_prompt_template: 'Is this fine? {{ response }}' },
  'earlyStop/threshold': { metric: 'score', threshold: 0.5 },
  'rateLimiter/shared': { requests_per_minute: 60 },
  'sink/csv': { path: 'results.csv' },
  'sink/local_bundle': { base_path: 'bundles' },
  'sink/analytics_report': { base_path: 'reports' },
  'sink/azure_blob': { container: 'reports', account_url: 'http://127.0.0.1:10000/devstoreaccount1' },
  'sink/excel_workbook': { base_path: 'xlsx' },
  'sink/zip_bundle': { base_path: 'zips' },
  'sink/file_copy': { destination: 'copy.csv' },
  'sink/signed_artifact': { base_path: 'signed', key: 'k' },
  'sink/github_repo': { owner: 'o', repo: 'r' },
  'sink/azure_devops_repo': { organization: 'o', project: 'p', repository: 'r' },
};

/** The methods each kind's instance must have. */
const INTERFACE: Record<PluginKind, string[]> = {
  datasource: ['load'],
  llm: ['generate'],
  middleware: ['send'],
  row: ['processRow'],
  aggregator: ['finalize'],
  baseline: ['compare'],
  validation: ['validate'],
  earlyStop: ['check'],
  rateLimiter: ['acquire'],
  costTracker: ['record', 'summary'],
  sink: ['write'],
};

const registry = createBuiltinRegistry();
const plugins = registry.list().map((plugin) => [`${plugin.kind}/${plugin.name}`, plugin] as const);

describe('every built-in plugin keeps the plugin contract', () => {
  it('covers every kind', () => {
    expect([...new Set(plugins.map(([, plugin]) => plugin.kind))].sort()).toEqual([...PLUGIN_KINDS].sort());
  });

  it.each(plugins)('%s', (id, plugin) => {
    expect(plugin.name).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(plugin.description.length).toBeGreaterThan(10);
    const sample = SAMPLES[id] ?? {};
    const parsed = plugin.configSchema.safeParse(sample);
    expect([id, parsed.success, parsed.error?.issues ?? []]).toEqual([id, true, []]);
    expect(plugin.configSchema.safeParse({ ...sample, no_such_option: 1 }).success).toBe(false);
    // `blobs`: the shared limiter keeps its ledger in the run's storage; nothing is written here.
    const deps = createTestDeps({ blobs: createMemoryBlobStore(), createLlm: () => ({ name: 'stand-in', generate: () => Promise.reject(new Error('not in this test')) }) });
    const instance = registry.create(plugin.kind, { name: plugin.name, options: sample }, deps) as unknown as Record<string, unknown>;
    const missing = INTERFACE[plugin.kind].filter((method) => typeof instance[method] !== 'function');
    expect([id, missing]).toEqual([id, []]);
  });
});
