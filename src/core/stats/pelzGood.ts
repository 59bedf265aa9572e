/**
 * Pelz–Good asymptotic series for the two-sided Kolmogorov CDF P(D_n ≤ x) (four terms), used
 * by `kolmogorovSf` for large n (Simard & L'Ecuyer 2011, as scipy's `_ksstats`).
 */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qLog = -(Math.PI ** 2) / 8 / z2;
  if (qLog < -708) return 0;
  const q = Math.exp(qLog);
  const pi2 = Math.PI ** 2;
  const pi4 = pi2 * pi2;
  const pi6 = pi4 * pi2;
  const k = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let j = maxK; j >= 1; j--) {
    const m2 = (2 * j - 1) ** 2;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qPower = q ** (8 * j);
    const coefficients = [
      1,
      -z2 + (pi2 / 4) * m2,
      6 * z6 + 2 * z4 + ((2 * z4 - 5 * z2) * pi2 * m2) / 4 + (pi4 * (1 - 2 * z2) * m4) / 16,
      -30 * z6 - 90 * z ** 8 + (pi2 * (135 * z4 - 96 * z6) * m2) / 4 + (pi4 * (-60 * z2 + 212 * z4) * m4) / 16 + (pi6 * (5 - 30 * z2) * m6) / 64,
    ];
    for (let c = 0; c < 4; c++) k[c] = k[c]! * qPower + coefficients[c]!;
  }
  const root2Pi = Math.sqrt(2 * Math.PI);
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let c = 0; c < 4; c++) k[c] = (k[c]! * q * root2Pi) / divisors[c]!;
  const qq = Math.exp(-pi2 / 2 / z2);
  let extra2 = 0;
  let extra3 = 0;
  for (let j = maxK; j >= 1; j--) {
    const j2 = j * j;
    const weight = j2 * qq ** j2;
    extra2 += weight;
    extra3 += (Math.sqrt(3) * z + Math.PI * j) * (Math.sqrt(3) * z - Math.PI * j) * weight;
  }
  k[2]! += (extra2 * pi2 * root2Pi) / (-36 * z ** 3);
  k[3]! += (extra3 * pi2 * root2Pi) / (216 * z6);
  return k[0]! + k[1]! / Math.sqrt(n) + k[2]! / n + k[3]! / n ** 1.5;
}
