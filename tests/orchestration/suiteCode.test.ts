import fs from 'node:fs';
import path from 'node:path';
import { ACTIVITY } from '../../src/orchestration/activityNames';
import { bindActivities } from '../../src/orchestration/activities';
import { createScheduledRunHandler } from '../../src/orchestration/triggers/scheduledRun';
import { createStartRunHandler } from '../../src/orchestration/triggers/startRun';
import { validateRequest } from '../../src/orchestration/validateRun';
import { createBuiltinRegistry } from '../../src/plugins';
import { createFakeDurableClient } from '../fakes/fakeDurableClient';
import { createMemoryRunServices } from '../fakes/runServices';
import { buildSuite, type BuiltSuite } from '../support/suiteBuilder';
import { createTestContext, postRuns, timerTick } from './triggers/triggerTestKit';

/**
 * Suite code (issue 9 §3, DESIGN §14 "submitted suites never run code"): a custom_scorer runs
 * from the local CLI; over HTTP, submit and the timer it is refused, naming the key path,
 * unless the app setting ELSPETH_ALLOW_SUITE_CODE is 'true'.
 */
const registry = createBuiltinRegistry();
const MOCK = { ELSPETH_MOCK_LLM_URL: 'http://127.0.0.1:9' };
let suite: BuiltSuite | undefined;
afterEach(() => suite?.cleanup());

const SCORER = 'module.exports = (row, answer) => ({ long: answer.length > 20 ? 1 : 0 });\n';

function suiteWithScorer(module = 'scorers/length.js'): BuiltSuite {
  suite = buildSuite({
    experiments: {
      baseline: { name: 'baseline', is_baseline: true },
      variant: { name: 'variant', prompt_system: 'Be brief.', row_plugins: [{ name: 'custom_scorer', options: { module } }] },
    },
  });
  fs.mkdirSync(path.join(suite.root, 'scorers'));
  fs.writeFileSync(path.join(suite.root, 'scorers', 'length.js'), SCORER);
  return suite;
}

const refusal = {
  file: path.join('suite', 'variant', 'config.json'),
  path: 'row_plugins[0].options.module',
  message: "custom_scorer runs JavaScript from the suite folder; a suite started over HTTP, by elspeth submit or by the timer may run code only when the app setting ELSPETH_ALLOW_SUITE_CODE is 'true' (docs/scoring.md#custom-scorers)",
};

async function post(env: Record<string, string>) {
  const built = suiteWithScorer();
  const client = createFakeDurableClient();
  const handler = createStartRunHandler({ registry, suitesRoot: built.dir, env: { ...MOCK, ...env }, getClient: () => client, newId: () => 'id' });
  return { response: await handler(postRuns('{"suite":"suite"}'), createTestContext('startRun').context), client };
}

describe('suite code over HTTP and submit', () => {
  it.each([
    ['unset', {}],
    ["'false'", { ELSPETH_ALLOW_SUITE_CODE: 'false' }],
    ["'yes' (only 'true' allows)", { ELSPETH_ALLOW_SUITE_CODE: 'yes' }],
  ])('is refused with 400 naming the key path when the setting is %s', async (_label, env) => {
    const { response, client } = await post(env);
    expect(response).toEqual({ status: 400, jsonBody: { error: 'REQUEST_INVALID', problems: [refusal] } });
    expect(client.started).toEqual([]);
  });

  it("starts when the app setting is 'true'", async () => {
    const { response, client } = await post({ ELSPETH_ALLOW_SUITE_CODE: 'true' });
    expect(response.status).toBe(202);
    expect(client.started).toHaveLength(1);
  });

  it('is refused by the plan activity too, for a request that skipped the trigger, and writes nothing', async () => {
    const built = suiteWithScorer();
    const { services, blobs } = createMemoryRunServices(registry, { env: MOCK });
    const result = await bindActivities(services)[ACTIVITY.plan]({ runId: 'run-suite-x', trigger: 'http', suite: 'suite', settingsFile: built.settingsFile, suiteRoot: built.root });
    expect(result).toMatchObject({ activityFailed: { code: 'CONFIG_INVALID', retryable: false } });
    expect(JSON.stringify(result)).toContain('row_plugins[0].options.module: custom_scorer runs JavaScript from the suite folder');
    expect([...blobs.blobs.keys()]).toEqual([]);
  });
});

describe('suite code from the timer', () => {
  it('does not start a scheduled suite that runs code unless the app allows it', async () => {
    const built = suiteWithScorer();
    const started = async (env: Record<string, string>) => {
      const client = createFakeDurableClient();
      const handler = createScheduledRunHandler({ registry, suitesRoot: built.dir, env: { ...MOCK, ...env }, suite: 'suite', getClient: () => client, now: () => new Date('2026-03-04T05:06:07Z') });
      const { context, logs } = createTestContext('scheduledSuite');
      await handler(timerTick(), context);
      return { started: client.started.length, logged: logs.map((line) => JSON.stringify(line)).join('\n') };
    };
    const refused = await started({});
    expect(refused.started).toBe(0);
    expect(refused.logged).toContain('row_plugins[0].options.module: custom_scorer runs JavaScript');
    expect((await started({ ELSPETH_ALLOW_SUITE_CODE: 'true' })).started).toBe(1);
  });
});

describe('suite code from the local CLI', () => {
  const validate = (built: BuiltSuite) => validateRequest({ runId: 'v', trigger: 'cli', suite: 'suite', settingsFile: built.settingsFile, suiteRoot: built.root }, { registry, env: MOCK });

  it('is allowed without any setting', async () => {
    const { run, problems } = await validate(suiteWithScorer());
    expect(problems.errors).toEqual([]);
    expect(run?.experiments[1]?.rowPlugins.map((def) => def.name)).toEqual(['custom_scorer']);
  });

  it.each([
    ['outside the suite folder', '../outside.js', "module: input path '../outside.js' must not leave the suite folder with '..'"],
    ['missing', 'scorers/none.js', "module: 'scorers/none.js' does not exist"],
  ])('still refuses a module %s, at its key path, before any model call', async (_label, module, message) => {
    const built = suiteWithScorer(module);
    fs.writeFileSync(path.join(built.dir, 'outside.js'), SCORER);
    const { run, problems } = await validate(built);
    expect(run).toBeUndefined();
    expect(problems.errors).toEqual([{ severity: 'error', file: path.join(built.root, 'variant', 'config.json'), path: 'row_plugins[0].options.module', message }]);
  });
});
