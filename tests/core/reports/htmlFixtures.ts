import type { ExperimentPayload } from '../../../src/core/engine/records';
import { createDigestBuilder } from '../../../src/core/reports/html/digest';
import type { ReportChartsInput } from '../../../src/core/reports/html/reportCharts';
import { buildSuiteSummary } from '../../../src/core/reports/suiteSummary';
import { baselinePayload, variantPayload } from './payloadFixtures';

/** An experiment name a user could write that must not become markup. */
export const HOSTILE_NAME = 'v<script>alert(1)</script>&"q"';

const classification = {
  classification_metrics: {
    label: {
      accuracy: 0.75,
      confusion_matrix: { labels: ['billing', 'bug', '__proto__'], matrix: [[5, 1, 0], [2, 7, 1], [0, 0, 4]] },
    },
  },
};

/** Baseline, a variant with verdicts (stopped early) and a hostile-named variant; a budget stop; a classification aggregate. */
export function htmlReportInput(): ReportChartsInput {
  const baseline = baselinePayload();
  const variant = variantPayload(true);
  const hostile: ExperimentPayload = { ...variantPayload(true), metadata: { ...variantPayload(true).metadata, experiment: HOSTILE_NAME } };
  variant.aggregates = { ...variant.aggregates, ...classification };
  const summary = buildSuiteSummary({
    runId: 'run-1',
    suite: 'sample_suite',
    baseline: 'baseline',
    experiments: [
      { name: 'baseline', isBaseline: true, payload: baseline },
      { name: 'variant_a', isBaseline: false, payload: variant },
      { name: HOSTILE_NAME, isBaseline: false, payload: hostile },
    ],
    startedAt: '2026-01-01T12:00:00Z',
    finishedAt: '2026-01-01T12:01:30.500Z',
    stopReason: 'budget of 0.05 USD spent',
  });
  summary.experiments[1]!.skipped = 40;
  const digests = [baseline, variant, hostile].map((payload, position) => {
    const builder = createDigestBuilder(payload.metadata.experiment);
    for (let index = 0; index < 60; index++) {
      builder.visit({ ...payload.results[index % payload.results.length]!, metrics: { scores: { analysis: ((index * 7) % 11) / 10, prioritization: 0.3 + position / 10 }, latency_seconds: 0.1 + index / 100 } });
    }
    builder.addFailures(payload.failures);
    return builder.result();
  });
  return { summary, digests, aggregates: { baseline: baseline.aggregates, variant_a: variant.aggregates, [HOSTILE_NAME]: hostile.aggregates } };
}
