/**
 * Time-uniform confidence sequences for the mean of observations in [0, 1]: intervals that
 * hold at every sample size at once with probability at least 1 − α, so they may be looked
 * at after every row and acted on whenever they exclude a value (Ville's inequality).
 *
 * - `empirical_bernstein`: the predictable plug-in empirical-Bernstein sequence (PrPl-EB) of
 *   Waudby-Smith & Ramdas (2024), "Estimating means of bounded random variables by betting",
 *   JRSSB 86(1), Theorem 2, built on Howard, Ramdas, McAuliffe & Sekhon (2021),
 *   "Time-uniform, nonparametric, nonasymptotic confidence sequences", Ann. Statist. 49(2).
 *   Its width follows the observed variance, so well-separated, low-noise scores stop early.
 * - `hoeffding`: the two-sided normal-mixture boundary (Robbins 1970; Howard et al. 2021, section 3)
 *   with σ = 1/2 (Hoeffding's lemma for [0, 1]); closed form, ignores the variance.
 *
 * Both assume each observation's conditional mean, given the earlier ones, is the same μ
 * (rows in random order); see docs/early-stop.md.
 */

export type SequenceMethod = 'empirical_bernstein' | 'hoeffding';

/** JSON-safe running sums; every update is O(1). */
export interface SequenceState {
  count: number;
  sum: number;
  /** Σ (x_i − μ̂_i)², for the plug-in variance. */
  squares: number;
  lambdas: number;
  weighted: number;
  penalty: number;
  lower: number;
  upper: number;
}

export const emptySequence = (): SequenceState => ({ count: 0, sum: 0, squares: 0, lambdas: 0, weighted: 0, penalty: 0, lower: 0, upper: 1 });

/** Largest bet: the paper suggests 1/2 or 3/4; smaller is steadier early on. */
const MAX_LAMBDA = 0.5;

/** ψ_E(λ) = (−log(1 − λ) − λ) / 4. */
const psiE = (lambda: number) => (-Math.log1p(-lambda) - lambda) / 4;

export interface SequenceSettings {
  method: SequenceMethod;
  alpha: number;
  /** Normal mixture only: ρ² from `optimalRho2`. */
  rho2: number;
}

/** Adds x ∈ [0, 1] and returns the new state with the running interval (intersected over time). */
export function addToSequence(state: SequenceState, x: number, settings: SequenceSettings): SequenceState {
  const t = state.count + 1;
  const meanBefore = (0.5 + state.sum) / t;
  const varianceBefore = (0.25 + state.squares) / t;
  const logTerm = Math.log(2 / settings.alpha);
  const lambda = Math.min(Math.sqrt((2 * logTerm) / (varianceBefore * t * Math.log1p(t))), MAX_LAMBDA);
  const sum = state.sum + x;
  const next: SequenceState = {
    count: t,
    sum,
    squares: state.squares + (x - (0.5 + sum) / (t + 1)) ** 2,
    lambdas: state.lambdas + lambda,
    weighted: state.weighted + lambda * x,
    penalty: state.penalty + 4 * (x - meanBefore) ** 2 * psiE(lambda),
    lower: state.lower,
    upper: state.upper,
  };
  const [low, high] =
    settings.method === 'hoeffding'
      ? around(sum / t, normalMixtureRadius(t, 0.5, settings.rho2, settings.alpha))
      : around(next.weighted / next.lambdas, (logTerm + next.penalty) / next.lambdas);
  next.lower = Math.max(state.lower, low);
  next.upper = Math.min(state.upper, high);
  return next;
}

const around = (center: number, radius: number): [number, number] => [center - radius, center + radius];

/**
 * Half-width of the normal-mixture interval after t observations whose centred values are
 * σ-sub-Gaussian: σ·sqrt(2(tρ² + 1)·log(sqrt(tρ² + 1)/α) / (t²ρ²)). It is where the mixture
 * martingale ∫exp(λS_t − λ²σ²t/2) dN(0, ρ²/σ²)(λ) reaches 1/α.
 */
export function normalMixtureRadius(t: number, sigma: number, rho2: number, alpha: number): number {
  const spread = t * rho2 + 1;
  return sigma * Math.sqrt((2 * spread * Math.log(Math.sqrt(spread) / alpha)) / (t * t * rho2));
}

/**
 * The ρ² that makes the normal-mixture radius smallest at `plannedT`. With x = tρ² the
 * radius is minimal where x − log(1 + x) = −2·log α; the iteration x ← −2·log α + log(1 + x)
 * contracts (slope 1/(1 + x) < 1).
 */
export function optimalRho2(plannedT: number, alpha: number): number {
  const twiceLogInverse = -2 * Math.log(alpha);
  let x = twiceLogInverse;
  for (let step = 0; step < 200; step++) {
    const next = twiceLogInverse + Math.log1p(x);
    if (Math.abs(next - x) < 1e-13) return next / plannedT;
    x = next;
  }
  return x / plannedT;
}
