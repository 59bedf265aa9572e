import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunIndexEntry } from '../../../src/core/ports';
import type { StoredRegression } from '../../../src/orchestration/regression/regressionCheck';
import { regressionBlob } from '../../../src/orchestration/regression/regressionCheck';
import { TELEMETRY_EVENTS } from '../../../src/orchestration/regression/events';
import { startTestApp, startWebhookReceiver, writeNightlySuite, type TestApp, type Webhook } from './regressionKit';

/**
 * Scheduled regression end to end (issue 8 §6, docs/scheduled-regression.md), with the
 * Functions app's own handlers and timer over the in-process driver: a suite submitted once
 * and blessed is re-run by the timer from its stored files, compared with the blessed run;
 * when the connection's deployment gets worse (`mock` -> `mock-0.3`), the run is degraded,
 * the alert event is raised, the webhook receives a Teams card, and the run index holds
 * the verdicts. Without a blessing, the last good scheduled run is the reference and a
 * degraded run never becomes one.
 */
let work: string;
let app: TestApp;
let webhook: Webhook;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-regression-'));
  fs.mkdirSync(path.join(work, 'deployed'));
  webhook = await startWebhookReceiver();
  app = await startTestApp({ suitesRoot: path.join(work, 'deployed'), webhookUrl: webhook.url });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await webhook?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const listRuns = async (suite: string) => {
  const answer = await app.call('GET', 'runs', undefined, { suite });
  expect(answer.status).toBe(200);
  return (answer.jsonBody as { runs: RunIndexEntry[] }).runs;
};
const entryOf = async (suite: string, runId: string) => (await listRuns(suite)).find((entry) => entry.runId === runId)!;
const regressionEvents = () => app.telemetry.events.filter((event) => event.name === TELEMETRY_EVENTS.regression);

describe('a blessed submitted suite, re-run by the timer', () => {
  let blessedRun: string;

  it('a submitted run is listed with its verdicts and suite reference, and can be blessed', async () => {
    blessedRun = await app.submitAndRun(writeNightlySuite(path.join(work, 'checkout')), 'nightly');
    const entry = await entryOf('nightly', blessedRun);
    expect(entry).toMatchObject({ status: 'completed', trigger: 'http', suiteRef: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(entry.verdicts).toEqual([expect.objectContaining({ variant: 'candidate', criterion: 'usefulness' })]);

    const blessed = await app.call('POST', `runs/${blessedRun}/bless`);
    expect(blessed).toMatchObject({ status: 200, jsonBody: { runId: blessedRun, suite: 'nightly', blessed: true, unblessed: [] } });
    expect(await entryOf('nightly', blessedRun)).toMatchObject({ blessed: true, blessedAt: expect.any(String) });
  }, 120_000);

  it('the same model: the scheduled run re-runs the blessed files and passes against the blessed run', async () => {
    const runId = await app.fireTimer('nightly', '2026-03-04T02:00:05.000Z');
    expect(runId).toBe('sched-nightly-20260304t0200');
    const entry = await entryOf('nightly', runId!);
    expect(entry).toMatchObject({ trigger: 'timer', status: 'completed', slot: '20260304t0200', suiteRef: (await entryOf('nightly', blessedRun)).suiteRef });
    expect(entry.regression).toMatchObject({ status: 'passed', reference: blessedRun, referenceKind: 'blessed', experiment: 'baseline' });
    expect(entry.regression!.verdicts!.map((verdict) => [verdict.criterion, verdict.verdict])).toEqual([['usefulness', expect.not.stringMatching(/^degraded$/)]]);
    expect(regressionEvents()).toEqual([]);
    expect(webhook.bodies).toEqual([]);
  }, 120_000);

  it('a worse deployment behind the connection: degraded, alert event, webhook, verdicts in the index', async () => {
    app.env.ELSPETH_CONNECTION__EVAL__DEPLOYMENT = 'mock-0.3';
    try {
      const runId = (await app.fireTimer('nightly', '2026-03-05T02:00:03.000Z'))!;
      const entry = await entryOf('nightly', runId);
      expect(entry.regression).toMatchObject({ status: 'degraded', reference: blessedRun, referenceKind: 'blessed', experiment: 'baseline' });
      const [verdict] = entry.regression!.verdicts!;
      expect(verdict).toMatchObject({ criterion: 'usefulness', verdict: 'degraded' });
      expect(verdict!.difference).toBeLessThan(-0.2);
      expect(verdict!.adjustedP).toBeLessThan(0.05);

      expect(regressionEvents()).toEqual([
        {
          name: 'suite_regression_detected',
          properties: expect.objectContaining({ suite: 'nightly', runId, slot: '20260305t0200', reference: blessedRun, referenceKind: 'blessed', experiment: 'baseline', degraded: expect.stringMatching(/^usefulness: -0\.\d+ \[/) }),
        },
      ]);
      expect(webhook.bodies).toHaveLength(1);
      const card = webhook.bodies[0] as { type: string; text: string; attachments: { contentType: string; content: { type: string } }[] };
      expect(card.type).toBe('message');
      expect(card.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } });
      expect(card.text).toContain(`Elspeth: scheduled suite 'nightly' regressed in run ${runId}`);
      expect(card.text).toContain(`Status: https://func-elspeth-test.azurewebsites.net/api/runs/${runId}`);

      const stored = JSON.parse((await app.services.blobs.get(regressionBlob(runId)))!.toString('utf8')) as StoredRegression;
      expect(stored.alert).toEqual({ event: 'suite_regression_detected', webhook: { status: 'sent', httpStatus: 200, attempts: 1 } });
      expect(JSON.stringify(stored)).not.toContain(webhook.url);
    } finally {
      app.env.ELSPETH_CONNECTION__EVAL__DEPLOYMENT = 'mock';
    }
  }, 120_000);

  it('a repeated firing in the same slot starts nothing and raises no second alert', async () => {
    expect(await app.fireTimer('nightly', '2026-03-05T02:00:40.000Z')).toBeUndefined();
    expect(regressionEvents()).toHaveLength(1);
    expect(webhook.bodies).toHaveLength(1);
  });

  it('bless moves the flag: one blessed run per suite', async () => {
    const [latest] = await listRuns('nightly');
    const moved = await app.call('POST', `runs/${latest!.runId}/bless`);
    expect(moved).toMatchObject({ status: 200, jsonBody: { unblessed: [blessedRun] } });
    expect((await listRuns('nightly')).filter((entry) => entry.blessed).map((entry) => entry.runId)).toEqual([latest!.runId]);
    expect(await app.call('POST', `runs/${blessedRun}/bless`)).toMatchObject({ status: 200, jsonBody: { unblessed: [latest!.runId] } });
  });
});

describe('a scheduled suite the app cannot find', () => {
  it('neither shipped nor ever submitted: logged with what to do, nothing started', async () => {
    expect(await app.fireTimer('weekly', '2026-03-06T02:00:00.000Z')).toBeUndefined();
    expect(app.timerLogs).toEqual([
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(/^\[timer\] Unknown suite 'weekly'\..* No finished run of a submitted suite named 'weekly' either: submit it once \(elspeth submit --name weekly\) and bless that run\.$/),
      }),
    ]);
  });

  it('submitted but never blessed: the timer re-runs the latest submitted files, with no reference yet', async () => {
    const submitted = await app.submitAndRun(writeNightlySuite(path.join(work, 'adhoc-checkout'), 'adhoc'), 'adhoc');
    const runId = (await app.fireTimer('adhoc', '2026-03-06T02:00:00.000Z'))!;
    const entry = await entryOf('adhoc', runId);
    expect(entry).toMatchObject({ status: 'completed', suiteRef: (await entryOf('adhoc', submitted)).suiteRef });
    expect(entry.regression).toMatchObject({ status: 'no_reference' });
  }, 120_000);
});

describe('without a blessing: the last good scheduled run', () => {
  const suite = 'deployed_nightly';

  it('compares with the latest scheduled run that was not degraded, never with a degraded one', async () => {
    writeNightlySuite(path.join(work, 'deployed'), suite);
    const first = (await app.fireTimer(suite, '2026-04-01T02:00:00.000Z'))!;
    expect((await entryOf(suite, first)).regression).toMatchObject({ status: 'no_reference', experiment: 'baseline' });

    app.env.ELSPETH_CONNECTION__EVAL__DEPLOYMENT = 'mock-0.3';
    const worse = (await app.fireTimer(suite, '2026-04-02T02:00:00.000Z'))!;
    app.env.ELSPETH_CONNECTION__EVAL__DEPLOYMENT = 'mock';
    expect((await entryOf(suite, worse)).regression).toMatchObject({ status: 'degraded', reference: first, referenceKind: 'last_good' });

    const recovered = (await app.fireTimer(suite, '2026-04-03T02:00:00.000Z'))!;
    expect((await entryOf(suite, recovered)).regression).toMatchObject({ status: 'passed', reference: first, referenceKind: 'last_good' });
    expect(regressionEvents().map((event) => event.properties.runId)).toContain(worse);
  }, 240_000);
});

describe('GET /api/runs and POST /api/runs/{id}/bless refuse what they cannot do', () => {
  it.each([
    [{ suite: '../x' }, 'suite'],
    [{ limit: '0' }, 'limit'],
    [{ limit: 'many' }, 'limit'],
    [{ limit: '501' }, 'limit'],
  ])('GET /api/runs %j: 400 naming %s', async (query, where) => {
    expect(await app.call('GET', 'runs', undefined, query)).toMatchObject({ status: 400, jsonBody: { error: 'REQUEST_INVALID', problems: [{ path: where }] } });
  });

  it('lists every suite without ?suite=, newest first, up to ?limit=', async () => {
    const answer = await app.call('GET', 'runs', undefined, { limit: '2' });
    const runs = (answer.jsonBody as { runs: RunIndexEntry[] }).runs;
    expect(runs).toHaveLength(2);
    expect(runs[0]!.startedAt >= runs[1]!.startedAt).toBe(true);
  });

  it('404 for a run the index does not know, 400 for a malformed id, 409 for a run that did not complete', async () => {
    expect(await app.call('POST', 'runs/run-nightly-404/bless')).toMatchObject({ status: 404, jsonBody: { error: 'RUN_NOT_FOUND' } });
    expect(await app.call('POST', 'runs/..%2Fx/bless')).toMatchObject({ status: 400 });
    await app.services.runIndex.upsert({ suite: 'nightly', runId: 'run-nightly-failed', status: 'failed', trigger: 'http', startedAt: '2026-01-01T00:00:00.000Z' });
    expect(await app.call('POST', 'runs/run-nightly-failed/bless')).toMatchObject({ status: 409, jsonBody: { error: 'RUN_NOT_FINISHED' } });
    expect((await entryOf('nightly', 'run-nightly-failed')).blessed).toBeUndefined();
  });
});
