/**
 * The Durbin-matrix and Pomeranz CDFs behind `kolmogorovSf` (Simard & L'Ecuyer 2011, as
 * scipy's `_ksstats` arranges them; Pelz–Good's series is in pelzGood.ts). Each returns
 * P(D_n ≤ x); large intermediate values are rescaled by 2^±128, the exponent kept apart.
 */
const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;

type Matrix = Float64Array[];

function identity(size: number): Matrix {
  return Array.from({ length: size }, (_, i) => {
    const row = new Float64Array(size);
    row[i] = 1;
    return row;
  });
}

function multiply(a: Matrix, b: Matrix): Matrix {
  const size = a.length;
  return a.map((row) => {
    const out = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      const factor = row[k]!;
      if (factor === 0) continue;
      const other = b[k]!;
      for (let j = 0; j < size; j++) out[j]! += factor * other[j]!;
    }
    return out;
  });
}

function durbinMatrix(h: number, size: number): Matrix {
  const factorials = new Float64Array(size);
  const v = new Float64Array(size);
  let inverseFactorial = 1;
  for (let j = 1; j <= size; j++) {
    factorials[j - 1] = inverseFactorial; // 1/(j−1)!
    inverseFactorial /= j;
    v[j - 1] = (1 - h ** j) * inverseFactorial; // (1 − h^j)/j!
  }
  v[size - 1] = (1 + (Math.max(2 * h - 1, 0) ** size - 2 * h ** size)) * inverseFactorial;
  const matrix = Array.from({ length: size }, () => new Float64Array(size));
  for (let i = 0; i < size; i++) {
    for (let j = 1; j < size; j++) if (i - j + 1 >= 0) matrix[i]![j] = factorials[i - j + 1]!;
    matrix[i]![0] = v[i]!;
  }
  for (let j = 0; j < size; j++) matrix[size - 1]![j] = v[size - 1 - j]!;
  return matrix;
}

/** Durbin's matrix formula with Marsaglia–Tsang–Wang scaling. */
export function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const size = 2 * k - 1;
  let base = durbinMatrix(k - nd, size);
  let power = identity(size);
  let exponent = 0;
  let baseExponent = 0;
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = multiply(power, base);
      exponent += baseExponent;
    }
    base = multiply(base, base);
    baseExponent *= 2;
    if (Math.abs(base[k - 1]![k - 1]!) > SCALE_UP) {
      base = base.map((row) => row.map((value) => value / SCALE_UP));
      baseExponent += SCALE_EXPONENT;
    }
  }
  let p = power[k - 1]![k - 1]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
  }
  return Math.min(1, Math.max(0, p * 2 ** exponent));
}

function pomeranzBounds(i: number, n: number, ll: number, ceilF: number, roundF: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilF - 1;
    j2 = ll + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilF - 1;
        j2 = n + ll + ceilF - 1;
      } else {
        j1 = half - 1 - ll - roundF - 1;
        j2 = half + ll - 1 + ceilF - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundF - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

function scaledPowers(ratio: number, count: number): Float64Array {
  const out = new Float64Array(count);
  out[0] = 1;
  for (let m = 1; m < count; m++) out[m] = (out[m - 1]! * ratio) / m;
  return out;
}

/** Pomeranz's recursion, for small n and moderate n·x². */
export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const count = 2 * (ll + 1);
  const gPowers = scaledPowers(g / n, count);
  const twoGPowers = scaledPowers((2 * g) / n, count);
  const restPowers = scaledPowers((1 - 2 * g) / n, count);
  let v0 = new Float64Array(count);
  let v1 = new Float64Array(count);
  v1[0] = 1;
  let start0 = 0;
  let start1 = 0;
  let exponent = 0;
  let j1 = pomeranzBounds(0, n, ll, ceilF, roundF)[0];
  let j2: number;
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [start0, start1] = [start1, start0];
    v1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilF, roundF);
    const powers = i === 1 || i === 2 * n + 1 ? gPowers : i % 2 === 1 ? twoGPowers : restPowers;
    const width = j2 - k1 + 1;
    if (width <= 0) continue;
    const offset = j1 - k1;
    const used = j2 - j1 + 1;
    let largest = 0;
    for (let c = 0; c < used; c++) {
      const at = offset + c;
      let total = 0;
      for (let a = Math.max(0, at - width + 1); a <= Math.min(at, width - 1); a++) total += (v0[k1 - start0 + a] ?? 0) * powers[at - a]!;
      v1[c] = total;
      largest = Math.max(largest, total);
    }
    if (largest > 0 && largest < SCALE_DOWN) {
      for (let c = 0; c < used; c++) v1[c]! *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
    start1 = start0 + j1 - k1;
  }
  let answer = v1[n - start1]!;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > SCALE_UP) {
      answer *= SCALE_DOWN;
      exponent += SCALE_EXPONENT;
    }
    answer *= m;
  }
  return Math.min(1, Math.max(0, answer * 2 ** exponent));
}
