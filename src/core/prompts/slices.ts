/** Python slicing (`xs[1:3]`, `s[::-1]`) for lists, tuples and strings. */
import { typeFault } from './faults';
import { isInt, isTuple, makeTuple, numberOf } from './values';

export class SliceKey {
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}
}

export function isSliceKey(value: unknown): value is SliceKey {
  return value instanceof SliceKey;
}

function bound(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isInt(value)) throw typeFault('slice indices must be integers or None');
  return numberOf(value);
}

/** Indexes selected by a slice over `length` items, following CPython's PySlice_AdjustIndices. */
export function sliceIndexes(length: number, key: SliceKey): number[] {
  const step = bound(key.step) ?? 1;
  if (step === 0) throw typeFault('slice step cannot be zero');
  const clamp = (raw: number | undefined, whenMissing: number, low: number, high: number): number => {
    if (raw === undefined) return whenMissing;
    const adjusted = raw < 0 ? raw + length : raw;
    return Math.min(Math.max(adjusted, low), high);
  };
  const indexes: number[] = [];
  if (step > 0) {
    const start = clamp(bound(key.start), 0, 0, length);
    const stop = clamp(bound(key.stop), length, 0, length);
    for (let i = start; i < stop; i += step) indexes.push(i);
  } else {
    const start = clamp(bound(key.start), length - 1, -1, length - 1);
    const stop = clamp(bound(key.stop), -1, -1, length - 1);
    for (let i = start; i > stop; i += step) indexes.push(i);
  }
  return indexes;
}

export function applySlice<T>(items: readonly T[], key: SliceKey, original?: readonly unknown[]): T[] | readonly T[] {
  const picked = sliceIndexes(items.length, key).map((i) => items[i] as T);
  return original !== undefined && isTuple(original) ? (makeTuple(picked) as readonly T[]) : picked;
}
