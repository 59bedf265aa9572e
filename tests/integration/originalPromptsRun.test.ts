/**
 * The realistic-dataset differential as a whole run (originalPromptsDifferential.test.ts checks
 * each hop; this one runs the suite end to end on Azurite): the messy CSV read by local_csv,
 * the experiments' prompts and prompt_defaults written in settings.yaml and config.json,
 * planned, evaluated by batch, and written by the real csv sink. Every answer the mock gave
 * must carry the prompt and score the original's mock gives, and the csv sink's file must be
 * the original's (fixtures/originalPrompts, Debian's pandas and Jinja2).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseOrderedJson, stringifyOrdered } from '../../src/core/data/orderedJson';
import type { RowOutcome } from '../../src/core/engine/records';
import { responsesInOrder } from '../../src/core/engine/responseOrder';
import { getJsonLines } from '../../src/orchestration/jsonBlobs';
import { startLocalServices, type LocalServices } from '../../src/local/localServices';
import { runLocally } from '../../src/local/runLocally';
import type { RunOutcome } from '../../src/orchestration/contracts';
import { createBuiltinRegistry } from '../../src/plugins';
import { createMemoryLogger } from '../fakes/pluginDeps';
import { testStorageConnectionString, uniqueContainerName } from '../support/testStorage';

const fixtures = path.join(__dirname, 'fixtures', 'originalPrompts');

interface GoldenExperiment {
  name: string;
  system: string;
  user: string;
  criteria: unknown[];
  prompt_fields?: string[];
  prompt_defaults: Record<string, unknown>;
  dtype?: unknown;
  rows: { calls: { criteria: string | null; user?: string; score?: number; error?: string }[]; failed: boolean }[];
  csv_sink: string;
}
const golden = parseOrderedJson(fs.readFileSync(path.join(fixtures, 'originalPromptsGolden.json'), 'utf8')) as { seed: number; experiments: GoldenExperiment[] };
// One datasource per run: the experiments that read the CSV with pandas' defaults.
const experiments = golden.experiments.filter((experiment) => experiment.dtype === undefined);

function writeSuite(dir: string): string {
  const root = path.join(dir, 'suite');
  fs.mkdirSync(path.join(root, 'data'), { recursive: true });
  fs.copyFileSync(path.join(fixtures, 'messy.csv'), path.join(root, 'data', 'messy.csv'));
  const settings = [
    'default:',
    '  datasource: {plugin: local_csv, options: {path: data/messy.csv}}',
    `  llm: {plugin: mock, options: {seed: ${golden.seed}}}`,
    '  sinks: [{plugin: csv, options: {path: results.csv, include_metrics: false, include_retry: false, sanitize_formulas: false}}]',
    '  prompts: {system: unused, user: unused}',
  ].join('\n');
  fs.writeFileSync(path.join(root, 'settings.yaml'), `${settings}\n`);
  experiments.forEach((experiment, index) => {
    fs.mkdirSync(path.join(root, experiment.name));
    const config = {
      name: experiment.name,
      ...(index === 0 ? { is_baseline: true } : {}),
      prompt_system: experiment.system,
      prompt_template: experiment.user,
      criteria: experiment.criteria,
      prompt_defaults: experiment.prompt_defaults,
      ...(experiment.prompt_fields ? { prompt_fields: experiment.prompt_fields } : {}),
    };
    // Written keeping the golden's key order ({"2024": 10, "2023": 5}).
    fs.writeFileSync(path.join(root, experiment.name, 'config.json'), stringifyOrdered(config, undefined, 1));
  });
  return root;
}

describe('the original system on a messy dataset, as a whole run', () => {
  let local: LocalServices;
  let outcome: RunOutcome;
  let dir: string;
  const runId = 'original-prompts-run';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'original-prompts-'));
    const root = writeSuite(dir);
    local = await startLocalServices({ connectionString: testStorageConnectionString(), container: uniqueContainerName('origprompts'), logger: createMemoryLogger(), env: {}, registry: createBuiltinRegistry() });
    ({ outcome } = await runLocally({ services: local.services, request: { runId, trigger: 'cli', suite: 'original_prompts', settingsFile: path.join(root, 'settings.yaml'), suiteRoot: root } }));
  }, 120_000);

  afterAll(async () => {
    await local?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails the rows the original fails and no other', () => {
    expect(outcome.experiments.map((e) => [e.experiment, e.ok, e.failed]).sort()).toEqual(
      experiments.map((e) => [e.name, e.rows.filter((row) => !row.failed).length, e.rows.filter((row) => row.failed).length]).sort(),
    );
  });

  it.each(experiments.map((experiment) => [experiment.name, experiment] as const))('%s: every answer carries the original prompt and mock score', async (name, experiment) => {
    const batches = (await local.services.blobs.list(`runs/${runId}/${name}/batches/`)).filter((blob) => blob.endsWith('.jsonl'));
    const outcomes = (await Promise.all(batches.map((blob) => getJsonLines<RowOutcome & { status?: string }>(local.services.blobs, blob)))).flat().filter((line) => line?.status === 'ok' || line?.status === 'error') as RowOutcome[];
    const ours = outcomes
      .filter((record) => record.status === 'ok')
      .sort((a, b) => a.index - b.index)
      .map((record) => {
        const responses = record.status === 'ok' ? (record.responses ?? { default: record.response }) : {};
        return [record.index, responsesInOrder(responses).map((response) => [response.content.slice(response.content.indexOf('\n') + 1), response.metrics.score])];
      });
    const expected = experiment.rows.flatMap((row, index) => (row.failed ? [] : [[index, row.calls.map((call) => [call.user, call.score])]]));
    expect(ours).toEqual(expected);
  });

  it.each(experiments.map((experiment) => [experiment.name, experiment] as const))('%s: the csv sink writes the original csv', async (name, experiment) => {
    const csv = (await local.services.blobs.list(`runs/${runId}/${name}/`)).find((blob) => blob.endsWith('/results.csv'));
    expect((await local.services.blobs.get(csv!))?.toString('utf8')).toBe(experiment.csv_sink);
  });
});
