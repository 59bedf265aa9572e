import { aggregatorPlugins } from '../../../src/plugins/aggregator';
import { scoreStats, ScoreStatsOptionsSchema } from '../../../src/plugins/aggregator/scoreStats';
import { createTestDeps } from '../../fakes/pluginDeps';
import { makeRecord, recordsFromColumns, REFERENCE_ANALYSIS, REFERENCE_PRIORITIZATION } from '../../fixtures/analytics/records';

const stats = (options: Record<string, unknown> = {}) => scoreStats.create(ScoreStatsOptionsSchema.parse(options), createTestDeps());
const flagsAt = (threshold: number) => (index: number) => ({
  flags: { analysis: REFERENCE_ANALYSIS[index]! >= threshold, prioritization: REFERENCE_PRIORITIZATION[index]! >= threshold },
});

describe('score_stats', () => {
  it('lists the aggregators in the index', () => {
    expect(aggregatorPlugins.map((plugin) => plugin.name)).toContain('score_stats');
  });

  it('reproduces the docs/original-behaviour.md §3.17 aggregator reference values', () => {
    const records = recordsFromColumns({ analysis: REFERENCE_ANALYSIS, prioritization: REFERENCE_PRIORITIZATION }, flagsAt(0.7));
    expect(stats().finalize(records)).toEqual({
      criteria: {
        analysis: { count: 5, missing: 0, mean: 0.7, median: 0.7, min: 0.6, max: 0.8, std: 0.07071067811865477, pass_rate: 0.6, passes: 3, flagged: 5 },
        prioritization: { count: 5, missing: 0, mean: 0.6500000000000001, median: 0.6, min: 0.5, max: 0.9, std: 0.1414213562373095, pass_rate: 0.4, passes: 2, flagged: 5 },
      },
      overall: { count: 10, missing: 0, mean: 0.6749999999999999, median: 0.675, min: 0.5, max: 0.9, std: 0.11456439237389601, pass_rate: 0.5, passes: 5, flagged: 10 },
    });
  });

  it('reproduces the docs/original-behaviour.md §3.18 golden-run aggregates', () => {
    const analysis = [0.5666666666666667, 0.6294117647058823, 0.6705882352941177];
    const prioritization = [0.7980392156862746, 0.8529411764705883, 0.8176470588235294];
    const records = recordsFromColumns({ analysis, prioritization }, (i) => ({
      flags: { analysis: analysis[i]! >= 0.7, prioritization: prioritization[i]! >= 0.7 },
    }));
    const output = stats().finalize(records) as { criteria: Record<string, Record<string, number>>; overall: Record<string, number> };
    expect(output.criteria.analysis).toMatchObject({ mean: 0.6222222222222222, std: 0.04272930491158474, passes: 0 });
    expect(output.criteria.prioritization).toMatchObject({ mean: 0.8228758169934641, std: 0.02271653228363762, passes: 3 });
    expect(output.overall).toMatchObject({ mean: 0.7225490196078432, std: 0.10600180867450235, pass_rate: 0.5 });
  });

  it('counts missing values, flags-only criteria, one value and ddof', () => {
    const records = [
      makeRecord(0, { scores: { a: 2, b: NaN }, flags: { a: true, c: true } }),
      makeRecord(1, { scores: { a: null, b: null } }),
      makeRecord(2, { metrics: { other: 1 } }),
    ];
    expect(stats({ ddof: 1 }).finalize(records)).toEqual({
      criteria: {
        a: { count: 1, missing: 1, mean: 2, median: 2, min: 2, max: 2, std: 0, pass_rate: 0.5, passes: 1, flagged: 1 },
        b: { count: 0, missing: 2, pass_rate: 0, passes: 0, flagged: 0 },
        c: { count: 0, missing: 0, flagged: 1 },
      },
      overall: { count: 1, missing: 3, mean: 2, median: 2, min: 2, max: 2, std: 0, pass_rate: 0.5, passes: 2, flagged: 2 },
    });
  });

  it('gives an empty summary without records', () => {
    expect(stats().finalize([])).toEqual({ criteria: {}, overall: { count: 0, missing: 0, flagged: 0 } });
  });
});
