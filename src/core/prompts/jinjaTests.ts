/** Jinja 3.1's tests (`x is defined`, `n is divisibleby(3)`...). Unknown names fail at compile time. */
import { REQUIRED, bindArguments, type CallArguments, type ParameterList } from './args';
import { arithmetic } from './arithmetic';
import { pyContains, pyEquals, pyOrder } from './pySemantics';
import { pyIsLower, pyIsUpper } from './pyString';
import { RenderFault } from './faults';
import { pyStr } from './pyText';
import { isDict } from './pyDict';
import { BoundMethod, Markup, PyFloat, UndefinedValue, requireDefined, unmark } from './values';
import { TemplateFunction } from './globals';
import { LoopContext } from './loopContext';
import { Macro } from './macro';
import { PyIterator } from './iterators';

interface TestSpec {
  parameters: ParameterList;
  /** Type checks answer for StrictUndefined instead of failing, as in Jinja. */
  acceptsUndefined?: boolean;
  run(value: unknown, args: unknown[]): boolean;
}

const typeCheck = (run: (value: unknown) => boolean): TestSpec => ({ parameters: [], acceptsUndefined: true, run });
const unary = (run: (value: unknown) => boolean): TestSpec => ({ parameters: [], run });
const binary = (run: (value: unknown, other: unknown) => boolean): TestSpec => ({
  parameters: [['other', REQUIRED]],
  run: (value, [other]) => run(value, other),
});
const remainderIs = (value: unknown, divisor: number, expected: number): boolean =>
  pyEquals(arithmetic('%', value, divisor), expected);

const TESTS = new Map<string, TestSpec>([
  ['defined', typeCheck((v) => !(v instanceof UndefinedValue))],
  ['undefined', typeCheck((v) => v instanceof UndefinedValue)],
  ['none', typeCheck((v) => v === null || v === undefined)],
  ['boolean', typeCheck((v) => typeof v === 'boolean')],
  ['true', typeCheck((v) => v === true)],
  ['false', typeCheck((v) => v === false)],
  ['number', typeCheck((v) => typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v instanceof PyFloat)],
  ['integer', typeCheck((v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))],
  // callable(): functions, macros, methods, the loop, and (as in Python) an Undefined, whose class defines __call__.
  ['callable', typeCheck((v) => v instanceof BoundMethod || v instanceof Macro || v instanceof TemplateFunction || v instanceof LoopContext || v instanceof UndefinedValue)],
  ['float', typeCheck((v) => v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v)))],
  ['string', typeCheck((v) => typeof v === 'string')],
  ['escaped', typeCheck((v) => v instanceof Markup)],
  ['mapping', typeCheck((v) => isDict(v))],
  ['sequence', typeCheck((v) => typeof v === 'string' || Array.isArray(v) || isDict(v))],
  ['iterable', unary((v) => typeof v === 'string' || Array.isArray(v) || isDict(v) || v instanceof PyIterator)],
  ['even', unary((v) => remainderIs(v, 2, 0))],
  ['odd', unary((v) => remainderIs(v, 2, 1))],
  ['divisibleby', { parameters: [['num', REQUIRED]], run: (v, [num]) => pyEquals(arithmetic('%', v, num), 0) }],
  ['lower', unary((v) => pyIsLower(pyStr(v)))],
  ['upper', unary((v) => pyIsUpper(pyStr(v)))],
  ['eq', binary(pyEquals)],
  ['equalto', binary(pyEquals)],
  ['ne', binary((a, b) => !pyEquals(a, b))],
  ['lt', binary((a, b) => pyOrder('<', a, b))],
  ['lessthan', binary((a, b) => pyOrder('<', a, b))],
  ['le', binary((a, b) => pyOrder('<=', a, b))],
  ['gt', binary((a, b) => pyOrder('>', a, b))],
  ['greaterthan', binary((a, b) => pyOrder('>', a, b))],
  ['ge', binary((a, b) => pyOrder('>=', a, b))],
  ['in', { parameters: [['seq', REQUIRED]], run: (v, [seq]) => pyContains(seq, v) }],
  ['sameas', binary((a, b) => a === b || (a instanceof PyFloat && b instanceof PyFloat && a.value === b.value))],
]);

export function hasTest(name: string): boolean {
  return TESTS.has(name);
}

export function applyTest(name: string, value: unknown, call: CallArguments): boolean {
  const spec = TESTS.get(name);
  if (spec === undefined) throw new RenderFault(`No test named '${name}' found.`);
  const args = bindArguments(name, spec.parameters, call).map(requireDefined);
  const subject = name === 'escaped' ? value : unmark(value);
  return spec.run(spec.acceptsUndefined ? subject : requireDefined(subject), args);
}

