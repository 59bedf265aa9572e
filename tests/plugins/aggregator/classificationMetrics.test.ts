import type { ExperimentRecord } from '../../../src/core/engine/records';
import { classificationMetrics, ClassificationMetricsOptionsSchema, computeClassificationMetrics } from '../../../src/plugins/aggregator/classificationMetrics';
import { createGoldMatch, GoldMatchOptionsSchema } from '../../../src/plugins/row/goldMatch';
import { aggregatorPlugins } from '../../../src/plugins/aggregator';
import { createTestDeps } from '../../fakes/pluginDeps';
import { rowContext } from '../../fakes/rowContext';

function record(index: number, answer: string, metrics: Record<string, unknown>, row: Record<string, unknown> = {}): ExperimentRecord {
  return { status: 'ok', index, id: String(index), row, response: { content: answer, metrics: {} }, metrics, metadata: {}, security_level: 'official' };
}

/** Records scored by a real gold_match, as a run would write them. */
async function scored(mode: string, pairs: [string, string | null][]): Promise<ExperimentRecord[]> {
  const plugin = createGoldMatch(GoldMatchOptionsSchema.parse({ expected_field: 'label', mode }));
  return Promise.all(
    pairs.map(async ([answer, expected], index) => record(index, answer, await plugin.processRow({}, { default: { content: answer, metrics: {} } }, rowContext({ label: expected })))),
  );
}

const options = (extra: Record<string, unknown> = {}) => ClassificationMetricsOptionsSchema.parse(extra);

describe('classification_metrics', () => {
  it('is registered and keyed by its criterion', async () => {
    expect(aggregatorPlugins.map((plugin) => plugin.name)).toContain('classification_metrics');
    const instance = classificationMetrics.create(options({ criterion: 'label_ok' }), createTestDeps());
    expect(Object.keys(await instance.finalize([]))).toEqual(['label_ok']);
  });

  it('counts gold_match decisions: accuracy equals the mean match score, classes come from the truth', async () => {
    const records = await scored('normalized', [
      ['Billing', 'billing'],
      ['billing.', 'billing'],
      ['Shipping', 'billing'],
      ['technical', 'Technical'],
      ['{broken', 'technical'],
      ['refund', null],
    ]);
    const output = computeClassificationMetrics(records, options());
    expect(output).toMatchObject({
      n: 5,
      unlabelled: 1,
      correct: 3,
      accuracy: 0.6,
      // Rows are the truth, columns the predictions, labels in Python's sort order (capitals first).
      confusion_matrix: {
        labels: ['Technical', 'billing', 'broken', 'shipping'],
        matrix: [
          [1, 0, 1, 0],
          [0, 2, 0, 1],
          [0, 0, 0, 0],
          [0, 0, 0, 0],
        ],
      },
    });
    // "Technical" and "technical" are one class, shown as first seen in the truth.
    expect(output.per_class).toMatchObject({ billing: { precision: 1, recall: 2 / 3, support: 3 }, Technical: { precision: 1, recall: 0.5, support: 2 } });
  });

  it('never puts a row gold_match scored 0 on the diagonal (exact mode, label differing in case)', async () => {
    const records = await scored('exact', [['Billing', 'billing'], ['billing', 'billing']]);
    const output = computeClassificationMetrics(records, options());
    expect([output.accuracy, output.confusion_matrix]).toEqual([0.5, { labels: ['(mismatch)', 'billing'], matrix: [[0, 0], [1, 1]] }]);
  });

  it('counts unreadable answers as wrong, in a (none) column', async () => {
    const plugin = createGoldMatch(GoldMatchOptionsSchema.parse({ expected_field: 'label', mode: 'json_field', json_path: 'label' }));
    const records = [
      record(0, 'x', await plugin.processRow({}, { default: { content: 'not json', metrics: {} } }, rowContext({ label: 'a' }))),
      record(1, 'x', await plugin.processRow({}, { default: { content: '{"label": "a"}', metrics: {} } }, rowContext({ label: 'a' }))),
    ];
    expect(computeClassificationMetrics(records, options())).toMatchObject({ accuracy: 0.5, confusion_matrix: { labels: ['(none)', 'a'], matrix: [[0, 0], [1, 1]] } });
  });

  it('works without gold_match from the row column and the raw answer', () => {
    const records = [record(0, ' cat ', {}, { truth: 'cat' }), record(1, 'dog', {}, { truth: 'cat' }), record(2, 'x', {}, {})];
    const output = computeClassificationMetrics(records, options({ expected_field: 'truth', normalize_labels: false }));
    expect(output).toMatchObject({ n: 2, unlabelled: 1, accuracy: 0.5, macro_f1: (2 / 3 + 0) / 2 });
    expect(output.accuracy_ci).toEqual([expect.any(Number), expect.any(Number)]);
  });

  it('reports nulls, not NaN, when nothing is labelled', () => {
    expect(computeClassificationMetrics([record(0, 'x', {})], options())).toMatchObject({ n: 0, accuracy: null, accuracy_ci: null, macro_f1: null, micro_f1: null });
  });
});
