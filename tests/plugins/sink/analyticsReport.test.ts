import { analyticsReportSink, normalizeFormats } from '../../../src/plugins/sink/analyticsReport';
import { baselinePayload, failure, variantPayload, verdicts } from '../../core/reports/payloadFixtures';
import { setUpSink } from './sinkHarness';

const VARIANT_MARKDOWN = `# Analytics Report

Experiment **variant_a**, compared with baseline **baseline**.

## Verdicts

| Criterion | Verdict | Difference | Interval | Adjusted p | Method |
| --- | --- | --- | --- | --- | --- |
| analysis | improved | +0.15 | [0.05, 0.25] | 0.0200 | Welch's t-test, with Holm correction |
| prioritization | inconclusive | -0.01235 | [-0.1, 0.08] | 0.4000 (unadjusted) | Welch's t-test, with Holm correction |

Each verdict's p-value and interval come from the one test named in Method, chosen from the score's kind (binary, ordinal, continuous) and adjusted across every variant and criterion of the run; tables of other plugins (score_significance, score_bayes, ...) are separate analyses with their own tests.

## Summary

- Rows: 2
- Failures: 0
- Security level: official
- Cost: total_cost 0.02
- Retries: 2 requests, 1 retry, 0 exhausted
- Early stop: triggered by 'threshold' (metric score, value 0.9, row_index 1)

## Aggregates

### score_stats

| Criterion | Count | Mean | Median | Std | Pass rate |
| --- | --- | --- | --- | --- | --- |
| analysis | 2 | 0.75 | 0.6 | 0.1 | 50% |
| prioritization | 2 | 0.7877 | 0.8 | 0 | 100% |
| overall | 4 | 0.7688 | 0.75 | 0.1225 | 50% |

## Baseline Comparison

### score_delta

| Metric | Value |
| --- | --- |
| analysis | 0.15 |
| prioritization | -0.01235 |

### score_cliffs_delta

|  | delta | interpretation | baseline_samples | variant_samples |
| --- | --- | --- | --- | --- |
| analysis | 0.5 | large | 2 | 2 |

### score_significance

|  | p_value | adjusted_p_value |
| --- | --- | --- |
| analysis | 0.01 | 0.02 |
`;

const BASELINE_MARKDOWN = `# Analytics Report

Experiment **baseline** (baseline).

## Summary

- Rows: 2
- Failures: 1
- Security level: official
- Cost: prompt_tokens 120, completion_tokens 30, total_cost 0.0125
- Retries: 3 requests, 3 retries, 1 exhausted
- Early stop: not triggered

## Aggregates

### score_stats

| Criterion | Count | Mean | Median | Std | Pass rate |
| --- | --- | --- | --- | --- | --- |
| analysis | 2 | 0.6 | 0.6 | 0.1 | 50% |
| prioritization | 2 | 0.8 | 0.8 | 0 | 100% |
| overall | 4 | 0.7 | 0.75 | 0.1225 | 75% |

## Baseline Comparison

No comparison: this experiment is the baseline.

## Failure Examples

| Row | Error code | Error | Attempts |
| --- | --- | --- | --- |
| APP-003 | LLM_RATE_LIMITED | rate limited | 3 |
`;

describe('analytics_report sink', () => {
  it('leads the Markdown with the verdicts of a variant', async () => {
    const { sink, writer, ctx } = setUpSink(analyticsReportSink, { base_path: 'reports' });
    await sink.write(variantPayload(true), ctx);
    expect(writer.files.get('reports/analytics_report.md')).toEqual({ body: VARIANT_MARKDOWN, contentType: 'text/markdown' });
  });

  it('has no verdict section without verdicts, and shows failures for the baseline', async () => {
    const { sink, writer, ctx } = setUpSink(analyticsReportSink, { base_path: 'reports', formats: ['markdown'] });
    await sink.write(baselinePayload(), ctx);
    expect([...writer.files.keys()]).toEqual(['reports/analytics_report.md']);
    expect(writer.files.get('reports/analytics_report.md')!.body).toBe(BASELINE_MARKDOWN);
  });

  it('writes the JSON summary with sorted keys, comparisons, analytics and verdicts', async () => {
    const { sink, writer, ctx } = setUpSink(analyticsReportSink, { base_path: 'reports', file_stem: 'variant', formats: ['json'] });
    const payload = variantPayload(true);
    await sink.write(payload, ctx);
    const file = writer.files.get('reports/variant.json')!;
    expect(file.contentType).toBe('application/json');
    const summary = JSON.parse(file.body) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual([...Object.keys(summary)].sort());
    expect(summary).toEqual({
      experiment: 'variant_a',
      baseline: 'baseline',
      is_baseline: false,
      rows: 2,
      failures: 0,
      failure_examples: [],
      metadata: {
        retry_summary: { total_requests: 2, total_retries: 1, exhausted: 0 },
        early_stop: { plugin: 'threshold', metric: 'score', value: 0.9, row_index: 1 },
        cost_summary: { total_cost: 0.02 },
        security_level: 'official',
      },
      aggregates: payload.aggregates,
      baseline_comparison: payload.baseline_comparison,
      analytics: {
        score_significance: payload.baseline_comparison!.score_significance,
        score_cliffs_delta: payload.baseline_comparison!.score_cliffs_delta,
      },
      verdicts,
    });
  });

  it('leaves sections out as configured', async () => {
    const { sink, writer, ctx } = setUpSink(analyticsReportSink, {
      base_path: 'r',
      formats: ['json'],
      include_metadata: false,
      include_aggregates: false,
      include_comparisons: false,
    });
    const payload = variantPayload(true);
    payload.aggregates.score_power = { analysis: { samples: 2, achieved_power: 0.3 } };
    await sink.write({ ...payload, failures: [failure] }, ctx);
    expect(JSON.parse(writer.files.get('r/analytics_report.json')!.body)).toEqual({
      experiment: 'variant_a',
      baseline: 'baseline',
      is_baseline: false,
      rows: 2,
      failures: 1,
      failure_examples: [failure],
      analytics: { score_power: { analysis: { samples: 2, achieved_power: 0.3 } } },
      verdicts: [],
    });
  });

  it('shows analytics not already rendered above in an Analytics section', async () => {
    const { sink, writer, ctx } = setUpSink(analyticsReportSink, { base_path: 'r', formats: ['md'], include_aggregates: false, include_metadata: false });
    const payload = baselinePayload();
    payload.aggregates.score_power = { analysis: { samples: 2, achieved_power: 0.3 } };
    await sink.write({ ...payload, failures: [] }, ctx);
    expect(writer.files.get('r/analytics_report.md')!.body).toBe(`# Analytics Report

Experiment **baseline** (baseline).

## Summary

- Rows: 2
- Failures: 0

## Baseline Comparison

No comparison: this experiment is the baseline.

## Analytics

### score_power

|  | samples | achieved_power |
| --- | --- | --- |
| analysis | 2 | 0.3 |
`);
  });

  it('produces file/json (alias analytics) and file/markdown artifacts', async () => {
    const { sink, ctx } = setUpSink(analyticsReportSink, { base_path: 'r' });
    expect(sink.produces!()).toEqual([
      { name: 'analytics_report', type: 'file/json', alias: 'analytics' },
      { name: 'analytics_report_md', type: 'file/markdown' },
    ]);
    await sink.write(variantPayload(false), ctx);
    const meta = (path: string, contentType: string) => ({ path, blob: `runs/run-1/exp/${path}`, content_type: contentType, security_level: 'official' });
    expect(sink.collectArtifacts!()).toEqual({
      analytics_report: { id: '', type: 'file/json', path: 'runs/run-1/exp/r/analytics_report.json', metadata: meta('r/analytics_report.json', 'application/json'), persist: false, security_level: 'official' },
      analytics_report_md: { id: '', type: 'file/markdown', path: 'runs/run-1/exp/r/analytics_report.md', metadata: meta('r/analytics_report.md', 'text/markdown'), persist: false, security_level: 'official' },
    });
  });

  it.each<[string[], string[]]>([
    [['json', 'md'], ['json', 'md']],
    [['Markdown'], ['md']],
    [[' HTML ', 'md', 'markdown'], ['html', 'md']],
    [[], ['json']],
  ])('formats %j -> %j', (formats, expected) => {
    expect(normalizeFormats(analyticsReportSink.configSchema.parse({ base_path: 'r', formats }).formats)).toEqual(expected);
  });

  it.each([['pdf'], ['md', 'htm']])('rejects the unknown format in %j with the choices', (...formats) => {
    const parsed = analyticsReportSink.configSchema.safeParse({ base_path: 'r', formats });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      [`formats.${formats.length - 1}`, `unknown report format '${formats[formats.length - 1]}'; expected json, md (or markdown) or html`],
    ]);
  });

  it('writes a self-contained HTML report from streamed records', async () => {
    const { sink, writer, ctx } = setUpSink(analyticsReportSink, { base_path: 'r', formats: ['html'] });
    const payload = variantPayload(true);
    const streamed = payload.results;
    expect(sink.records).toBe('stream');
    await sink.write({ ...payload, results: [] }, { ...ctx, records: { count: streamed.length, each: async (visit) => streamed.forEach(visit) } });
    const html = writer.files.get('r/analytics_report.html')!.body.toString();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>Experiment report: variant_a</title>');
    expect(html.match(/<figure data-chart="([^"]+)"/g)).toEqual(['verdicts', 'score-distributions', 'cost-quality', 'row-outcomes'].map((id) => `<figure data-chart="${id}"`));
    expect(sink.collectArtifacts!().analytics_report_html).toMatchObject({ type: 'file/html', path: 'runs/run-1/exp/r/analytics_report.html' });
  });
});
