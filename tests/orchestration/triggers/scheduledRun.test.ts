import path from 'node:path';
import type { Registry } from '../../../src/core/plugins/registry';
import { createScheduledRunHandler, slotOf, type ScheduledRunOptions } from '../../../src/orchestration/triggers/scheduledRun';
import { createBuiltinRegistry } from '../../../src/plugins';
import { createFakeDurableClient } from '../../fakes/fakeDurableClient';
import { createTempSuitesRoot, createTestContext, timerTick, writeBrokenSuite } from './triggerTestKit';

let registry: Registry;
let suitesRoot: string;
let cleanup: () => void;

beforeAll(() => {
  registry = createBuiltinRegistry();
  ({ root: suitesRoot, cleanup } = createTempSuitesRoot());
  writeBrokenSuite(suitesRoot);
});
afterAll(() => cleanup());

/** A clock the test moves by hand. */
function manualClock(iso: string) {
  let current = new Date(iso);
  return { now: () => current, set: (next: string) => (current = new Date(next)) };
}

function setUp(overrides: Partial<ScheduledRunOptions> = {}, at = '2026-03-04T05:06:07.000Z') {
  const client = createFakeDurableClient();
  const clock = manualClock(at);
  const handler = createScheduledRunHandler({ registry, suitesRoot, env: {}, suite: 'mini_suite', getClient: () => client, now: clock.now, ...overrides });
  const fire = async () => {
    const { context, logs } = createTestContext('scheduledSuite');
    return { result: await handler(timerTick(), context), logs };
  };
  return { client, clock, fire };
}

describe('slotOf', () => {
  it.each([
    ['2026-03-04T05:06:00.000Z', '20260304t0506'],
    ['2026-03-04T05:06:59.999Z', '20260304t0506'],
    ['2026-03-04T05:07:00.000Z', '20260304t0507'],
    ['2026-12-31T23:59:30.000Z', '20261231t2359'],
  ])('%s is slot %s (its UTC minute)', (iso, slot) => {
    expect(slotOf(new Date(iso))).toBe(slot);
  });

  it('uses UTC, whatever offset the time was written with', () => {
    expect(slotOf(new Date('2026-03-04T07:06:30+02:00'))).toBe('20260304t0506');
  });
});

describe('scheduled suite timer', () => {
  it('starts the configured suite under sched-<suite>-<slot> with the slot in the request', async () => {
    const { client, fire } = setUp({ profile: 'default' });
    const { result, logs } = await fire();

    const runId = 'sched-mini_suite-20260304t0506';
    expect(result).toBe(runId);
    expect(client.started).toEqual([
      {
        orchestratorName: 'suiteOrchestrator',
        instanceId: runId,
        input: {
          runId,
          trigger: 'timer',
          suite: 'mini_suite',
          slot: '20260304t0506',
          settingsFile: path.join(suitesRoot, 'mini_suite', 'settings.yaml'),
          suiteRoot: path.join(suitesRoot, 'mini_suite'),
          profile: 'default',
        },
      },
    ]);
    expect(logs).toEqual([{ level: 'information', message: '[timer] scheduled run started', data: [{ runId }] }]);
  });

  it('starts one run per slot: a second firing in the same minute starts nothing', async () => {
    const { client, clock, fire } = setUp();
    await fire();
    clock.set('2026-03-04T05:06:58.000Z');
    const second = await fire();

    expect(second.result).toBeUndefined();
    expect(client.started.map((start) => start.instanceId)).toEqual(['sched-mini_suite-20260304t0506']);
    expect(second.logs).toEqual([
      { level: 'information', message: '[timer] this schedule slot already has a run', data: [{ runId: 'sched-mini_suite-20260304t0506' }] },
    ]);
  });

  it('starts nothing when the slot already finished (a late duplicate firing)', async () => {
    const { client, fire } = setUp();
    const finished = new Date('2026-03-04T05:06:30.000Z');
    client.setStatus({ instanceId: 'sched-mini_suite-20260304t0506', runtimeStatus: 'Completed', createdTime: finished, lastUpdatedTime: finished });
    expect((await fire()).result).toBeUndefined();
    expect(client.started).toEqual([]);
  });

  it('starts a new run in the next slot', async () => {
    const { client, clock, fire } = setUp();
    await fire();
    clock.set('2026-03-04T05:07:00.000Z');
    expect((await fire()).result).toBe('sched-mini_suite-20260304t0507');
    expect(client.started.map((start) => start.instanceId)).toEqual(['sched-mini_suite-20260304t0506', 'sched-mini_suite-20260304t0507']);
  });

  it('warns and starts nothing when no suite is configured', async () => {
    const { client, fire } = setUp({ suite: undefined });
    const { result, logs } = await fire();
    expect(result).toBeUndefined();
    expect(client.started).toEqual([]);
    expect(client.statusQueries).toEqual([]);
    expect(logs).toEqual([{ level: 'warning', message: '[timer] ELSPETH_SCHEDULED_SUITE is not set; nothing to run', data: [] }]);
  });

  it.each([
    ['an unknown suite', 'mini_suit', "[timer] Unknown suite 'mini_suit'. Available: broken_suite, mini_suite. Did you mean 'mini_suite'?"],
    ['a suite name that is a path', '../mini_suite', "[timer] Unknown suite '../mini_suite'. Available: broken_suite, mini_suite. Did you mean 'mini_suite'?"],
  ])('logs an error and starts nothing for %s', async (_label, suite, message) => {
    const { client, fire } = setUp({ suite });
    const { result, logs } = await fire();
    expect(result).toBeUndefined();
    expect(client.started).toEqual([]);
    expect(logs).toEqual([{ level: 'error', message, data: [] }]);
  });

  it('logs every configuration problem and starts nothing when the suite is invalid', async () => {
    const { client, fire } = setUp({ suite: 'broken_suite' });
    const { result, logs } = await fire();

    const settingsFile = path.join(suitesRoot, 'broken_suite', 'settings.yaml');
    expect(result).toBeUndefined();
    expect(client.started).toEqual([]);
    expect(logs).toEqual([
      {
        level: 'error',
        message: '[timer] scheduled suite configuration is invalid',
        data: [
          {
            runId: 'sched-broken_suite-20260304t0506',
            problems: [
              `${settingsFile}: default.row_plugins[0].name: Unknown row experiment plugin 'score_extractr'. Available: ${createBuiltinRegistry().names('row').join(', ')}. Did you mean 'score_extractor'?`,
              `${settingsFile}: default.llm.plugin: Unknown llm plugin 'mokc'. Available: azure_openai, http_openai, mock. Did you mean 'mock'?`,
              `${settingsFile}: default.suite_defaults.prompt_pack: Unknown prompt pack 'samplee'. Available: <none>.`,
              `${path.join(suitesRoot, 'broken_suite', 'variant_b', 'config.json')}: aggregator_plugins[0].options.colour: unknown option 'colour'. Allowed options: ddof, flag_field, source_field.`,
            ],
          },
        ],
      },
    ]);
  });

  it('logs and starts nothing for an unknown profile', async () => {
    const { client, fire } = setUp({ profile: 'nightly' });
    const { logs } = await fire();
    expect(client.started).toEqual([]);
    expect(logs.map((line) => [line.level, line.message])).toEqual([['error', '[timer] scheduled suite configuration is invalid']]);
  });

  it('lets a Durable client failure other than 404 propagate, so the host retries the firing', async () => {
    const { client, fire } = setUp();
    client.failNextGetStatus(new Error('DurableClient error: the Durable Functions extension replied with HTTP 500'));
    await expect(fire()).rejects.toThrow('HTTP 500');
    expect(client.started).toEqual([]);
  });
});
