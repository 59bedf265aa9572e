import type { RowPluginContext } from '../../src/core/plugins/kinds';

/** A row plugin context for unit tests: no model and no baseline unless given. */
export function rowContext(sourceRow: Record<string, unknown>, overrides: Partial<RowPluginContext> = {}): RowPluginContext {
  return {
    experiment: 'exp',
    isBaseline: false,
    index: 0,
    id: '0',
    sourceRow,
    call: () => Promise.reject(new Error('no model in this test')),
    baseline: () => Promise.resolve(undefined),
    ...overrides,
  };
}
