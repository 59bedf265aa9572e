import { checkObservations, observeRecord } from '../../../src/core/engine/earlyStop';
import type { ExperimentRecord } from '../../../src/core/engine/records';
import type { EarlyStopCheck } from '../../../src/core/plugins/kinds';
import { createRegistry } from '../../../src/core/plugins/registry';
import { earlyStopPlugins } from '../../../src/plugins/earlyStop';
import { createTestDeps } from '../../fakes/pluginDeps';
import { thrownBy } from '../../fakes/thrownBy';


const registry = createRegistry(earlyStopPlugins);
const threshold = (options: Record<string, unknown>): EarlyStopCheck => registry.create('earlyStop', { name: 'threshold', options }, createTestDeps());

function record(index: number, metrics: Record<string, unknown>): ExperimentRecord {
  return { status: 'ok', index, id: `APP-00${index + 1}`, row: {}, response: { content: '', metrics: {} }, metrics, metadata: {}, security_level: 'official' };
}

/** The golden scores of docs/original-behaviour.md §3.18: `score` is the last criterion's (prioritization). */
const GOLDEN = [
  record(0, { score: 0.7980392156862746, scores: { analysis: 0.5666666666666667, prioritization: 0.7980392156862746 } }),
  record(1, { score: 0.8529411764705883, scores: { analysis: 0.6294117647058823, prioritization: 0.8529411764705883 } }),
  record(2, { score: 0.8176470588235294, scores: { analysis: 0.6705882352941177, prioritization: 0.8176470588235294 } }),
];

describe('threshold', () => {
  it('reproduces the early_stop_threshold sample: the guardrail fires on the second row', () => {
    const checks = [
      threshold({ metric: 'scores.analysis', threshold: 0.63, comparison: 'gte', min_rows: 2, label: 'analysis_high' }),
      threshold({ metric: 'score', threshold: 0.6, comparison: 'gte', min_rows: 2, label: 'overall_high_guardrail' }),
    ];
    const observations = GOLDEN.map((r) => observeRecord(checks, r)!);
    expect(checkObservations(checks, observations)).toEqual({
      metric: 'score',
      comparison: 'gte',
      threshold: 0.6,
      value: 0.8529411764705883,
      rows_observed: 2,
      label: 'overall_high_guardrail',
      row_index: 1,
      plugin: 'threshold',
    });
  });

  it('reproduces early_stop_fast_exit: fires on the first row', () => {
    const check = threshold({ metric: 'score', threshold: 0.55, comparison: 'gte', min_rows: 1, label: 'first_row_high' });
    expect(check.check(check.observe(GOLDEN[0]!)!, { row_index: 0 })).toEqual({
      metric: 'score',
      comparison: 'gte',
      threshold: 0.55,
      value: 0.7980392156862746,
      rows_observed: 1,
      label: 'first_row_high',
      row_index: 0,
    });
  });

  it.each([
    ['gte', 0.5, true],
    ['gte', 0.4, false],
    ['gt', 0.5, false],
    ['lte', 0.5, true],
    ['lt', 0.5, false],
    ['lt', 0.4, true],
    ['sideways', 0.5, true],
  ])('comparison %s against value %p fires: %p', (comparison, value, fires) => {
    const check = threshold({ metric: 'score', threshold: '0.5', comparison });
    expect(check.check(value, { row_index: 0 }) !== undefined).toBe(fires);
  });

  it.each([
    [{ score: 'n/a' }, undefined],
    [{}, undefined],
    [{ score: '0.7' }, 0.7],
    [{ score: true }, 1],
    [{ scores: { analysis: 0.2 } }, undefined],
  ])('observes %p as %p', (metrics, value) => {
    expect(threshold({ metric: 'score', threshold: 0 }).observe(record(0, metrics))).toBe(value);
  });

  it('does not count rows without the metric towards min_rows, clamps min_rows to 1 and caches the reason', () => {
    const check = threshold({ metric: 'score', threshold: 0.5, min_rows: 0 });
    const first = check.check(0.9, { row_index: 3 });
    expect(first).toEqual({ metric: 'score', comparison: 'gte', threshold: 0.5, value: 0.9, rows_observed: 1, row_index: 3 });
    expect(check.check(0.1, { row_index: 4 })).toBe(first);
    check.reset();
    expect(check.check(0.1, { row_index: 0 })).toBeUndefined();
  });

  it('continues from a snapshot as if it had seen the rows itself', () => {
    const original = threshold({ metric: 'score', threshold: 0.5, min_rows: 3 });
    original.check(0.9, { row_index: 0 });
    original.check(0.9, { row_index: 1 });
    const resumed = threshold({ metric: 'score', threshold: 0.5, min_rows: 3 });
    resumed.restore!(JSON.parse(JSON.stringify(original.snapshot!())));
    expect(resumed.snapshot!()).toEqual({ rows_observed: 2, reason: null });
    expect(resumed.check(0.9, { row_index: 2 })).toEqual(original.check(0.9, { row_index: 2 }));
  });

  it.each([
    [{ metric: 'score', threshold: 'high' }, 'Invalid threshold value "high"'],
    [{ threshold: 1 }, 'metric'],
    [{ metric: 'score', threshold: 1, extra: true }, 'extra'],
  ])('rejects %p', (options, message) => {
    expect(thrownBy(() => threshold(options))).toEqual(expect.objectContaining({ code: 'PLUGIN_OPTIONS_INVALID', message: expect.stringContaining(message) }));
  });
});
