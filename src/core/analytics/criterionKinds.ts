import { z } from 'zod';
import type { ExperimentRecord } from '../engine/records';

/**
 * What a criterion's scores are (docs/scoring.md#kinds): `binary` (0/1: gold-label
 * matches, pass/fail judges), `ordinal` (a small ordered scale: 1-5 rubrics) or
 * `continuous`. The verdict picks its test from the kind.
 */
export const CRITERION_KINDS = ['binary', 'ordinal', 'continuous'] as const;
export const CriterionKindSchema = z.enum(CRITERION_KINDS);
export type CriterionKind = z.infer<typeof CriterionKindSchema>;

/** How a kind was settled, shown next to the verdict's method. */
export type KindSource = 'option' | 'declared' | 'inferred';

/** Scores with at most this many distinct whole values read as an ordinal scale. */
const MAX_ORDINAL_LEVELS = 10;

/**
 * The kind the values look like: only 0 and 1 is binary; whole numbers with few distinct
 * levels (at most 10) are ordinal; anything else (fractions, many levels) is continuous.
 */
export function inferKind(values: readonly number[]): CriterionKind {
  const levels = new Set<number>();
  for (const value of values) {
    if (!Number.isInteger(value)) return 'continuous';
    levels.add(value);
    if (levels.size > MAX_ORDINAL_LEVELS) return 'continuous';
  }
  if ([...levels].every((level) => level === 0 || level === 1)) return 'binary';
  return 'ordinal';
}

/** Kinds scorers declared in the records (`metrics.score_kinds`), first declaration per criterion. */
export function declaredKinds(records: readonly ExperimentRecord[], field = 'score_kinds'): Map<string, CriterionKind> {
  const kinds = new Map<string, CriterionKind>();
  for (const record of records) {
    const declared = record.metrics?.[field];
    if (declared === null || typeof declared !== 'object' || Array.isArray(declared)) continue;
    for (const [criterion, kind] of Object.entries(declared as Record<string, unknown>)) {
      if (!kinds.has(criterion) && CriterionKindSchema.safeParse(kind).success) kinds.set(criterion, kind as CriterionKind);
    }
  }
  return kinds;
}

export interface ResolvedKind {
  kind: CriterionKind;
  source: KindSource;
}

/**
 * A criterion's kind, decided once for a comparison: the plugin option first, then what the
 * scorers declared (baseline's, then variant's), then inferred from both groups' values
 * together (so both sides get the same test). A binary kind (option or declared) whose
 * values are not all 0/1 is not used: a proportion test cannot run on them, the values decide.
 */
export function resolveKind(sources: { option?: CriterionKind | undefined; declared: (CriterionKind | undefined)[]; values: readonly number[] }): ResolvedKind {
  const inferred = inferKind(sources.values);
  const usable = (kind: CriterionKind | undefined) => kind !== undefined && !(kind === 'binary' && inferred !== 'binary');
  if (usable(sources.option)) return { kind: sources.option!, source: 'option' };
  const declared = sources.declared.find((kind) => kind !== undefined);
  if (usable(declared)) return { kind: declared!, source: 'declared' };
  return { kind: inferred, source: 'inferred' };
}
