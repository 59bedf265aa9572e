/**
 * str() and repr() of template values, the way Jinja on Python prints them:
 * None, True, 2.0, ['a', 'b'], ('x',), {'k': 1}.
 */
import { pythonNumber, pythonStr, pythonStringRepr } from '../format/python';
import { LoopContext } from './loopContext';
import { BoundMethod, PyFloat, UndefinedValue, isLenientUndefined, isPlainObject, isTuple, requireDefined, typeName } from './values';

/** repr(float) for a float with an integral value: 2.0, -0.0, 1e+16. */
export function floatRepr(value: number): string {
  if (!Number.isFinite(value)) return pythonNumber(value);
  if (Math.abs(value) >= 1e16) {
    const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
    const sign = exponent.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  if (Object.is(value, -0)) return '-0.0';
  return `${String(value)}.0`;
}

export function pyRepr(value: unknown): string {
  if (typeof value === 'string') return pythonStringRepr(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (Array.isArray(value)) return sequenceRepr(value);
  if (isPlainObject(value)) {
    const items = Object.keys(value).map((key) => `${pythonStringRepr(key)}: ${pyRepr(value[key])}`);
    return `{${items.join(', ')}}`;
  }
  if (value instanceof UndefinedValue) return 'Undefined';
  if (value instanceof BoundMethod) return `<built-in method ${value.name} of ${typeName(value.receiver)} object>`;
  if (value instanceof LoopContext) return value.describe();
  return pythonStr(value);
}

function sequenceRepr(items: readonly unknown[]): string {
  const inner = items.map(pyRepr).join(', ');
  if (!isTuple(items)) return `[${inner}]`;
  return items.length === 1 ? `(${inner},)` : `(${inner})`;
}

/** str(value); StrictUndefined refuses to print. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isLenientUndefined(value)) return '';
  return pyRepr(requireDefined(value));
}
