import path from 'node:path';
import { main } from '../../src/cli/main';
import { parseCsv } from '../../src/core/data/csv';
import type { ExperimentSummary, RunOutcome } from '../../src/orchestration/contracts';
import { startLocalServices, type LocalServices } from '../../src/local/localServices';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { runLocally } from '../../src/local/runLocally';
import { createBuiltinRegistry } from '../../src/plugins';
import { createMemoryIo } from '../cli/cliTestKit';
import { createMemoryLogger } from '../fakes/pluginDeps';
import { testStorageConnectionString, uniqueContainerName } from '../support/testStorage';

/**
 * Project issue 3, "done when": every analytics plugin runs in a sample suite whose reports
 * lead with the verdicts. samples/analytics_suite: 240 rows, a baseline and two variants,
 * the mock model over HTTP (seed 42, as the CLI starts it).
 */
const suiteRoot = path.join(__dirname, '../../samples/analytics_suite');
const runId = 'analytics-suite-it';
const VARIANTS = ['reworded_prompt', 'stronger_model'];
const CRITERIA = ['clarity', 'usefulness'];

type Json = Record<string, unknown>;
type Probe = (output: Json) => unknown;

const get = (value: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], value);
const perCriterion = (field: string): Probe => (output) => CRITERIA.map((criterion) => get(output, criterion, field));

/** What each aggregator must have produced: a probe into its output and what the probe must give. */
const AGGREGATOR_PROBES: [string, Probe, unknown][] = [
  ['score_stats', (o) => get(o, 'overall', 'count'), 480],
  ['score_recommendation', (o) => get(o, 'recommendation'), expect.stringMatching(/^(clarity|usefulness) leads with mean score 0\.\d\d, pass rate \d+%/)],
  ['score_variant_ranking', (o) => [get(o, 'samples'), get(o, 'threshold'), get(o, 'composite_score')], [240, 0.7, expect.any(Number)]],
  ['score_agreement', (o) => [get(o, 'criteria'), get(o, 'cronbach_alpha'), get(o, 'krippendorff_alpha')], [CRITERIA, expect.any(Number), expect.any(Number)]],
  ['score_power', perCriterion('required_samples'), [expect.any(Number), expect.any(Number)]],
  ['cost_summary', (o) => [get(o, 'requests_with_cost'), get(o, 'prompt_tokens', 'total')], [240, expect.any(Number)]],
  ['latency_summary', (o) => [get(o, 'requests_with_latency'), get(o, 'latency_seconds', 'p95')], [240, expect.any(Number)]],
  ['rationale_analysis', (o) => [get(o, 'overall', 'total_rationales'), get(o, 'criteria', 'clarity', 'count')], [480, 240]],
];

/** The same for each baseline plugin, on every variant. */
const BASELINE_PROBES: [string, Probe, unknown][] = [
  ['score_verdict', (o) => (get(o, 'verdicts') as Json[]).map((v) => v.criterion).sort(), CRITERIA],
  ['score_delta', (o) => CRITERIA.map((c) => o[c]), [expect.any(Number), expect.any(Number)]],
  ['score_cliffs_delta', perCriterion('interpretation'), [expect.any(String), expect.any(String)]],
  ['score_assumptions', (o) => CRITERIA.map((c) => [get(o, c, 'baseline', 'samples'), get(o, c, 'variance', 'method')]), CRITERIA.map((): unknown[] => [240, expect.stringContaining('levene')])],
  ['score_significance', perCriterion('adjusted_p_value'), [expect.any(Number), expect.any(Number)]],
  ['score_bayes', perCriterion('prob_variant_gt_baseline'), [expect.any(Number), expect.any(Number)]],
  ['score_distribution', perCriterion('js_divergence'), [expect.any(Number), expect.any(Number)]],
  ['score_practical', perCriterion('pairs'), [240, 240]],
  ['row_count', (o) => o.row_delta, 0],
  // 12 rows have referee_score "n/a" (missing).
  ['referee_alignment', (o) => [get(o, 'baseline', 'samples'), get(o, 'variant', 'samples'), get(o, 'comparison', 'mae_difference')], [228, 228, expect.any(Number)]],
  ['category_effects', (o) => [get(o, 'total_categories'), (get(o, 'most_affected') as unknown[]).length], [4, 2]],
  ['criteria_effects', perCriterion('p_value'), [expect.any(Number), expect.any(Number)]],
  ['outlier_detection', (o) => [(get(o, 'top_outliers') as unknown[]).length, get(o, 'total_outliers_found')], [5, 240]],
  ['score_flip_analysis', (o) => Object.keys(get(o, 'criteria') as Json).sort(), CRITERIA],
];

async function text(local: LocalServices, name: string): Promise<string> {
  const body = await local.services.blobs.get(`runs/${runId}/${name}`);
  if (!body) throw new Error(`missing blob ${name}`);
  return body.toString('utf8');
}

const json = async <T = Json>(local: LocalServices, name: string) => JSON.parse(await text(local, name)) as T;

/** The `## ` headings of a Markdown document, in order. */
const sections = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('## '));

const counts = (experiments: ExperimentSummary[]) => experiments.map((e) => [e.experiment, e.rows, e.ok, e.failed]);

describe('samples/analytics_suite: every analytics plugin over the mock model on HTTP', () => {
  let local: LocalServices;
  let mock: MockLlmServer;
  let outcome: RunOutcome;

  beforeAll(async () => {
    mock = await startMockLlmServer({ seed: 42 });
    local = await startLocalServices({
      connectionString: testStorageConnectionString(),
      container: uniqueContainerName('analytics'),
      logger: createMemoryLogger(),
      env: { ELSPETH_MOCK_LLM_URL: mock.url },
      registry: createBuiltinRegistry(),
    });
    const request = { runId, trigger: 'cli' as const, suite: 'analytics_suite', settingsFile: path.join(suiteRoot, 'settings.yaml'), suiteRoot };
    outcome = (await runLocally({ services: local.services, request })).outcome;
  }, 60_000);

  afterAll(async () => {
    await local?.close();
    await mock?.close();
  });

  it('evaluates every row of every experiment through http_openai', () => {
    expect(outcome.status).toBe('completed');
    expect(counts(outcome.experiments)).toEqual([
      ['baseline', 240, 240, 0],
      ['reworded_prompt', 240, 240, 0],
      ['stronger_model', 240, 240, 0],
    ]);
    expect(mock.stats().totalRequests).toBe(240 * 3 * 2);
  });

  it('extracts scores and threshold flags from the JSON content (score_extractor)', async () => {
    const line = (await text(local, 'baseline/batches/00000.jsonl')).split('\n')[0]!;
    const record = JSON.parse(line) as { metrics: { scores: Json; score_flags: Json } };
    expect(Object.keys(record.metrics.scores).sort()).toEqual(CRITERIA);
    for (const criterion of CRITERIA) {
      const score = record.metrics.scores[criterion] as number;
      expect(score).toBeGreaterThanOrEqual(0.4);
      expect(record.metrics.score_flags[criterion]).toBe(score >= 0.7);
    }
  });

  it.each(['baseline', ...VARIANTS])('%s: every aggregator has a non-empty output', async (experiment) => {
    const { aggregates } = await json<{ aggregates: Record<string, Json> }>(local, `${experiment}/aggregates.json`);
    expect(Object.keys(aggregates)).toEqual(AGGREGATOR_PROBES.map(([name]) => name));
    for (const [name, probe, expected] of AGGREGATOR_PROBES) expect([name, probe(aggregates[name]!)]).toEqual([name, expected]);
  });

  it.each(VARIANTS)('%s: every baseline plugin has a non-empty comparison', async (variant) => {
    const { comparisons } = await json<{ comparisons: Record<string, Json> }>(local, `${variant}/comparison.json`);
    expect(Object.keys(comparisons)).toEqual(BASELINE_PROBES.map(([name]) => name));
    for (const [name, probe, expected] of BASELINE_PROBES) expect([name, probe(comparisons[name]!)]).toEqual([name, expected]);
  });

  it('finds the stronger model better on both criteria and the rewording inconclusive', async () => {
    const summary = await json<{ experiments: { name: string; comparison: { verdicts: { criterion: string; verdict: string }[] } | null }[] }>(local, 'suite/summary.json');
    const verdicts = (name: string) => summary.experiments.find((e) => e.name === name)?.comparison?.verdicts.map((v) => [v.criterion, v.verdict]).sort();
    expect(verdicts('stronger_model')).toEqual([['clarity', 'improved'], ['usefulness', 'improved']]);
    expect(verdicts('reworded_prompt')).toEqual([['clarity', 'inconclusive'], ['usefulness', 'inconclusive']]);
    const flips = (await json<{ comparisons: { score_flip_analysis: Json } }>(local, 'stronger_model/comparison.json')).comparisons.score_flip_analysis;
    expect(flips.fail_to_pass_count as number).toBeGreaterThan(flips.pass_to_fail_count as number);
  });

  it('leads the suite summary and every analytics report with the verdicts', async () => {
    expect(sections(await text(local, 'suite/summary.md'))[0]).toBe('## Verdicts');
    for (const variant of VARIANTS) {
      const markdown = await text(local, `${variant}/reports/analytics_report.md`);
      expect(sections(markdown)[0]).toBe('## Verdicts');
      for (const criterion of CRITERIA) expect(markdown).toMatch(new RegExp(`^\\| ${criterion} \\| (improved|inconclusive|degraded) \\|`, 'm'));
      const report = await json<{ baseline_comparison: Json }>(local, `${variant}/reports/analytics_report.json`);
      expect(Object.keys(report.baseline_comparison).sort()).toEqual(BASELINE_PROBES.map(([name]) => name).sort());
    }
  });

  it('writes one CSV row per result with the row fields and the extracted scores', async () => {
    const csv = parseCsv(await text(local, 'stronger_model/results.csv'), { source: 'results.csv', dtype: 'str' });
    expect(csv.rows).toHaveLength(240);
    expect(csv.rows[0]).toMatchObject({ APPID: 'APP-00001', category: expect.any(String), referee_score: expect.any(String) });
    expect(Object.keys(csv.rows[0]!)).toEqual(expect.arrayContaining(['metric_scores_clarity', 'metric_scores_usefulness']));
  });

  it('lists every plugin the suite uses in `elspeth plugins list`', async () => {
    const io = createMemoryIo(__dirname);
    expect(await main(['plugins', 'list'], io)).toBe(0);
    const listed = io.out().split('\n').slice(1).map((line) => line.split(/ {2,}/).slice(0, 2).join(' '));
    const used = [
      'row score_extractor',
      ...AGGREGATOR_PROBES.map(([name]) => `aggregator ${name}`),
      ...BASELINE_PROBES.map(([name]) => `baseline ${name}`),
      'sink csv',
      'sink analytics_report',
      'llm http_openai',
    ];
    expect(listed).toEqual(expect.arrayContaining(used));
  });
});
