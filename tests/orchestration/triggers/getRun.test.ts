import { createGetRunHandler } from '../../../src/orchestration/triggers/getRun';
import { createFakeDurableClient } from '../../fakes/fakeDurableClient';
import { createTestContext, getRunRequest } from './triggerTestKit';

const CREATED = new Date('2026-03-04T05:06:07.000Z');
const UPDATED = new Date('2026-03-04T05:09:00.000Z');

function setUp() {
  const client = createFakeDurableClient();
  const handler = createGetRunHandler(() => client);
  const get = (id: string | undefined) => handler(getRunRequest(id), createTestContext('getRun').context);
  return { client, get };
}

describe('GET /api/runs/{id}', () => {
  it('answers 200 with status, progress and outcome of a finished run', async () => {
    const { client, get } = setUp();
    const progress = { phase: 'done', experiments: { baseline: { done: 4, total: 4, failed: 0 } }, costInUsd: 0 };
    const outcome = { runId: 'run-mini_suite-1', status: 'completed' };
    client.setStatus({ instanceId: 'run-mini_suite-1', runtimeStatus: 'Completed', customStatus: progress, output: outcome, createdTime: CREATED, lastUpdatedTime: UPDATED });

    expect(await get('run-mini_suite-1')).toEqual({
      status: 200,
      jsonBody: { runId: 'run-mini_suite-1', status: 'Completed', progress, outcome, verdicts: null, summary: null, createdTime: CREATED, lastUpdatedTime: UPDATED },
    });
    expect(client.statusQueries).toEqual(['run-mini_suite-1']);
  });

  it('answers null progress and outcome for a run that has not reported any yet', async () => {
    const { client, get } = setUp();
    client.setStatus({ instanceId: 'sched-mini_suite-20260304t0506', runtimeStatus: 'Pending', createdTime: CREATED, lastUpdatedTime: CREATED });

    expect(await get('sched-mini_suite-20260304t0506')).toEqual({
      status: 200,
      jsonBody: { runId: 'sched-mini_suite-20260304t0506', status: 'Pending', progress: null, outcome: null, verdicts: null, summary: null, createdTime: CREATED, lastUpdatedTime: CREATED },
    });
  });

  it('answers 404 RUN_NOT_FOUND for an id the client does not know', async () => {
    const { get } = setUp();
    expect(await get('run-mini_suite-missing')).toEqual({ status: 404, jsonBody: { error: 'RUN_NOT_FOUND', message: "No run with id 'run-mini_suite-missing'" } });
  });

  it.each([
    ['no id', undefined, ''],
    ['an id without a known prefix', 'suiteOrchestrator', 'suiteOrchestrator'],
    ['an id with a slash', 'run-a/b', 'run-a/b'],
    ['an id with a query', 'run-a?x=1', 'run-a?x=1'],
    ['a bare prefix', 'run-', 'run-'],
  ])('answers 400 REQUEST_INVALID for %s and asks the client nothing', async (_label, id, shown) => {
    const { client, get } = setUp();
    expect(await get(id)).toEqual({ status: 400, jsonBody: { error: 'REQUEST_INVALID', problems: [{ path: 'id', message: `'${shown}' is not a run id` }] } });
    expect(client.statusQueries).toEqual([]);
  });

  it('lets a failure other than 404 from the Durable client propagate (the host answers 500)', async () => {
    const { client, get } = setUp();
    client.failNextGetStatus(new Error('DurableClient error: the Durable Functions extension replied with HTTP 500'));
    await expect(get('run-mini_suite-1')).rejects.toThrow('HTTP 500');
  });
});
