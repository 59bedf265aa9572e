/**
 * str() and repr() of template values, the way Jinja on Python prints them:
 * None, True, 2.0, ['a', 'b'], ('x',), {'k': 1}.
 */
import { MAX_INT_DIGITS, floatRepr, pythonStr, pythonStringRepr } from '../python';
import { typeFault } from './faults';
import { ValueMeter, chargeSteps, checkDepth } from './budget';
import { Namespace, RANGE_TEXT, TemplateFunction } from './globals';
import { LoopContext } from './loopContext';
import { Macro } from './macro';
import { dictEntries, isDict } from './pyDict';
import { NA_TEXT, PandasNA } from '../data/pandasNA';
import { BoundMethod, Markup, PyFloat, UndefinedValue, isLenientUndefined, isTuple, requireDefined, typeName, viewKind } from './values';
import { PyIterator } from './iterators';

export function pyRepr(value: unknown): string {
  const parts: string[] = [];
  const meter = new ValueMeter();
  writeRepr(value, { parts, meter }, 0);
  meter.finish();
  return parts.join('');
}

interface ReprWriter {
  parts: string[];
  meter: ValueMeter;
}

function emit(writer: ReprWriter, text: string): void {
  writer.meter.add(text.length);
  writer.parts.push(text);
}

/**
 * Writes repr(value) piece by piece: a list that holds itself many times over (built with
 * `set`) prints exponentially long, so the value budget is checked as it grows.
 */
function writeRepr(value: unknown, writer: ReprWriter, depth: number): void {
  chargeSteps();
  checkDepth(depth);
  const rangeText = Array.isArray(value) ? RANGE_TEXT.get(value) : undefined;
  if (rangeText !== undefined) {
    emit(writer, rangeText);
  } else if (viewKind(value) !== undefined) {
    emit(writer, `${viewKind(value)!}(`);
    writeRepr([...(value as unknown[])], writer, depth);
    emit(writer, ')');
  } else if (Array.isArray(value)) {
    emit(writer, isTuple(value) ? '(' : '[');
    value.forEach((item, index) => {
      if (index > 0) emit(writer, ', ');
      writeRepr(item, writer, depth + 1);
    });
    emit(writer, isTuple(value) ? (value.length === 1 ? ',)' : ')') : ']');
  } else if (isDict(value)) {
    emit(writer, '{');
    dictEntries(value).forEach(([key, item], index) => {
      if (index > 0) emit(writer, ', ');
      writeRepr(key, writer, depth + 1);
      emit(writer, ': ');
      writeRepr(item, writer, depth + 1);
    });
    emit(writer, '}');
  } else if (typeof value === 'string') {
    writer.meter.add(stringReprBound(value)); // before escaping, which can quadruple a text
    writer.parts.push(pythonStringRepr(value));
  } else {
    emit(writer, scalarRepr(value));
  }
}

/** At least the length of repr(text): two quotes, and 3 more characters per escaped one (`\\x01`). */
function stringReprBound(text: string): number {
  let bound = text.length + 2;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c || code === 0x27) bound += 3;
  }
  return bound;
}

function scalarRepr(value: unknown): string {
  if (typeof value === 'string') return pythonStringRepr(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (value instanceof Markup) return `Markup(${pythonStringRepr(value.text)})`;
  if (value instanceof PandasNA) return NA_TEXT; // pd.NA (data/pandasNA.ts)
  if (typeof value === 'bigint') return bigIntText(value);
  if (value instanceof UndefinedValue) return 'Undefined';
  if (value instanceof BoundMethod) return `<built-in method ${value.name} of ${typeName(value.receiver)} object>`;
  if (value instanceof LoopContext) return value.describe();
  if (value instanceof Namespace) return `<Namespace ${pyRepr(Object.fromEntries(value.attributes))}>`;
  if (value instanceof TemplateFunction) return `<function ${value.name}>`;
  if (value instanceof Macro) return `<Macro ${pythonStringRepr(value.name)}>`;
  if (value instanceof PyIterator) return value.describe();
  return pythonStr(value);
}

/** Python 3.11 refuses to print an int of more than 4,300 digits (sys.set_int_max_str_digits). */
function bigIntText(value: bigint): string {
  const text = value.toString();
  if (text.replace('-', '').length > MAX_INT_DIGITS) {
    throw typeFault(`Exceeds the limit (${MAX_INT_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`);
  }
  return text;
}

/** str(value); StrictUndefined refuses to print. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Markup) return value.text;
  if (isLenientUndefined(value)) return '';
  return pyRepr(requireDefined(value));
}
