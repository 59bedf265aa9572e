/**
 * Two-sample comparison of means: Welch's t (the original's default), Student's pooled t,
 * and the original's `equal_var` quirk (unpooled t with n1 + n2 − 2 df); Cohen's d with the
 * original's fallbacks (docs/original-behaviour.md §3.10).
 */
import { mean, variance } from './descriptive';
import { tTwoSidedP } from './distributions';

export type TTestMethod = 'welch_t' | 'student_t' | 'welch_t_pooled_df_compat';

export interface GroupSummary {
  n: number;
  mean: number;
  /** Sample variance (ddof 1); NaN for n = 1. */
  variance: number;
}

export interface TTestResult {
  method: TTestMethod;
  meanDifference: number;
  standardError: number;
  t: number | null;
  df: number | null;
  pValue: number | null;
}

export function summariseGroup(values: ArrayLike<number>): GroupSummary {
  return { n: values.length, mean: mean(values), variance: values.length > 1 ? variance(values, 1) : Number.NaN };
}

/** √(v_b/n_b + v_v/n_v). */
export function unpooledStandardError(b: GroupSummary, v: GroupSummary): number {
  return Math.sqrt(b.variance / b.n + v.variance / v.n);
}

/** Welch–Satterthwaite degrees of freedom, null when undefined. */
export function welchDf(b: GroupSummary, v: GroupSummary): number | null {
  const a = b.variance / b.n;
  const c = v.variance / v.n;
  const df = (a + c) ** 2 / ((a * a) / (b.n - 1) + (c * c) / (v.n - 1));
  return Number.isFinite(df) ? df : null;
}

function pooledVariance(b: GroupSummary, v: GroupSummary): number {
  return ((b.n - 1) * b.variance + (v.n - 1) * v.variance) / (b.n + v.n - 2);
}

export function tTest(b: GroupSummary, v: GroupSummary, method: TTestMethod): TTestResult {
  const meanDifference = v.mean - b.mean;
  const standardError =
    method === 'student_t' ? Math.sqrt(pooledVariance(b, v) * (1 / b.n + 1 / v.n)) : unpooledStandardError(b, v);
  const t = standardError > 0 ? meanDifference / standardError : null;
  const df = method === 'welch_t' ? welchDf(b, v) : b.n + v.n - 2;
  const pValue = t !== null && df !== null && df > 0 ? tTwoSidedP(t, df) : null;
  return { method, meanDifference, standardError, t, df, pValue };
}

/** Cohen's d, pooled SD; falls back to √((s_b² + s_v²)/2) as the original does, else null. */
export function cohensD(b: GroupSummary, v: GroupSummary): number | null {
  const difference = v.mean - b.mean;
  if (b.n > 1 && v.n > 1) {
    const pooled = pooledVariance(b, v);
    if (pooled > 0) return difference / Math.sqrt(pooled);
  }
  const sb = b.n > 1 ? Math.sqrt(b.variance) : 0;
  const sv = v.n > 1 ? Math.sqrt(v.variance) : 0;
  if (sb > 0 || sv > 0) return difference / Math.sqrt((sb * sb + sv * sv) / 2);
  return null;
}
