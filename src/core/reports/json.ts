/**
 * JSON for reports. JSON has no Infinity or NaN (Python wrote them as bare literals, which
 * other readers reject), so non-finite numbers become null; undefined fields are dropped.
 */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return null;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries.map(([k, v]) => [k, toJsonSafe(v)]));
  }
  return value;
}

export interface JsonTextOptions {
  sortKeys?: boolean;
  indent?: number;
}

/** Pretty JSON (indent 2 by default) with a trailing newline; optionally with sorted keys. */
export function toJsonText(value: unknown, options: JsonTextOptions = {}): string {
  const safe = toJsonSafe(value);
  const ordered = options.sortKeys ? sortKeysDeep(safe) : safe;
  return `${JSON.stringify(ordered, null, options.indent ?? 2)}\n`;
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isRecord(value)) return value;
  const keys = Object.keys(value).sort();
  return Object.fromEntries(keys.map((key) => [key, sortKeysDeep(value[key])]));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A finite number, else null (for report fields read from loosely typed plugin outputs). */
export function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
