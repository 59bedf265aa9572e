import type { AccessToken } from '@azure/identity';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRegistry } from '../../../src/core/plugins/registry';
import { datasourcePlugins } from '../../../src/plugins/datasource';
import { AzureBlobDatasourceOptionsSchema, createAzureBlobDatasource } from '../../../src/plugins/datasource/azureBlob';
import { azuriteBlobEndpoint, containerSas, seedContainer } from '../../azure/azuriteHelpers';
import { createMemoryLogger, createTestDeps } from '../../fakes/pluginDeps';
import { testStorageConnectionString } from '../../support/testStorage';

const registry = createRegistry(datasourcePlugins);
const CSV = 'APPID,title,score\nA1,First,1.5\nA2,"Second, with comma",2\n';
const env = () => ({ STORAGE_CONN: testStorageConnectionString() });

async function writeProfiles(yaml: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'elspeth-blobcfg-'));
  await writeFile(path.join(dir, 'blob_store.yaml'), yaml);
  return dir;
}

describe('azure_blob datasource', () => {
  it('downloads and parses a CSV with a connection string from the environment', async () => {
    const container = await seedContainer('ds-conn', { 'in/data.csv': CSV });
    const deps = createTestDeps({ env: env() });
    const datasource = registry.create(
      'datasource',
      { name: 'azure_blob', options: { connection_string_env: 'STORAGE_CONN', container: container.containerName, blob: 'in/data.csv', security_level: 'official' } },
      deps,
    );
    expect(await datasource.load()).toEqual({
      columns: ['APPID', 'title', 'score'],
      rows: [
        { APPID: 'A1', title: 'First', score: 1.5 },
        { APPID: 'A2', title: 'Second, with comma', score: 2 },
      ],
      securityLevel: 'official',
      source: `${azuriteBlobEndpoint()}/${container.containerName}/in/data.csv`,
    });
  });

  it('reads the original blob-config profile with a SAS token (JSON-string profile, pandas sep and dtype)', async () => {
    const container = await seedContainer('ds-sas', { 'data/semi.csv': 'id;name\n007;Ann\n' });
    const profile = JSON.stringify({
      connection_name: 'workspaceblobstore',
      azureml_datastore_uri: 'azureml://datastores/workspaceblobstore',
      storage_uri: `${azuriteBlobEndpoint()}/${container.containerName}/data/semi.csv`,
      sas_token: `?${containerSas(container.containerName)}`,
    });
    const baseDir = await writeProfiles(`default: {}\nazurite: '${profile}'\n`);
    const datasource = registry.create(
      'datasource',
      { name: 'azure_blob', options: { config_path: 'blob_store.yaml', profile: 'azurite', pandas_kwargs: { sep: ';', dtype: { id: 'str' } } } },
      createTestDeps({ baseDir }),
    );
    expect(await datasource.load()).toMatchObject({ columns: ['id', 'name'], rows: [{ id: '007', name: 'Ann' }], securityLevel: 'unofficial' });
  });

  it('prefers the connection string over the profile SAS token', async () => {
    const container = await seedContainer('ds-order', { 'x.csv': 'a\n1\n' });
    const baseDir = await writeProfiles(
      ['default:', '  connection_name: c', '  azureml_datastore_uri: u', `  storage_uri: ${azuriteBlobEndpoint()}/${container.containerName}/x.csv`, '  sas_token: sv=bogus&sig=bogus'].join('\n'),
    );
    const datasource = registry.create('datasource', { name: 'azure_blob', options: { config_path: 'blob_store.yaml', connection_string_env: 'STORAGE_CONN' } }, createTestDeps({ baseDir, env: env() }));
    expect((await datasource.load()).rows).toEqual([{ a: 1 }]);
  });

  it('uses managed identity through the credential factory, built only when a token is needed', async () => {
    const calls: unknown[] = [];
    const scopes: string[] = [];
    const credentialFactory = (options: unknown) => {
      calls.push(options);
      return {
        getToken: async (requested: string | string[]): Promise<AccessToken> => {
          scopes.push(...([] as string[]).concat(requested));
          return { token: 'fake', expiresOnTimestamp: Date.now() + 60_000 };
        },
      };
    };
    const config = AzureBlobDatasourceOptionsSchema.parse({ account_url: 'https://127.0.0.1:9', container: 'c', blob: 'b.csv' });
    const datasource = createAzureBlobDatasource(config, createTestDeps(), { credentialFactory, maxRetries: 0 });
    expect(calls).toEqual([]);
    await expect(datasource.load()).rejects.toMatchObject({ code: 'DATASOURCE_FAILED', retryable: true });
    expect(calls).toEqual([{}]);
    expect(scopes).toEqual(['https://storage.azure.com/.default']);
  });

  it('aborts on a missing blob, or returns an empty dataset with on_error=skip', async () => {
    const container = await seedContainer('ds-missing');
    const base = { connection_string_env: 'STORAGE_CONN', container: container.containerName, blob: 'absent.csv' };
    const source = `${azuriteBlobEndpoint()}/${container.containerName}/absent.csv`;
    const abort = registry.create('datasource', { name: 'azure_blob', options: base }, createTestDeps({ env: env() }));
    await expect(abort.load()).rejects.toMatchObject({ code: 'DATASOURCE_FAILED', message: `Blob not found: ${source}` });

    const logger = createMemoryLogger();
    const skip = registry.create('datasource', { name: 'azure_blob', options: { ...base, on_error: 'skip' } }, createTestDeps({ env: env(), logger }));
    expect(await skip.load()).toEqual({ columns: [], rows: [], securityLevel: 'unofficial', source: `${container.containerName}/absent.csv` });
    expect(logger.entries.map((entry) => [entry.level, entry.context?.errorCode])).toEqual([['warn', 'DATASOURCE_FAILED']]);
  });

  it.each([
    ['an unknown profile', { config_path: 'blob_store.yaml', profile: 'prod' }, {}, "Profile 'prod' not found in configuration. Available: default"],
    ['missing profile keys', { config_path: 'blob_store.yaml' }, {}, 'Missing required blob configuration keys: azureml_datastore_uri'],
    ['an unset env var', { connection_string_env: 'NOT_SET', container: 'c', blob: 'b' }, {}, "Environment variable 'NOT_SET' (from connection_string_env) is not set"],
  ])('fails clearly on %s', async (_label, options, extraEnv, message) => {
    const baseDir = await writeProfiles('default:\n  connection_name: c\n');
    const datasource = registry.create('datasource', { name: 'azure_blob', options }, createTestDeps({ baseDir, env: extraEnv }));
    await expect(datasource.load()).rejects.toMatchObject({ code: 'CONFIG_INVALID', message });
  });

  it.each([
    [{ config_path: 'x.yaml', pandas_kwargs: { skiprows: 2, nrows: 5 } }, 'pandas_kwargs skiprows, nrows not supported: only dtype, encoding, sep are honoured'],
    [{ container: 'c', blob: 'b' }, 'container needs account_url (managed identity) or connection_string_env'],
    [{}, 'set config_path (a blob config profile), or container with account_url or connection_string_env'],
    [{ account_url: 'https://a.blob.core.windows.net', container: 'c' }, 'container needs blob'],
    [
      { config_path: 'x.yaml', credential: 'secret' },
      "unknown option 'credential'. Allowed options: account_url, blob, config_path, connection_string_env, container, on_error, pandas_kwargs, profile, security_level.",
    ],
  ])('rejects options %j', (options, message) => {
    expect(registry.check('datasource', { name: 'azure_blob', options }).map((problem) => problem.message)).toEqual([message]);
  });

  it('applies the original defaults', () => {
    expect(AzureBlobDatasourceOptionsSchema.parse({ config_path: 'config/blob_store.yaml' })).toEqual({
      config_path: 'config/blob_store.yaml',
      profile: 'default',
      pandas_kwargs: {},
      on_error: 'abort',
    });
  });
});
