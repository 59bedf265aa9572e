/**
 * Jinja's globals: range, dict, namespace, cycler, joiner (lipsum is left out: it draws
 * random text). Each is a `TemplateFunction` the evaluator calls itself; none is a JS
 * function a template could reach the constructor of.
 */
import { type CallArguments, bindArguments } from './args';
import { chargeValue } from './budget';
import { typeFault } from './faults';
import { pyIterate } from './pySemantics';
import { PyDict, dictEntries, isDict } from './pyDict';
import { isInt, makeTuple, numberOf, requireDefined, typeName } from './values';

export class TemplateFunction {
  readonly pythonTypeName = 'function';

  constructor(
    readonly name: string,
    readonly run: (call: CallArguments) => unknown,
  ) {}
}

/** `namespace(...)`: the one object whose attributes `{% set ns.x = ... %}` may assign. */
export class Namespace {
  readonly pythonTypeName = 'Namespace';
  readonly attributes = new Map<string, unknown>();
}

export class Cycler {
  readonly pythonTypeName = 'Cycler';
  position = 0;

  constructor(readonly items: readonly unknown[]) {}

  get current(): unknown {
    return this.items[this.position];
  }

  next(): unknown {
    const value = this.current;
    this.position = (this.position + 1) % this.items.length;
    return value;
  }
}

/** Lists that came from range(): they print as `range(0, 3)`. */
export const RANGE_TEXT = new WeakMap<readonly unknown[], string>();

function intArgument(value: unknown): number {
  const defined = requireDefined(value);
  if (!isInt(defined)) throw typeFault(`'${typeName(defined)}' object cannot be interpreted as an integer`);
  return numberOf(defined);
}

function range(call: CallArguments): unknown[] {
  if (call.keywords.size > 0) throw typeFault('range() takes no keyword arguments');
  const args = call.positional.map(intArgument);
  if (args.length === 0 || args.length > 3) throw typeFault(`range expected at most 3 arguments, got ${args.length}`);
  const [start, stop, step] = args.length === 1 ? [0, args[0]!, 1] : [args[0]!, args[1]!, args[2] ?? 1];
  if (step === 0) throw typeFault('range() arg 3 must not be zero');
  return makeRange(start, stop, step);
}

const RANGE_PARAMETERS = new WeakMap<readonly unknown[], { start: number; step: number }>();

function makeRange(start: number, stop: number, step: number): unknown[] {
  const length = Math.max(0, Math.ceil((stop - start) / step));
  chargeValue(length);
  const items = Array.from({ length }, (_, i) => start + i * step);
  RANGE_TEXT.set(items, step === 1 ? `range(${start}, ${stop})` : `range(${start}, ${stop}, ${step})`);
  RANGE_PARAMETERS.set(items, { start, step });
  return items;
}

/** range(...)[a:b:c] is a range again (CPython's range_subscript over slice.indices()). */
export function sliceRange(items: readonly unknown[], bounds: { start: number; stop: number; step: number }): unknown[] | undefined {
  const range = RANGE_PARAMETERS.get(items);
  if (range === undefined) return undefined;
  return makeRange(range.start + bounds.start * range.step, range.start + bounds.stop * range.step, range.step * bounds.step);
}

/** dict(mapping or pairs, **keywords), as Python builds it. */
function keywordsOnly(name: string, call: CallArguments): PyDict {
  return fillDict(new PyDict(), name, call);
}

/** `dict(other, k=v)` and `d.update(other, k=v)`: pairs of a mapping or an iterable, then keywords. */
export function fillDict(dict: PyDict, name: string, call: CallArguments): PyDict {
  if (call.positional.length > 1) throw typeFault(`${name} expected at most 1 argument, got ${call.positional.length}`);
  if (call.positional.length === 1) {
    const source = requireDefined(call.positional[0]);
    const pairs = isDict(source) ? dictEntries(source) : pyIterate(source).map((pair) => pyIterate(pair));
    pairs.forEach((pair, index) => {
      if (pair.length !== 2) throw typeFault(`dictionary update sequence element #${index} has length ${pair.length}; 2 is required`);
      dict.set(pair[0], pair[1]);
    });
  }
  call.keywords.forEach((value, key) => dict.set(key, value));
  return dict;
}

/** joiner(sep): '' the first time it is called, `sep` after that. */
function joiner(call: CallArguments): TemplateFunction {
  const [separator] = bindArguments('joiner', [['sep', ', ']], call);
  let used = false;
  return new TemplateFunction('joiner', () => {
    if (!used) {
      used = true;
      return '';
    }
    return separator;
  });
}

const GLOBALS: ReadonlyMap<string, TemplateFunction> = new Map([
  ['range', new TemplateFunction('range', range)],
  ['dict', new TemplateFunction('dict', (call) => keywordsOnly('dict', call))],
  ['namespace', new TemplateFunction('namespace', (call) => {
    const ns = new Namespace();
    dictEntries(keywordsOnly('namespace', call)).forEach(([key, value]) => ns.attributes.set(String(key), value));
    return ns;
  })],
  ['cycler', new TemplateFunction('cycler', (call) => {
    if (call.positional.length === 0) throw typeFault('at least one item has to be provided');
    return new Cycler(makeTuple([...call.positional]));
  })],
  ['joiner', new TemplateFunction('joiner', joiner)],
]);

export function globalNamed(name: string): TemplateFunction | undefined {
  return GLOBALS.get(name);
}

