import { isRecord } from '../json';

export interface ConfusionMatrix {
  criterion: string;
  labels: string[];
  cells: { actual: string; predicted: string; count: number }[];
}

/**
 * Confusion matrices from a `classification_metrics` aggregate, one per criterion. The
 * matrix is read in any of three shapes: `{labels, matrix}` (rows are expected labels),
 * `{expected: {predicted: count}}`, or a list of `{actual|expected, predicted, count}`.
 */
export function readConfusionMatrices(aggregates: Record<string, unknown>): ConfusionMatrix[] {
  const metrics = aggregates.classification_metrics;
  if (!isRecord(metrics)) return [];
  const perCriterion = isRecord(metrics.criteria) ? metrics.criteria : metrics;
  const found: ConfusionMatrix[] = [];
  for (const [criterion, value] of Object.entries(perCriterion)) {
    if (!isRecord(value)) continue;
    const cells = readCells(value.confusion_matrix);
    if (cells.length > 0) found.push({ criterion, labels: [...new Set(cells.flatMap((cell) => [cell.actual, cell.predicted]))], cells });
  }
  return found;
}

function readCells(matrix: unknown): ConfusionMatrix['cells'] {
  if (Array.isArray(matrix)) {
    return matrix.filter(isRecord).flatMap((entry) => {
      const actual = entry.actual ?? entry.expected;
      const label = (value: unknown) => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);
      const [actualLabel, predictedLabel] = [label(actual), label(entry.predicted)];
      return typeof entry.count === 'number' && actualLabel !== undefined && predictedLabel !== undefined ? [{ actual: actualLabel, predicted: predictedLabel, count: entry.count }] : [];
    });
  }
  if (!isRecord(matrix)) return [];
  const rows: unknown = matrix.matrix;
  if (Array.isArray(matrix.labels) && Array.isArray(rows)) {
    const labels = matrix.labels.map(String);
    return labels.flatMap((actual, row) =>
      labels.map((predicted, column) => {
        const counts: unknown = rows[row];
        const cell: unknown = Array.isArray(counts) ? counts[column] : undefined;
        return { actual, predicted, count: typeof cell === 'number' ? cell : 0 };
      }),
    );
  }
  return Object.entries(matrix).flatMap(([actual, row]) =>
    isRecord(row) ? Object.entries(row).flatMap(([predicted, count]) => (typeof count === 'number' ? [{ actual, predicted, count }] : [])) : [],
  );
}
