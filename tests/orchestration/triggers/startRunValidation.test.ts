import path from 'node:path';
import { ACTIVITY } from '../../../src/orchestration/activityNames';
import { bindActivities } from '../../../src/orchestration/activities';
import { createStartRunHandler } from '../../../src/orchestration/triggers/startRun';
import { createBuiltinRegistry } from '../../../src/plugins';
import { createFakeDurableClient } from '../../fakes/fakeDurableClient';
import { createMemoryRunServices } from '../../fakes/runServices';
import { buildSuite, defaultProfile, type BuiltSuite, type SuiteSpec } from '../../support/suiteBuilder';
import { createTestContext, postRuns } from './triggerTestKit';

/** POST /api/runs applies the checks `elspeth validate` applies, before its 202 (issue 7 §2, §4). */
const registry = createBuiltinRegistry();
let suite: BuiltSuite | undefined;
afterEach(() => suite?.cleanup());

const ENV = { ELSPETH_MOCK_LLM_URL: 'http://127.0.0.1:9' };

async function post(spec: SuiteSpec) {
  suite = buildSuite(spec);
  const client = createFakeDurableClient();
  const handler = createStartRunHandler({ registry, suitesRoot: suite.dir, env: ENV, getClient: () => client, newId: () => 'id' });
  const response = await handler(postRuns('{"suite":"suite"}'), createTestContext('startRun').context);
  return { response, client };
}

const settings = path.join('suite', 'settings.yaml');

describe('POST /api/runs refuses before its 202 what would fail after it', () => {
  it.each<[string, SuiteSpec, unknown[]]>([
    [
      'a YAML alias bomb (400, not 500)',
      { settingsText: `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${Array(10).fill('*a').join(', ')}]\nc: &c [${Array(10).fill('*b').join(', ')}]\ndefault: *c\n` },
      [{ file: settings, path: '', message: 'Invalid YAML: more than 100 aliases to resolve (an alias bomb?)' }],
    ],
    [
      'a dataset path of /proc/self/environ',
      { profile: { ...defaultProfile(), datasource: { plugin: 'local_csv', options: { path: '/proc/self/environ' } } } },
      [{ file: settings, path: 'default.datasource', message: "path: input path '/proc/self/environ' must be relative to the suite folder; absolute paths are refused" }],
    ],
    [
      'a template field that is not a column',
      { profile: { ...defaultProfile(), prompts: { system: 's', user: '{{ subjet }}' } }, experiments: { baseline: { name: 'baseline' } } },
      [{ file: path.join('suite', 'baseline', 'config.json'), path: 'prompt_template', message: "unknown field 'subjet'; did you mean 'subject'? Available dataset columns: id, subject, body (experiment 'baseline')." }],
    ],
    [
      'a key variable the app settings do not have',
      { profile: { ...defaultProfile(), llm: { plugin: 'http_openai', options: { api_base_env: 'ELSPETH_MOCK_LLM_URL', api_key_env: 'MISSING_KEY' } } }, experiments: { baseline: { name: 'baseline' } } },
      [
        { file: settings, path: 'default.llm.options.api_key_env', message: "environment variable 'MISSING_KEY' (api_key_env) is not set" },
        { file: settings, path: 'default.llm', message: "http_openai: environment variable 'MISSING_KEY' (api_key_env) is not set" },
      ],
    ],
  ])('%s', async (_label, spec, problems) => {
    const { response, client } = await post(spec);
    expect(response).toEqual({ status: 400, jsonBody: { error: 'REQUEST_INVALID', problems } });
    expect(client.started).toEqual([]);
  });

  it('the plan activity refuses /proc/self/environ too, even for a request that skipped the trigger', async () => {
    suite = buildSuite({ profile: { ...defaultProfile(), datasource: { plugin: 'local_csv', options: { path: '/proc/self/environ' } } } });
    const { services, blobs } = createMemoryRunServices(registry, { env: ENV });
    const result = await bindActivities(services)[ACTIVITY.plan]({ runId: 'run-suite-x', trigger: 'http', suite: 'suite', settingsFile: suite.settingsFile, suiteRoot: suite.root });
    expect(result).toMatchObject({ activityFailed: { code: 'CONFIG_INVALID', retryable: false } });
    expect(JSON.stringify(result)).toContain("input path '/proc/self/environ' must be relative to the suite folder");
    expect([...blobs.blobs.keys()]).toEqual([]);
  });
});
