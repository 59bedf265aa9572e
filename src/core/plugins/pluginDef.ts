/** A plugin reference in configuration, normalised from `{plugin|name, options, ...inline}`. */
export interface PluginDef {
  name: string;
  options: Record<string, unknown>;
  /** Sink definitions only: the sink's clearance and artifact wiring. */
  securityLevel?: string;
  artifacts?: Record<string, unknown>;
  /** Display name of a sink binding (`name` next to `plugin`). */
  label?: string;
  /** Where the definition was written, for error messages; ignored when comparing definitions. */
  origin?: { file: string; path: string };
}

/** Canonical JSON with sorted keys: identical definitions give identical strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeysDeep(v)]));
  }
  return value;
}

/** Keeps the first of each identical definition (fix for the pack double-count, docs/original-behaviour.md §12.2 item 5). */
export function dedupeDefs(defs: readonly PluginDef[]): PluginDef[] {
  const seen = new Set<string>();
  const out: PluginDef[] = [];
  for (const def of defs) {
    const { origin: _origin, ...comparable } = def;
    const key = canonicalJson(comparable);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(def);
  }
  return out;
}
