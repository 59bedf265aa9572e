/**
 * Python's round(x, ndigits): exact half-to-even on the binary value, so
 * round(2.675, 2) == 2.67 and round(0.125, 2) == 0.12, as on Python.
 * Done with BigInt on the double's exact mantissa and exponent, then parsed back from
 * the decimal string (correctly rounded, like CPython's dtoa path).
 */

function decompose(value: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** numerator / denominator rounded half to even. */
function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder > denominator) return quotient + 1n;
  if (twiceRemainder < denominator) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}

export function roundFloat(value: number, digits: number): number {
  if (!Number.isFinite(value) || value === 0 || digits > 330) return value;
  const sign = value < 0 ? -1 : 1;
  if (digits < -330) return sign * 0;
  const { mantissa, exponent } = decompose(Math.abs(value));
  let numerator = mantissa;
  let denominator = 1n;
  if (exponent >= 0) numerator <<= BigInt(exponent);
  else denominator <<= BigInt(-exponent);
  if (digits >= 0) numerator *= 10n ** BigInt(digits);
  else denominator *= 10n ** BigInt(-digits);
  const scaled = divideHalfEven(numerator, denominator);
  return sign * Number(`${scaled}e${-digits}`);
}

/** round(int, ndigits) stays an int; negative ndigits round half to even at tens, hundreds... */
export function roundInt(value: number, digits: number): number {
  if (digits >= 0 || !Number.isSafeInteger(value)) return value;
  if (digits < -20) return 0; // every safe integer rounds to 0 at 10**21 and beyond
  const unit = 10n ** BigInt(-digits);
  const magnitude = BigInt(Math.abs(value));
  const rounded = divideHalfEven(magnitude, unit) * unit;
  return (value < 0 ? -1 : 1) * Number(rounded);
}

/** '%.Nf' % value for a non-negative finite value: exact half-to-even, as CPython prints it. */
export function formatFixed(value: number, digits: number): string {
  if (value === 0) return digits > 0 ? `0.${'0'.repeat(digits)}` : '0';
  const { mantissa, exponent } = decompose(value);
  let numerator = mantissa * 10n ** BigInt(digits);
  let denominator = 1n;
  if (exponent >= 0) numerator <<= BigInt(exponent);
  else denominator <<= BigInt(-exponent);
  const scaled = divideHalfEven(numerator, denominator).toString().padStart(digits + 1, '0');
  if (digits === 0) return scaled;
  return `${scaled.slice(0, -digits)}.${scaled.slice(-digits)}`;
}
