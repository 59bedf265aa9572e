/** Evaluates expression nodes over a scope. All data access goes through `sandbox.ts`. */
import type { CallSyntax, CompareStep, Expr } from './ast';
import type { CallArguments } from './args';
import { arithmetic, concatText, negate } from './arithmetic';
import { chargeSteps } from './budget';
import { typeFault } from './faults';
import { applyFilter } from './filters';
import { TemplateFunction } from './globals';
import { applyTest } from './jinjaTests';
import { LoopContext } from './loopContext';
import { Macro } from './macro';
import { callMethod } from './methods';
import { pyContains, pyEquals, pyOrder, pyTruthy } from './pySemantics';
import { getAttribute, getItem } from './sandbox';
import type { Scope } from './scope';
import { SliceKey } from './slices';
import { PyDict } from './pyDict';
import { BoundMethod, UndefinedValue, makeTuple, markLocal, requireDefined, typeName, unmark } from './values';

export function evaluate(expr: Expr, scope: Scope): unknown {
  chargeSteps();
  switch (expr.kind) {
    case 'literal': return expr.value;
    case 'name': return scope.lookup(expr.name);
    case 'attribute': return getAttribute(evaluate(expr.target, scope), expr.name);
    case 'item': return getItem(evaluate(expr.target, scope), unmark(evaluate(expr.key, scope)));
    case 'slice': return new SliceKey(optional(expr.start, scope), optional(expr.stop, scope), optional(expr.step, scope));
    case 'list': return markLocal(expr.items.map((item) => evaluate(item, scope)));
    case 'tuple': return makeTuple(expr.items.map((item) => evaluate(item, scope)));
    case 'dict': return evaluateDict(expr.entries, scope);
    case 'arithmetic': return arithmetic(expr.op, evaluate(expr.left, scope), evaluate(expr.right, scope));
    case 'concat': return concatText(expr.parts.map((part) => evaluate(part, scope)));
    case 'unary': return negate(evaluate(expr.operand, scope), expr.op);
    case 'not': return !pyTruthy(evaluate(expr.operand, scope));
    case 'logical': return evaluateLogical(expr.op, expr.left, expr.right, scope);
    case 'compare': return evaluateComparison(evaluate(expr.first, scope), expr.rest, scope);
    case 'conditional': return evaluateConditional(expr, scope);
    case 'filter': return applyFilter(expr.name, evaluate(expr.target, scope), evaluateCall(expr, scope));
    case 'test': return applyTest(expr.name, evaluate(expr.target, scope), evaluateCall(expr, scope));
    case 'call': return callValue(evaluate(expr.callee, scope), evaluateCall(expr, scope));
  }
}

function optional(expr: Expr | null, scope: Scope): unknown {
  return expr === null ? null : requireDefined(evaluate(expr, scope));
}

function evaluateDict(entries: ReadonlyArray<[Expr, Expr]>, scope: Scope): PyDict {
  const dict = new PyDict();
  for (const [keyExpr, valueExpr] of entries) dict.set(requireDefined(evaluate(keyExpr, scope)), evaluate(valueExpr, scope));
  return dict;
}

function evaluateLogical(op: 'and' | 'or', left: Expr, right: Expr, scope: Scope): unknown {
  const first = evaluate(left, scope);
  const truthy = pyTruthy(first);
  if (op === 'and') return truthy ? evaluate(right, scope) : first;
  return truthy ? first : evaluate(right, scope);
}

/** Python chains comparisons: `a < b < c` is `a < b and b < c`, evaluating b once. */
function evaluateComparison(first: unknown, steps: readonly CompareStep[], scope: Scope): boolean {
  let left = first;
  for (const step of steps) {
    const right = evaluate(step.operand, scope);
    if (!compare(step.op, left, right)) return false;
    left = right;
  }
  return true;
}

function compare(op: CompareStep['op'], left: unknown, right: unknown): boolean {
  switch (op) {
    case '==': return pyEquals(left, right);
    case '!=': return !pyEquals(left, right);
    case 'in': return pyContains(right, left);
    case 'not in': return !pyContains(right, left);
    default: return pyOrder(op, left, right);
  }
}

function evaluateConditional(expr: Extract<Expr, { kind: 'conditional' }>, scope: Scope): unknown {
  if (pyTruthy(evaluate(expr.test, scope))) return evaluate(expr.then, scope);
  if (expr.otherwise !== null) return evaluate(expr.otherwise, scope);
  const message = `the inline if-expression on line ${expr.line} evaluated to false and no else section was defined.`;
  return new UndefinedValue(message, undefined, true);
}

export function evaluateCall(call: CallSyntax, scope: Scope): CallArguments {
  return {
    positional: call.args.map((arg) => evaluate(arg, scope)),
    keywords: new Map(call.kwargs.map((kwarg) => [kwarg.name, evaluate(kwarg.value, scope)])),
  };
}

/** Only whitelisted methods can be called; anything else from data is refused. */
export function callValue(callee: unknown, call: CallArguments): unknown {
  if (callee instanceof BoundMethod) return callMethod(callee, call);
  if (callee instanceof Macro) return callee.invoke(call);
  if (callee instanceof LoopContext) return callee.recurse(call);
  if (callee instanceof TemplateFunction) return callee.run(call);
  if (callee instanceof UndefinedValue) throw callee.fault();
  throw typeFault(`'${typeName(callee)}' object is not callable in a prompt template`);
}
