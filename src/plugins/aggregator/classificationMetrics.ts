import { z } from 'zod';
import type { ExperimentRecord } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { classificationReport } from '../../core/stats/classification';
import { wilsonInterval } from '../../core/stats/proportions';
import { normalizeText, textOf } from '../../core/analytics/answers';

export const ClassificationMetricsOptionsSchema = options({
  /** The dataset column of true labels, read from `record.row` when a record has no `gold_match` details. */
  expected_field: z.string().min(1).optional(),
  /** The `gold_match` criterion whose expected and predicted labels are counted. */
  criterion: z.string().min(1).default('match'),
  /** Where gold_match recorded `expected` and `predicted` (its `details_field`). */
  details_field: z.string().min(1).default('gold'),
  /** Labels that differ only in case, spacing or punctuation are one class (shown as first seen in the truth). */
  normalize_labels: z.boolean().default(true),
  confidence: z.number().gt(0.5).lt(1).default(0.95),
});
export type ClassificationMetricsOptions = z.infer<typeof ClassificationMetricsOptionsSchema>;

/** The class of an unreadable answer (no JSON, no label), and of a wrong answer that reads like the truth. */
export const NO_PREDICTION = '(none)';
export const MISMATCH = '(mismatch)';

interface LabelledRow {
  truth: string;
  predicted: string | null;
  /** gold_match's verdict on the row, when it scored it. */
  matched?: boolean;
}

function labelledRow(record: ExperimentRecord, config: ClassificationMetricsOptions): LabelledRow | undefined {
  const details = (record.metrics?.[config.details_field] as Record<string, { expected?: unknown; predicted?: unknown }> | undefined)?.[config.criterion];
  const expected = details ? details.expected : config.expected_field === undefined ? undefined : record.row?.[config.expected_field];
  if (expected === undefined || expected === null || textOf(expected).trim() === '') return undefined;
  const predicted = details ? details.predicted : record.response?.content;
  const row: LabelledRow = { truth: textOf(expected).trim(), predicted: predicted === null || predicted === undefined ? null : textOf(predicted).trim() };
  const score = (record.metrics?.scores as Record<string, unknown> | undefined)?.[config.criterion];
  if (details && typeof score === 'number' && !Number.isNaN(score)) row.matched = score === 1;
  return row;
}

/**
 * Class names for the rows: true labels give the classes (by key, shown as first seen);
 * a prediction takes the class its key names. A row gold_match scored 0 never lands on the
 * diagonal, so accuracy here equals the mean of its match score.
 */
function classesOf(rows: readonly LabelledRow[], normalize: boolean): { truth: string[]; predicted: string[] } {
  const key = (label: string) => (normalize ? normalizeText(label) : label);
  const display = new Map<string, string>();
  for (const row of rows) if (!display.has(key(row.truth))) display.set(key(row.truth), row.truth);
  const classOf = (label: string) => display.get(key(label)) ?? label;
  const truth = rows.map((row) => classOf(row.truth));
  const predicted = rows.map((row, i) => {
    if (row.predicted === null) return NO_PREDICTION;
    const name = classOf(row.predicted);
    if (row.matched === true) return truth[i]!;
    return row.matched === false && name === truth[i] ? MISMATCH : name;
  });
  return { truth, predicted };
}

export function computeClassificationMetrics(records: readonly ExperimentRecord[], config: ClassificationMetricsOptions): Record<string, unknown> {
  const rows = records.map((record) => labelledRow(record, config)).filter((row): row is LabelledRow => row !== undefined);
  const { truth, predicted } = classesOf(rows, config.normalize_labels);
  const report = classificationReport(truth, predicted);
  return {
    n: report.n,
    unlabelled: records.length - rows.length,
    correct: report.correct,
    accuracy: report.n === 0 ? null : report.accuracy,
    accuracy_ci: report.n === 0 ? null : wilsonInterval(report.correct, report.n, config.confidence),
    confidence: config.confidence,
    per_class: report.per_class,
    macro_f1: report.n === 0 ? null : report.macro_f1,
    micro_f1: report.n === 0 ? null : report.micro_f1,
    confusion_matrix: { labels: report.labels, matrix: report.confusion_matrix },
  };
}

export const classificationMetrics = definePlugin({
  name: 'classification_metrics',
  kind: 'aggregator',
  description: 'Accuracy with a Wilson interval, per-class precision/recall/F1/support, macro and micro F1 and the confusion matrix of a gold_match criterion.',
  configSchema: ClassificationMetricsOptionsSchema,
  create(config) {
    return {
      name: 'classification_metrics',
      finalize: (records) => ({ [config.criterion]: computeClassificationMetrics(records, config) }),
    };
  },
});
