import { baselinePlugins } from '../../../src/plugins/baseline';
import { noopBaseline } from '../../../src/plugins/baseline/noop';
import { rowCount, RowCountOptionsSchema } from '../../../src/plugins/baseline/rowCount';
import { scoreDelta, ScoreDeltaOptionsSchema } from '../../../src/plugins/baseline/scoreDelta';
import { createTestDeps } from '../../fakes/pluginDeps';
import { makePayload, makeRecord } from '../../fixtures/analytics/records';

const withStats = (criteria: Record<string, Record<string, unknown>>, rows = 0) =>
  makePayload(Array.from({ length: rows }, (_, i) => makeRecord(i)), { score_stats: { criteria, overall: {} } });

describe('score_delta', () => {
  it('lists the baseline plugins in the index', () => {
    expect(baselinePlugins.map((plugin) => plugin.name)).toEqual(expect.arrayContaining(['score_delta', 'row_count', 'noop']));
  });

  it('subtracts baseline from variant over shared criteria in sorted order, skipping nulls', () => {
    const baseline = withStats({ z: { mean: 0.5, std: 1 }, a: { mean: 0.25 }, only_b: { mean: 1 }, n: { mean: null } });
    const variant = withStats({ a: { mean: 0.5 }, z: { mean: 0.75, std: 2 }, n: { mean: 0.1 } });
    const plugin = scoreDelta.create(ScoreDeltaOptionsSchema.parse({}), createTestDeps());
    const output = plugin.compare(baseline, variant);
    expect(output).toEqual({ a: 0.25, z: 0.25 });
    expect(Object.keys(output)).toEqual(['a', 'z']);
    const stdOnly = scoreDelta.create(ScoreDeltaOptionsSchema.parse({ metric: 'std', criteria: ['z'] }), createTestDeps());
    expect(stdOnly.compare(baseline, variant)).toEqual({ z: 1 });
  });

  it('needs the score_stats aggregator on both sides', () => {
    const plugin = scoreDelta.create(ScoreDeltaOptionsSchema.parse({}), createTestDeps());
    expect(plugin.compare(makePayload([]), withStats({ a: { mean: 1 } }))).toEqual({});
  });
});

describe('row_count and noop', () => {
  it('reports variant rows minus baseline rows under the configured key', () => {
    const baseline = withStats({}, 5);
    const variant = withStats({}, 3);
    expect(rowCount.create(RowCountOptionsSchema.parse({}), createTestDeps()).compare(baseline, variant)).toEqual({ row_delta: -2 });
    expect(rowCount.create(RowCountOptionsSchema.parse({ key: 'diff' }), createTestDeps()).compare(variant, baseline)).toEqual({ diff: 2 });
  });

  it('noop compares nothing', () => {
    expect(noopBaseline.create({}, createTestDeps()).compare(makePayload([]), makePayload([]))).toEqual({});
  });
});
