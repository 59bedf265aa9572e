/**
 * Jinja's `loop` variable inside `{% for %}`: read-only fields, `loop.cycle(...)`,
 * `loop.changed(...)`, and in a `recursive` loop `loop(items)`, which renders the loop body
 * over `items` one level deeper and returns the text.
 */
import type { CallArguments } from './args';
import { typeFault } from './faults';
import { pyEquals } from './pySemantics';
import { UndefinedValue, makeTuple } from './values';

export class LoopContext {
  readonly pythonTypeName = 'LoopContext';
  index0 = 0;

  constructor(
    private readonly items: readonly unknown[],
    private readonly depth0 = 0,
    private readonly again?: (items: unknown) => string,
  ) {}

  recurse(call: CallArguments): string {
    if (this.again === undefined) throw typeFault("The loop must have the 'recursive' marker to be called recursively.");
    if (call.positional.length !== 1 || call.keywords.size > 0) throw typeFault(`__call__() takes 1 positional argument but ${call.positional.length + call.keywords.size} were given`);
    return this.again(call.positional[0]);
  }

  get length(): number {
    return this.items.length;
  }

  /** The fields a template may read; anything else is "no attribute". */
  field(name: string): unknown {
    const i = this.index0;
    const n = this.items.length;
    switch (name) {
      case 'index0': return i;
      case 'index': return i + 1;
      case 'revindex0': return n - i - 1;
      case 'revindex': return n - i;
      case 'first': return i === 0;
      case 'last': return i === n - 1;
      case 'length': return n;
      case 'depth': return this.depth0 + 1;
      case 'depth0': return this.depth0;
      case 'previtem': return i > 0 ? this.items[i - 1] : new UndefinedValue('there is no previous item');
      case 'nextitem': return i < n - 1 ? this.items[i + 1] : new UndefinedValue('there is no next item');
      default: return undefined;
    }
  }

  private lastChanged: unknown[] | undefined;

  /** loop.changed(*values): true the first time and whenever the values differ from the last call's. */
  changed(values: unknown[]): boolean {
    if (this.lastChanged !== undefined && pyEquals(makeTuple(this.lastChanged), makeTuple(values))) return false;
    this.lastChanged = values;
    return true;
  }

  describe(): string {
    return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
  }
}
