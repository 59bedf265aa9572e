import { buildSuiteSummary, renderSuiteMarkdown, renderSummaryTable, type SuiteSummaryInput } from '../../../src/core/reports';
import { minimumDetectableEffect, oneSamplePower } from '../../../src/core/stats/power';
import { baselinePayload, variantPayload, verdicts } from './payloadFixtures';
import { renderScoreStatsTable } from '../../../src/core/reports/pluginTables';
import { renderHtmlReport } from '../../../src/core/reports/html/renderHtmlReport';
import { scoreStats as scoreStatsPlugin } from '../../../src/plugins/aggregator/scoreStats';
import { instantiate } from '../../fixtures/analytics/plugins';
import { makeRecord } from '../../fixtures/analytics/records';

function suiteInput(withVerdicts = true): SuiteSummaryInput {
  return {
    runId: 'run-1',
    suite: 'sample_suite',
    baseline: 'baseline',
    // Given variant first: the summary still puts the baseline first.
    experiments: [
      { name: 'variant_a', isBaseline: false, payload: variantPayload(withVerdicts) },
      { name: 'baseline', isBaseline: true, payload: baselinePayload() },
    ],
    costEstimate: { estimated_requests: 6, estimated_total_cost: 0.05 },
    startedAt: '2026-01-01T12:00:00Z',
    finishedAt: '2026-01-01T12:01:30.500Z',
  };
}

const stats = (count: number, mean: number, median: number, std: number, pass_rate: number) => ({ count, mean, median, std, pass_rate });

describe('buildSuiteSummary', () => {
  it('summarises every experiment, the baseline first, with comparisons and verdicts per variant', () => {
    const summary = buildSuiteSummary(suiteInput());
    const variant = variantPayload(true);
    expect(summary).toEqual({
      run_id: 'run-1',
      suite: 'sample_suite',
      baseline: 'baseline',
      started_at: '2026-01-01T12:00:00Z',
      finished_at: '2026-01-01T12:01:30.500Z',
      duration_in_ms: 90500,
      cost_estimate: { estimated_requests: 6, estimated_total_cost: 0.05 },
      stop_reason: null,
      budget: null,
      recommendation: { action: 'ship', experiment: 'variant_a', reason: 'Ship variant_a: improved analysis with no criterion degraded.' },
      criteria: ['analysis', 'prioritization'],
      totals: { experiments: 2, rows: 4, failures: 1, cost: 0.0325 },
      experiments: [
        {
          name: 'baseline',
          is_baseline: true,
          rows: 2,
          failures: 1,
          skipped: 0,
          security_level: 'official',
          retries: { total_requests: 3, total_retries: 3, exhausted: 1 },
          cost: 0.0125,
          cost_summary: { prompt_tokens: 120, completion_tokens: 30, total_cost: 0.0125 },
          early_stop: null,
          score_stats: {
            overall: stats(4, 0.7, 0.75, 0.1224744871391589, 0.75),
            criteria: { analysis: stats(2, 0.6, 0.6, 0.1, 0.5), prioritization: stats(2, 0.8, 0.8, 0, 1) },
          },
          comparison: null,
          failure_examples: [{ id: 'APP-003', error_code: 'LLM_RATE_LIMITED', error: 'rate limited', attempts: 3 }],
        },
        {
          name: 'variant_a',
          is_baseline: false,
          rows: 2,
          failures: 0,
          skipped: 0,
          security_level: 'official',
          retries: { total_requests: 2, total_retries: 1, exhausted: 0 },
          cost: 0.02,
          cost_summary: { total_cost: 0.02 },
          early_stop: { plugin: 'threshold', metric: 'score', value: 0.9, row_index: 1 },
          score_stats: {
            overall: stats(4, 0.76882716, 0.75, 0.1224744871391589, 0.5),
            criteria: { analysis: stats(2, 0.75, 0.6, 0.1, 0.5), prioritization: stats(2, 0.7876544, 0.8, 0, 1) },
          },
          comparison: {
            baseline: 'baseline',
            mean_delta: { analysis: 0.75 - 0.6, prioritization: 0.7876544 - 0.8 },
            plugins: variant.baseline_comparison,
            verdicts,
          },
          failure_examples: [],
        },
      ],
    });
  });

  it('never emits Infinity or NaN, and survives missing score_stats and bad dates', () => {
    const input = suiteInput();
    const variant = input.experiments[0]!.payload;
    variant.aggregates = {};
    variant.cost_summary = { total_cost: Number.POSITIVE_INFINITY };
    variant.baseline_comparison = { score_practical: { analysis: { number_needed_to_treat: Infinity, mean_difference: Number.NaN } } };
    const summary = buildSuiteSummary({ ...input, finishedAt: 'not a date' });
    const text = JSON.stringify(summary);
    expect(text).not.toMatch(/Infinity|NaN/);
    expect(summary.duration_in_ms).toBeNull();
    expect(summary.experiments[1]).toMatchObject({
      cost: null,
      score_stats: { overall: null, criteria: {} },
      comparison: { mean_delta: {}, plugins: { score_practical: { analysis: { number_needed_to_treat: null, mean_difference: null } } }, verdicts: [] },
    });
    expect(summary.totals.cost).toBe(0.0125);
  });
});

const SUITE_MARKDOWN = `# Suite summary: sample_suite

Run \`run-1\` · baseline **baseline** · 2 experiments · 4 rows · 1 failure · 90.5 s

Started 2026-01-01T12:00:00Z, finished 2026-01-01T12:01:30.500Z.

## Verdicts

**Recommendation:** Ship variant_a: improved analysis with no criterion degraded.

| Variant | Criterion | Verdict | Difference | Interval | Adjusted p | Method |
| --- | --- | --- | --- | --- | --- | --- |
| variant_a | analysis | improved | +0.15 | [0.05, 0.25] | 0.0200 | Welch's t-test, with Holm correction |
| variant_a | prioritization | inconclusive | -0.01235 | [-0.1, 0.08] | 0.4000 (unadjusted) | Welch's t-test, with Holm correction |

Each verdict's p-value and interval come from the one test named in Method, chosen from the score's kind (binary, ordinal, continuous) and adjusted across every variant and criterion of the run; tables of other plugins (score_significance, score_bayes, ...) are separate analyses with their own tests.

## Experiments

| Experiment | Rows | Failures | Mean analysis | Mean prioritization | Pass rate | Cost |
| --- | --- | --- | --- | --- | --- | --- |
| baseline (baseline) | 2 | 1 | 0.6 | 0.8 | 75% | 0.0125 |
| variant_a | 2 | 0 | 0.75 | 0.7877 | 50% | 0.02 |

## Comparisons

### variant_a vs baseline

| Criterion | Baseline mean | Variant mean | Δ mean |
| --- | --- | --- | --- |
| analysis | 0.6 | 0.75 | +0.15 |
| prioritization | 0.8 | 0.7877 | -0.01235 |

#### score_delta

| Metric | Value |
| --- | --- |
| analysis | 0.15 |
| prioritization | -0.01235 |

#### score_cliffs_delta

|  | delta | interpretation | baseline_samples | variant_samples |
| --- | --- | --- | --- | --- |
| analysis | 0.5 | large | 2 | 2 |

#### score_significance

|  | p_value | adjusted_p_value |
| --- | --- | --- |
| analysis | 0.01 | 0.02 |

## Run notes

- Cost estimate before the run: estimated_requests 6, estimated_total_cost 0.05
- Cost reported by the trackers: 0.0325
- baseline: 3 retries over 3 requests, 1 exhausted
- variant_a: stopped early by 'threshold' (metric score, value 0.9, row_index 1)
- variant_a: 1 retry over 2 requests, 0 exhausted

## Failures

Failed rows: baseline 1 (first examples below).

| Experiment | Row | Error code | Error | Attempts |
| --- | --- | --- | --- | --- |
| baseline | APP-003 | LLM_RATE_LIMITED | rate limited | 3 |
`;

describe('renderSuiteMarkdown', () => {
  it('leads with the verdicts, then experiments, comparisons, notes and failures', () => {
    expect(renderSuiteMarkdown(buildSuiteSummary(suiteInput()))).toBe(SUITE_MARKDOWN);
  });

  it('says so when no plugin reached a verdict', () => {
    const markdown = renderSuiteMarkdown(buildSuiteSummary(suiteInput(false)));
    expect(markdown.split('\n## ')[1]).toBe('Verdicts\n\nNo comparison plugin reached a verdict.\n');
  });

  it('says so when only the baseline ran', () => {
    const input = suiteInput();
    const markdown = renderSuiteMarkdown(buildSuiteSummary({ ...input, experiments: input.experiments.slice(1) }));
    expect(markdown.split('\n## ')[1]).toBe('Verdicts\n\nNo variants: only the baseline ran.\n');
    expect(markdown).not.toContain('## Comparisons');
  });

  it('shows the pass rate as n/a when no score carried a pass/fail flag (no threshold)', async () => {
    const records = [makeRecord(0, { scores: { a: 0.4 } }), makeRecord(1, { scores: { a: 0.9 } })];
    const scoreStats = await instantiate(scoreStatsPlugin).finalize(records);
    const input = suiteInput();
    const baseline = { ...input.experiments[1]!, payload: { ...baselinePayload(), aggregates: { score_stats: scoreStats } } };
    const summary = buildSuiteSummary({ ...input, experiments: [baseline] });
    expect([summary.experiments[0]!.score_stats.overall!.pass_rate, (scoreStats.overall as { pass_rate: number }).pass_rate]).toEqual([null, 0]);
    expect(renderSuiteMarkdown(summary)).toContain('| baseline (baseline) | 2 | 1 | 0.65 | n/a |');
    // The HTML report's experiments table says the same (Experiment, Rows, Failures, Skipped, Mean a, Pass rate).
    const html = renderHtmlReport({ title: 't', summary, charts: [] });
    expect(html).toMatch(/<td>baseline \(baseline\)<\/td><td[^>]*>2<\/td><td[^>]*>1<\/td><td[^>]*>0<\/td><td[^>]*>0\.65<\/td><td[^>]*>n\/a<\/td>/);
    const withThreshold = await instantiate(scoreStatsPlugin).finalize([makeRecord(0, { scores: { a: 0.4 }, flags: { a: false } })]);
    expect(renderScoreStatsTable(withThreshold)).toContain('| a | 1 | 0.4 | 0.4 | 0 | 0% |');
    expect(renderScoreStatsTable(scoreStats)).toContain('| a | 2 | 0.65 | 0.65 | 0.25 | n/a |');
  });
});

describe('renderSummaryTable', () => {
  it('prints a fixed-width table with means, deltas and verdicts', () => {
    expect(renderSummaryTable(buildSuiteSummary(suiteInput()))).toBe(
      [
        'Experiment  Baseline  Rows  Failures  analysis  prioritization  Δ analysis  Δ prioritization  Verdicts',
        '----------  --------  ----  --------  --------  --------------  ----------  ----------------  ----------------------------------------------',
        'baseline    yes          2         1       0.6             0.8           -                 -  -',
        'variant_a                2         0      0.75          0.7877       +0.15          -0.01235  analysis=improved, prioritization=inconclusive',
        '',
        'Recommendation: Ship variant_a: improved analysis with no criterion degraded.',
        '',
      ].join('\n'),
    );
  });

  it('shows "none" for a variant without verdicts', () => {
    const lines = renderSummaryTable(buildSuiteSummary(suiteInput(false))).split('\n');
    expect(lines[3]).toBe('variant_a                2         0      0.75          0.7877       +0.15          -0.01235  none');
  });
});

describe('what the budget bought', () => {
  it('states rows per experiment and the minimum detectable effect of each comparison at that size', () => {
    const summary = buildSuiteSummary({ ...suiteInput(), budget: { maxCost: 0.05, currency: 'USD', order: 'balanced' } });
    expect(summary.budget).toMatchObject({ max_cost: 0.05, currency: 'USD', spent: 0.0325, order: 'balanced', design: { alpha: 0.05, power: 0.8, test: 'paired t-test, two-sided' } });
    expect(summary.budget!.rows).toEqual(Object.fromEntries(summary.experiments.map((e) => [e.name, e.rows + e.failures])));
    for (const comparison of summary.budget!.comparisons) {
      // With n pairs, d_z has 80% power at alpha 0.05 when the noncentral t reaches it: a few pairs detect only large effects.
      if (comparison.paired_rows >= 2) expect(comparison.minimum_detectable_effect).toBeGreaterThan(1);
    }
    expect(renderSuiteMarkdown(summary)).toContain('## What the budget bought');
  });

  it('matches scipy for the minimum detectable effect at 76 pairs', () => {
    // Debian's python3-scipy: brentq over nct.sf(t.ppf(0.975, 75), 75, d*sqrt(76)) + nct.cdf(-t, ...) = 0.8
    // gives 0.3255521401223729.
    const effect = minimumDetectableEffect((d) => oneSamplePower(d, 76, { alpha: 0.05 }), 0.8)!;
    expect(effect).toBeCloseTo(0.3255521401223729, 8);
  });
});
