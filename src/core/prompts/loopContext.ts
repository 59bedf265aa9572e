/** Jinja's `loop` variable inside `{% for %}`: read-only fields plus `loop.cycle(...)`. */
import { pyEquals } from './pySemantics';
import { UndefinedValue, makeTuple } from './values';

export class LoopContext {
  readonly pythonTypeName = 'LoopContext';
  index0 = 0;

  constructor(private readonly items: readonly unknown[]) {}

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
      case 'depth': return 1;
      case 'depth0': return 0;
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
