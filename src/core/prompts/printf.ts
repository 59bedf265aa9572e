/**
 * Python's printf-style formatting (`'%.2f' % x`, `'%s, %s'|format(a, b)`,
 * `'%(name)s' % row`): conversions s r a d i u f F e E g G x X o c and %, with the
 * flags - + space 0 #, width and precision. %f rounds half to even on the exact binary
 * value, like CPython.
 */
import { ValueMeter, chargeValue } from './budget';
import { typeFault } from './faults';
import { asciiEscape, formatExponent, formatFixed, formatGeneral } from '../python';
import { codePointLength, codePoints } from './pyString';
import { pyRepr, pyStr } from './pyText';
import { dictLookup, isDict } from './pyDict';
import { isInt, isLenientUndefined, isNumeric, isSequence, isTuple, numberOf, requireDefined, typeName } from './values';

// Far above what %f can show of a double; keeps BigInt work bounded.
const MAX_PRECISION = 1000;
const SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/g;

/** Everything a conversion may hold before its type character. */
const SPEC_PREFIX = /%(?:\(([^)]*)\)?)?[-+ 0#]*(?:\*|\d+)?(?:\.(?:\*|\d+)?)?/y;

/** CPython's own errors for a format it cannot parse: an unclosed key, a missing or unknown type. */
function checkFormat(format: string): void {
  for (let at = format.indexOf('%'); at >= 0; at = format.indexOf('%', at)) {
    SPEC_PREFIX.lastIndex = at;
    const prefix = SPEC_PREFIX.exec(format)!;
    if (prefix[0].startsWith('%(') && !prefix[0].includes(')')) throw typeFault('incomplete format key');
    const end = at + prefix[0].length;
    const type = format.codePointAt(end);
    if (type === undefined) throw typeFault('incomplete format');
    if (!'diouxXeEfFgGcrsa%'.includes(String.fromCodePoint(type))) {
      throw typeFault(`unsupported format character '${String.fromCodePoint(type)}' (0x${type.toString(16)}) at index ${codePointLength(format.slice(0, end))}`);
    }
    at = end + 1;
  }
}

export function percentFormat(format: string, argument: unknown): string {
  checkFormat(format);
  const value = isLenientUndefined(argument) ? argument : requireDefined(argument);
  const positional = isTuple(value) ? [...value] : [value];
  const mapping = isDict(value) ? value : null;
  let next = 0;
  let usedMapping = false;
  const meter = new ValueMeter();
  const take = (): unknown => {
    if (next >= positional.length) throw typeFault('not enough arguments for format string');
    return positional[next++];
  };
  const out = format.replace(SPEC, (_m, key: string | undefined, flags: string, width?: string, precision?: string, type?: string) => {
    if (type === '%') return '%';
    meter.add(_m.length);
    let item: unknown;
    if (key !== undefined) {
      if (mapping === null) throw typeFault('format requires a mapping');
      usedMapping = true;
      const hit = dictLookup(mapping, key);
      if (hit === undefined) throw typeFault(`KeyError: '${key}'`);
      item = hit.value;
    }
    const size = width === '*' ? starArgument(take()) : width === undefined ? 0 : Number(width);
    const digits = precision === '*' ? starArgument(take()) : precision === undefined ? undefined : Number(precision);
    if (key === undefined) item = take();
    if (digits !== undefined && digits > MAX_PRECISION) throw typeFault('precision too big');
    // An Undefined's repr never fails; a lenient one prints as '' (llm_guard's plain environment).
    const argumentValue = type === 'r' || type === 'a' ? item : isLenientUndefined(item) && type === 's' ? '' : requireDefined(item);
    const piece = pad(convert(type!, argumentValue, flags, digits), size, flags, type!);
    meter.add(piece.length);
    return piece;
  });
  meter.add(format.length);
  meter.finish();
  // CPython skips this check when the argument looks like a mapping (dicts, and lists too).
  const mappingLike = mapping !== null || (isSequence(value) && !isTuple(value));
  if (!usedMapping && !mappingLike && next < positional.length) {
    throw typeFault('not all arguments converted during string formatting');
  }
  return out;
}

function starArgument(value: unknown): number {
  if (!isInt(value)) throw typeFault('* wants int');
  return numberOf(value);
}

function convert(type: string, item: unknown, flags: string, precision: number | undefined): string {
  if (type === 's') return truncate(pyStr(item), precision);
  if (type === 'r') return truncate(pyRepr(item), precision);
  if (type === 'a') return truncate(asciiEscape(pyRepr(item)), precision);
  if (type === 'c') return character(item);
  if (!isNumeric(item)) throw typeFault(`%${type} format: a real number is required, not ${typeName(item)}`);
  if ('xXo'.includes(type) && !isInt(item)) throw typeFault(`%${type} format: an integer is required, not ${typeName(item)}`);
  if (typeof item === 'bigint' && 'diuxXo'.includes(type)) return bigIntConversion(type, item, flags, precision);
  if ('diuxXo'.includes(type)) {
    const number = numberOf(item);
    if (Number.isNaN(number)) throw typeFault('ValueError: cannot convert float NaN to integer');
    if (!Number.isFinite(number)) throw typeFault('OverflowError: cannot convert float infinity to integer');
  }
  // Integer conversions truncate first, and Python ints have no -0: '%d' % -0.5 is '0'.
  const number = 'diuxXo'.includes(type) ? Math.trunc(numberOf(item)) + 0 : numberOf(item);
  const sign = number < 0 || Object.is(number, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  return sign + magnitude(type, Math.abs(number), precision, flags.includes('#'));
}

function bigIntConversion(type: string, value: bigint, flags: string, precision: number | undefined): string {
  const sign = value < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const radix = type === 'x' || type === 'X' ? 16 : type === 'o' ? 8 : 10;
  const digits = (value < 0n ? -value : value).toString(radix).padStart(precision ?? 0, '0');
  const prefix = flags.includes('#') && radix !== 10 ? `0${radix === 8 ? 'o' : type}` : '';
  return sign + prefix + (type === 'X' ? digits.toUpperCase() : digits);
}

function magnitude(type: string, value: number, precision: number | undefined, alternate: boolean): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? cased('nan', type) : cased('inf', type);
  switch (type) {
    // An integer conversion's precision is a minimum number of digits: '%.3d' % 7 is '007'.
    case 'd': case 'i': case 'u': return BigInt(Math.trunc(value)).toString().padStart(precision ?? 0, '0');
    case 'x': return (alternate ? '0x' : '') + Math.trunc(value).toString(16).padStart(precision ?? 0, '0');
    case 'X': return (alternate ? '0X' : '') + Math.trunc(value).toString(16).toUpperCase().padStart(precision ?? 0, '0');
    case 'o': return (alternate ? '0o' : '') + Math.trunc(value).toString(8).padStart(precision ?? 0, '0');
    // '#' keeps the decimal point: '%#.0f' % 2 is '2.', '%#.0e' % 1 is '1.e+00'.
    case 'f': case 'F': return withPoint(formatFixed(value, precision ?? 6), alternate);
    case 'e': case 'E': return cased(withPoint(formatExponent(value, precision ?? 6), alternate), type);
    default: return cased(formatGeneral(value, precision ?? 6, alternate), type);
  }
}

function withPoint(text: string, alternate: boolean): string {
  return alternate && !text.includes('.') ? text.replace(/(e|$)/, '.$1') : text;
}

function cased(text: string, type: string): string {
  return type === type.toUpperCase() ? text.toUpperCase() : text;
}

function character(item: unknown): string {
  if (typeof item === 'string' && codePointLength(item) === 1) return item;
  const code = typeof item === 'boolean' ? Number(item) : item;
  if (typeof code === 'number' && Number.isInteger(code) && code >= 0 && code <= 0x10ffff) return String.fromCodePoint(code);
  throw typeFault('%c requires an int or a unicode character');
}

function truncate(text: string, precision: number | undefined): string {
  return precision === undefined || precision >= text.length ? text : codePoints(text).slice(0, precision).join('');
}

function pad(text: string, width: number, flags: string, type: string): string {
  chargeValue(width);
  const length = codePointLength(text);
  if (length >= width) return text;
  if (flags.includes('-')) return text + ' '.repeat(width - length);
  if (flags.includes('0') && !'scra'.includes(type)) {
    // After the sign and the '#' prefix: '%#06x' is 0x00ff.
    const signLength = /^[-+ ]?(?:0[xXo])?/.exec(text)![0].length;
    return text.slice(0, signLength) + '0'.repeat(width - length) + text.slice(signLength);
  }
  return ' '.repeat(width - length) + text;
}
