/**
 * The storage a run uses, wired the way the Functions host does it: app settings ->
 * storage clients -> BlobStore over the run container + RunIndex over `elspethruns`
 * (a unique table here), exercising the docs/architecture.md, "Storage layout and formats" layout on the shared Azurite.
 */
import { blobStoreOver } from '../../src/azure/blobStore';
import { createStorageClients, storageSettingsFromAppSettings } from '../../src/azure/storageConnection';
import { createTableRunIndex } from '../../src/azure/tableRunIndex';
import { hasErrorCode } from '../../src/core/errors';
import { testStorageConnectionString, uniqueContainerName, uniqueTableName } from '../support/testStorage';

async function runStorage() {
  const settings = storageSettingsFromAppSettings({ AzureWebJobsStorage: testStorageConnectionString() });
  const clients = createStorageClients(settings);
  const container = clients.blobService.getContainerClient(uniqueContainerName('elspeth'));
  await container.createIfNotExists();
  return { clients, blobs: blobStoreOver(container), runs: await createTableRunIndex(clients.tableClient(uniqueTableName('elspethruns'))) };
}

describe('run storage on Azurite', () => {
  it('holds a run: plan, input chunks, batches per experiment, and its index entry', async () => {
    const { blobs, runs } = await runStorage();
    const runId = 'run-nightly-0001';
    await runs.upsert({ suite: 'nightly', runId, status: 'running', trigger: 'timer', startedAt: '2026-01-02T00:00:00Z' });
    await blobs.put(`runs/${runId}/plan.json`, JSON.stringify({ experiments: ['baseline', 'variant'] }), { contentType: 'application/json' });
    for (const n of [0, 1]) await blobs.put(`runs/${runId}/input/chunk-${n}.jsonl`, '{"APPID":"A1"}\n');
    for (const experiment of ['baseline', 'variant']) {
      for (const n of [0, 1, 2]) await blobs.put(`runs/${runId}/${experiment}/batches/${n}.jsonl`, `{"index":${n}}\n`, { ifNoneMatch: true });
    }
    await blobs.put('cache/abc123.json', '{"content":"cached"}');

    expect(await blobs.list(`runs/${runId}/variant/batches/`)).toEqual([0, 1, 2].map((n) => `runs/${runId}/variant/batches/${n}.jsonl`));
    expect((await blobs.list(`runs/${runId}/`)).length).toBe(9);
    expect(JSON.parse((await blobs.get(`runs/${runId}/plan.json`))!.toString())).toEqual({ experiments: ['baseline', 'variant'] });

    await runs.upsert({ suite: 'nightly', runId, status: 'completed', trigger: 'timer', startedAt: '2026-01-02T00:00:00Z', finishedAt: '2026-01-02T00:10:00Z', rows: 6, failures: 0, costInUsd: 0.12, reportPrefix: `runs/${runId}/` });
    await runs.upsert({ suite: 'nightly', runId, status: 'completed', trigger: 'timer', startedAt: '2026-01-02T00:00:00Z', blessed: true });
    expect(await runs.list('nightly')).toEqual([
      { suite: 'nightly', runId, status: 'completed', trigger: 'timer', startedAt: '2026-01-02T00:00:00Z', finishedAt: '2026-01-02T00:10:00Z', rows: 6, failures: 0, costInUsd: 0.12, blessed: true, reportPrefix: `runs/${runId}/` },
    ]);
  });

  it('lets exactly one of several concurrent writers create a batch blob', async () => {
    const { blobs } = await runStorage();
    const attempts = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => blobs.put('runs/r/exp/batches/0.jsonl', `writer ${i}`, { ifNoneMatch: true })));
    const winners = attempts.filter((attempt) => attempt.status === 'fulfilled');
    const losers = attempts.filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers.every((attempt) => hasErrorCode(attempt.reason, 'STORAGE_FAILED') && (attempt.reason as { details: { conflict?: boolean } }).details.conflict === true)).toBe(true);
    expect((await blobs.get('runs/r/exp/batches/0.jsonl'))?.toString()).toMatch(/^writer \d$/);
  });

  it('reports the endpoints it uses, without secrets', async () => {
    const { clients } = await runStorage();
    expect(clients.mode).toBe('connectionString');
    expect(clients.blobEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
    expect(clients.tableEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
  });
});
