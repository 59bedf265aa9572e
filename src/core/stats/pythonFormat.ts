/**
 * Python's `format(x, ".Nf")` and `format(x, ".N%")`: the exact binary value of the double,
 * rounded half to even. `Number.prototype.toFixed` rounds exact ties up ("0.125" gives
 * "0.13" where Python gives "0.12"), so the digits are worked out with exact integers.
 */

/** The double as numerator / 2^shift, exactly. */
function exactRatio(value: number): { numerator: bigint; shift: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = exponentBits === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (exponentBits === 0 ? 1 : exponentBits) - 1075;
  if (exponent >= 0) return { numerator: mantissa << BigInt(exponent), shift: 0n };
  return { numerator: mantissa, shift: BigInt(-exponent) };
}

function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder > denominator) return quotient + 1n;
  if (twiceRemainder < denominator) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}

/** `format(value, f".{digits}f")`. */
export function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const negative = value < 0 || Object.is(value, -0);
  const { numerator, shift } = exactRatio(value);
  const scaled = roundHalfEven(numerator * 10n ** BigInt(digits), 1n << shift);
  const text = scaled.toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const decimals = text.slice(text.length - digits);
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${decimals}` : ''}`;
}

/** `format(value, f".{digits}%")`: Python multiplies the double by 100 first. */
export function formatPercent(value: number, digits: number): string {
  return `${formatFixed(value * 100, digits)}%`;
}
