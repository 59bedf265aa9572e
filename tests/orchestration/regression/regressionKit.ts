import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { CLOUD_POLICY } from '../../../src/functions/settingsCatalogue';
import { createLocalRunClient } from '../../../src/cli/commands/serveRunClient';
import { readSuiteFolder } from '../../../src/cli/commands/submit';
import { startMockLlmServer, type MockLlmServer } from '../../../src/local/mockLlm';
import { createHttpHandlers } from '../../../src/orchestration/triggers/httpHandlers';
import { createScheduledRunHandler } from '../../../src/orchestration/triggers/scheduledRun';
import { manifestOf, SUITE_REF } from '../../../src/orchestration/triggers/suiteBundle';
import { materializeSuite } from '../../../src/orchestration/triggers/suiteStore';
import { createBuiltinRegistry } from '../../../src/plugins';
import { createMemoryRunServices } from '../../fakes/runServices';
import { createTestContext, timerTick, type LoggedLine } from '../triggers/triggerTestKit';

/**
 * A whole app in one process for scheduled-regression tests: the HTTP handlers and the timer
 * of the Functions app over the in-process driver (the real durable-functions replay
 * executor), in-memory storage, the mock model server reached through a named connection
 * (`eval`) whose deployment the test switches to simulate a model that got worse, and a
 * loopback webhook receiver.
 */
export const ROWS = 40;

export const EVAL_CONNECTION = { plugin: 'azure_openai', options: { connection: 'eval', timeout: 20 } };

/** `extra` lines join the `default:` profile (two-space indent), replacing a base line of the same key. */
export function writeNightlySuite(root: string, name = 'nightly', llm: unknown = EVAL_CONNECTION, extra: string[] = []): string {
  const folder = path.join(root, name);
  fs.mkdirSync(path.join(folder, 'data'), { recursive: true });
  for (const experiment of ['baseline', 'candidate']) fs.mkdirSync(path.join(folder, experiment));
  const rows = Array.from({ length: ROWS }, (_, i) => `APP-${String(i + 1).padStart(3, '0')},Tool ${i + 1},Summary number ${i * 7} of a tool.`);
  fs.writeFileSync(path.join(folder, 'data', 'rows.csv'), ['APPID,title,summary', ...rows, ''].join('\n'));
  fs.writeFileSync(
    path.join(folder, 'settings.yaml'),
    [
      'default:',
      '  datasource: { plugin: local_csv, options: { path: data/rows.csv } }',
      `  llm: ${JSON.stringify(llm)}`,
      '  prompts:',
      '    system: "Answer with JSON {\\"score\\": <0-1>}."',
      '    user: "{{ APPID }}: {{ title }}. {{ summary }}"',
      '  prompt_fields: [APPID, title, summary]',
      '  criteria: [usefulness]',
      '  row_plugins: [{ name: score_extractor, options: { threshold: 0.5 } }]',
      '  aggregator_plugins: [{ name: score_stats }]',
      '  baseline_plugins: [{ name: score_verdict }]',
      '  sinks: [{ plugin: csv, options: { path: results.csv } }]',
      '  suite_defaults: { concurrency: { enabled: true, max_workers: 8 } }',
    ]
      // An extra line replaces the base line of the same key.
      .filter((line) => !extra.some((added) => added.split(':')[0] === line.split(':')[0] && line.startsWith('  ')))
      .concat(extra, '')
      .join('\n'),
  );
  fs.writeFileSync(path.join(folder, 'baseline', 'config.json'), JSON.stringify({ name: 'baseline', enabled: true, is_baseline: true }));
  fs.writeFileSync(path.join(folder, 'candidate', 'config.json'), JSON.stringify({ name: 'candidate', enabled: true }));
  return folder;
}

export interface Webhook {
  url: string;
  bodies: unknown[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<Webhook> {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
      res.writeHead(200).end('1');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface TestApp {
  env: Record<string, string | undefined>;
  services: ReturnType<typeof createMemoryRunServices>['services'];
  telemetry: { events: { name: string; properties: Record<string, unknown> }[] };
  mock: MockLlmServer;
  handlers: ReturnType<typeof createHttpHandlers>;
  /** Waits until every started run has ended. */
  idle(): Promise<void>;
  call(method: string, route: string, body?: unknown, query?: Record<string, string>): Promise<HttpResponseInit & { jsonBody?: unknown }>;
  /** Fires the timer for `suite` at `iso` and waits for the run it started (if any). */
  fireTimer(suite: string, iso: string): Promise<string | undefined>;
  /** What the last firing logged. */
  timerLogs: LoggedLine[];
  submitAndRun(folder: string, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestApp(options: { suitesRoot: string; webhookUrl?: string }): Promise<TestApp> {
  const mock = await startMockLlmServer({ seed: 42, latencyMs: 0 });
  const env: Record<string, string | undefined> = {
    ELSPETH_CONNECTION__EVAL__ENDPOINT: mock.url,
    ELSPETH_CONNECTION__EVAL__DEPLOYMENT: 'mock',
    ELSPETH_CONNECTION__EVAL__API_VERSION: '2024-10-21',
    ELSPETH_CONNECTION__EVAL__AUTH: 'key',
    ELSPETH_CONNECTION__EVAL__API_KEY: 'test-key',
    WEBSITE_HOSTNAME: 'func-elspeth-test.azurewebsites.net',
    ...(options.webhookUrl ? { ELSPETH_REGRESSION_WEBHOOK_URL: options.webhookUrl } : {}),
  };
  const registry = createBuiltinRegistry();
  const { services } = createMemoryRunServices(registry, { env, fetch: (input, init) => fetch(input, init) });
  const client = createLocalRunClient(services);
  const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-regression-cache-'));
  const storage = async () => services;
  const handlers = createHttpHandlers({ registry, suitesRoot: options.suitesRoot, env, getClient: () => client, storage, suiteCacheRoot: cacheRoot, cloud: CLOUD_POLICY });
  const call: TestApp['call'] = async (method, route, body, query = {}) => {
    const name = route === 'runs' ? (method === 'GET' ? 'listRuns' : 'startRun') : route.startsWith('suites/') ? 'putSuite' : route.endsWith('/bless') ? 'blessRun' : 'getRun';
    const id = /^runs\/([^/]+)/.exec(route)?.[1];
    const digest = /^suites\/(.+)$/.exec(route)?.[1];
    const request = new HttpRequest({
      url: `http://127.0.0.1:7071/api/${route}`,
      method,
      query,
      params: { ...(id ? { id } : {}), ...(digest ? { digest } : {}) },
      ...(body === undefined ? {} : { body: { string: JSON.stringify(body) } }),
    });
    return handlers[name](request, createTestContext(name).context);
  };
  const timerLogs: LoggedLine[] = [];
  const fireTimer: TestApp['fireTimer'] = async (suite, iso) => {
    const handler = createScheduledRunHandler({
      registry,
      suitesRoot: options.suitesRoot,
      env,
      suite,
      getClient: () => client,
      runIndex: async () => services.runIndex,
      locateSubmitted: (ref, name) => materializeSuite(services.blobs, SUITE_REF.exec(ref)![1]!, cacheRoot, name),
      cloud: CLOUD_POLICY,
      now: () => new Date(iso),
    });
    const { context, logs } = createTestContext('scheduledSuite');
    const runId = await handler(timerTick(), context);
    timerLogs.splice(0, timerLogs.length, ...logs);
    await client.idle();
    return runId;
  };
  const submitAndRun: TestApp['submitAndRun'] = async (folder, name) => {
    const files = readSuiteFolder(folder);
    const { digest } = manifestOf(files);
    const put = await call('PUT', `suites/${digest}`, { files: Object.fromEntries([...files].map(([file, content]) => [file, content.toString('base64')])) });
    if (put.status !== 201 && put.status !== 200) throw new Error(`PUT suite: ${JSON.stringify(put.jsonBody)}`);
    const started = await call('POST', 'runs', { suite: name, suiteRef: `sha256:${digest}` });
    if (started.status !== 202) throw new Error(`POST runs: ${JSON.stringify(started.jsonBody)}`);
    await client.idle();
    return (started.jsonBody as { runId: string }).runId;
  };
  return {
    env,
    services,
    telemetry: services.telemetry as unknown as TestApp['telemetry'],
    mock,
    handlers,
    idle: () => client.idle(),
    call,
    fireTimer,
    timerLogs,
    submitAndRun,
    close: async () => {
      await client.idle();
      await mock.close();
      fs.rmSync(cacheRoot, { recursive: true, force: true });
    },
  };
}
