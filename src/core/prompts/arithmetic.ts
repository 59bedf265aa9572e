/**
 * Python arithmetic on template values: int/float promotion, floor division and modulo
 * with the divisor's sign, string and list repetition, and Python's error wording.
 */
import { BudgetFault, ValueMeter, chargeValue } from './budget';
import { typeFault } from './faults';
import { markupArithmetic } from './markup';
import { percentFormat } from './printf';
import { pyStr } from './pyText';
import { Markup, bigOf, makeInt, unmark, markLocal, PyFloat, isFloat, isInt, isNumeric, isSequence, isTuple, makeNumber, makeTuple, numberOf, requireDefined, typeName } from './values';

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**';

export function arithmetic(op: ArithmeticOperator, left: unknown, right: unknown): unknown {
  if (left instanceof Markup || right instanceof Markup) {
    const result = markupArithmetic(op, left, right) ?? arithmetic(op, unmark(left), unmark(right));
    return op === '*' && typeof result === 'string' ? new Markup(result) : result;
  }
  const a = requireDefined(left);
  const b = requireDefined(right);
  if (isNumeric(a) && isNumeric(b)) return numericOp(op, a, b);
  if (op === '+') return concatenate(a, b);
  if (op === '*') return repeat(a, b) ?? repeat(b, a) ?? unsupported(op, a, b);
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  return unsupported(op, a, b);
}

function unsupported(op: string, a: unknown, b: unknown): never {
  throw typeFault(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function numericOp(op: ArithmeticOperator, a: number | boolean | PyFloat | bigint, b: number | boolean | PyFloat | bigint): unknown {
  const float = isFloat(a) || isFloat(b);
  if (!float) {
    const exact = exactIntOp(op, a as number | boolean | bigint, b as number | boolean | bigint);
    if (exact !== undefined) return exact;
  }
  const x = floatOf(a);
  const y = floatOf(b);
  switch (op) {
    case '+': return makeNumber(x + y, float);
    case '-': return makeNumber(x - y, float);
    case '*': return makeNumber(x * y, float);
    case '/': return makeNumber(divide(x, y, float ? 'float division by zero' : 'division by zero'), true);
    case '//': return float ? makeNumber(floatDivmod(x, y, 'float floor division by zero')[0], true) : makeNumber(Math.floor(divide(x, y, 'integer division or modulo by zero')), false);
    case '%': return float ? makeNumber(floatDivmod(x, y, 'float modulo')[1], true) : makeNumber(pythonModulo(x, y), false);
    case '**': return power(x, y, float);
  }
}

/** An int converted for float arithmetic: Python raises rather than using infinity. */
function floatOf(value: number | boolean | PyFloat | bigint): number {
  const number = numberOf(value);
  if (typeof value === 'bigint' && !Number.isFinite(number)) throw typeFault('OverflowError: int too large to convert to float');
  return number;
}

/** Beyond this many digits an int is refused (Python refuses to print past 4,300). */
const MAX_BIG_DIGITS = 100_000;

/**
 * int op int, exactly, when an operand is a bigint or the double result leaves ±2**53;
 * undefined when the double arithmetic is exact (or the operator gives a float).
 */
function exactIntOp(op: ArithmeticOperator, a: number | boolean | bigint, b: number | boolean | bigint): unknown {
  if (op === '/') {
    const quotient = Number(bigOf(a)) / Number(bigOf(b));
    if (bigOf(b) !== 0n && !Number.isFinite(quotient)) throw typeFault('OverflowError: integer division result too large for a float');
    return undefined;
  }
  const big = typeof a === 'bigint' || typeof b === 'bigint';
  const approximate = plainIntOp(op, numberOf(a), numberOf(b));
  if (!big && (approximate === undefined || Number.isSafeInteger(approximate))) return undefined;
  const x = bigOf(a);
  const y = bigOf(b);
  switch (op) {
    case '+': return makeInt(x + y);
    case '-': return makeInt(x - y);
    case '*': return makeInt(checkedDigits(digitsOf(x) + digitsOf(y), () => x * y));
    case '//': return makeInt(floorDivide(x, y));
    case '%': return makeInt(x - floorDivide(x, y) * y);
    case '**': return y < 0n ? undefined : makeInt(checkedDigits(Number(y) * digitsOf(x), () => x ** y));
  }
  return undefined;
}

function plainIntOp(op: ArithmeticOperator, x: number, y: number): number | undefined {
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '**': return y < 0 ? undefined : x ** y;
    default: return undefined; // // and % of safe ints stay safe
  }
}

function digitsOf(value: bigint): number {
  return (value < 0n ? -value : value).toString(16).length * 1.21 + 1; // hex digits to decimal, rounded up
}

function checkedDigits(digits: number, compute: () => bigint): bigint {
  if (digits > MAX_BIG_DIGITS) throw new BudgetFault(`an integer of more than ${MAX_BIG_DIGITS.toLocaleString('en-US')} digits is larger than a template may build`, 'value');
  chargeValue(Math.ceil(digits));
  return compute();
}

function floorDivide(x: bigint, y: bigint): bigint {
  if (y === 0n) throw typeFault('integer division or modulo by zero');
  const quotient = x / y;
  return (x % y !== 0n) && ((x < 0n) !== (y < 0n)) ? quotient - 1n : quotient;
}

function divide(x: number, y: number, message: string): number {
  if (y === 0) throw typeFault(message);
  return x / y;
}

/** CPython's float_divmod: `1 // 0.1` is 9.0 because fmod(1, 0.1) is 0.09999999999999995. */
function floatDivmod(x: number, y: number, message: string): [number, number] {
  if (y === 0) throw typeFault(message);
  let mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0) {
    if (y < 0 !== mod < 0) {
      mod += y;
      div -= 1;
    }
  } else {
    mod = y < 0 ? -0 : 0;
  }
  let floor: number;
  if (div !== 0) {
    floor = Math.floor(div);
    if (div - floor > 0.5) floor += 1;
  } else {
    floor = (x / y < 0 || Object.is(x / y, -0)) ? -0 : 0;
  }
  return [floor, mod];
}

function pythonModulo(x: number, y: number): number {
  if (y === 0) throw typeFault('integer division or modulo by zero');
  const remainder = x % y;
  return remainder !== 0 && remainder < 0 !== y < 0 ? remainder + y : remainder;
}

function power(x: number, y: number, float: boolean): unknown {
  if (x === 0 && y < 0) throw typeFault('0.0 cannot be raised to a negative power');
  const result = x ** y;
  if (!Number.isFinite(result) && Number.isFinite(x) && Number.isFinite(y)) throw typeFault("OverflowError: (34, 'Numerical result out of range')");
  if (Number.isNaN(result) && !Number.isNaN(x) && !Number.isNaN(y)) {
    throw typeFault('a negative number raised to a fractional power is complex, which prompts do not support');
  }
  // int ** negative int is a float in Python.
  return makeNumber(result, float || y < 0);
}

function concatenate(a: unknown, b: unknown): unknown {
  if (typeof a === 'string' && typeof b === 'string') {
    chargeValue(a.length + b.length);
    return a + b;
  }
  if (isSequence(a) && isSequence(b) && isTuple(a) === isTuple(b)) {
    chargeValue(a.length + b.length);
    const joined = [...a, ...b];
    return isTuple(a) ? makeTuple(joined) : markLocal(joined);
  }
  if (typeof a === 'string') throw typeFault(`can only concatenate str (not "${typeName(b)}") to str`);
  return unsupported('+', a, b);
}

function repeat(sequence: unknown, times: unknown): unknown {
  if (!isInt(times)) return undefined;
  const count = Math.max(0, numberOf(times));
  if (typeof sequence === 'string' || isSequence(sequence)) chargeValue(count * sequence.length);
  if (typeof sequence === 'string') return sequence.repeat(count);
  if (isSequence(sequence)) {
    const out: unknown[] = [];
    for (let i = 0; i < count; i += 1) out.push(...sequence);
    return isTuple(sequence) ? makeTuple(out) : out;
  }
  return undefined;
}

export function negate(value: unknown, op: '-' | '+'): unknown {
  const defined = requireDefined(value);
  if (!isNumeric(defined)) throw typeFault(`bad operand type for unary ${op}: '${typeName(defined)}'`);
  if (typeof defined === 'bigint') return op === '-' ? makeInt(-defined) : defined;
  const number = numberOf(defined);
  return makeNumber(op === '-' ? -number : number, isFloat(defined));
}

/** `a ~ b`: both sides printed with str(). */
export function concatText(parts: readonly unknown[]): string {
  const meter = new ValueMeter();
  const texts = parts.map((part) => {
    const text = pyStr(part);
    meter.add(text.length);
    return text;
  });
  meter.finish();
  return texts.join('');
}
