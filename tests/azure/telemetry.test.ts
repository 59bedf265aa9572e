import { createLogTelemetry, createTelemetry, toDimensions, type AppInsightsModule } from '../../src/azure/telemetry';
import { createMemoryLogger } from '../fakes/pluginDeps';

/** Stands in for the SDK: the real one would start OpenTelemetry and probe the cloud metadata address. */
const mockSdk = { loads: 0, clients: [] as { connectionString: string; calls: unknown[][] }[] };
jest.mock('applicationinsights', () => {
  mockSdk.loads += 1;
  return {
    TelemetryClient: class {
      private readonly record: { connectionString: string; calls: unknown[][] };
      constructor(connectionString: string) {
        this.record = { connectionString, calls: [] };
        mockSdk.clients.push(this.record);
      }
      trackEvent(telemetry: unknown) {
        this.record.calls.push(['trackEvent', telemetry]);
      }
      trackMetric(telemetry: unknown) {
        this.record.calls.push(['trackMetric', telemetry]);
      }
      flush() {
        this.record.calls.push(['flush']);
        return Promise.resolve();
      }
    },
  };
});

const CONNECTION = 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/';

beforeEach(() => {
  mockSdk.loads = 0;
  mockSdk.clients = [];
});

describe('createTelemetry', () => {
  it.each([[undefined], [''], ['   ']])('never loads Application Insights without a connection string (%p)', async (connectionString) => {
    const logger = createMemoryLogger();
    const telemetry = createTelemetry({ connectionString, logger });
    telemetry.trackEvent('suite_summary', { experiments: 2 });
    telemetry.trackMetric('experiment_count', 2, { suite: 's' });
    await telemetry.flush();
    expect(mockSdk.loads).toBe(0);
    expect(logger.entries).toEqual([
      { level: 'info', message: '[telemetry] suite_summary', context: { channel: 'telemetry', event: 'suite_summary', experiments: 2 } },
      { level: 'info', message: '[telemetry] experiment_count=2', context: { channel: 'telemetry', metric: 'experiment_count', value: 2, suite: 's' } },
    ]);
  });

  it('does not load the SDK when the module itself is imported', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../src/azure/telemetry') as typeof import('../../src/azure/telemetry');
      fresh.createTelemetry({ logger: createMemoryLogger() }).trackEvent('x', {});
    });
    expect(mockSdk.loads).toBe(0);
  });

  it('sends custom events and metrics through the SDK when a connection string is set, loading it lazily', async () => {
    const telemetry = createTelemetry({ connectionString: CONNECTION, logger: createMemoryLogger() });
    expect(mockSdk.loads).toBe(1);
    telemetry.trackEvent('experiment_complete', { experiment: 'v1', rows: 3, is_baseline: false, cost: { total: 1 }, skipped: undefined });
    telemetry.trackMetric('experiment_count', 2);
    await telemetry.flush();
    expect(mockSdk.clients).toEqual([
      {
        connectionString: CONNECTION,
        calls: [
          ['trackEvent', { name: 'experiment_complete', properties: { experiment: 'v1', rows: '3', is_baseline: 'false', cost: '{"total":1}' } }],
          ['trackMetric', { name: 'experiment_count', value: 2, properties: {} }],
          ['flush'],
        ],
      },
    ]);
  });

  it('never lets a failing SDK call fail the caller', () => {
    const logger = createMemoryLogger();
    const throwing: AppInsightsModule = {
      TelemetryClient: class {
        trackEvent() {
          throw new Error('no connection');
        }
      } as unknown as AppInsightsModule['TelemetryClient'],
    };
    const telemetry = createTelemetry({ connectionString: CONNECTION, logger, loadSdk: () => throwing });
    expect(() => telemetry.trackEvent('llm_request', {})).not.toThrow();
    expect(logger.entries).toEqual([{ level: 'warn', message: '[telemetry] Application Insights trackEvent failed', context: { event: 'llm_request', error: 'no connection' } }]);
  });

  it.each([
    [{ a: 'x', b: 1, c: true, d: null, e: undefined, f: [1, 'y'] }, { a: 'x', b: '1', c: 'true', d: 'null', f: '[1,"y"]' }],
    [undefined, {}],
  ])('turns %p into string dimensions', (input, expected) => {
    expect(toDimensions(input)).toEqual(expected);
  });

  it('the log telemetry resolves flush at once', async () => {
    await expect(createLogTelemetry(createMemoryLogger()).flush()).resolves.toBeUndefined();
  });
});
