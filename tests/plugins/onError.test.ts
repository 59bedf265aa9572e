import type { ExperimentRecord } from '../../src/core/engine/records';
import { aggregatorPlugins } from '../../src/plugins/aggregator';
import { baselinePlugins } from '../../src/plugins/baseline';
import { createMemoryLogger, createTestDeps } from '../fakes/pluginDeps';
import { makePayload, makeRecord } from '../fixtures/analytics/records';

/** A record whose every read fails, so each plugin's computation throws. */
function poisonedRecord(): ExperimentRecord {
  const record = makeRecord(0, { scores: { a: 1 } });
  for (const key of ['metrics', 'row', 'responses', 'response'] as const) {
    Object.defineProperty(record, key, { get: () => { throw new Error('boom'); } });
  }
  return record;
}

// prompt_variants needs options (an LLM, a template) and takes no on_error (docs/original-behaviour.md §3.0).
const guarded = [...aggregatorPlugins, ...baselinePlugins].filter((plugin) => {
  const parsed = plugin.configSchema.safeParse({});
  return parsed.success && 'on_error' in (parsed.data as object);
});
const names = guarded.map((plugin) => plugin.name);

function run(plugin: (typeof guarded)[number], onError: 'abort' | 'skip', deps = createTestDeps()): unknown {
  const options = plugin.configSchema.parse({ on_error: onError });
  const records = [poisonedRecord()];
  if (plugin.kind === 'aggregator') return (plugin.create as (o: unknown, d: unknown) => { finalize(r: unknown): unknown })(options, deps).finalize(records);
  const instance = (plugin.create as (o: unknown, d: unknown) => { compare(b: unknown, v: unknown): unknown })(options, deps);
  return instance.compare(makePayload(records), makePayload(records));
}

describe('on_error', () => {
  it('is accepted by exactly the plugins docs/original-behaviour.md §3.0 names', () => {
    expect(names.sort()).toEqual(
      [
        'category_effects', 'cost_summary', 'criteria_effects', 'latency_summary', 'outlier_detection', 'rationale_analysis',
        'referee_alignment', 'score_agreement', 'score_assumptions', 'score_bayes', 'score_cliffs_delta', 'score_distribution',
        'score_flip_analysis', 'score_power', 'score_practical', 'score_significance', 'score_verdict',
      ].sort(),
    );
  });

  it.each(names)('%s: abort rethrows as ANALYTICS_FAILED naming the plugin', (name) => {
    const plugin = guarded.find((p) => p.name === name)!;
    let caught: unknown;
    try {
      run(plugin, 'abort');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'ANALYTICS_FAILED', details: { plugin: name } });
    expect((caught as Error).message).toContain('boom');
  });

  it.each(names)('%s: skip logs a warning and returns {}', (name) => {
    const plugin = guarded.find((p) => p.name === name)!;
    const logger = createMemoryLogger();
    expect(run(plugin, 'skip', createTestDeps({ logger }))).toEqual({});
    expect(logger.entries).toEqual([{ level: 'warn', message: `${name} skipped due to error: boom`, context: { plugin: name, errorCode: 'INTERNAL' } }]);
  });

  it.each(names)('%s: any other value is rejected by the schema', (name) => {
    expect(guarded.find((p) => p.name === name)!.configSchema.safeParse({ on_error: 'ignore' }).success).toBe(false);
  });
});
