/**
 * Python's format(value, spec), the mini-language of str.format and f-strings:
 * [[fill]align][sign][z][#][0][width][grouping][.precision][type], for str, int (exact, as a
 * bigint) and float values, with CPython's error messages.
 */
import { decimalExponent, floatRepr, formatExponent, formatFixed, formatGeneral } from './decimal';

export type Formattable = { type: 'str'; value: string } | { type: 'int'; value: bigint } | { type: 'float'; value: number };

export interface FormatSpec {
  fill: string;
  align: '<' | '>' | '=' | '^' | null;
  sign: '+' | '-' | ' ' | null;
  noNegativeZero: boolean;
  alternate: boolean;
  zero: boolean;
  width: number;
  grouping: ',' | '_' | null;
  precision: number | null;
  type: string | null;
}

export class FormatSpecError extends Error {
  override readonly name = 'FormatSpecError';
}

const SPEC = /^(?:([\s\S])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([\s\S])?$/u;

export function parseFormatSpec(spec: string): FormatSpec {
  const match = SPEC.exec(spec);
  if (match === null || (match[9] === undefined && /\.$/.test(spec.replace(/[\s\S]$/u, '')) && spec.includes('.'))) {
    throw new FormatSpecError(spec.includes('.') && !/\.\d/.test(spec) ? 'Format specifier missing precision' : 'Invalid format specifier');
  }
  const [, fill, align, sign, z, alternate, zero, width, grouping, precision, type] = match;
  // CPython checks the separator against the type while parsing (PEP 378, PEP 515).
  if (grouping !== undefined && !'defgEGF%'.includes(type ?? 'd') && !(grouping === '_' && 'boxX'.includes(type!))) {
    throw new FormatSpecError(`Cannot specify '${grouping}' with '${type!}'.`);
  }
  return {
    fill: fill ?? (zero !== undefined ? '0' : ' '), // '<05' pads with zeros too: 7 gives '70000'
    align: (align as FormatSpec['align']) ?? null,
    sign: (sign as FormatSpec['sign']) ?? null,
    noNegativeZero: z !== undefined,
    alternate: alternate !== undefined,
    zero: zero !== undefined,
    width: width === undefined ? 0 : Number(width),
    grouping: (grouping as FormatSpec['grouping']) ?? null,
    precision: precision === undefined ? null : Number(precision),
    type: type ?? null,
  };
}

export function formatWithSpec(value: Formattable, spec: FormatSpec): string {
  if (value.type === 'str') return formatString(value.value, spec);
  const type = spec.type;
  if (value.type === 'int' && (type === null || 'bcdoxXn'.includes(type))) return formatInt(value.value, spec);
  if (type !== null && !'eEfFgGn%'.includes(type)) {
    throw new FormatSpecError(`Unknown format code '${type}' for object of type '${value.type}'`);
  }
  return formatFloat(value.type === 'int' ? Number(value.value) : value.value, spec, value.type === 'int');
}

/** format(value, spec) from the spec's text. */
export function pyFormat(value: Formattable, spec: string): string {
  return formatWithSpec(value, parseFormatSpec(spec));
}

function formatString(text: string, spec: FormatSpec): string {
  if (spec.type !== null && spec.type !== 's') throw new FormatSpecError(`Unknown format code '${spec.type}' for object of type 'str'`);
  if (spec.sign !== null) throw new FormatSpecError('Sign not allowed in string format specifier');
  if (spec.alternate) throw new FormatSpecError('Alternate form (#) not allowed in string format specifier');
  if (spec.align === '=') throw new FormatSpecError("'=' alignment not allowed in string format specifier");
  if (spec.grouping !== null) throw new FormatSpecError(`Cannot specify '${spec.grouping}' with 's'.`);
  const points = Array.from(text);
  const shown = spec.precision === null ? text : points.slice(0, spec.precision).join('');
  return align('', shown, spec, '<');
}

function formatInt(value: bigint, spec: FormatSpec): string {
  const type = spec.type ?? 'd';
  if (spec.precision !== null) throw new FormatSpecError('Precision not allowed in integer format specifier');
  if (spec.noNegativeZero) throw new FormatSpecError('Negative zero coercion (z) not allowed in integer format specifier');
  if (type === 'c') {
    if (spec.sign !== null) throw new FormatSpecError("Sign not allowed with integer format specifier 'c'");
    if (spec.alternate) throw new FormatSpecError("Alternate form (#) not allowed with integer format specifier 'c'");
    if (value >= 2n ** 63n || value < -(2n ** 63n)) throw new FormatSpecError('Python int too large to convert to C long');
    if (value < 0n || value > 0x10ffffn) throw new FormatSpecError('%c arg not in range(0x110000)');
    return align('', String.fromCodePoint(Number(value)), spec, '>');
  }
  if (spec.grouping === ',' && 'bxXo'.includes(type)) throw new FormatSpecError(`Cannot specify ',' with '${type}'.`);
  const magnitude = value < 0n ? -value : value;
  const radix = type === 'b' ? 2 : type === 'o' ? 8 : type === 'x' || type === 'X' ? 16 : 10;
  let digits = magnitude.toString(radix);
  if (type === 'X') digits = digits.toUpperCase();
  const prefix = spec.alternate && radix !== 10 ? `0${type === 'X' ? 'X' : type === 'x' ? 'x' : type}` : '';
  return alignNumber(signOf(value < 0n, spec), prefix, digits, spec, radix === 10 ? 3 : 4);
}

function signOf(negative: boolean, spec: FormatSpec): string {
  if (negative) return '-';
  return spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
}

function formatFloat(value: number, spec: FormatSpec, fromInt: boolean): string {
  const type = spec.type;
  const negative = value < 0 || (Object.is(value, -0) && !spec.noNegativeZero);
  let magnitude = Math.abs(value);
  let body: string;
  let suffix = '';
  if (type === '%') {
    magnitude *= 100;
    suffix = '%';
  }
  const precision = spec.precision ?? 6;
  if (type === 'f' || type === 'F' || type === '%') body = formatFixed(magnitude, precision);
  else if (type === 'e' || type === 'E') body = formatExponent(magnitude, precision);
  else if (type === 'g' || type === 'G' || type === 'n') body = formatGeneral(magnitude, precision, spec.alternate);
  else if (fromInt && spec.precision === null) body = magnitude.toString(); // format(10**20, '') never gets here: ints use formatInt
  else body = noTypeFloat(magnitude, spec.precision, spec.alternate);
  if (spec.noNegativeZero && /^[0.]*(e|$|%)/.test(body.replace(/[^0-9.e%]/g, ''))) {
    return alignNumber(signOf(false, spec), '', cased(body, type) + suffix, spec, 3);
  }
  if (spec.alternate && !body.includes('.') && /^\d/.test(body) && type !== 'g' && type !== 'G') body = body.replace(/(e|$)/, '.$1');
  return alignNumber(signOf(negative, spec), '', cased(body, type) + suffix, spec, 3);
}

/**
 * The float format without a type: repr() without a precision; with one, like 'g' but
 * scientific from an exponent of precision - 1, and fixed notation keeps a digit after the point.
 */
function noTypeFloat(value: number, precision: number | null, alternate: boolean): string {
  if (precision === null || !Number.isFinite(value)) return floatRepr(value);
  const digits = precision === 0 ? 1 : precision;
  const exponent = value === 0 ? 0 : decimalExponent(value, digits);
  if (exponent < -4 || exponent >= digits - 1) {
    const text = formatExponent(value, digits - 1);
    return alternate ? text : stripFraction(text);
  }
  const text = formatFixed(value, digits - 1 - exponent);
  return alternate ? text : text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '.0');
}

/** Trailing zeros of the fraction (and a bare point) go: '1.500e+03' -> '1.5e+03'. */
function stripFraction(text: string): string {
  const [mantissa, exponent] = text.split('e') as [string, string];
  const stripped = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return `${stripped}e${exponent}`;
}

function cased(text: string, type: string | null): string {
  return type !== null && type === type.toUpperCase() && type !== '%' ? text.toUpperCase() : text;
}

function group(digits: string, separator: string, size: number): string {
  const [whole, rest] = splitNumber(digits);
  let out = '';
  for (let end = whole.length; end > 0; end -= size) out = whole.slice(Math.max(0, end - size), end) + (out === '' ? '' : separator + out);
  return out + rest;
}

function splitNumber(text: string): [string, string] {
  const at = text.search(/[^0-9a-fA-F]/);
  if (/^(nan|inf)/i.test(text)) return ['', text]; // no digits to group
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at)];
}

function alignNumber(sign: string, prefix: string, digits: string, spec: FormatSpec, groupSize: number): string {
  let body = spec.grouping === null ? digits : group(digits, spec.grouping, groupSize);
  // CPython zero-pads through the separators when the fill is '0' and the alignment '=' (also what the '0' flag means).
  const zeroPad = spec.fill === '0' && (spec.align === '=' || (spec.align === null && spec.zero));
  if (zeroPad && spec.grouping !== null && /^[0-9a-fA-F]/.test(digits)) {
    let padded = digits;
    while (sign.length + prefix.length + body.length < spec.width) {
      padded = `0${padded}`;
      body = group(padded, spec.grouping, groupSize);
    }
    return sign + prefix + body;
  }
  return align(sign + prefix, body, spec, '>');
}

function align(prefix: string, body: string, spec: FormatSpec, defaultAlign: '<' | '>'): string {
  const length = Array.from(prefix + body).length;
  const missing = spec.width - length;
  if (missing <= 0) return prefix + body;
  const alignment = spec.align ?? (spec.zero && defaultAlign === '>' ? '=' : defaultAlign);
  const fill = spec.fill;
  if (alignment === '<') return prefix + body + fill.repeat(missing);
  if (alignment === '>') return fill.repeat(missing) + prefix + body;
  if (alignment === '=') return prefix + fill.repeat(missing) + body;
  const left = Math.floor(missing / 2);
  return fill.repeat(left) + prefix + body + fill.repeat(missing - left);
}
