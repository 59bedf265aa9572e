import path from 'node:path';
import { HttpRequest, InvocationContext, type HttpHandler, type InvocationContext as Context, type TimerHandler } from '@azure/functions';
import { ACTIVITY, ORCHESTRATOR_NAME } from '../../src/orchestration/activityNames';
import { createFakeDurableClient, type FakeDurableClient } from '../fakes/fakeDurableClient';
import { createTableRunIndex } from '../../src/azure/tableRunIndex';
import { testStorageConnectionString, uniqueContainerName } from '../support/testStorage';

/**
 * Registration test (docs/architecture.md, "Testing"): src/functions/app.ts is loaded with `app` of
 * @azure/functions and `app`/`input`/`getClient` of durable-functions replaced by
 * recorders, under a controlled environment; then the recorded registrations are
 * compared whole, and the registered handlers are called once to prove the wiring.
 */
// One recorder across module registries: the app loads its handlers lazily, on first use.
const mockGetClient = jest.fn();
jest.mock('@azure/functions', () => ({
  ...jest.requireActual<object>('@azure/functions'),
  app: { http: jest.fn(), timer: jest.fn(), generic: jest.fn() },
}));
jest.mock('durable-functions', () => ({
  ...jest.requireActual<object>('durable-functions'),
  getClient: (...args: unknown[]) => mockGetClient(...args) as unknown,
}));

/** The settings without which the app refuses to start (settingsCatalogue.ts). */
const REQUIRED = { ELSPETH_TASK_HUB: 'ElspethTest', ELSPETH_SCHEDULE: '0 0 2 * * *', AzureWebJobsStorage__accountName: 'elspethtest' };

const CLIENT_INPUT = { type: 'durableClient', name: expect.stringMatching(/^durableClientInput[0-9a-f]{10}$/) };
const SUITES_ROOT = path.resolve(__dirname, '../fixtures/suites');

interface Recorded {
  http: jest.Mock;
  timer: jest.Mock;
  generic: jest.Mock;
  getClient: jest.Mock;
}

/** Loads app.ts in a fresh module registry with exactly `env` as process.env. */
function loadApp(env: Record<string, string>): Recorded {
  const saved = process.env;
  process.env = { ...env };
  try {
    let recorded: Recorded | undefined;
    jest.isolateModules(() => {
      const functions = jest.requireMock<{ app: { http: jest.Mock; timer: jest.Mock; generic: jest.Mock } }>('@azure/functions');
      jest.requireActual('../../src/functions/app');
      recorded = { ...functions.app, getClient: mockGetClient };
    });
    return recorded!;
  } finally {
    process.env = saved;
  }
}

function handlerOf<T>(mock: jest.Mock, name: string): T {
  const call = mock.mock.calls.find(([registered]) => registered === name) as [string, { handler: T }] | undefined;
  if (!call) throw new Error(`${name} was not registered`);
  return call[1].handler;
}

function testContext(functionName: string): { context: Context; logs: [string, ...unknown[]][] } {
  const logs: [string, ...unknown[]][] = [];
  return { context: new InvocationContext({ functionName, logHandler: (level, ...args) => logs.push([level, ...args]) }), logs };
}

describe('Azure Functions registrations', () => {
  let recorded: Recorded;
  beforeAll(() => {
    recorded = loadApp({
      ...REQUIRED,
      AzureWebJobsStorage: testStorageConnectionString(),
      ELSPETH_CONTAINER: uniqueContainerName('registration'),
      ELSPETH_SUITES_ROOT: SUITES_ROOT,
      ELSPETH_SCHEDULED_SUITE: 'mini_suite',
    });
  });

  it('registers the HTTP functions with fixed routes, methods, function-level auth and the durable client input', () => {
    expect(recorded.http.mock.calls).toEqual([
      ['startRun', { route: 'runs', methods: ['POST'], authLevel: 'function', extraInputs: [CLIENT_INPUT], handler: expect.any(Function) }],
      ['listRuns', { route: 'runs', methods: ['GET'], authLevel: 'function', extraInputs: [CLIENT_INPUT], handler: expect.any(Function) }],
      ['getRun', { route: 'runs/{id}', methods: ['GET'], authLevel: 'function', extraInputs: [CLIENT_INPUT], handler: expect.any(Function) }],
      ['blessRun', { route: 'runs/{id}/bless', methods: ['POST'], authLevel: 'function', extraInputs: [CLIENT_INPUT], handler: expect.any(Function) }],
      ['putSuite', { route: 'suites/{digest}', methods: ['PUT'], authLevel: 'function', extraInputs: [CLIENT_INPUT], handler: expect.any(Function) }],
    ]);
  });

  it('registers the timer with the schedule taken from the ELSPETH_SCHEDULE app setting', () => {
    expect(recorded.timer.mock.calls).toEqual([['scheduledSuite', { schedule: '%ELSPETH_SCHEDULE%', extraInputs: [CLIENT_INPUT], handler: expect.any(Function) }]]);
  });

  const durableTrigger = (type: string) => ({ type, name: expect.stringMatching(new RegExp(`^${type}[0-9a-f]{10}$`)) });

  it('registers exactly one orchestrator, the one the triggers start, and every activity it calls', () => {
    expect(ORCHESTRATOR_NAME).toBe('suiteOrchestrator');
    expect(Object.values(ACTIVITY)).toEqual(['planRun', 'evaluateBatch', 'aggregateExperiment', 'compareExperiment', 'writeReports', 'finishRun']);
    expect(recorded.generic.mock.calls).toEqual([
      ['suiteOrchestrator', { trigger: durableTrigger('orchestrationTrigger'), handler: expect.any(Function) }],
      ...Object.values(ACTIVITY).map((name) => [name, { trigger: durableTrigger('activityTrigger'), handler: expect.any(Function) }]),
    ]);
  });

  describe('the registered handlers', () => {
    let client: FakeDurableClient;
    beforeEach(() => {
      client = createFakeDurableClient();
      recorded.getClient.mockReset().mockReturnValue(client);
    });

    it('startRun finds suites under ELSPETH_SUITES_ROOT, starts the run through df.getClient and records it in the run index', async () => {
      const { context, logs } = testContext('startRun');
      const request = new HttpRequest({ url: 'http://127.0.0.1:7071/api/runs', method: 'POST', body: { string: '{"suite":"mini_suite"}' } });
      const response = await handlerOf<HttpHandler>(recorded.http, 'startRun')(request, context);

      expect(response.status).toBe(202);
      expect(recorded.getClient.mock.calls).toEqual([[context]]);
      expect(client.started).toEqual([
        {
          orchestratorName: 'suiteOrchestrator',
          instanceId: expect.stringMatching(/^run-mini_suite-[0-9a-f-]{36}$/),
          input: expect.objectContaining({ suite: 'mini_suite', settingsFile: path.join(SUITES_ROOT, 'mini_suite', 'settings.yaml') }),
        },
      ]);
      expect(logs.filter(([level]) => level === 'warning')).toEqual([]);
      const index = await createTableRunIndex({ connectionString: testStorageConnectionString() });
      expect(await index.get('mini_suite', client.started[0]!.instanceId)).toMatchObject({ status: 'queued', trigger: 'http' });
    });

    it('getRun reads the status through df.getClient', async () => {
      const at = new Date('2026-03-04T05:06:07.000Z');
      client.setStatus({ instanceId: 'run-mini_suite-1', runtimeStatus: 'Running', createdTime: at, lastUpdatedTime: at });
      const request = new HttpRequest({ url: 'http://127.0.0.1:7071/api/runs/run-mini_suite-1', method: 'GET', params: { id: 'run-mini_suite-1' } });
      const response = await handlerOf<HttpHandler>(recorded.http, 'getRun')(request, testContext('getRun').context);
      expect(response).toEqual({
        status: 200,
        jsonBody: { runId: 'run-mini_suite-1', status: 'Running', progress: null, outcome: null, verdicts: null, summary: null, createdTime: at, lastUpdatedTime: at },
      });
    });

    it('the timer runs the suite named by ELSPETH_SCHEDULED_SUITE under a sched- id', async () => {
      const timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } };
      await handlerOf<TimerHandler>(recorded.timer, 'scheduledSuite')(timer, testContext('scheduledSuite').context);
      expect(client.started.map((start) => [start.orchestratorName, start.instanceId])).toEqual([['suiteOrchestrator', expect.stringMatching(/^sched-mini_suite-\d{8}t\d{4}$/)]]);
    });
  });
});

describe('start-up with bad app settings', () => {
  it('fails loudly at load time rather than on the first request', () => {
    let failure: unknown;
    try {
      loadApp({ ...REQUIRED, ELSPETH_CONTAINER: 'Not_A_Container' });
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({ code: 'CONFIG_INVALID', message: 'Invalid app settings: ELSPETH_CONTAINER: must be a valid blob container name' });
  });

  it.each(Object.keys(REQUIRED).filter((name) => !name.startsWith('AzureWebJobsStorage')))('names the missing required setting %s', (missing) => {
    const env: Record<string, string> = { ...REQUIRED };
    delete env[missing];
    let failure: unknown;
    try {
      loadApp(env);
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(new RegExp(`^Missing required app setting: ${missing} \\(`)) });
  });

  it('names the storage settings when no storage is configured', () => {
    let failure: unknown;
    try {
      loadApp({ ELSPETH_TASK_HUB: 'x', ELSPETH_SCHEDULE: '0 0 2 * * *' });
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('AzureWebJobsStorage__accountName or AzureWebJobsStorage') });
  });
});
