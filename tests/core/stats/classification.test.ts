import goldens from './fixtures/classificationGoldens.json';
import { classificationReport } from '../../../src/core/stats/classification';
import { wilsonInterval } from '../../../src/core/stats/proportions';

// Goldens printed by Debian's scikit-learn and scipy (generator: fixtures/generateClassificationGoldens.py).
describe('classification metrics against scikit-learn', () => {
  it.each(Object.entries(goldens.cases))('%s', (_name, golden) => {
    const report = classificationReport(golden.truth, golden.predicted);
    expect(report.labels).toEqual(golden.labels);
    expect(report.confusion_matrix).toEqual(golden.confusion_matrix);
    expect(report.accuracy).toBeCloseTo(golden.accuracy, 14);
    expect(report.macro_f1).toBeCloseTo(golden.macro_f1, 14);
    expect(report.micro_f1).toBeCloseTo(golden.micro_f1, 14);
    for (const [label, expected] of Object.entries(golden.per_class)) {
      const actual = report.per_class[label]!;
      expect(actual.support).toBe(expected.support);
      for (const key of ['precision', 'recall', 'f1'] as const) expect(actual[key]).toBeCloseTo(expected[key], 14);
    }
    const [low, high] = wilsonInterval(report.correct, report.n);
    expect(low).toBeCloseTo(golden.accuracy_ci[0]!, 12);
    expect(high).toBeCloseTo(golden.accuracy_ci[1]!, 12);
  });

  it('gives an empty report for no rows and refuses mismatched lengths', () => {
    expect(classificationReport([], [])).toEqual({ n: 0, correct: 0, accuracy: 0, labels: [], per_class: {}, macro_f1: 0, micro_f1: 0, confusion_matrix: [] });
    expect(() => classificationReport(['a'], [])).toThrow(RangeError);
  });
});
