import type { Verdict, VerdictLabel } from '../engine/verdict';

/** What a verdict is decided from; stored in `score_verdict` output so it can be re-decided. */
export interface VerdictInputs {
  criterion: string;
  samples: number;
  minSamples: number;
  meanDifference: number | null;
  pValue: number | null;
  adjustedPValue: number | null;
  effectSize: number | null;
  interval: [number, number] | null;
  alpha: number;
  method: string;
}

/**
 * improved / degraded: the adjusted p-value is below alpha and the effect interval lies
 * wholly on one side of zero (both must agree); too_few_samples below the minimum;
 * otherwise inconclusive.
 */
export function decideVerdict(inputs: VerdictInputs): Verdict {
  const base = {
    criterion: inputs.criterion,
    method: inputs.method,
    mean_difference: inputs.meanDifference,
    p_value: inputs.pValue,
    adjusted_p_value: inputs.adjustedPValue,
    effect_size: inputs.effectSize,
    interval: inputs.interval,
  };
  if (inputs.samples < inputs.minSamples) {
    return { ...base, verdict: 'too_few_samples', reason: `${inputs.samples} samples, at least ${inputs.minSamples} needed` };
  }
  const p = inputs.adjustedPValue ?? inputs.pValue;
  const [low, high] = inputs.interval ?? [Number.NaN, Number.NaN];
  let verdict: VerdictLabel = 'inconclusive';
  let reason = 'adjusted p-value not below alpha or interval includes 0';
  if (p !== null && p < inputs.alpha && low > 0) verdict = 'improved';
  else if (p !== null && p < inputs.alpha && high < 0) verdict = 'degraded';
  if (verdict !== 'inconclusive') reason = `adjusted p ${p} < ${inputs.alpha} and interval excludes 0`;
  return { ...base, verdict, reason };
}
