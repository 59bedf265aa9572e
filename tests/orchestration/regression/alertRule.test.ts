import fs from 'node:fs';
import path from 'node:path';
import { createTelemetry } from '../../../src/azure/telemetry';
import type { IndexedRegression } from '../../../src/core/ports';
import { raiseRegressionAlert } from '../../../src/orchestration/regression/alert';
import { TELEMETRY_EVENTS, WEBHOOK_SETTING } from '../../../src/orchestration/regression/events';
import { webhookBody } from '../../../src/orchestration/regression/webhookPayload';
import { createBuiltinRegistry } from '../../../src/plugins';
import { createMemoryLogger } from '../../fakes/pluginDeps';
import { createMemoryRunServices } from '../../fakes/runServices';

/**
 * The alert the app raises and the alert rule infra deploys must agree (issue 8 §2, §6):
 * the event goes through the real Application Insights envelope the app posts, and the
 * rule's log query (infra/modules/regressionAlert.bicep, with the event name resources.bicep
 * passes) is evaluated against it: the name filter matches, every customDimensions field the
 * query reads is present, and the rule splits alerts by a column the query defines.
 */
const INFRA = path.resolve(__dirname, '../../../infra');
const ruleText = fs.readFileSync(path.join(INFRA, 'modules/regressionAlert.bicep'), 'utf8');
const resources = fs.readFileSync(path.join(INFRA, 'resources.bicep'), 'utf8');

const eventName = /^var regressionEvent = '([^']+)'$/m.exec(resources)![1]!;
const query = /query: '([^']+)'/.exec(ruleText)![1]!.replace('${eventName}', eventName);
const nameFilter = /where name == "([^"]+)"/.exec(query)![1]!;
const extended = [...query.matchAll(/(\w+) = tostring\(customDimensions\.(\w+)\)/g)].map((m) => ({ column: m[1]!, dimension: m[2]! }));
const splitBy = [...ruleText.matchAll(/\{ name: '(\w+)', operator: 'Include'/g)].map((m) => m[1]!);

const regression: IndexedRegression = {
  status: 'degraded',
  reference: 'run-nightly-1',
  referenceKind: 'blessed',
  experiment: 'baseline',
  verdicts: [{ criterion: 'usefulness', verdict: 'degraded', difference: -0.31, interval: [-0.36, -0.26], adjustedP: 1e-9 }],
};
const alert = { suite: 'nightly', runId: 'sched-nightly-20260304t0200', slot: '20260304t0200', regression, reportPrefix: 'runs/sched-nightly-20260304t0200/' };

/** The envelopes the app posts to the ingestion endpoint while raising the alert. */
async function postedEnvelopes(env: Record<string, string> = {}) {
  const posted: { data: { baseData: { name: string; properties: Record<string, string> } } }[] = [];
  const telemetry = createTelemetry({
    connectionString: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/',
    logger: createMemoryLogger(),
    fetch: async (_url, init) => {
      posted.push(...(JSON.parse(init?.body as string) as typeof posted));
      return new Response('{}', { status: 200 });
    },
  });
  const { services } = createMemoryRunServices(createBuiltinRegistry(), { telemetry, env });
  const record = await raiseRegressionAlert(services, alert);
  return { posted, record };
}

describe('the regression alert rule matches the event the app sends', () => {
  it('the rule and the app use one event name', () => {
    expect(nameFilter).toBe(TELEMETRY_EVENTS.regression);
  });

  it('the posted event passes the query filter and carries every dimension the query reads', async () => {
    const { posted, record } = await postedEnvelopes();
    expect(record).toEqual({ event: TELEMETRY_EVENTS.regression, webhook: { status: 'not_configured' } });
    const matching = posted.filter((envelope) => envelope.data.baseData.name === nameFilter);
    expect(matching).toHaveLength(1);
    const dimensions = matching[0]!.data.baseData.properties;
    expect(extended.map((item) => item.dimension).sort()).toEqual(['runId', 'suite']);
    for (const { dimension } of extended) expect(dimensions[dimension]).toEqual(expect.stringMatching(/\S/));
    expect(dimensions).toMatchObject({ suite: 'nightly', runId: alert.runId, reference: 'run-nightly-1', degraded: 'usefulness: -0.31 [-0.36, -0.26], adjusted p 1e-9' });
  });

  it('the rule splits alerts by a column its query defines', () => {
    expect(splitBy.length).toBeGreaterThan(0);
    for (const column of splitBy) expect(extended.map((item) => item.column)).toContain(column);
  });

  it('a webhook setting that is not an http(s) URL (an unresolved Key Vault reference) is recorded, not sent, and never echoed', async () => {
    const reference = '@Microsoft.KeyVault(VaultName=kv;SecretName=regression-webhook-url)';
    const { record } = await postedEnvelopes({ [WEBHOOK_SETTING]: reference });
    expect(record.webhook).toEqual({ status: 'failed', error: `${WEBHOOK_SETTING} is not an http(s) URL (an unresolved Key Vault reference?)` });
  });
});

describe('webhook bodies', () => {
  it('Slack incoming webhooks get text and Block Kit blocks', () => {
    const body = webhookBody('https://hooks.slack.com/services/T/B/X', alert) as { text: string; blocks: { type: string }[] };
    expect(body.text.split('\n')).toEqual([
      "Elspeth: scheduled suite 'nightly' regressed in run sched-nightly-20260304t0200 (experiment 'baseline' against the blessed run run-nightly-1)",
      '- usefulness: -0.31 [-0.36, -0.26], adjusted p 1e-9',
      'Reports: runs/sched-nightly-20260304t0200/',
    ]);
    expect(body.blocks.map((block) => block.type)).toEqual(['header', 'section']);
  });

  it('any other URL gets a Teams message with an Adaptive Card and the same text', () => {
    const body = webhookBody('https://example.webhook.office.com/webhookb2/x', alert) as { type: string; text: string; attachments: { content: { body: { type: string; facts?: { title: string; value: string }[] }[] } }[] };
    expect(body.type).toBe('message');
    const facts = body.attachments[0]!.content.body.find((block) => block.type === 'FactSet')!.facts!;
    expect(facts).toContainEqual({ title: 'usefulness', value: '-0.31 [-0.36, -0.26], adjusted p 1e-9' });
    expect(facts).toContainEqual({ title: 'Compared with', value: 'run-nightly-1 (blessed)' });
  });
});
