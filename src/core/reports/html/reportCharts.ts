import type { TopLevelSpec } from 'vega-lite';
import { formatPValue, formatSignificant } from '../numberFormat';
import type { SuiteSummary } from '../suiteSummary';
import {
  confusionSpec,
  costQualitySpec,
  forestPlotSpec,
  histogramSpec,
  latencySpec,
  outcomesSpec,
  type ForestRow,
  type HistogramBin,
  type LatencyRow,
  type OutcomeRow,
} from '../charts/chartSpecs';
import { binEdges, countInBins, percentile, type ExperimentDigest } from './digest';
import { readConfusionMatrices } from './confusion';

export interface ReportChart {
  /** File-safe name, also the `.svg` file name. */
  id: string;
  section: 'verdicts' | 'distributions' | 'cost' | 'latency' | 'outcomes' | 'classification';
  spec: TopLevelSpec;
}

export interface ReportChartsInput {
  summary: SuiteSummary;
  digests: readonly ExperimentDigest[];
  /** Aggregates by experiment, for the classification criteria's confusion matrices. */
  aggregates: Readonly<Record<string, Record<string, unknown>>>;
}

/** Every chart the report shows, in reading order; charts without data are left out. */
export function buildReportCharts(input: ReportChartsInput): ReportChart[] {
  const charts: ReportChart[] = [];
  const forest = forestRows(input.summary);
  if (forest.length > 0) charts.push({ id: 'verdicts', section: 'verdicts', spec: forestPlotSpec(forest) });
  const bins = histogramBins(input.summary, input.digests);
  if (bins.length > 0) charts.push({ id: 'score-distributions', section: 'distributions', spec: histogramSpec(bins) });
  const points = input.summary.experiments.flatMap((experiment) => {
    const mean = experiment.score_stats.overall?.mean ?? null;
    return experiment.cost === null || mean === null ? [] : [{ experiment: experiment.name, cost: experiment.cost, mean, is_baseline: experiment.is_baseline }];
  });
  if (points.length > 0) charts.push({ id: 'cost-quality', section: 'cost', spec: costQualitySpec(points) });
  const latency = latencyRows(input.digests);
  if (latency.length > 0) charts.push({ id: 'latency', section: 'latency', spec: latencySpec(latency) });
  charts.push({ id: 'row-outcomes', section: 'outcomes', spec: outcomesSpec(outcomeRows(input.summary, input.digests)) });
  for (const [experiment, aggregates] of Object.entries(input.aggregates)) {
    for (const matrix of readConfusionMatrices(aggregates)) {
      const id = `confusion-${fileSafe(experiment)}-${fileSafe(matrix.criterion)}`;
      charts.push({ id, section: 'classification', spec: confusionSpec(`${experiment}: ${matrix.criterion}`, matrix.cells) });
    }
  }
  return charts;
}

export function forestRows(summary: SuiteSummary): ForestRow[] {
  return summary.experiments.flatMap((experiment) =>
    (experiment.comparison?.verdicts ?? []).flatMap((verdict) => {
      const difference = verdict.mean_difference;
      if (typeof difference !== 'number' || !Number.isFinite(difference)) return [];
      const p = verdict.adjusted_p_value ?? verdict.p_value;
      return [{
        label: `${experiment.name} · ${verdict.criterion}`,
        variant: experiment.name,
        criterion: verdict.criterion,
        difference,
        low: verdict.interval?.[0] ?? null,
        high: verdict.interval?.[1] ?? null,
        verdict: verdict.verdict,
        adjusted_p: typeof p === 'number' ? `p ${formatPValue(p).replace(/^(\d)/, '= $1')}` : '',
      }];
    }),
  );
}

function histogramBins(summary: SuiteSummary, digests: readonly ExperimentDigest[]): HistogramBin[] {
  const bins: HistogramBin[] = [];
  for (const criterion of summary.criteria) {
    const perExperiment = digests.map((digest) => digest.scores[criterion] ?? []);
    const edges = binEdges(perExperiment);
    digests.forEach((digest, index) => {
      const counts = countInBins(perExperiment[index]!, edges);
      counts.forEach((count, bin) => bins.push({ experiment: digest.experiment, criterion, start: edges[bin]!, end: edges[bin + 1]!, count }));
    });
  }
  return bins;
}

function latencyRows(digests: readonly ExperimentDigest[]): LatencyRow[] {
  return digests.flatMap((digest) =>
    ([['p50', 0.5], ['p90', 0.9], ['p99', 0.99]] as const).flatMap(([statistic, fraction]) => {
      const seconds = percentile(digest.latencyInSeconds, fraction);
      return seconds === null ? [] : [{ experiment: digest.experiment, statistic, seconds: Number(formatSignificant(seconds, 6)) }];
    }),
  );
}

function outcomeRows(summary: SuiteSummary, digests: readonly ExperimentDigest[]): OutcomeRow[] {
  return summary.experiments.flatMap((experiment) => {
    const codes = digests.find((digest) => digest.experiment === experiment.name)?.failuresByCode ?? {};
    const failedByCode = Object.entries(codes).map(([code, rows]) => ({ experiment: experiment.name, outcome: `failed: ${code}`, rows }));
    const counted = failedByCode.reduce((sum, row) => sum + row.rows, 0);
    const otherFailures = experiment.failures - counted;
    return [
      { experiment: experiment.name, outcome: 'result', rows: experiment.rows },
      ...failedByCode,
      ...(otherFailures > 0 ? [{ experiment: experiment.name, outcome: 'failed', rows: otherFailures }] : []),
      ...(experiment.skipped > 0 ? [{ experiment: experiment.name, outcome: 'skipped (stopped early)', rows: experiment.skipped }] : []),
    ];
  });
}

export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 80) || 'chart';
}

