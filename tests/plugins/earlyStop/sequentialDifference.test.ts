import { checkObservations, type Observation } from '../../../src/core/engine/earlyStop';
import type { EarlyStopCheck } from '../../../src/core/plugins/kinds';
import { createRegistry } from '../../../src/core/plugins/registry';
import { createSeededRandom } from '../../../src/core/stats/random';
import { earlyStopPlugins } from '../../../src/plugins/earlyStop';
import { normalMixtureRadius, optimalRho2 } from '../../../src/plugins/earlyStop/confidenceSequence';
import { createTestDeps } from '../../fakes/pluginDeps';

const registry = createRegistry(earlyStopPlugins);
const sequential = (options: Record<string, unknown> = {}): EarlyStopCheck =>
  registry.create('earlyStop', { name: 'sequential_difference', options }, createTestDeps());

/** Feeds paired scores in row order; the pair index at which it stopped, or undefined. */
function runPairs(check: EarlyStopCheck, pairs: readonly (readonly [number, number])[]): { stoppedAt?: number; reason?: Record<string, unknown> } {
  for (let i = 0; i < pairs.length; i++) {
    const [variant, baseline] = pairs[i]!;
    const reason = check.check(variant, { row_index: i, baseline_value: baseline });
    if (reason) return { stoppedAt: i + 1, reason };
  }
  return {};
}

/** Scores in [0, 1]: a baseline draw, and the variant the same draw family shifted by `shift` (clipped). */
function scorePairs(seed: number, count: number, shift: number): [number, number][] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => {
    const baseline = random.next();
    const variant = Math.min(1, Math.max(0, 0.5 * random.next() + 0.5 * baseline + shift));
    return [variant, baseline];
  });
}

describe('normal-mixture confidence sequence', () => {
  it.each([1, 10, 100, 1000])('puts the mixture martingale exactly at 1/alpha on the boundary (t = %i)', (t) => {
    const alpha = 0.05;
    const rho2 = 0.3;
    const s = t * normalMixtureRadius(t, 1, rho2, alpha);
    // ∫ exp(λs − λ²t/2) dN(0, ρ²)(λ), the e-process the bound comes from.
    const martingale = Math.sqrt(1 / (1 + t * rho2)) * Math.exp((rho2 * s * s) / (2 * (1 + t * rho2)));
    expect(martingale).toBeCloseTo(1 / alpha, 9);
  });

  it.each([20, 100, 500])('tunes rho² so the interval is narrowest at the planned count (%i)', (planned) => {
    const rho2 = optimalRho2(planned, 0.05);
    const at = (r: number) => normalMixtureRadius(planned, 1, r, 0.05);
    expect(at(rho2)).toBeLessThan(at(rho2 * 0.9));
    expect(at(rho2)).toBeLessThan(at(rho2 * 1.1));
  });
});

describe('sequential_difference', () => {
  it('stops once the normal-mixture interval excludes zero and says how', () => {
    const check = sequential({ method: 'hoeffding', criterion: 'analysis', min_pairs: 5, label: 'v1_vs_base' });
    const result = runPairs(check, Array.from({ length: 100 }, () => [0.9, 0.1] as const));
    const rho2 = optimalRho2(100, 0.05);
    const radius = normalMixtureRadius(result.stoppedAt!, 1, rho2, 0.05);
    expect(radius).toBeLessThan(0.8);
    expect(normalMixtureRadius(result.stoppedAt! - 1, 1, rho2, 0.05)).toBeGreaterThanOrEqual(0.8);
    expect(result.reason).toEqual({
      metric: 'scores.analysis',
      method: 'normal-mixture confidence sequence (Howard et al. 2021)',
      alpha: 0.05,
      decision: 'difference',
      direction: 'variant_above_baseline',
      pairs: result.stoppedAt,
      mean_difference: expect.closeTo(0.8, 12),
      interval: [expect.closeTo(0.8 - radius, 12), Math.min(1, 0.8 + radius)],
      label: 'v1_vs_base',
      row_index: result.stoppedAt! - 1,
    });
  });

  it('finds a variant below the baseline too', () => {
    expect(runPairs(sequential(), scorePairs(7, 2000, -0.15)).reason).toEqual(expect.objectContaining({ direction: 'variant_below_baseline' }));
  });

  it('ignores rows without a baseline value (and so never stops the baseline itself)', () => {
    const check = sequential({ min_pairs: 1 });
    for (let i = 0; i < 500; i++) expect(check.check(1, { row_index: i })).toBeUndefined();
    expect(check.snapshot!()).toEqual({ count: 0, sum: 0, squares: 0, lambdas: 0, weighted: 0, penalty: 0, lower: 0, upper: 1, clipped: 0, reason: null });
  });

  it('stops for equivalence when the interval fits inside the margin', () => {
    const same = Array.from({ length: 3000 }, (_, i) => [0.5 + (i % 2 ? 0.01 : -0.01), 0.5] as const);
    expect(runPairs(sequential({ equivalence_margin: 0.1 }), same).reason).toEqual(expect.objectContaining({ decision: 'equivalence', direction: 'within_margin', equivalence_margin: 0.1 }));
    expect(runPairs(sequential(), same).reason).toBeUndefined();
  });

  it('clips differences outside the declared score range and reports it', () => {
    const check = sequential({ min_pairs: 1, score_min: 0, score_max: 1 });
    const result = runPairs(check, Array.from({ length: 200 }, () => [5, 0] as const));
    expect(result.reason).toEqual(expect.objectContaining({ mean_difference: 1, clipped_pairs: result.stoppedAt }));
  });

  it.each(['empirical_bernstein', 'hoeffding'])('%s keeps its error rate under alpha when there is no difference, checked after every row', (method) => {
    let falseStops = 0;
    for (let seed = 1; seed <= 300; seed++) {
      if (runPairs(sequential({ method, min_pairs: 1 }), scorePairs(seed, 1000, 0)).stoppedAt !== undefined) falseStops++;
    }
    expect(falseStops / 300).toBeLessThanOrEqual(0.05);
  });

  it('empirical_bernstein settles low-noise differences sooner than hoeffding, with the same data', () => {
    const pairs = scorePairs(5, 2000, 0.1);
    const eb = runPairs(sequential(), pairs).stoppedAt!;
    const hoeffding = runPairs(sequential({ method: 'hoeffding' }), pairs).stoppedAt!;
    expect(eb).toBeLessThan(hoeffding);
  });

  it('decides the same from a JSON snapshot as without one', () => {
    const pairs = scorePairs(11, 400, 0.2);
    const whole = runPairs(sequential(), pairs);
    const first = sequential();
    runPairs(first, pairs.slice(0, 10));
    const resumed = sequential();
    resumed.restore!(JSON.parse(JSON.stringify(first.snapshot!())));
    const rest = runPairs(resumed, pairs.slice(10));
    expect({ stoppedAt: rest.stoppedAt! + 10, pairs: rest.reason?.pairs }).toEqual({ stoppedAt: whole.stoppedAt, pairs: whole.reason?.pairs });
  });

  it('saves calls: a variant 0.15 better stops long before 1,000 rows, in the orchestrator path', () => {
    const pairs = scorePairs(3, 1000, 0.15);
    const check = sequential({ metric: 'score' });
    const baseline = new Map<number, Observation>(pairs.map(([, b], i) => [i, [i, b]]));
    const variant: Observation[] = pairs.map(([v], i) => [i, v]);
    const reason = checkObservations([check], variant, baseline);
    expect(reason).toEqual(expect.objectContaining({ plugin: 'sequential_difference', decision: 'difference', direction: 'variant_above_baseline' }));
    expect(reason!.pairs).toBeLessThan(200);
    expect(reason!.row_index).toBe((reason!.pairs as number) - 1);
  });

  it.each([
    [{ alpha: 0 }, 'alpha'],
    [{ alpha: 1 }, 'alpha'],
    [{ score_min: 1, score_max: 1 }, 'score_max'],
    [{ min_pairs: 0 }, 'min_pairs'],
  ])('rejects %p', (options, path) => {
    expect(registry.check('earlyStop', { name: 'sequential_difference', options })).toEqual([expect.objectContaining({ path: ['options', path] })]);
  });
});
