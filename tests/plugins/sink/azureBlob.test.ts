import type { ContainerClient } from '@azure/storage-blob';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExperimentPayload } from '../../../src/core/engine/records';
import type { AccessToken } from '@azure/identity';
import { type Artifact, type SinkContext } from '../../../src/core/plugins/kinds';
import { createRegistry } from '../../../src/core/plugins/registry';
import { AzureBlobSinkOptionsSchema, azureBlobSinkPlugin, createAzureBlobSink } from '../../../src/plugins/sink/azureBlob';
import { azuriteBlobEndpoint, containerSas, seedContainer } from '../../azure/azuriteHelpers';
import { createMemoryBlobStore } from '../../fakes/memoryBlobStore';
import { createMemoryLogger, createTestDeps } from '../../fakes/pluginDeps';
import { testStorageConnectionString } from '../../support/testStorage';

const registry = createRegistry([azureBlobSinkPlugin]);
const env = () => ({ STORAGE_CONN: testStorageConnectionString() });

const payload: ExperimentPayload = {
  results: [],
  failures: [],
  aggregates: { score_stats: { mean: 0.5 } },
  cost_summary: { total_cost: 0.01 },
  metadata: { experiment: 'exp1', run_id: 'run-1', rows: 0, row_count: 0, failures_count: 0, security_level: 'official', is_baseline: true },
};

function context(overrides: Partial<SinkContext> = {}): SinkContext {
  return {
    runId: 'run-1',
    experiment: 'exp1',
    writer: { write: () => Promise.reject(new Error('not used')) },
    consumed: {},
    securityLevel: 'official',
    timestamp: '20260102T030405Z',
    ...overrides,
  };
}

async function readBlob(container: ContainerClient, name: string) {
  const blob = container.getBlobClient(name);
  const properties = await blob.getProperties();
  return { body: (await blob.downloadToBuffer()).toString('utf8'), contentType: properties.contentType, metadata: properties.metadata };
}

function sink(options: Record<string, unknown>, deps = createTestDeps({ env: env() })) {
  return registry.create('sink', { name: 'azure_blob', options }, deps);
}

describe('azure_blob sink', () => {
  it('uploads the payload and a manifest under the rendered path, stamped with the security level', async () => {
    const container = await seedContainer('sink-payload');
    const options = { connection_string_env: 'STORAGE_CONN', container: container.containerName, path_template: 'runs/{run_id}/{experiment}/{date}', metadata: { owner: 'qa', attempt: 2 } };
    await sink(options).write(payload, context());

    const results = await readBlob(container, 'runs/run-1/exp1/2026-01-02/results.json');
    expect(JSON.parse(results.body)).toEqual(payload);
    expect({ contentType: results.contentType, metadata: results.metadata }).toEqual({
      contentType: 'application/json',
      metadata: { owner: 'qa', attempt: '2', security_level: 'official' },
    });
    const manifest = await readBlob(container, 'runs/run-1/exp1/2026-01-02/results.manifest.json');
    expect(JSON.parse(manifest.body)).toEqual({
      generated_at: '2026-01-02T03:04:05Z',
      blob: 'runs/run-1/exp1/2026-01-02/results.json',
      container: container.containerName,
      rows: 0,
      metadata: payload.metadata,
      aggregates: payload.aggregates,
      cost_summary: payload.cost_summary,
    });
  });

  it('uses the profile blob_path with its SAS token, a manifest template, and no manifest when turned off', async () => {
    const container = await seedContainer('sink-profile');
    const baseDir = await mkdtemp(path.join(tmpdir(), 'elspeth-sink-'));
    const yaml = ['default:', '  connection_name: c', '  azureml_datastore_uri: u', `  account_name: devstoreaccount1`, `  account_url: ${azuriteBlobEndpoint()}`,
      `  container_name: ${container.containerName}`, '  blob_path: reports/latest', `  sas_token: "?${containerSas(container.containerName)}"`].join('\n');
    await writeFile(path.join(baseDir, 'blob_store.yaml'), yaml);
    const deps = createTestDeps({ baseDir });
    await sink({ config_path: 'blob_store.yaml', filename: 'out.json', manifest_template: '{blob_path}/manifest-{timestamp}.json' }, deps).write(payload, context());
    expect((await readBlob(container, 'reports/latest/out.json')).metadata).toEqual({ security_level: 'official' });
    expect(JSON.parse((await readBlob(container, 'reports/latest/manifest-20260102T030405Z.json')).body).blob).toBe('reports/latest/out.json');

    await sink({ config_path: 'blob_store.yaml', path_template: 'other/{experiment}.json', include_manifest: false }, deps).write(payload, context());
    const names: string[] = [];
    for await (const item of container.listBlobsFlat({ prefix: 'other/' })) names.push(item.name);
    expect(names).toEqual(['other/exp1.json']);
  });

  it('stages large bodies as blocks with the original block ids', async () => {
    const container = await seedContainer('sink-chunks');
    await sink({ connection_string_env: 'STORAGE_CONN', container: container.containerName, upload_chunk_size: 256, include_manifest: false }).write(payload, context());
    const body = JSON.stringify(payload, null, 2);
    const blocks = await container.getBlockBlobClient('results.json').getBlockList('committed');
    expect(blocks.committedBlocks?.map((block) => Buffer.from(block.name, 'base64').toString())).toEqual(
      Array.from({ length: Math.ceil(Buffer.byteLength(body) / 256) }, (_, i) => String(i).padStart(5, '0')),
    );
    expect((await readBlob(container, 'results.json')).body).toBe(body);
  });

  it('refuses to overwrite when overwrite is false; on_error=skip logs and carries on', async () => {
    const container = await seedContainer('sink-overwrite');
    const options = { connection_string_env: 'STORAGE_CONN', container: container.containerName, overwrite: false };
    await sink(options).write(payload, context());
    await expect(sink(options).write(payload, context())).rejects.toMatchObject({ code: 'SINK_FAILED', retryable: false, details: expect.objectContaining({ conflict: true }) });

    const logger = createMemoryLogger();
    await sink({ ...options, on_error: 'skip' }, createTestDeps({ env: env(), logger })).write(payload, context());
    expect(logger.entries.map((entry) => [entry.level, entry.context?.errorCode])).toEqual([['warn', 'SINK_FAILED']]);
  });

  it('uploads consumed artifacts instead of the payload: first to the name, then <stem>_<i>', async () => {
    const container = await seedContainer('sink-artifacts');
    const blobs = createMemoryBlobStore();
    await blobs.put('runs/run-1/exp1/results.csv', 'a,b\n1,2\n');
    const artifacts: Artifact[] = [
      { id: 'csv', type: 'file/csv', path: 'runs/run-1/exp1/results.csv', metadata: { content_type: 'text/csv' }, persist: true },
      { id: 'md', type: 'file/markdown', payload: '# Report', metadata: { content_type: 'text/markdown' }, persist: true },
      { id: 'json', type: 'data/json', payload: { ok: true }, metadata: {}, persist: false },
    ];
    const deps = createTestDeps({ env: env(), blobs });
    await sink({ connection_string_env: 'STORAGE_CONN', container: container.containerName, path_template: 'bundle/{experiment}.out' }, deps)
      .write(payload, context({ consumed: { csv: [artifacts[0]!], reports: [artifacts[1]!, artifacts[2]!] } }));
    expect(await readBlob(container, 'bundle/exp1.out')).toEqual({ body: 'a,b\n1,2\n', contentType: 'text/csv', metadata: { security_level: 'official' } });
    expect(await readBlob(container, 'bundle/exp1_1.out')).toMatchObject({ body: '# Report', contentType: 'text/markdown' });
    expect(await readBlob(container, 'bundle/exp1_2.out')).toMatchObject({ body: '{\n  "ok": true\n}', contentType: 'application/json' });
    const names: string[] = [];
    for await (const item of container.listBlobsFlat()) names.push(item.name);
    expect(names).toEqual(['bundle/exp1.out', 'bundle/exp1_1.out', 'bundle/exp1_2.out']);
  });

  it('takes a SAS token or connection string from credential_env', async () => {
    const container = await seedContainer('sink-credenv');
    const deps = createTestDeps({ env: { SAS: containerSas(container.containerName) } });
    await sink({ account_url: azuriteBlobEndpoint(), container: container.containerName, credential_env: 'SAS', include_manifest: false }, deps).write(payload, context());
    expect((await readBlob(container, 'results.json')).contentType).toBe('application/json');
  });

  it('uses managed identity through the injected credential factory, only when a token is needed', async () => {
    const calls: unknown[] = [];
    const credentialFactory = (options: unknown) => {
      calls.push(options);
      return { getToken: async (): Promise<AccessToken> => ({ token: 'fake', expiresOnTimestamp: Date.now() + 60_000 }) };
    };
    const config = AzureBlobSinkOptionsSchema.parse({ account_url: 'https://127.0.0.1:9', container: 'c' });
    const instance = createAzureBlobSink(config, createTestDeps(), { credentialFactory, maxRetries: 0 });
    expect(calls).toEqual([]);
    await expect(instance.write(payload, context())).rejects.toMatchObject({ code: 'SINK_FAILED', retryable: true });
    expect(calls).toEqual([{}]);
  });

  it.each([
    [{ config_path: 'x.yaml', credential: 'AccountKey=abc' }, ['inline credentials are not accepted: put the secret in an app setting and name it with credential_env']],
    [{ container: 'c' }, ['container needs account_url (managed identity) or connection_string_env']],
    [{ config_path: 'x.yaml', upload_chunk_size: -1 }, ['Too small: expected number to be >=0']],
  ])('rejects options %j', (options, messages) => {
    expect(registry.check('sink', { name: 'azure_blob', options }).map((problem) => problem.message)).toEqual(messages);
  });

  it('applies the original defaults', () => {
    expect(AzureBlobSinkOptionsSchema.parse({ config_path: 'config/blob_store.yaml' })).toEqual({
      config_path: 'config/blob_store.yaml',
      profile: 'default',
      filename: 'results.json',
      manifest_suffix: '.manifest.json',
      include_manifest: true,
      overwrite: true,
      content_type: 'application/json',
      metadata: {},
      upload_chunk_size: 4 * 1024 * 1024,
      on_error: 'abort',
    });
  });
});
