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

/** slice.indices(length): start, stop and step clamped as CPython's PySlice_AdjustIndices. */
export function sliceBounds(length: number, key: SliceKey): { start: number; stop: number; step: number } {
  const step = bound(key.step) ?? 1;
  if (step === 0) throw typeFault('slice step cannot be zero');
  const clamp = (raw: number | undefined, whenMissing: number, low: number, high: number): number => {
    if (raw === undefined) return whenMissing;
    const adjusted = raw < 0 ? raw + length : raw;
    return Math.min(Math.max(adjusted, low), high);
  };
  if (step > 0) return { start: clamp(bound(key.start), 0, 0, length), stop: clamp(bound(key.stop), length, 0, length), step };
  return { start: clamp(bound(key.start), length - 1, -1, length - 1), stop: clamp(bound(key.stop), -1, -1, length - 1), step };
}

/** Indexes selected by a slice over `length` items. */
export function sliceIndexes(length: number, key: SliceKey): number[] {
  const { start, stop, step } = sliceBounds(length, key);
  const indexes: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) indexes.push(i);
  return indexes;
}

export function applySlice<T>(items: readonly T[], key: SliceKey, original?: readonly unknown[]): T[] | readonly T[] {
  const picked = sliceIndexes(items.length, key).map((i) => items[i] as T);
  return original !== undefined && isTuple(original) ? (makeTuple(picked) as readonly T[]) : picked;
}
