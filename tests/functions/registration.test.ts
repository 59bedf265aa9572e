import path from 'node:path';
import { HttpRequest, InvocationContext, type HttpHandler, type InvocationContext as Context, type TimerHandler } from '@azure/functions';
import { ACTIVITY, ORCHESTRATOR_NAME } from '../../src/orchestration/activityNames';
import { createFakeDurableClient, type FakeDurableClient } from '../fakes/fakeDurableClient';

/**
 * Registration test (DESIGN §11): src/functions/app.ts is loaded with `app` of
 * @azure/functions and `app`/`input`/`getClient` of durable-functions replaced by
 * recorders, under a controlled environment; then the recorded registrations are
 * compared whole, and the registered handlers are called once to prove the wiring.
 */
jest.mock('@azure/functions', () => ({
  ...jest.requireActual<object>('@azure/functions'),
  app: { http: jest.fn(), timer: jest.fn() },
}));
jest.mock('durable-functions', () => ({
  ...jest.requireActual<object>('durable-functions'),
  app: { orchestration: jest.fn(), activity: jest.fn() },
  input: { durableClient: jest.fn(() => ({ type: 'durableClient', name: 'recordedDurableClientInput' })) },
  getClient: jest.fn(),
}));

const CLIENT_INPUT = { type: 'durableClient', name: 'recordedDurableClientInput' };
const SUITES_ROOT = path.resolve(__dirname, '../fixtures/suites');

interface Recorded {
  http: jest.Mock;
  timer: jest.Mock;
  orchestration: jest.Mock;
  activity: jest.Mock;
  getClient: jest.Mock;
}

/** Loads app.ts in a fresh module registry with exactly `env` as process.env. */
function loadApp(env: Record<string, string>): Recorded {
  const saved = process.env;
  process.env = { ...env };
  try {
    let recorded: Recorded | undefined;
    jest.isolateModules(() => {
      const functions = jest.requireMock<{ app: { http: jest.Mock; timer: jest.Mock } }>('@azure/functions');
      const durable = jest.requireMock<{ app: { orchestration: jest.Mock; activity: jest.Mock }; getClient: jest.Mock }>('durable-functions');
      jest.requireActual('../../src/functions/app');
      recorded = { ...functions.app, ...durable.app, getClient: durable.getClient };
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
    recorded = loadApp({ ELSPETH_SUITES_ROOT: SUITES_ROOT, ELSPETH_SCHEDULE: '0 0 2 * * *', ELSPETH_SCHEDULED_SUITE: 'mini_suite' });
  });

  it('registers the two HTTP functions with fixed routes, methods, function-level auth and the durable client input', () => {
    expect(recorded.http.mock.calls).toEqual([
      ['startRun', { route: 'runs', methods: ['POST'], authLevel: 'function', extraInputs: [CLIENT_INPUT], handler: expect.any(Function) }],
      ['getRun', { route: 'runs/{id}', methods: ['GET'], authLevel: 'function', extraInputs: [CLIENT_INPUT], handler: expect.any(Function) }],
    ]);
  });

  it('registers the timer with the schedule taken from the ELSPETH_SCHEDULE app setting', () => {
    expect(recorded.timer.mock.calls).toEqual([['scheduledSuite', { schedule: '%ELSPETH_SCHEDULE%', extraInputs: [CLIENT_INPUT], handler: expect.any(Function) }]]);
  });

  it('registers exactly one orchestrator, the one the triggers start', () => {
    expect(ORCHESTRATOR_NAME).toBe('suiteOrchestrator');
    expect(recorded.orchestration.mock.calls).toEqual([['suiteOrchestrator', expect.any(Function)]]);
  });

  it('registers every activity the orchestrator calls, and nothing else', () => {
    expect(Object.values(ACTIVITY)).toEqual(['planRun', 'evaluateBatch', 'aggregateExperiment', 'compareExperiment', 'writeReports', 'finishRun']);
    expect(recorded.activity.mock.calls).toEqual(Object.values(ACTIVITY).map((name) => [name, { handler: expect.any(Function) }]));
  });

  describe('the registered handlers', () => {
    let client: FakeDurableClient;
    beforeEach(() => {
      client = createFakeDurableClient();
      recorded.getClient.mockReset().mockReturnValue(client);
    });

    it('startRun finds suites under ELSPETH_SUITES_ROOT and starts the run through df.getClient', async () => {
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
      // No storage is configured here, so the run index is unreachable: the run still starts.
      expect(logs.filter(([level]) => level === 'warning')).toEqual([
        ['warning', '[http] could not record the run in the run index', { runId: client.started[0]?.instanceId, error: expect.stringContaining('No storage is configured') }],
      ]);
    });

    it('getRun reads the status through df.getClient', async () => {
      const at = new Date('2026-03-04T05:06:07.000Z');
      client.setStatus({ instanceId: 'run-mini_suite-1', runtimeStatus: 'Running', createdTime: at, lastUpdatedTime: at });
      const request = new HttpRequest({ url: 'http://127.0.0.1:7071/api/runs/run-mini_suite-1', method: 'GET', params: { id: 'run-mini_suite-1' } });
      const response = await handlerOf<HttpHandler>(recorded.http, 'getRun')(request, testContext('getRun').context);
      expect(response).toEqual({
        status: 200,
        jsonBody: { runId: 'run-mini_suite-1', status: 'Running', progress: null, outcome: null, createdTime: at, lastUpdatedTime: at },
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
      loadApp({ ELSPETH_CONTAINER: 'Not_A_Container' });
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({ code: 'CONFIG_INVALID', message: 'Invalid app settings: ELSPETH_CONTAINER: must be a valid blob container name' });
  });
});
