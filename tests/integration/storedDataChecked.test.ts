/**
 * Stored data is checked (issue 7 §6), through the real orchestrator, driver and Azurite: a
 * corrupt checkpoint only costs its answers again; a stored batch file changed behind the
 * store fails the run naming the blob instead of being averaged into results.
 */
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { createRegistry } from '../../src/core/plugins/registry';
import type { AnyPlugin } from '../../src/core/plugins/kinds';
import { aggregatorPlugins } from '../../src/plugins/aggregator';
import { baselinePlugins } from '../../src/plugins/baseline';
import { datasourcePlugins } from '../../src/plugins/datasource';
import { llmPlugins } from '../../src/plugins/llm';
import { rowPlugins } from '../../src/plugins/row';
import { sinkPlugins } from '../../src/plugins/sink';
import { startLocalServices, type LocalServices } from '../../src/local/localServices';
import { runLocally } from '../../src/local/runLocally';
import { loadExperimentOutcomes } from '../../src/orchestration/runtime/batchFiles';
import { paths } from '../../src/orchestration/storagePaths';
import { testStorageConnectionString, uniqueContainerName } from '../support/testStorage';
import { createMemoryLogger } from '../fakes/pluginDeps';

const suiteRoot = path.join(__dirname, '../fixtures/suites/mini_suite');
const registry = createRegistry([...datasourcePlugins, ...llmPlugins, ...rowPlugins, ...aggregatorPlugins, ...baselinePlugins, ...sinkPlugins] as AnyPlugin[]);
const request = (runId: string) => ({ runId, trigger: 'cli' as const, suite: 'mini_suite', settingsFile: path.join(suiteRoot, 'settings.yaml'), suiteRoot });

let local: LocalServices;
let logger: ReturnType<typeof createMemoryLogger>;

beforeEach(async () => {
  logger = createMemoryLogger();
  local = await startLocalServices({ connectionString: testStorageConnectionString(), container: uniqueContainerName('stored'), logger, env: {}, registry });
});

afterEach(async () => {
  await local.close();
});

function counts(outcome: Awaited<ReturnType<typeof runLocally>>['outcome']) {
  return outcome.status === 'failed' ? outcome : outcome.experiments.map((e) => [e.experiment, e.rows, e.ok, e.failed]);
}

describe('stored data is checked', () => {
  it('a corrupt checkpoint is discarded and its rows asked again; a second resume stays whole', async () => {
    const runId = 'cli-mini-checkpoint';
    expect(counts((await runLocally({ services: local.services, request: request(runId) })).outcome)).toEqual([
      ['baseline', 10, 10, 0],
      ['variant_b', 10, 10, 0],
    ]);
    const before = await loadExperimentOutcomes(local.services.blobs, runId, 'baseline');
    // As a crash mid-write would leave it: the batch never finished, its checkpoint is cut short.
    await local.services.blobs.delete(paths.batch(runId, 'baseline', 1));
    await local.services.blobs.put(paths.batchCheckpoint(runId, 'baseline', 1), '{"3f2a":{"content":"half an ans');
    for (const attempt of ['first resume', 'second resume']) {
      const { outcome } = await runLocally({ services: local.services, request: request(runId) });
      expect([attempt, counts(outcome)]).toEqual([attempt, [['baseline', 10, 10, 0], ['variant_b', 10, 10, 0]]]);
    }
    const after = await loadExperimentOutcomes(local.services.blobs, runId, 'baseline');
    expect(after.records.map((r) => [r.index, r.response.content])).toEqual(before.records.map((r) => [r.index, r.response.content]));
    expect(await local.services.blobs.get(paths.batchCheckpoint(runId, 'baseline', 1))).toBeUndefined();
    expect(logger.entries.filter((entry) => entry.message.startsWith('[checkpoint]'))).toEqual([
      { level: 'warn', message: '[checkpoint] discarded a corrupt batch checkpoint; its rows are asked again', context: expect.objectContaining({ name: paths.batchCheckpoint(runId, 'baseline', 1) }) },
    ]);
  });

  it('a stored batch file changed after it was written fails the run naming the blob', async () => {
    const runId = 'cli-mini-tampered';
    expect((await runLocally({ services: local.services, request: request(runId) })).outcome.status).toBe('completed');
    const blob = BlobServiceClient.fromConnectionString(testStorageConnectionString()).getContainerClient(local.container).getBlockBlobClient(paths.batch(runId, 'variant_b', 0));
    const properties = await blob.getProperties();
    const text = (await blob.downloadToBuffer()).toString('utf8');
    await blob.uploadData(Buffer.from(text.replace('"index":0,', '"index":0, ')));
    await blob.setHTTPHeaders({ blobContentMD5: properties.contentMD5, blobContentType: properties.contentType });
    const { outcome } = await runLocally({ services: local.services, request: request(runId) });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining(`Blob '${local.container}/${paths.batch(runId, 'variant_b', 0)}' changed after it was written`) });
  });
});
