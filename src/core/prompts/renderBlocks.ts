/**
 * Rendering of the block tags with bodies of their own: macros, `call` blocks, `filter`
 * blocks, `with`, and recursive loops. Each macro call and each `loop(...)` enters one level
 * of the render's call depth (budget.ts `enterCall`), and every statement it runs is charged
 * as usual, so a recursive macro bomb ends on the step or depth budget.
 */
import type { Signature, Stmt } from './ast';
import { enterCall } from './budget';
import { callValue, evaluate, evaluateCall } from './evaluate';
import { applyFilter } from './filters';
import { Macro } from './macro';
import { assign, renderBody } from './render';
import type { Scope } from './scope';
import { TextSink } from './textSink';
import { UndefinedValue } from './values';

/** `{% macro name(...) %}`: binds a Macro to `name` in the current scope (macros see that scope live). */
export function defineMacro(stmt: Extract<Stmt, { kind: 'macro' }>, scope: Scope): void {
  scope.set(stmt.name, makeMacro(stmt.name, stmt, stmt.body, scope));
}

function makeMacro(name: string, signature: Signature, body: readonly Stmt[], scope: Scope): Macro {
  return new Macro(name, signature, (bound) => enterCall(() => {
    const frame = scope.child();
    const { params, defaults } = signature;
    // Defaults are evaluated at call time, in the macro's frame, after the earlier parameters.
    params.forEach((param, index) => {
      let value = bound.get(param);
      if (value === undefined) {
        const fallback = defaults[index - (params.length - defaults.length)];
        value = fallback === undefined
          ? new UndefinedValue(`parameter '${param}' was not provided`, param)
          : evaluate(fallback, frame);
      }
      frame.set(param, value);
    });
    for (const special of ['caller', 'kwargs', 'varargs']) {
      if (!params.includes(special) && bound.has(special)) frame.set(special, bound.get(special));
    }
    return capture(body, frame);
  }));
}

/** `{% call(args) macro(...) %}body{% endcall %}`: the body becomes the macro's `caller`. */
export function renderCallBlock(stmt: Extract<Stmt, { kind: 'callBlock' }>, scope: Scope): unknown {
  const caller = makeMacro('caller', stmt, stmt.body, scope);
  const call = evaluateCall(stmt.call, scope);
  call.keywords.set('caller', caller);
  return callValue(evaluate(stmt.call.callee, scope), call);
}

export function renderFilterBlock(stmt: Extract<Stmt, { kind: 'filterBlock' }>, scope: Scope): unknown {
  let value: unknown = capture(stmt.body, scope.child());
  for (const filter of stmt.filters) value = applyFilter(filter.name, value, evaluateCall(filter, scope));
  return value;
}

/** `{% with a = x %}`: every value is evaluated in the outer scope, then bound in a new one. */
export function renderWith(stmt: Extract<Stmt, { kind: 'with' }>, scope: Scope, out: TextSink): void {
  const values = stmt.values.map((value) => evaluate(value, scope));
  const inner = scope.child();
  stmt.targets.forEach((target, index) => assign(target, values[index], inner));
  renderBody(stmt.body, inner, out);
}

export function capture(body: readonly Stmt[], scope: Scope): string {
  const sink = new TextSink(true);
  renderBody(body, scope, sink);
  return sink.text();
}
