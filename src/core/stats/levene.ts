/**
 * Levene's test centred on the median (Brown–Forsythe), scipy's default `levene(center="median")`:
 * a one-way ANOVA on absolute deviations from each group's median, referred to F(k−1, N−k).
 */
import { mapToFloat64, mean, median } from './descriptive';
import { fSf } from './distributions';

export interface LeveneResult {
  statistic: number;
  pValue: number;
}

export function levene(groups: readonly ArrayLike<number>[]): LeveneResult {
  const k = groups.length;
  const deviations = groups.map((group) => {
    const centre = median(group);
    return mapToFloat64(group, (value) => Math.abs(value - centre));
  });
  const sizes = deviations.map((group) => group.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const groupMeans = deviations.map((group) => mean(group));
  let grandSum = 0;
  for (let i = 0; i < k; i++) grandSum += groupMeans[i]! * sizes[i]!;
  const grandMean = grandSum / total;
  let between = 0;
  let within = 0;
  for (let i = 0; i < k; i++) {
    between += sizes[i]! * (groupMeans[i]! - grandMean) ** 2;
    for (const value of deviations[i]!) within += (value - groupMeans[i]!) ** 2;
  }
  const statistic = ((total - k) * between) / ((k - 1) * within);
  return { statistic, pValue: fSf(statistic, k - 1, total - k) };
}
