import type { VerdictLabel } from '../../core/engine/verdict';
import type { SuiteSummary } from '../../core/reports';

/**
 * The verdict table a caller gates on: one row per variant and criterion, from the suite
 * summary (the same verdicts, after the multiple-comparison adjustment across variants,
 * that summary.md shows first). `GET /api/runs/{id}`, `elspeth run --json` and
 * `elspeth submit` return it; `--fail-on` and `--junit` read it.
 */
export interface VerdictRow {
  variant: string;
  criterion: string;
  verdict: VerdictLabel;
  /** Variant minus baseline (mean difference), when the verdict's method reports one. */
  difference: number | null;
  interval: [number, number] | null;
  adjustedP: number | null;
  method: string;
}

export const FAIL_ON = ['degraded', 'inconclusive'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export function verdictTable(summary: Pick<SuiteSummary, 'experiments'>): VerdictRow[] {
  return summary.experiments.flatMap((experiment) =>
    (experiment.comparison?.verdicts ?? []).map((verdict) => ({
      variant: experiment.name,
      criterion: verdict.criterion,
      verdict: verdict.verdict,
      difference: verdict.mean_difference ?? null,
      interval: verdict.interval ?? null,
      adjustedP: verdict.adjusted_p_value ?? verdict.p_value ?? null,
      method: verdict.method,
    })),
  );
}

/**
 * The rows a `--fail-on` gate fails on: `degraded` fails on degraded verdicts;
 * `inconclusive` also on inconclusive and too-few-samples ones (no evidence either way).
 */
export function failingRows(rows: readonly VerdictRow[], failOn: FailOn | undefined): VerdictRow[] {
  if (!failOn) return [];
  const failing = new Set<VerdictLabel>(failOn === 'degraded' ? ['degraded'] : ['degraded', 'inconclusive', 'too_few_samples']);
  return rows.filter((row) => failing.has(row.verdict));
}
