import type { ExperimentRecord, FailureRecord } from '../../../src/core/engine/records';
import { putJsonLines } from '../../../src/orchestration/jsonBlobs';
import { createRecordStream, loadExperimentFailures, loadExperimentOutcomes } from '../../../src/orchestration/runtime/batchFiles';
import { fromStoredOutcome, toAnalyticsRecord, toStoredOutcome } from '../../../src/orchestration/runtime/storedRecords';
import { paths } from '../../../src/orchestration/storagePaths';
import { createMemoryBlobStore } from '../../fakes/memoryBlobStore';

function record(index: number, withCriteria = true): ExperimentRecord {
  const response = (score: number) => ({
    content: `{"score": ${score}}`,
    metrics: { score },
    raw: { id: `c${index}`, model: 'mock', finish_reason: 'stop', usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } },
    usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    headers: { 'x-ratelimit-remaining-requests': '9' },
    metadata: { row_id: `APP-${index}`, attempt: 1 },
    retry: { attempts: 1, max_attempts: 3, history: [{ attempt: 1, status: 'success' as const, duration: 0.1 }] },
  });
  const responses = { analysis: response(0.5), priority: response(0.7) };
  const base: ExperimentRecord = {
    status: 'ok',
    index,
    id: `APP-${index}`,
    row: { APPID: `APP-${index}` },
    response: withCriteria ? responses.analysis : response(0.6),
    metrics: { score: 0.7, scores: { analysis: 0.5, priority: 0.7 } },
    metadata: { experiment: 'baseline', prompt_system: 'sys', prompt_user: 'user', prompt_user_fields: ['APPID'] },
    retry: { attempts: 1, max_attempts: 3, history: [{ attempt: 1, status: 'success', duration: 0.1 }] },
    security_level: 'official',
  };
  if (withCriteria) base.responses = responses;
  return base;
}

const failure = (index: number): FailureRecord => ({ status: 'error', index, id: `APP-${index}`, row: {}, error: 'boom', error_code: 'LLM_SERVER_ERROR', timestamp: 1 });

describe('stored records', () => {
  it('drops what can be rebuilt and rebuilds it', () => {
    const original = record(1);
    const stored = JSON.parse(JSON.stringify(toStoredOutcome(original))) as ExperimentRecord;
    expect(stored.response).toBeUndefined();
    expect(stored.responses!.analysis!.headers).toBeUndefined();
    expect(stored.responses!.analysis!.raw).toEqual({ id: 'c1', model: 'mock', finish_reason: 'stop' });
    const restored = fromStoredOutcome(stored) as ExperimentRecord;
    expect(restored.response).toBe(restored.responses!.analysis);
    expect(restored.response.content).toBe(original.response.content);
    expect({ ...restored, responses: undefined, response: undefined }).toEqual({ ...original, responses: undefined, response: undefined });
  });

  it('keeps the top-level response when there are no criteria', () => {
    const stored = JSON.parse(JSON.stringify(toStoredOutcome(record(2, false)))) as ExperimentRecord;
    expect((fromStoredOutcome(stored) as ExperimentRecord).response.metrics).toEqual({ score: 0.6 });
  });

  it('gives analytics plugins the row, metrics, contents and attempt counts', () => {
    expect(toAnalyticsRecord(record(3))).toEqual({
      status: 'ok',
      index: 3,
      id: 'APP-3',
      row: { APPID: 'APP-3' },
      response: { content: '{"score": 0.5}', metrics: { score: 0.5 } },
      responses: { analysis: { content: '{"score": 0.5}', metrics: { score: 0.5 } }, priority: { content: '{"score": 0.7}', metrics: { score: 0.7 } } },
      metrics: { score: 0.7, scores: { analysis: 0.5, priority: 0.7 } },
      metadata: { experiment: 'baseline' },
      retry: { attempts: 1, max_attempts: 3, history: [] },
      security_level: 'official',
    });
  });
});

describe('batch files', () => {
  it('loads, streams and filters an experiment written over several batches', async () => {
    const blobs = createMemoryBlobStore();
    const trailer = (cost: number) => ({ status: 'batch', skipped: [], cost: { total_cost: cost } });
    await putJsonLines(blobs, paths.batch('r', 'baseline', 1), [record(2), failure(3), trailer(0.5)].map((l) => ('index' in l ? toStoredOutcome(l) : l)));
    await putJsonLines(blobs, paths.batch('r', 'baseline', 0), [record(0), record(1), { status: 'batch', skipped: [4], cost: { total_cost: 1 } }].map((l) => ('index' in l ? toStoredOutcome(l) : l)));
    const loaded = await loadExperimentOutcomes(blobs, 'r', 'baseline');
    expect([loaded.records.map((r) => r.index), loaded.failures.map((f) => f.index), loaded.skipped, loaded.cost]).toEqual([[0, 1, 2], [3], 1, { total_cost: 1.5 }]);
    const streamed: number[] = [];
    await createRecordStream(blobs, 'r', 'baseline', 3).each((r) => streamed.push(r.index));
    expect(streamed).toEqual([0, 1, 2]);
    expect((await loadExperimentFailures(blobs, 'r', 'baseline')).map((f) => f.index)).toEqual([3]);
  });
});
