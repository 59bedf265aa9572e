import fs from 'node:fs';
import path from 'node:path';
import type { HttpResponseInit } from '@azure/functions';
import type { RunIndex } from '../../../src/core/ports';
import type { Registry } from '../../../src/core/plugins/registry';
import { createStartRunHandler, type StartRunOptions } from '../../../src/orchestration/triggers/startRun';
import { createBuiltinRegistry } from '../../../src/plugins';
import { createFakeDurableClient, type FakeDurableClient } from '../../fakes/fakeDurableClient';
import { createMemoryRunIndex } from '../../fakes/memoryRunIndex';
import { createTempSuitesRoot, createTestContext, postRuns, writeBrokenSuite } from './triggerTestKit';

const RUN_UUID = '00000000-0000-4000-8000-000000000001';
const NOW = new Date('2026-03-04T05:06:07.000Z');

let registry: Registry;
let suitesRoot: string;
let cleanup: () => void;

beforeAll(() => {
  registry = createBuiltinRegistry();
  ({ root: suitesRoot, cleanup } = createTempSuitesRoot());
  writeBrokenSuite(suitesRoot);
  // A folder without settings.yaml is not a suite and is never offered as one.
  fs.mkdirSync(path.join(suitesRoot, 'notes'));
});
afterAll(() => cleanup());

function setUp(overrides: Partial<StartRunOptions> = {}) {
  const client = createFakeDurableClient();
  const handler = createStartRunHandler({ registry, suitesRoot, env: {}, getClient: () => client, newId: () => RUN_UUID, now: () => NOW, ...overrides });
  return { client, handler };
}

async function post(body: string | undefined, overrides: Partial<StartRunOptions> = {}): Promise<{ response: HttpResponseInit; client: FakeDurableClient }> {
  const { client, handler } = setUp(overrides);
  const { context } = createTestContext('startRun');
  return { response: await handler(postRuns(body), context), client };
}

describe('POST /api/runs: accepted', () => {
  it('starts the suite orchestrator under run-<suite>-<uuid> and answers 202 with its own status URL only', async () => {
    const body = JSON.stringify({ suite: 'mini_suite', profile: 'default', experiments: ['variant_b'], maxRows: 3, disableMetrics: true, label: 'ci #12' });
    const { response, client } = await post(body);

    const runId = `run-mini_suite-${RUN_UUID}`;
    const runStatusUrl = `http://127.0.0.1:7071/api/runs/${runId}`;
    expect(response).toEqual({
      status: 202,
      headers: { Location: runStatusUrl },
      jsonBody: { runId, suite: 'mini_suite', runStatusUrl },
    });
    // The Durable management URLs embed the task hub's system key: never in our answers.
    expect(JSON.stringify(response)).not.toMatch(/code=|runtime\/webhooks|terminate|purge/);
    expect(client.started).toEqual([
      {
        orchestratorName: 'suiteOrchestrator',
        instanceId: runId,
        input: {
          runId,
          trigger: 'http',
          suite: 'mini_suite',
          settingsFile: path.join(suitesRoot, 'mini_suite', 'settings.yaml'),
          suiteRoot: path.join(suitesRoot, 'mini_suite'),
          profile: 'default',
          experiments: ['variant_b'],
          maxRows: 3,
          disableMetrics: true,
          label: 'ci #12',
        },
      },
    ]);
  });

  it('passes only the suite when the body names nothing else', async () => {
    const { client } = await post('{"suite":"mini_suite"}');
    const runId = `run-mini_suite-${RUN_UUID}`;
    expect(client.started).toEqual([
      {
        orchestratorName: 'suiteOrchestrator',
        instanceId: runId,
        input: { runId, trigger: 'http', suite: 'mini_suite', settingsFile: path.join(suitesRoot, 'mini_suite', 'settings.yaml'), suiteRoot: path.join(suitesRoot, 'mini_suite') },
      },
    ]);
  });

  it('records the run as queued in the run index when one is given', async () => {
    const runIndex = createMemoryRunIndex();
    const { response } = await post('{"suite":"mini_suite"}', { runIndex: async () => runIndex });
    expect(response.status).toBe(202);
    expect(await runIndex.list('mini_suite')).toEqual([
      { suite: 'mini_suite', runId: `run-mini_suite-${RUN_UUID}`, status: 'queued', trigger: 'http', startedAt: NOW.toISOString() },
    ]);
  });

  it('still starts the run, with a warning, when the run index cannot be reached', async () => {
    const failingIndex: RunIndex = {
      upsert: () => Promise.reject(new Error('table unavailable')),
      get: () => Promise.resolve(undefined),
      list: () => Promise.resolve([]),
      find: () => Promise.resolve(undefined),
    };
    const { client, handler } = setUp({ runIndex: async () => failingIndex });
    const { context, logs } = createTestContext('startRun');
    const response = await handler(postRuns('{"suite":"mini_suite"}'), context);
    expect(response.status).toBe(202);
    expect(client.started).toHaveLength(1);
    expect(logs.filter((line) => line.level === 'warning')).toEqual([
      { level: 'warning', message: '[http] could not record the run in the run index', data: [{ runId: `run-mini_suite-${RUN_UUID}`, error: 'Error: table unavailable' }] },
    ]);
  });

  it('gives every run its own id when no id source is injected', async () => {
    const { client, handler } = setUp({ newId: undefined });
    const first = await handler(postRuns('{"suite":"mini_suite"}'), createTestContext('startRun').context);
    const second = await handler(postRuns('{"suite":"mini_suite"}'), createTestContext('startRun').context);
    const ids = client.started.map((start) => start.instanceId);
    expect(ids).toEqual([expect.stringMatching(/^run-mini_suite-[0-9a-f-]{36}$/), expect.stringMatching(/^run-mini_suite-[0-9a-f-]{36}$/)]);
    expect(ids[0]).not.toBe(ids[1]);
    expect([first.status, second.status]).toEqual([202, 202]);
  });
});

describe('POST /api/runs: rejected', () => {
  const brokenFile = path.join('broken_suite', 'settings.yaml');
  const cases: [string, string | undefined, unknown[]][] = [
    ['no body', undefined, [{ path: '', message: 'request body must be a JSON object such as {"suite": "sample_suite"}' }]],
    ['an empty body', '   ', [{ path: '', message: 'request body must be a JSON object such as {"suite": "sample_suite"}' }]],
    ['invalid JSON', '{"suite": ', [{ path: '', message: expect.stringMatching(/^request body is not valid JSON: /) }]],
    ['a JSON array', '["mini_suite"]', [{ path: '', message: 'Invalid input: expected object, received array' }]],
    ['JSON null', 'null', [{ path: '', message: 'Invalid input: expected object, received null' }]],
    ['no suite', '{"maxRows": 2}', [{ path: 'suite', message: 'Invalid input: expected string, received undefined' }]],
    ['an unknown field', '{"suite":"mini_suite","endpoint":"https://example.invalid"}', [{ path: '', message: 'Unrecognized key: "endpoint"' }]],
    ['a settings file named by the caller', '{"suite":"mini_suite","settingsFile":"/etc/passwd"}', [{ path: '', message: 'Unrecognized key: "settingsFile"' }]],
    ['several problems at once', '{"suite":"../x","maxRows":0,"runId":"run-x"}', [
      { path: 'maxRows', message: 'Too small: expected number to be >=1' },
      { path: 'suite', message: 'must be a suite folder name (letters, digits, _ . -)' },
      { path: '', message: 'Unrecognized key: "runId"' },
    ]],
    ['a suite name that is a path', '{"suite":"../etc"}', [{ path: 'suite', message: 'must be a suite folder name (letters, digits, _ . -)' }]],
    ['a suite name with a slash', '{"suite":"mini_suite/baseline"}', [{ path: 'suite', message: 'must be a suite folder name (letters, digits, _ . -)' }]],
    ['maxRows 0', '{"suite":"mini_suite","maxRows":0}', [{ path: 'maxRows', message: 'Too small: expected number to be >=1' }]],
    ['maxRows 1.5', '{"suite":"mini_suite","maxRows":1.5}', [{ path: 'maxRows', message: 'Invalid input: expected int, received number' }]],
    ['maxRows as a string', '{"suite":"mini_suite","maxRows":"3"}', [{ path: 'maxRows', message: 'Invalid input: expected number, received string' }]],
    ['an empty experiments list', '{"suite":"mini_suite","experiments":[]}', [{ path: 'experiments', message: 'Too small: expected array to have >=1 items' }]],
    [
      'more experiments than the limit',
      JSON.stringify({ suite: 'mini_suite', experiments: Array.from({ length: 65 }, (_, i) => `e${i}`) }),
      [{ path: 'experiments', message: 'Too big: expected array to have <=64 items' }],
    ],
    [
      'an experiment name longer than the limit',
      JSON.stringify({ suite: 'mini_suite', experiments: ['x'.repeat(101)] }),
      [{ path: 'experiments.0', message: 'Too big: expected string to have <=100 characters' }],
    ],
    [
      'an experiment name that is a path',
      '{"suite":"mini_suite","experiments":["../plan.json"]}',
      [{ path: 'experiments.0', message: 'must be an experiment name (letters, digits, _ . -)' }],
    ],
    [
      'a body over 16 KiB',
      JSON.stringify({ suite: 'mini_suite', label: 'x'.repeat(17 * 1024) }),
      [{ path: '', message: 'request body is larger than 16384 bytes' }],
    ],
    [
      'an unknown suite',
      '{"suite":"mini_suit"}',
      [{ path: 'suite', message: "Unknown suite 'mini_suit'. Available: broken_suite, mini_suite. Did you mean 'mini_suite'?" }],
    ],
    [
      'an unknown profile',
      '{"suite":"mini_suite","profile":"nightly"}',
      [{ file: path.join('mini_suite', 'settings.yaml'), path: 'nightly', message: "Unknown profile 'nightly'. Available: default." }],
    ],
    [
      'an unknown experiment',
      '{"suite":"mini_suite","experiments":["variant_c"]}',
      [{ file: 'mini_suite', path: 'experiments', message: "Unknown experiment 'variant_c'. Available: baseline, variant_b. Did you mean 'variant_b'?" }],
    ],
    [
      'a suite whose configuration is broken',
      '{"suite":"broken_suite"}',
      [
        { file: brokenFile, path: 'default.row_plugins[0].name', message: `Unknown row experiment plugin 'score_extractr'. Available: ${createBuiltinRegistry().names('row').join(', ')}. Did you mean 'score_extractor'?` },
        { file: brokenFile, path: 'default.llm.plugin', message: "Unknown llm plugin 'mokc'. Available: azure_openai, http_openai, mock. Did you mean 'mock'?" },
        { file: brokenFile, path: 'default.suite_defaults.prompt_pack', message: "Unknown prompt pack 'samplee'. Available: <none>." },
        { file: path.join('broken_suite', 'variant_b', 'config.json'), path: 'aggregator_plugins[0].options.colour', message: "unknown option 'colour'. Allowed options: ddof, flag_field, source_field." },
      ],
    ],
  ];

  it.each(cases)('answers 400 REQUEST_INVALID for %s and starts nothing', async (_label, body, problems) => {
    const runIndex = createMemoryRunIndex();
    const { response, client } = await post(body, { runIndex: async () => runIndex });
    expect(response).toEqual({ status: 400, jsonBody: { error: 'REQUEST_INVALID', problems } });
    expect(client.started).toEqual([]);
    expect(runIndex.entries.size).toBe(0);
  });

  it('never reveals the server path of the suites root', async () => {
    const { response } = await post('{"suite":"broken_suite"}');
    expect(JSON.stringify(response.jsonBody)).not.toContain(suitesRoot);
  });
});
