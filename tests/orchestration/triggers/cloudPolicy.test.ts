import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLOUD_POLICY } from '../../../src/functions/settingsCatalogue';
import type { CloudPolicy } from '../../../src/orchestration/cloudPolicy';
import { createScheduledRunHandler } from '../../../src/orchestration/triggers/scheduledRun';
import { createStartRunHandler } from '../../../src/orchestration/triggers/startRun';
import { createBuiltinRegistry } from '../../../src/plugins';
import { createFakeDurableClient } from '../../fakes/fakeDurableClient';
import { writeNightlySuite } from '../regression/regressionKit';
import { createTestContext, postRuns, timerTick } from './triggerTestKit';

/**
 * In the cloud (the Functions app's POST /api/runs and timer) a suite reaches models only
 * through the app's named connections: literal endpoints and keys and `*_env` names in a
 * model definition are refused with a 400 naming file and key path, wherever the model is
 * named; other plugins may name only the settings catalogued for suites. The same suites
 * still run where no policy applies (elspeth serve, the CLI).
 */
const registry = createBuiltinRegistry();
const env = {
  ELSPETH_CONNECTION__EVAL__ENDPOINT: 'http://127.0.0.1:1',
  ELSPETH_CONNECTION__EVAL__DEPLOYMENT: 'mock',
  ELSPETH_CONNECTION__EVAL__API_VERSION: '2024-10-21',
  ELSPETH_CONNECTION__EVAL__AUTH: 'key',
  ELSPETH_CONNECTION__EVAL__API_KEY: 'k',
  ELSPETH_MOCK_LLM_URL: 'http://127.0.0.1:2',
  ELSPETH_CONTENT_SAFETY_ENDPOINT: 'https://cs.example.net',
  ELSPETH_CONTENT_SAFETY_KEY: 'cs-key',
  AZURE_DEVOPS_PAT: 'pat',
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=x',
};
let root: string;

beforeAll(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-cloud-'))));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function post(suite: string, cloud: CloudPolicy | undefined) {
  const client = createFakeDurableClient();
  const handler = createStartRunHandler({ registry, suitesRoot: root, env, getClient: () => client, newId: () => 'id', ...(cloud ? { cloud } : {}) });
  const response = await handler(postRuns(JSON.stringify({ suite })), createTestContext('startRun').context);
  return { response, started: client.started.length };
}

const problemsOf = (response: { jsonBody?: unknown }) => (response.jsonBody as { problems: { file: string; path: string; message: string }[] }).problems;

const judge = (llm: unknown) => [`  row_plugins: [{ name: score_extractor, options: { threshold: 0.5 } }, { name: llm_judge, options: ${JSON.stringify({ llm, criterion: 'faithful' })} }]`];

describe('POST /api/runs in the cloud', () => {
  it('accepts a suite whose models are named connections or the offline mock', async () => {
    writeNightlySuite(root, 'named_ok', undefined, judge({ plugin: 'mock' }));
    const { response, started } = await post('named_ok', CLOUD_POLICY);
    expect(response.status).toBe(202);
    expect(started).toBe(1);
  });

  it.each([
    [
      'http_openai with api_base_env',
      { plugin: 'http_openai', options: { api_base_env: 'ELSPETH_MOCK_LLM_URL', model: 'mock' } },
      [
        ['default.llm', /^model plugin 'http_openai' is not allowed in the cloud, where models are reached only through named connections: name a model connection the app defines \(eval\)/],
        ['default.llm.options.api_base_env', /^'api_base_env' is not allowed in the cloud/],
      ],
    ],
    [
      'azure_openai with a literal endpoint and key',
      { plugin: 'azure_openai', options: { config: { azure_endpoint: 'https://attacker.example', api_key: 'k', api_version: '2024-10-21', deployment: 'gpt' } } },
      [['default.llm.options.connection', /^a model in the cloud needs a named connection instead of its own endpoint and key settings/]],
    ],
    [
      'azure_openai whose key comes from an app setting the suite names',
      { plugin: 'azure_openai', options: { config: { azure_endpoint: 'https://attacker.example', api_key_env: 'ELSPETH_CONNECTION__EVAL__API_KEY', api_version: '2024-10-21', deployment: 'gpt' } } },
      [
        ['default.llm.options.connection', /named connection/],
        ['default.llm.options.config.api_key_env', /^'api_key_env' is not allowed in the cloud/],
      ],
    ],
  ])('refuses %s with a 400 naming the key path, and starts nothing', async (_label, llm, expected) => {
    const suite = `bad_${expected.length}_${Math.random().toString(36).slice(2, 8)}`;
    writeNightlySuite(root, suite, llm);
    const { response, started } = await post(suite, CLOUD_POLICY);
    expect(response.status).toBe(400);
    expect(started).toBe(0);
    const cloudProblems = problemsOf(response).filter((problem) => /cloud/.test(problem.message));
    expect(cloudProblems.map((problem) => [problem.file, problem.path])).toEqual(expected.map(([where]) => [`${suite}/settings.yaml`, where]));
    expected.forEach(([, message], index) => expect(cloudProblems[index]!.message).toMatch(message as RegExp));
  });

  it('refuses a judge model inside a plugin that points at its own endpoint', async () => {
    writeNightlySuite(root, 'judge_bad', undefined, judge({ plugin: 'http_openai', options: { api_base: 'https://attacker.example/v1', model: 'gpt' } }));
    const { response } = await post('judge_bad', CLOUD_POLICY);
    expect(response.status).toBe(400);
    expect(problemsOf(response).map((problem) => problem.path)).toContain('default.row_plugins[1].options.llm.plugin');
  });

  it('lets other plugins name only the settings catalogued for suites, and never with their own endpoint', async () => {
    const middleware = (options: unknown) => [`  llm_middlewares: [{ name: azure_content_safety, options: ${JSON.stringify(options)} }]`];
    writeNightlySuite(root, 'cs_ok', undefined, middleware({ endpoint_env: 'ELSPETH_CONTENT_SAFETY_ENDPOINT', key_env: 'ELSPETH_CONTENT_SAFETY_KEY' }));
    expect((await post('cs_ok', CLOUD_POLICY)).response.status).toBe(202);

    writeNightlySuite(root, 'cs_exfiltrate', undefined, middleware({ endpoint: 'https://attacker.example', key_env: 'ELSPETH_CONTENT_SAFETY_KEY' }));
    const leak = await post('cs_exfiltrate', CLOUD_POLICY);
    expect(leak.response.status).toBe(400);
    expect(problemsOf(leak.response)).toContainEqual({
      file: 'cs_exfiltrate/settings.yaml',
      path: 'default.llm_middlewares[0].options.endpoint',
      message: "a literal 'endpoint' beside 'key_env' is not allowed in the cloud: the endpoint must come from the app's settings too ('endpoint_env')",
    });

    writeNightlySuite(root, 'cs_other_setting', undefined, middleware({ endpoint_env: 'ELSPETH_CONTENT_SAFETY_ENDPOINT', key_env: 'APPLICATIONINSIGHTS_CONNECTION_STRING' }));
    const other = await post('cs_other_setting', CLOUD_POLICY);
    expect(other.response.status).toBe(400);
    expect(problemsOf(other.response)).toContainEqual({
      file: 'cs_other_setting/settings.yaml',
      path: 'default.llm_middlewares[0].options.key_env',
      message: "'key_env' names 'APPLICATIONINSIGHTS_CONNECTION_STRING', which is not a setting suites may read in the cloud (allowed: ELSPETH_CONTENT_SAFETY_ENDPOINT, ELSPETH_CONTENT_SAFETY_KEY)",
    });
  });

  it('the same suites still run where no cloud policy applies (elspeth serve, the CLI)', async () => {
    writeNightlySuite(root, 'local_http', { plugin: 'http_openai', options: { api_base_env: 'ELSPETH_MOCK_LLM_URL', model: 'mock' } });
    expect((await post('local_http', undefined)).response.status).toBe(202);
  });
});

describe('the timer in the cloud', () => {
  it('logs the key path and starts nothing for a scheduled suite with its own endpoint', async () => {
    writeNightlySuite(root, 'sched_bad', { plugin: 'http_openai', options: { api_base: 'https://attacker.example/v1', model: 'gpt' } });
    const client = createFakeDurableClient();
    const handler = createScheduledRunHandler({ registry, suitesRoot: root, env, suite: 'sched_bad', getClient: () => client, cloud: CLOUD_POLICY, now: () => new Date('2026-03-04T02:00:00Z') });
    const { context, logs } = createTestContext('scheduledSuite');
    expect(await handler(timerTick(), context)).toBeUndefined();
    expect(client.started).toEqual([]);
    const problems = (logs[0]!.data[0] as { problems: string[] }).problems;
    expect(problems).toContainEqual(expect.stringMatching(/settings\.yaml: default\.llm: model plugin 'http_openai' is not allowed in the cloud/));
  });
});
