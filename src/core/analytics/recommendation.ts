import type { Verdict } from '../engine/verdict';

/** Which experiment to ship, from the verdicts: the suite summary's answer to "so what do we do?". */
export interface ShipRecommendation {
  action: 'ship' | 'keep_baseline' | 'no_verdicts';
  /** The variant to ship, or the baseline to keep. */
  experiment: string | null;
  reason: string;
}

export interface VariantVerdicts {
  variant: string;
  verdicts: readonly Verdict[];
}

const names = (verdicts: readonly Verdict[]) => verdicts.map((verdict) => verdict.criterion).join(', ');

/**
 * A variant is shippable when at least one criterion improved and none degraded. Among
 * shippable variants the one with the most improved criteria wins, then the larger sum of
 * the lower interval bounds of its improvements (the improvement it is surest of), then the
 * variant order. Otherwise keep the baseline, saying what held each variant back.
 */
export function recommendShip(baseline: string, variants: readonly VariantVerdicts[]): ShipRecommendation {
  const judged = variants.filter((entry) => entry.verdicts.length > 0);
  if (judged.length === 0) return { action: 'no_verdicts', experiment: null, reason: 'No comparison reached a verdict, so there is nothing to recommend.' };
  const shippable = judged
    .map((entry, order) => ({ ...entry, order, improved: entry.verdicts.filter((v) => v.verdict === 'improved'), degraded: entry.verdicts.filter((v) => v.verdict === 'degraded') }))
    .filter((entry) => entry.improved.length > 0 && entry.degraded.length === 0);
  if (shippable.length === 0) return { action: 'keep_baseline', experiment: baseline, reason: `Keep ${baseline}: ${judged.map(heldBack).join('; ')}.` };
  const sure = (entry: (typeof shippable)[number]) => entry.improved.reduce((sum, v) => sum + (v.interval?.[0] ?? 0), 0);
  shippable.sort((a, b) => b.improved.length - a.improved.length || sure(b) - sure(a) || a.order - b.order);
  const best = shippable[0]!;
  const others = shippable.length > 1 ? ` (also shippable: ${shippable.slice(1).map((entry) => entry.variant).join(', ')})` : '';
  return { action: 'ship', experiment: best.variant, reason: `Ship ${best.variant}: improved ${names(best.improved)} with no criterion degraded${others}.` };
}

function heldBack(entry: VariantVerdicts): string {
  const degraded = entry.verdicts.filter((v) => v.verdict === 'degraded');
  if (degraded.length > 0) return `${entry.variant} degraded ${names(degraded)}`;
  return `${entry.variant} improved nothing`;
}
