import { recommendShip } from '../../../src/core/analytics/recommendation';
import type { Verdict, VerdictLabel } from '../../../src/core/engine/verdict';

const v = (criterion: string, verdict: VerdictLabel, low = 0.01): Verdict => ({ criterion, verdict, method: 'm', interval: [low, low + 0.1] });

describe('which variant to ship', () => {
  it('ships the variant that improved something and degraded nothing', () => {
    expect(recommendShip('baseline', [
      { variant: 'prompt_v2', verdicts: [v('accuracy', 'inconclusive')] },
      { variant: 'bigger_model', verdicts: [v('accuracy', 'improved'), v('judge', 'inconclusive')] },
    ])).toEqual({ action: 'ship', experiment: 'bigger_model', reason: 'Ship bigger_model: improved accuracy with no criterion degraded.' });
  });

  it('prefers more improved criteria, then the surer improvement, and names the other candidates', () => {
    const result = recommendShip('b', [
      { variant: 'one', verdicts: [v('a', 'improved', 0.2)] },
      { variant: 'two', verdicts: [v('a', 'improved', 0.01), v('c', 'improved', 0.01)] },
      { variant: 'three', verdicts: [v('a', 'improved', 0.3)] },
    ]);
    expect(result).toEqual({ action: 'ship', experiment: 'two', reason: 'Ship two: improved a, c with no criterion degraded (also shippable: three, one).' });
  });

  it('keeps the baseline when every variant degraded something or improved nothing', () => {
    expect(recommendShip('current', [
      { variant: 'fast', verdicts: [v('accuracy', 'improved'), v('tone', 'degraded')] },
      { variant: 'terse', verdicts: [v('accuracy', 'inconclusive'), v('tone', 'too_few_samples')] },
    ])).toEqual({ action: 'keep_baseline', experiment: 'current', reason: 'Keep current: fast degraded tone; terse improved nothing.' });
  });

  it('says there is nothing to recommend without verdicts', () => {
    expect(recommendShip('b', [{ variant: 'x', verdicts: [] }])).toMatchObject({ action: 'no_verdicts', experiment: null });
    expect(recommendShip('b', [])).toMatchObject({ action: 'no_verdicts' });
  });
});
