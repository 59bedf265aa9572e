/**
 * Python's decimal rounding of doubles, done exactly: the double's binary value as a
 * fraction of integers, rounded half to even. JavaScript's toFixed rounds exact ties up
 * ("0.125" -> "0.13" where Python gives "0.12"), and Python's round(2.675, 2) is 2.67, so
 * prompt filters, report formatting and the mock's scores all go through here.
 */

/** The double's exact value as numerator / denominator (denominator a power of two). */
function exactFraction(value: number): { numerator: bigint; denominator: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  return exponent >= 0 ? { numerator: mantissa << BigInt(exponent), denominator: 1n } : { numerator: mantissa, denominator: 1n << BigInt(-exponent) };
}

/** numerator / denominator rounded half to even. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder > denominator) return quotient + 1n;
  if (twiceRemainder < denominator) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}

/**
 * Python's round(x, ndigits) for a float (half-even on the exact binary value). The quick path
 * is exact whenever the scaled value is clearly away from a rounding boundary (below 1e9 the
 * product's error, < 2.3e-7, cannot cross a boundary 1e-6 away): rounded/10**n is then the
 * double nearest the rounded decimal, as Python's result is. Near-ties take the exact route.
 */
export function roundFloat(value: number, digits: number): number {
  if (!Number.isFinite(value) || value === 0 || digits > 330) return value;
  if (digits >= 0 && digits <= 22) {
    const scaled = value * 10 ** digits;
    const fraction = Math.abs(scaled - Math.trunc(scaled));
    if (Math.abs(scaled) < 1e9 && Math.abs(fraction - 0.5) > 1e-6) return (Math.round(Math.abs(scaled)) * Math.sign(scaled)) / 10 ** digits;
  }
  const sign = value < 0 ? -1 : 1;
  if (digits < -330) return sign * 0;
  const { numerator, denominator } = exactFraction(value);
  const scaled = digits >= 0 ? divideHalfEven(numerator * 10n ** BigInt(digits), denominator) : divideHalfEven(numerator, denominator * 10n ** BigInt(-digits));
  return sign * Number(`${scaled}e${-digits}`);
}

/** Python's round(int, ndigits): stays an int; negative ndigits round half to even at tens, hundreds... */
export function roundInt(value: number, digits: number): number {
  if (digits >= 0 || !Number.isSafeInteger(value)) return value;
  if (digits < -20) return 0; // every safe integer rounds to 0 at 10**21 and beyond
  const unit = 10n ** BigInt(-digits);
  const rounded = divideHalfEven(BigInt(Math.abs(value)), unit) * unit;
  return (value < 0 ? -1 : 1) * Number(rounded);
}

/** Python's format(x, f".{digits}f") (also '%.Nf' % x). */
export function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const negative = value < 0 || Object.is(value, -0);
  const { numerator, denominator } = exactFraction(value);
  const text = divideHalfEven(numerator * 10n ** BigInt(digits), denominator).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${text.slice(text.length - digits)}` : ''}`;
}

/** |value| as m * 10**(exponent - digits + 1) with m of exactly `digits` digits, rounded half to even. */
function significand(value: number, digits: number): { digits: string; exponent: number } {
  const { numerator, denominator } = exactFraction(value);
  let exponent = Math.floor(Math.log10(Math.abs(value)));
  for (;;) {
    const shift = digits - 1 - exponent;
    const m = shift >= 0
      ? divideHalfEven(numerator * 10n ** BigInt(shift), denominator)
      : divideHalfEven(numerator, denominator * 10n ** BigInt(-shift));
    const text = m.toString();
    if (text.length > digits) exponent += 1;
    else if (text.length < digits) exponent -= 1;
    else return { digits: text, exponent };
  }
}

/** The decimal exponent of |value| once rounded to `digits` significant digits. */
export function decimalExponent(value: number, digits: number): number {
  return significand(value, digits).exponent;
}

function exponentSuffix(exponent: number): string {
  return `e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** Python's format(x, f".{precision}e") (also '%.Ne' % x), exact and half-even like CPython. */
export function formatExponent(value: number, precision: number): string {
  if (!Number.isFinite(value)) return formatFixed(value, 0);
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (value === 0) return `${sign}0${precision > 0 ? `.${'0'.repeat(precision)}` : ''}${exponentSuffix(0)}`;
  const { digits, exponent } = significand(value, precision + 1);
  return `${sign}${digits[0]}${precision > 0 ? `.${digits.slice(1)}` : ''}${exponentSuffix(exponent)}`;
}

/**
 * Python's format(x, f".{precision}g") (also '%.Ng' % x): scientific when the exponent is
 * below -4 or at least the precision, trailing zeros removed unless `alternate` ('#').
 */
export function formatGeneral(value: number, precision: number, alternate = false): string {
  if (!Number.isFinite(value)) return formatFixed(value, 0);
  const digits = precision === 0 ? 1 : precision;
  const exponent = value === 0 ? 0 : significand(value, digits).exponent;
  let text = exponent < -4 || exponent >= digits
    ? formatExponent(value, digits - 1)
    : formatFixed(value, Math.max(0, digits - 1 - exponent));
  if (alternate) return text.includes('.') || text.includes('n') ? text : text.replace(/(e|$)/, '.$1');
  const [body, suffix] = text.split('e') as [string, string | undefined];
  text = body.includes('.') ? body.replace(/0+$/, '').replace(/\.$/, '') : body;
  return suffix === undefined ? text : `${text}e${suffix}`;
}

/** repr(float): the shortest text that reads back as the same double, in Python's layout. */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const sign = value < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}${exponentSuffix(exponent)}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}
