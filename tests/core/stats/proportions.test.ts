import goldens from './fixtures/proportionGoldens.json';
import { binomPmf } from '../../../src/core/stats/distributions';
import { fisherExactTwoSided } from '../../../src/core/stats/fisherExact';
import { mcnemarPValues } from '../../../src/core/stats/mcnemar';
import { newcombePairedInterval, newcombeUnpairedInterval, pairedTableOf, wilsonInterval } from '../../../src/core/stats/proportions';

// Goldens printed by Debian's scipy (generator beside them: fixtures/generateProportionGoldens.py).
function close(actual: number, expected: number, tolerance = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

describe('proportions against scipy', () => {
  it.each(goldens.wilson)('Wilson interval $k/$n at $confidence', ({ k, n, confidence, interval }) => {
    const [low, high] = wilsonInterval(k, n, confidence);
    close(low, interval[0]!);
    close(high, interval[1]!);
  });

  it.each(goldens.newcombe_unpaired)('Newcombe unpaired $variant vs $baseline', ({ variant, baseline, confidence, interval }) => {
    const [low, high] = newcombeUnpairedInterval(variant[0]!, variant[1]!, baseline[0]!, baseline[1]!, confidence);
    close(low, interval[0]!);
    close(high, interval[1]!);
  });

  it.each(goldens.newcombe_paired)('Newcombe paired table $table', ({ table, interval }) => {
    const [both, baselineOnly, variantOnly, neither] = table as [number, number, number, number];
    const [low, high] = newcombePairedInterval({ both, baselineOnly, variantOnly, neither });
    close(low, interval[0]!);
    close(high, interval[1]!);
  });

  it.each(goldens.mcnemar)('McNemar exact and mid-p, discordant $baseline_only / $variant_only', ({ baseline_only, variant_only, exact, mid_p }) => {
    const result = mcnemarPValues(baseline_only, variant_only);
    close(result.exact, exact, 1e-10);
    close(result.midP, mid_p, 1e-10);
  });

  it.each(goldens.fisher)('Fisher exact two-sided, table $table', ({ table, p_value }) => {
    const [a, b, c, d] = table as [number, number, number, number];
    close(fisherExactTwoSided(a, b, c, d), p_value, 1e-10);
  });

  it.each(goldens.binom_pmf)('binomial pmf($k; $n, $p)', ({ k, n, p, pmf }) => {
    close(binomPmf(k, n, p), pmf, 1e-10);
  });
});

describe('proportion edge cases', () => {
  it('tallies paired flags into a 2x2 table', () => {
    expect(pairedTableOf([[true, true], [true, false], [false, true], [false, true], [false, false]])).toEqual({ both: 1, baselineOnly: 1, variantOnly: 2, neither: 1 });
  });

  it('gives NaN intervals for empty samples and p = 1 without discordant pairs', () => {
    expect(wilsonInterval(0, 0)).toEqual([NaN, NaN]);
    expect(newcombePairedInterval({ both: 0, baselineOnly: 0, variantOnly: 0, neither: 0 })).toEqual([NaN, NaN]);
    expect(mcnemarPValues(0, 0)).toEqual({ exact: 1, midP: 1 });
    expect(fisherExactTwoSided(0, 0, 0, 0)).toBe(1);
  });

  it('keeps intervals inside [-1, 1] and around the observed difference', () => {
    const [low, high] = newcombePairedInterval({ both: 0, baselineOnly: 0, variantOnly: 30, neither: 0 });
    expect([low > 0, high <= 1, low <= 1]).toEqual([true, true, true]);
  });
});
