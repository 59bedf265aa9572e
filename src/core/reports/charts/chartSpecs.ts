import type { TopLevelSpec } from 'vega-lite';

/**
 * Vega-Lite specs for the report's charts. Each takes plain rows (already computed from
 * the run) and returns a spec with its data inline, so rendering never loads anything.
 */
export const VERDICT_COLORS = {
  improved: '#1a7f37',
  degraded: '#cf222e',
  inconclusive: '#6e7781',
  too_few_samples: '#bf8700',
} as const;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

export interface ForestRow {
  label: string;
  variant: string;
  criterion: string;
  difference: number;
  low: number | null;
  high: number | null;
  verdict: string;
  adjusted_p: string;
}

/** Difference from the baseline with its interval, one line per variant × criterion. */
export function forestPlotSpec(rows: readonly ForestRow[]): TopLevelSpec {
  const withInterval = rows.filter((row) => row.low !== null && row.high !== null);
  const verdicts = Object.keys(VERDICT_COLORS);
  const color = { field: 'verdict', type: 'nominal' as const, title: 'Verdict', scale: { domain: verdicts, range: Object.values(VERDICT_COLORS) } };
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: null, axis: { labelLimit: 320 } };
  return {
    $schema: SCHEMA,
    title: 'Difference from the baseline (point and interval)',
    width: 460,
    height: { step: 28 },
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#888' }, encoding: { x: { field: 'zero', type: 'quantitative' } } },
      { data: { values: withInterval }, mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'low', type: 'quantitative', title: 'Variant − baseline' }, x2: { field: 'high' }, color } },
      { data: { values: [...rows] }, mark: { type: 'point', filled: true, size: 80 }, encoding: { y, x: { field: 'difference', type: 'quantitative' }, color } },
      { data: { values: [...rows] }, mark: { type: 'text', align: 'left', dx: 8, dy: -9, fontSize: 10, color: '#444' }, encoding: { y, x: { field: 'difference', type: 'quantitative' }, text: { field: 'adjusted_p' } } },
    ],
  };
}

export interface HistogramBin {
  experiment: string;
  criterion: string;
  start: number;
  end: number;
  count: number;
}

/** Score histograms: one column per experiment, one row per criterion, shared bin edges. */
export function histogramSpec(bins: readonly HistogramBin[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: 'Score distributions',
    data: { values: [...bins] },
    facet: { row: { field: 'criterion', type: 'nominal', title: null }, column: { field: 'experiment', type: 'nominal', title: null, sort: null } },
    spec: {
      width: 180,
      height: 110,
      mark: { type: 'bar', color: '#4c78a8' },
      encoding: {
        x: { field: 'start', type: 'quantitative', bin: { binned: true }, title: 'Score' },
        x2: { field: 'end' },
        y: { field: 'count', type: 'quantitative', title: 'Rows' },
      },
    },
  };
}

export interface CostQualityPoint {
  experiment: string;
  cost: number;
  mean: number;
  is_baseline: boolean;
}

/** Each experiment's reported cost against its overall mean score. */
export function costQualitySpec(points: readonly CostQualityPoint[]): TopLevelSpec {
  const labelled = points.map((point) => ({ ...point, label: point.is_baseline ? `${point.experiment} (baseline)` : point.experiment }));
  const encoding = {
    x: { field: 'cost', type: 'quantitative' as const, title: 'Cost', scale: { zero: false, padding: 40 } },
    y: { field: 'mean', type: 'quantitative' as const, title: 'Mean score', scale: { zero: false, padding: 24 } },
  };
  return {
    $schema: SCHEMA,
    title: 'Cost against quality',
    width: 420,
    height: 240,
    data: { values: labelled },
    layer: [
      { mark: { type: 'point', filled: true, size: 90 }, encoding: { ...encoding, color: { field: 'experiment', type: 'nominal', legend: null }, shape: { field: 'is_baseline', type: 'nominal', legend: null } } },
      { mark: { type: 'text', align: 'left', dx: 9, fontSize: 11 }, encoding: { ...encoding, text: { field: 'label' } } },
    ],
  };
}

export interface LatencyRow {
  experiment: string;
  statistic: string;
  seconds: number;
}

/** Latency percentiles per experiment, grouped bars. */
export function latencySpec(rows: readonly LatencyRow[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: 'Latency per row',
    width: 420,
    height: { step: 16 },
    data: { values: [...rows] },
    mark: 'bar',
    encoding: {
      y: { field: 'experiment', type: 'nominal', title: null, sort: null },
      yOffset: { field: 'statistic', type: 'nominal', sort: ['p50', 'p90', 'p99'] },
      x: { field: 'seconds', type: 'quantitative', title: 'Seconds' },
      color: { field: 'statistic', type: 'nominal', title: 'Percentile', sort: ['p50', 'p90', 'p99'], scale: { scheme: 'blues' } },
    },
  };
}

export interface OutcomeRow {
  experiment: string;
  outcome: string;
  rows: number;
}

/** Rows per experiment: succeeded, failed (by error code) and skipped (early stop or budget). */
export function outcomesSpec(rows: readonly OutcomeRow[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: 'Rows: results, failures and skipped',
    width: 420,
    height: { step: 24 },
    data: { values: [...rows] },
    mark: 'bar',
    encoding: {
      y: { field: 'experiment', type: 'nominal', title: null, sort: null },
      x: { field: 'rows', type: 'quantitative', stack: 'zero', title: 'Rows' },
      color: { field: 'outcome', type: 'nominal', title: 'Outcome', scale: { scheme: 'tableau10' } },
    },
  };
}

export interface ConfusionCell {
  actual: string;
  predicted: string;
  count: number;
}

/** A confusion matrix as a heat map with the count in each cell. */
export function confusionSpec(title: string, cells: readonly ConfusionCell[]): TopLevelSpec {
  const encoding = {
    x: { field: 'predicted', type: 'nominal' as const, title: 'Predicted' },
    y: { field: 'actual', type: 'nominal' as const, title: 'Expected' },
  };
  return {
    $schema: SCHEMA,
    title,
    data: { values: [...cells] },
    width: { step: 44 },
    height: { step: 32 },
    layer: [
      { mark: 'rect', encoding: { ...encoding, color: { field: 'count', type: 'quantitative', title: 'Rows', scale: { scheme: 'blues' } } } },
      { mark: { type: 'text', fontSize: 11 }, encoding: { ...encoding, text: { field: 'count', type: 'quantitative' } } },
    ],
  };
}
