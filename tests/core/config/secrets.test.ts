import { redactSecrets, restoreSecrets } from '../../../src/core/config/secrets';
import type { ResolvedExperiment, ResolvedRun } from '../../../src/core/config/resolved';

const origin = (path: string) => ({ file: '/suite/settings.yaml', path });

function run(experiment: Partial<ResolvedExperiment>): ResolvedRun {
  return {
    mode: 'suite',
    suite: 's',
    profile: 'default',
    settingsFile: '/suite/settings.yaml',
    baseDir: '/suite',
    inputs: { relativeOnly: true, roots: ['/suite'] },
    datasource: { name: 'azure_blob', options: { container: 'c', connection_string_env: 'CONN' }, origin: origin('default.datasource') },
    baseline: 'b',
    orchestration: { batchSize: 1, maxBatchesInFlight: 1 },
    experiments: [
      {
        name: 'b', isBaseline: true, author: 'a', tags: [], configFile: '/suite/b/config.json', prompts: { system: 's', user: 'u' }, criteria: [], promptDefaults: {},
        llm: { name: 'mock', options: {} }, rowPlugins: [], aggregatorPlugins: [], baselinePlugins: [], validationPlugins: [], llmMiddlewares: [], earlyStopPlugins: [], sinks: [],
        concurrency: {}, retry: {}, securityLevel: 'unofficial', ...experiment,
      },
    ],
  };
}

const secretOptionsOf = (_kind: string, name: string) => (name === 'azure_content_safety' ? ['key'] : []);

describe('secrets in a resolved run', () => {
  const original = run({
    llm: { name: 'azure_openai', options: { config: { api_key: 'sk-1', api_key_env: 'KEY', azure_endpoint: 'https://x' } }, origin: origin('default.llm') },
    llmMiddlewares: [{ name: 'azure_content_safety', options: { key: 'cs-1', endpoint_env: 'URL' }, origin: origin('default.llm_middlewares[0]') }],
    rowPlugins: [{ name: 'score_extractor', options: { key: 'score' }, origin: origin('default.row_plugins[0]') }],
    validationPlugins: [{ name: 'llm_guard', options: { valid_token: 'VALID', llm: { plugin: 'http_openai', options: { api_key: 'sk-2' } } }, origin: origin('default.validation_plugins[0]') }],
  });

  it('replaces literal secrets by markers naming where they were written, and nothing else', () => {
    const { run: redacted, count } = redactSecrets(original, secretOptionsOf);
    expect(count).toBe(3);
    const [experiment] = redacted.experiments;
    expect(experiment!.llm.options).toEqual({ config: { api_key: { $secret: { file: '/suite/settings.yaml', path: 'default.llm.options.config.api_key' } }, api_key_env: 'KEY', azure_endpoint: 'https://x' } });
    expect(experiment!.llmMiddlewares[0]!.options).toEqual({ key: { $secret: { file: '/suite/settings.yaml', path: 'default.llm_middlewares[0].options.key' } }, endpoint_env: 'URL' });
    expect(experiment!.rowPlugins[0]!.options).toEqual({ key: 'score' });
    expect(experiment!.validationPlugins[0]!.options).toEqual({ valid_token: 'VALID', llm: { plugin: 'http_openai', options: { api_key: { $secret: { file: '/suite/settings.yaml', path: 'default.validation_plugins[0].options.llm.options.api_key' } } } } });
    expect(JSON.stringify(redacted)).not.toMatch(/sk-1|cs-1|sk-2/);
    expect(redacted.datasource).toEqual(original.datasource);
  });

  it('puts them back from the configuration read again', () => {
    const { run: redacted } = redactSecrets(original, secretOptionsOf);
    expect(restoreSecrets(redacted, original)).toEqual(original);
  });

  it('says which secret is missing when the configuration no longer has it', () => {
    const { run: redacted } = redactSecrets(original, secretOptionsOf);
    const edited = run({ llm: { name: 'azure_openai', options: { config: { api_key_env: 'KEY' } } } });
    expect(() => restoreSecrets(redacted, edited)).toThrow('/suite/settings.yaml: default.llm.options.config.api_key: this secret is no longer in the configuration the run was planned from');
  });
});
