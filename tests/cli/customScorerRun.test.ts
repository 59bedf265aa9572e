import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { buildSuite, type BuiltSuite } from '../support/suiteBuilder';
import { testStorageConnectionString } from '../support/testStorage';
import { createMemoryIo, listTree } from './cliTestKit';

/** `elspeth run` runs a suite's custom scorer (issue 9 §3); a scorer that throws flags its row, the run goes on. */
let mock: MockLlmServer;
let suite: BuiltSuite | undefined;
beforeAll(async () => {
  mock = await startMockLlmServer({ seed: 42 });
});
afterAll(() => mock.close());
afterEach(() => suite?.cleanup());

const SCORER = `// Throws on the login ticket, scores the others by the subject's length.
module.exports = (row, answer, context) => {
  if (context.sourceRow.subject === 'Login') throw new Error('cannot score logins');
  return { subject_chars: context.sourceRow.subject.length, answered: typeof answer === 'string' && answer.length > 0 };
};
`;

it('scores every row with the suite scorer and records the one that threw as a flag', async () => {
  suite = buildSuite({ experiments: { baseline: { name: 'baseline', is_baseline: true, row_plugins: [{ name: 'custom_scorer', options: { module: 'scorers/subject.js' } }] } } });
  fs.mkdirSync(path.join(suite.root, 'scorers'));
  fs.writeFileSync(path.join(suite.root, 'scorers', 'subject.js'), SCORER);
  const out = path.join(suite.dir, 'out');
  const io = createMemoryIo(suite.dir, { ELSPETH_MOCK_LLM_URL: mock.url, ELSPETH_STORAGE_CONNECTION_STRING: testStorageConnectionString() });
  const code = await main(['run', '--settings', suite.settingsFile, '--suite-root', suite.root, '--no-progress', '--out', out], io);
  expect(code).toBe(0);
  const [runId] = listTree(out);
  const records = fs.readFileSync(path.join(out, runId!, 'baseline', 'batches', '00000.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { status: string; metrics?: Record<string, unknown> });
  expect(records.filter((record) => record.status === 'ok').map((record) => [record.metrics!.scores, record.metrics!.scoring_flags, record.metrics!.custom_scorer])).toEqual([
    [{ subject_chars: 6, answered: 1 }, undefined, undefined],
    [{ custom: null }, { custom: 'scorer_error' }, { custom: { error: 'cannot score logins' } }],
    [{ subject_chars: 7, answered: 1 }, undefined, undefined],
  ]);
});
