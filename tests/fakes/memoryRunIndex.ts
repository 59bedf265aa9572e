import type { RunIndex, RunIndexEntry } from '../../src/core/ports';

/** An in-memory RunIndex with the table adapter's semantics: merge on upsert, newest first. */
export function createMemoryRunIndex(): RunIndex & { entries: Map<string, RunIndexEntry> } {
  const entries = new Map<string, RunIndexEntry>();
  const keyOf = (suite: string, runId: string) => JSON.stringify([suite, runId]);
  return {
    entries,
    async upsert(entry) {
      const key = keyOf(entry.suite, entry.runId);
      const defined = Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
      entries.set(key, { ...entries.get(key), ...defined } as RunIndexEntry);
    },
    async get(suite, runId) {
      const entry = entries.get(keyOf(suite, runId));
      return entry ? structuredClone(entry) : undefined;
    },
    async list(suite, options = {}) {
      const listed = [...entries.values()]
        .filter((entry) => suite === undefined || entry.suite === suite)
        .map((entry) => structuredClone(entry))
        .sort((a, b) => descending(a.startedAt, b.startedAt) || descending(a.runId, b.runId));
      return options.limit === undefined ? listed : listed.slice(0, options.limit);
    },
    async find(runId) {
      return (await this.list()).find((entry) => entry.runId === runId);
    },
  };
}

function descending(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
