/** Executes statement nodes, appending output to a string array. */
import type { AssignTarget, Stmt } from './ast';
import { chargeSteps, enterCall, isStackOverflow, stackFault } from './budget';
import { evaluate, evaluateCall } from './evaluate';
import { errorMessage } from '../errors';
import { RenderFault, typeFault } from './faults';
import { applyFilter } from './filters';
import { Namespace } from './globals';
import { LoopContext } from './loopContext';
import { pyIterate, pyTruthy } from './pySemantics';
import { pyStr } from './pyText';
import { capture, defineMacro, renderCallBlock, renderFilterBlock, renderWith } from './renderBlocks';
import type { Scope } from './scope';
import { requireDefined } from './values';
import { TextSink } from './textSink';

export function renderBody(body: readonly Stmt[], scope: Scope, out: TextSink): void {
  for (const stmt of body) {
    try {
      renderStatement(stmt, scope, out);
    } catch (error) {
      // The innermost statement names the line; outer statements leave it alone.
      if (isStackOverflow(error)) throw stackFault(stmt.line);
      if (!(error instanceof RenderFault)) throw new RenderFault(errorMessage(error), { line: stmt.line });
      if (error.line === undefined) error.line = stmt.line;
      throw error;
    }
  }
}

function renderStatement(stmt: Stmt, scope: Scope, out: TextSink): void {
  chargeSteps();
  switch (stmt.kind) {
    case 'text':
      out.push(stmt.text);
      return;
    case 'output':
      out.push(pyStr(evaluate(stmt.expr, scope)));
      return;
    case 'if':
      renderIf(stmt, scope, out);
      return;
    case 'for':
      renderFor(stmt, scope, out);
      return;
    case 'set':
      assign(stmt.target, evaluate(stmt.value, scope), scope);
      return;
    case 'setBlock':
      renderSetBlock(stmt, scope);
      return;
    case 'macro':
      defineMacro(stmt, scope);
      return;
    case 'callBlock':
      out.push(pyStr(renderCallBlock(stmt, scope)));
      return;
    case 'filterBlock':
      out.push(pyStr(renderFilterBlock(stmt, scope)));
      return;
    case 'with':
      renderWith(stmt, scope, out);
      return;
    case 'setAttribute': {
      const target = requireDefined(scope.lookup(stmt.namespace));
      if (!(target instanceof Namespace)) throw typeFault('cannot assign attribute on non-namespace object');
      target.attributes.set(stmt.attribute, evaluate(stmt.value, scope));
      return;
    }
  }
}

/** `if` opens no scope in Jinja: a `set` inside it is visible after `endif`. */
function renderIf(stmt: Extract<Stmt, { kind: 'if' }>, scope: Scope, out: TextSink): void {
  for (const branch of stmt.branches) {
    if (pyTruthy(evaluate(branch.test, scope))) {
      renderBody(branch.body, scope, out);
      return;
    }
  }
  renderBody(stmt.otherwise, scope, out);
}

function renderFor(stmt: Extract<Stmt, { kind: 'for' }>, scope: Scope, out: TextSink): void {
  runLoop(stmt, evaluate(stmt.iterable, scope), scope, out, 0);
}

/** One pass of a loop; a recursive loop's `loop(items)` runs another pass from the loop's own scope. */
function runLoop(stmt: Extract<Stmt, { kind: 'for' }>, iterable: unknown, scope: Scope, out: TextSink, depth0: number): void {
  let items = pyIterate(iterable);
  const filter = stmt.filter;
  if (filter !== null) {
    items = items.filter((item) => {
      chargeSteps();
      const filterScope = scope.child();
      assign(stmt.target, item, filterScope);
      return pyTruthy(evaluate(filter, filterScope));
    });
  }
  if (items.length === 0) {
    renderBody(stmt.otherwise, scope.child(), out);
    return;
  }
  const again = stmt.recursive
    ? (next: unknown): string => enterCall(() => {
      const sink = new TextSink(true);
      runLoop(stmt, next, scope, sink, depth0 + 1);
      return sink.text();
    })
    : undefined;
  const loop = new LoopContext(items, depth0, again);
  items.forEach((item, index) => {
    chargeSteps();
    const iterationScope = scope.child();
    loop.index0 = index;
    iterationScope.set('loop', loop);
    assign(stmt.target, item, iterationScope);
    renderBody(stmt.body, iterationScope, out);
  });
}

function renderSetBlock(stmt: Extract<Stmt, { kind: 'setBlock' }>, scope: Scope): void {
  let value: unknown = capture(stmt.body, scope.child());
  for (const filter of stmt.filters) value = applyFilter(filter.name, value, evaluateCall(filter, scope));
  assign(stmt.target, value, scope);
}

export function assign(target: AssignTarget, value: unknown, scope: Scope): void {
  if (target.kind === 'name') {
    scope.set(target.name, value);
    return;
  }
  const items = pyIterate(value);
  const expected = target.items.length;
  if (items.length < expected) throw typeFault(`not enough values to unpack (expected ${expected}, got ${items.length})`);
  if (items.length > expected) throw typeFault(`too many values to unpack (expected ${expected})`);
  target.items.forEach((item, index) => assign(item, items[index], scope));
}
