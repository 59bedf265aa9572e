import type { Verdict } from '../engine/verdict';
import { adjustPValues, type Adjustment } from '../stats/multipleComparisons';
import { decideVerdict, type VerdictInputs } from './verdicts';

/** The part of a `score_verdict` output that the suite-level adjustment reads and rewrites. */
export interface VerdictComparison {
  adjustment?: string;
  criteria: Record<string, { verdict_inputs: VerdictInputs; adjusted_p_value: number | null; [key: string]: unknown }>;
  verdicts: Verdict[];
  [key: string]: unknown;
}

/**
 * Multiple-comparison control across variants as well as criteria: a baseline plugin sees
 * one (baseline, variant) pair at a time, so the suite-level report step calls this with
 * every variant's `score_verdict` output. Returns new outputs (inputs are not mutated) whose
 * adjusted p-values and verdicts account for the whole family of comparisons.
 */
export function adjustAcrossVariants(
  comparisons: Readonly<Record<string, VerdictComparison>>,
  method: Adjustment = 'holm',
): Record<string, VerdictComparison> {
  const slots: { variant: string; criterion: string; p: number }[] = [];
  for (const [variant, output] of Object.entries(comparisons)) {
    for (const [criterion, entry] of Object.entries(output.criteria ?? {})) {
      const p = entry?.verdict_inputs?.pValue ?? null;
      if (p !== null && Number.isFinite(p)) slots.push({ variant, criterion, p });
    }
  }
  const adjusted = adjustPValues(slots.map((slot) => slot.p), method);
  const lookup = new Map(slots.map((slot, i) => [`${slot.variant}\u0000${slot.criterion}`, adjusted[i]!]));
  const result: Record<string, VerdictComparison> = {};
  for (const [variant, output] of Object.entries(comparisons)) {
    // An output skipped by on_error ({}) or without verdict inputs is passed through unchanged.
    if (!output.criteria || Object.values(output.criteria).some((entry) => !entry?.verdict_inputs)) {
      result[variant] = output;
      continue;
    }
    const criteria: VerdictComparison['criteria'] = {};
    const verdicts: Verdict[] = [];
    for (const [criterion, entry] of Object.entries(output.criteria)) {
      const adjustedP = lookup.get(`${variant}\u0000${criterion}`) ?? null;
      const inputs: VerdictInputs = { ...entry.verdict_inputs, adjustedPValue: adjustedP, method: `${entry.verdict_inputs.method}; ${method} across variants` };
      criteria[criterion] = { ...entry, adjusted_p_value: adjustedP, verdict_inputs: inputs };
      verdicts.push(decideVerdict(inputs));
    }
    result[variant] = { ...output, adjustment: `${method}_across_variants`, criteria, verdicts };
  }
  return result;
}
