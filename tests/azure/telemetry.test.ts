import type { TokenCredential } from '@azure/identity';
import { ingestionTargetOf, MONITOR_SCOPE, parseAuthenticationString } from '../../src/azure/appInsightsIngestion';
import { createLogTelemetry, createTelemetry, toDimensions } from '../../src/azure/telemetry';
import { createMemoryLogger } from '../fakes/pluginDeps';
import { startLoopbackReceiver, type LoopbackReceiver } from '../support/loopbackReceiver';
import { thrownBy } from '../fakes/thrownBy';

const IKEY = '00000000-0000-0000-0000-000000000000';
const AT = new Date('2026-03-04T05:06:07.000Z');

let receiver: LoopbackReceiver;
beforeEach(async () => {
  receiver = await startLoopbackReceiver();
});
afterEach(() => receiver.close());

const connection = () => `InstrumentationKey=${IKEY};IngestionEndpoint=${receiver.url};LiveEndpoint=http://127.0.0.1:1/`;

/** A credential that hands out a fixed token and records the scopes asked for. */
function recordingCredential(): TokenCredential & { scopes: (string | string[])[]; made: string[] } {
  const scopes: (string | string[])[] = [];
  return { scopes, made: [], getToken: async (scope) => (scopes.push(scope), { token: 'entra-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

describe('createTelemetry', () => {
  it.each([[undefined], [''], ['   ']])('without a connection string writes log lines and posts nothing (%p)', async (connectionString) => {
    const logger = createMemoryLogger();
    const telemetry = createTelemetry({ connectionString, logger });
    telemetry.trackEvent('suite_summary', { experiments: 2 });
    telemetry.trackMetric('experiment_count', 2, { suite: 's' });
    await telemetry.flush();
    expect(receiver.requests).toEqual([]);
    expect(logger.entries).toEqual([
      { level: 'info', message: '[telemetry] suite_summary', context: { channel: 'telemetry', event: 'suite_summary', experiments: 2 } },
      { level: 'info', message: '[telemetry] experiment_count=2', context: { channel: 'telemetry', metric: 'experiment_count', value: 2, suite: 's' } },
    ]);
  });

  it('posts custom events and metrics as track envelopes to <IngestionEndpoint>/v2.1/track on flush', async () => {
    const telemetry = createTelemetry({ connectionString: connection(), logger: createMemoryLogger(), now: () => AT, role: 'elspeth-func' });
    telemetry.trackEvent('experiment_complete', { experiment: 'v1', rows: 3, is_baseline: false, cost: { total: 1 }, skipped: undefined });
    telemetry.trackMetric('experiment_count', 2);
    expect(receiver.requests).toEqual([]);
    await telemetry.flush();
    const tags = { 'ai.cloud.role': 'elspeth-func', 'ai.internal.sdkVersion': 'elspeth:1' };
    expect(receiver.requests.map((r) => ({ method: r.method, url: r.url, type: r.headers['content-type'], auth: r.headers.authorization, body: JSON.parse(r.body) as unknown }))).toEqual([
      {
        method: 'POST',
        url: '/v2.1/track',
        type: 'application/json',
        auth: undefined,
        body: [
          {
            name: 'Microsoft.ApplicationInsights.Event',
            time: AT.toISOString(),
            iKey: IKEY,
            tags,
            data: { baseType: 'EventData', baseData: { ver: 2, name: 'experiment_complete', properties: { experiment: 'v1', rows: '3', is_baseline: 'false', cost: '{"total":1}' } } },
          },
          {
            name: 'Microsoft.ApplicationInsights.Metric',
            time: AT.toISOString(),
            iKey: IKEY,
            tags,
            data: { baseType: 'MetricData', baseData: { ver: 2, metrics: [{ name: 'experiment_count', value: 2, count: 1 }], properties: {} } },
          },
        ],
      },
    ]);
  });

  it('with Authorization=AAD sends an Entra token for the Azure Monitor audience, made with the named identity on first use', async () => {
    const credential = recordingCredential();
    const made: unknown[] = [];
    const telemetry = createTelemetry({
      connectionString: connection(),
      authenticationString: 'Authorization=AAD;ClientId=11111111-2222-3333-4444-555555555555',
      logger: createMemoryLogger(),
      credentialFactory: (options) => (made.push(options), credential),
    });
    expect(made).toEqual([]);
    telemetry.trackEvent('regression_detected', { suite: 's' });
    await telemetry.flush();
    expect(made).toEqual([{ managedIdentityClientId: '11111111-2222-3333-4444-555555555555' }]);
    expect(credential.scopes).toEqual([MONITOR_SCOPE]);
    expect(receiver.requests.map((r) => r.headers.authorization)).toEqual(['Bearer entra-token']);
  });

  it('posts as soon as a batch is full, and flush waits for posts in flight', async () => {
    const telemetry = createTelemetry({ connectionString: connection(), logger: createMemoryLogger(), maxBatchSize: 2 });
    for (const n of [1, 2, 3]) telemetry.trackEvent(`e${n}`, {});
    await telemetry.flush();
    expect(receiver.requests.map((r) => (JSON.parse(r.body) as { data: { baseData: { name: string } } }[]).map((e) => e.data.baseData.name))).toEqual([['e1', 'e2'], ['e3']]);
  });

  it('never lets a refused or failed post fail the caller: it logs the status and item count, not the content', async () => {
    const logger = createMemoryLogger();
    receiver.respondWith(401);
    const telemetry = createTelemetry({ connectionString: connection(), logger });
    telemetry.trackEvent('llm_request', { prompt: 'secret text' });
    await expect(telemetry.flush()).resolves.toBeUndefined();
    const closed = createTelemetry({ connectionString: 'InstrumentationKey=x;IngestionEndpoint=http://127.0.0.1:1/', logger });
    closed.trackEvent('e', {});
    await expect(closed.flush()).resolves.toBeUndefined();
    expect(logger.entries).toEqual([
      { level: 'warn', message: '[telemetry] Application Insights refused a batch', context: { status: 401, items: 1 } },
      { level: 'warn', message: '[telemetry] Application Insights post failed', context: { items: 1, error: expect.any(String) } },
    ]);
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

describe('connection and authentication strings', () => {
  it.each([
    [`InstrumentationKey=${IKEY};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/`, 'https://westeurope-5.in.applicationinsights.azure.com/v2.1/track'],
    [`InstrumentationKey=${IKEY};IngestionEndpoint=https://x.example`, 'https://x.example/v2.1/track'],
    [`instrumentationkey=${IKEY}`, 'https://dc.services.visualstudio.com/v2.1/track'],
  ])('%s posts to %s', (value, url) => {
    expect(ingestionTargetOf(value)).toEqual({ instrumentationKey: IKEY, trackUrl: url });
  });

  it('a connection string without an instrumentation key is refused at start-up', () => {
    expect(thrownBy(() => ingestionTargetOf('IngestionEndpoint=https://x/'))).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('InstrumentationKey') });
  });

  it.each([
    [undefined, { entra: false }],
    ['Authorization=AAD', { entra: true }],
    ['authorization=aad;clientid=abc', { entra: true, clientId: 'abc' }],
  ])('authentication string %p', (value, expected) => {
    expect(parseAuthenticationString(value)).toEqual(expected);
  });

  it('an authentication string that is not AAD is refused', () => {
    expect(thrownBy(() => parseAuthenticationString('Authorization=Key'))).toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
