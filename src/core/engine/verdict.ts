/**
 * A per-variant, per-criterion decision. Baseline plugins that reach a decision put a
 * `verdicts` array at the top level of their output; reports show them first.
 */
export const VERDICTS = ['improved', 'degraded', 'inconclusive', 'too_few_samples'] as const;
export type VerdictLabel = (typeof VERDICTS)[number];

export interface Verdict {
  criterion: string;
  verdict: VerdictLabel;
  /** How it was decided, e.g. "welch_t + holm; bootstrap CI of mean difference". */
  method: string;
  mean_difference?: number | null;
  p_value?: number | null;
  adjusted_p_value?: number | null;
  effect_size?: number | null;
  interval?: [number, number] | null;
  reason?: string;
}

function isVerdict(value: unknown): value is Verdict {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<Verdict>;
  return typeof candidate.criterion === 'string' && VERDICTS.includes(candidate.verdict as VerdictLabel);
}

/** Every verdict in a variant's `baseline_comparison`, in plugin order. */
export function collectVerdicts(comparison: Record<string, Record<string, unknown>> | undefined): Verdict[] {
  if (!comparison) return [];
  const found: Verdict[] = [];
  for (const output of Object.values(comparison)) {
    const verdicts = output.verdicts;
    if (Array.isArray(verdicts)) found.push(...verdicts.filter(isVerdict));
  }
  return found;
}
