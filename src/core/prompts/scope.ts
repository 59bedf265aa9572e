/**
 * Variable scopes. The root scope sits over the render context (read through the sandbox:
 * own data properties only); each `for` iteration and each `{% set %}...{% endset %}` body
 * gets a child scope, so assignments inside them do not leak out, as in Jinja.
 */
import { globalNamed } from './globals';
import { readOwnData } from './sandbox';
import { undefinedName } from './values';

export class Scope {
  private readonly variables = new Map<string, unknown>();

  constructor(
    private readonly parent: Scope | null,
    private readonly context: Record<string, unknown> | null = null,
    /** A default `jinja2.Undefined` (prints '', is falsy) instead of StrictUndefined. */
    private readonly lenient = false,
  ) {}

  child(): Scope {
    return new Scope(this);
  }

  lookup(name: string): unknown {
    if (this.variables.has(name)) return this.variables.get(name);
    if (this.parent !== null) return this.parent.lookup(name);
    if (this.context !== null) {
      const own = readOwnData(this.context, name);
      if (own !== undefined) return own.value;
    }
    return globalNamed(name) ?? undefinedName(name, this.lenient);
  }

  set(name: string, value: unknown): void {
    this.variables.set(name, value);
  }
}
