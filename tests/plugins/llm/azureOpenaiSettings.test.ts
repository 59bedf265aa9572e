import {
  AzureOpenaiOptionsSchema,
  resolveAzureOpenaiSettings,
  resolveDeployment,
  type AzureOpenaiOptions,
} from '../../../src/plugins/llm/azureOpenaiSettings';
import { createMemoryLogger } from '../../fakes/pluginDeps';
import { thrownBy as thrown } from '../../fakes/thrownBy';


const parse = (options: Record<string, unknown>): AzureOpenaiOptions => AzureOpenaiOptionsSchema.parse(options);
const source = (env: Record<string, string> = {}) => ({ plugin: 'azure_openai', env, logger: createMemoryLogger() });

describe('resolveDeployment (docs/original-behaviour.md §2.3 order)', () => {
  const allEnv = { MY_DEP: 'from-deployment-env', DMP_AZURE_OPENAI_DEPLOYMENT: 'from-dmp', ELSPETH_AZURE_OPENAI_DEPLOYMENT: 'from-elspeth' };
  it.each([
    [{ deployment: 'opt', config: { deployment: 'cfg', deployment_env: 'MY_DEP' } }, allEnv, 'opt'],
    [{ config: { deployment: 'cfg', deployment_env: 'MY_DEP' } }, allEnv, 'cfg'],
    [{ config: { deployment_env: 'MY_DEP' } }, allEnv, 'from-deployment-env'],
    [{ config: { deployment_env: 'UNSET' } }, allEnv, 'from-dmp'],
    [{ config: {} }, { ELSPETH_AZURE_OPENAI_DEPLOYMENT: 'from-elspeth' }, 'from-elspeth'],
    [{ config: {} }, {}, undefined],
  ])('%j with %j -> %s', (options, env, expected) => {
    expect(resolveDeployment(parse(options), source(env))).toBe(expected);
  });
});

describe('resolveAzureOpenaiSettings', () => {
  it('reads *_env names from the environment snapshot and defaults to key auth when a key is configured', () => {
    const options = parse({
      config: { api_key_env: 'K', api_version_env: 'V', azure_endpoint_env: 'E', deployment: 'd', temperature: 0, max_tokens: 10 },
    });
    expect(resolveAzureOpenaiSettings(options, source({ K: 'secret-key', V: '2024-10-21', E: 'https://x.openai.azure.com' }))).toEqual({
      endpoint: 'https://x.openai.azure.com',
      apiVersion: '2024-10-21',
      deployment: 'd',
      auth: { kind: 'key', apiKey: 'secret-key' },
      temperature: 0,
      maxTokens: 10,
    });
  });

  it('defaults to Entra ID when no key is configured', () => {
    const options = parse({ config: { api_version: 'v', azure_endpoint: 'https://x' }, deployment: 'd' });
    expect(resolveAzureOpenaiSettings(options, source()).auth).toEqual({ kind: 'entra' });
  });

  it.each([
    [{ config: { api_version: 'v', deployment: 'd' } }, {}, 'azure_endpoint'],
    [{ config: { azure_endpoint: 'https://x', deployment: 'd' } }, {}, 'api_version'],
    [{ config: { azure_endpoint: 'https://x', api_version: 'v' } }, {}, 'deployment'],
    [{ config: { azure_endpoint: 'https://x', api_version: 'v', deployment: 'd', api_key_env: 'UNSET' } }, {}, 'api_key'],
    [{ config: { azure_endpoint: 'https://x', api_version: 'v', deployment: 'd' }, auth: 'key' }, {}, 'api_key'],
    [{ config: { azure_endpoint_env: 'EMPTY', api_version: 'v', deployment: 'd' } }, { EMPTY: '' }, 'azure_endpoint'],
  ])('%j -> missing %s', (options, env, key) => {
    expect(thrown(() => resolveAzureOpenaiSettings(parse(options), source(env)))).toMatchObject({
      code: 'CONFIG_INVALID',
      message: `AzureOpenAIClient missing required config value '${key}'`,
      details: { plugin: 'azure_openai', key },
    });
  });

  it('warns about a literal key without logging it', () => {
    const logs = source();
    resolveAzureOpenaiSettings(parse({ config: { azure_endpoint: 'https://x', api_version: 'v', api_key: 'literal-secret' }, deployment: 'd' }), logs);
    expect(logs.logger.entries).toEqual([
      {
        level: 'warn',
        message: "[azure_openai] a literal 'api_key' is set in configuration; use 'api_key_env' instead",
        context: { plugin: 'azure_openai', option: 'api_key' },
      },
    ]);
  });

  it.each([[{ config: { unknown: 1 } }], [{ config: {}, auth: 'password' }], [{}]])('rejects options %j', (options) => {
    expect(AzureOpenaiOptionsSchema.safeParse(options).success).toBe(false);
  });
});
