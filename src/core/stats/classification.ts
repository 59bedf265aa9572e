/**
 * Multi-class classification metrics with scikit-learn's conventions
 * (`precision_recall_fscore_support(..., zero_division=0)`, `confusion_matrix`): the labels
 * are the sorted union of true and predicted labels; a ratio with a zero denominator is 0;
 * macro F1 is the unweighted mean over those labels; micro F1 pools every decision (for
 * single-label data it equals accuracy). Goldens: tests/core/stats/fixtures/generateClassificationGoldens.py.
 */
import { comparePython } from '../analytics/scores';

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  n: number;
  correct: number;
  accuracy: number;
  labels: string[];
  per_class: Record<string, ClassMetrics>;
  macro_f1: number;
  micro_f1: number;
  /** Rows are true labels, columns predicted labels, both in `labels` order. */
  confusion_matrix: number[][];
}

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);
const f1Of = (precision: number, recall: number) => (precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall));

export function classificationReport(truth: readonly string[], predicted: readonly string[]): ClassificationReport {
  if (truth.length !== predicted.length) throw new RangeError('truth and predicted labels differ in length');
  const labels = [...new Set([...truth, ...predicted])].sort(comparePython);
  const position = new Map(labels.map((label, i) => [label, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < truth.length; i++) matrix[position.get(truth[i]!)!]![position.get(predicted[i]!)!]!++;
  const perClass: Record<string, ClassMetrics> = {};
  let correct = 0;
  labels.forEach((label, i) => {
    const truePositives = matrix[i]![i]!;
    const support = matrix[i]!.reduce((sum, count) => sum + count, 0);
    const predictedCount = matrix.reduce((sum, row) => sum + row[i]!, 0);
    const precision = ratio(truePositives, predictedCount);
    const recall = ratio(truePositives, support);
    perClass[label] = { precision, recall, f1: f1Of(precision, recall), support };
    correct += truePositives;
  });
  const n = truth.length;
  const accuracy = ratio(correct, n);
  const f1s = labels.map((label) => perClass[label]!.f1);
  return {
    n,
    correct,
    accuracy,
    labels,
    per_class: perClass,
    macro_f1: f1s.length === 0 ? 0 : f1s.reduce((sum, value) => sum + value, 0) / f1s.length,
    // Pooled precision and recall both equal accuracy when every row has exactly one label.
    micro_f1: accuracy,
    confusion_matrix: matrix,
  };
}
