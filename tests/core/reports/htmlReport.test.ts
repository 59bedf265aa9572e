import { describeMethod } from '../../../src/core/reports/methodWords';
import { formatPValue, formatSignificant, roundForPeople } from '../../../src/core/reports/numberFormat';
import { binEdges, countInBins, percentile } from '../../../src/core/reports/html/digest';
import { scopeSvgIds } from '../../../src/core/reports/html/htmlParts';
import { buildHtmlReport } from '../../../src/core/reports/html/htmlReport';
import { buildReportCharts, fileSafe } from '../../../src/core/reports/html/reportCharts';
import { readConfusionMatrices } from '../../../src/core/reports/html/confusion';
import { HOSTILE_NAME, htmlReportInput } from './htmlFixtures';

describe('numbers for people', () => {
  it.each<[unknown, string]>([
    [0.00001, '< 0.0001'],
    [0.0001, '0.0001'],
    [0.013249, '0.0132'],
    [0.5, '0.5000'],
    [1, '1.0000'],
    [Number.NaN, 'n/a'],
    [null, 'n/a'],
  ])('p-value %p -> %s', (value, expected) => {
    expect(formatPValue(value)).toBe(expected);
  });

  it('rounds nested values to significant digits and keeps integers', () => {
    expect(roundForPeople({ mean: 0.000053045000000000005, n: 400, interval: [0.030145098039, 1234.56789], label: 'x' })).toEqual({
      mean: 0.00005305,
      n: 400,
      interval: [0.03015, 1235],
      label: 'x',
    });
    expect([formatSignificant(0.12083499999999998), formatSignificant(12), formatSignificant(null)]).toEqual(['0.1208', '12', 'n/a']);
  });

  it.each([
    ['paired_t + holm across criteria; bootstrap_percentile (2000 paired resamples, seed 1)', 'Paired t-test, with Holm correction across criteria; percentile bootstrap interval (2000 paired resamples, seed 1)'],
    ['mcnemar_exact', "McNemar's exact test"],
    ['some_new_method', 'Some new method'],
  ])('method %s in words', (method, words) => {
    expect(describeMethod(method)).toBe(words);
  });
});

describe('digest helpers', () => {
  it('percentiles interpolate like numpy and bins count every value once', () => {
    expect([percentile([4, 1, 3, 2], 0.5), percentile([1, 2, 3, 4, 5], 0.9), percentile([], 0.5)]).toEqual([2.5, 4.6, null]);
    const edges = binEdges([[0, 1], [0.5]], 4);
    expect(edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(countInBins([0, 0.24, 0.25, 0.5, 1], edges)).toEqual([2, 1, 1, 1]);
    expect(binEdges([[0.5, 0.5]], 4)).toEqual([0, 1]);
    expect(binEdges([[]])).toEqual([]);
  });
});

describe('confusion matrices', () => {
  it.each([
    ['labels and matrix', { labels: ['a', 'b'], matrix: [[3, 1], [0, 2]] }],
    ['nested map', { a: { a: 3, b: 1 }, b: { a: 0, b: 2 } }],
    ['cell list', [{ expected: 'a', predicted: 'a', count: 3 }, { actual: 'a', predicted: 'b', count: 1 }, { actual: 'b', predicted: 'a', count: 0 }, { actual: 'b', predicted: 'b', count: 2 }]],
  ])('reads the %s shape', (_shape, matrix) => {
    const [found] = readConfusionMatrices({ classification_metrics: { intent: { confusion_matrix: matrix } } });
    expect(found?.criterion).toBe('intent');
    expect(found?.cells).toEqual([
      { actual: 'a', predicted: 'a', count: 3 },
      { actual: 'a', predicted: 'b', count: 1 },
      { actual: 'b', predicted: 'a', count: 0 },
      { actual: 'b', predicted: 'b', count: 2 },
    ]);
  });

  it('finds nothing without a classification aggregate', () => {
    expect(readConfusionMatrices({ score_stats: {} })).toEqual([]);
  });
});

describe('HTML report', () => {
  it('lists the charts in reading order, verdicts first', () => {
    const charts = buildReportCharts(htmlReportInput());
    expect(charts.map((chart) => chart.id)).toEqual(['verdicts', 'score-distributions', 'cost-quality', 'latency', 'row-outcomes', 'confusion-variant_a-label']);
  });

  it('is one self-contained page: inline SVG charts, no external references, raw values in JSON', async () => {
    const report = await buildHtmlReport({ ...htmlReportInput(), title: 'Suite report: sample_suite' });
    const { html } = report;
    expect(report.svgs.map((file) => file.name)).toEqual(['verdicts.svg', 'score-distributions.svg', 'cost-quality.svg', 'latency.svg', 'row-outcomes.svg', 'confusion-variant_a-label.svg']);
    for (const { svg } of report.svgs) expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(html.match(/<figure data-chart=/g)).toHaveLength(6);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    const order = ['id="verdicts"', 'id="experiments"', 'id="distributions"', 'id="cost"', 'id="latency"', 'id="early-stop"', 'id="classification"'].map((marker) => html.indexOf(marker));
    expect(order.every((position, index) => position > 0 && (index === 0 || position > order[index - 1]!))).toBe(true);
    expect(html).toContain('budget of 0.05 USD spent');
    expect(html).toContain('Welch&#39;s t-test, with Holm correction');
    const data = JSON.parse(/<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(html)![1]!);
    expect(data.experiments[1].comparison.verdicts[0].adjusted_p_value).toBe(0.02);
  });

  it('escapes names users write', async () => {
    const { html } = await buildHtmlReport({ ...htmlReportInput(), title: 'Suite report' });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('v&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;q&quot;');
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('gives each chart its own element ids', () => {
    const svg = '<svg><defs><clipPath id="clip1"></clipPath></defs><g clip-path="url(#clip1)"><use href="#clip1"/></g></svg>';
    expect(scopeSvgIds(svg, 'verdicts')).toBe('<svg><defs><clipPath id="verdicts-clip1"></clipPath></defs><g clip-path="url(#verdicts-clip1)"><use href="#verdicts-clip1"/></g></svg>');
  });

  it('makes file names of chart ids from any experiment name', () => {
    expect([fileSafe(HOSTILE_NAME), fileSafe('../..'), fileSafe('')]).toEqual(['v_script_alert_1_script_q_', '_', 'chart']);
  });
});
