/**
 * Jinja's optimizer folds constant expressions while compiling (optimizer.py, `as_const` in
 * nodes.py): bottom-up, a node whose operands are constants is computed, and if Python can
 * write the value back as a literal (`has_safe_repr`) it becomes a `Const`; a computation that
 * raises (`1/0`) is left for the render. The code generator then writes each remaining `Const`
 * with `repr()`, which fails for an int of more than 4,300 digits: `{{ 10 ** 5000 }}` is a
 * compile error in Jinja, while `{{ (10 ** 5000) % 7 }}` folds to 3 and renders.
 * This pass replays that folding with the engine's own evaluator (never changing the tree)
 * and refuses the template where a remaining constant would hold such an int.
 */
import type { Expr, Stmt } from './ast';
import { type RenderLimits, withBudget } from './budget';
import { evaluate } from './evaluate';
import { TemplateSyntaxFault } from './faults';
import { hasFilter } from './filters';
import { hasTest } from './jinjaTests';
import { PyDict } from './pyDict';
import { pyTruthy } from './pySemantics';
import { Scope } from './scope';
import { MAX_INT_DIGITS } from '../python';
import { Markup, PyFloat, withUndefinedMode } from './values';

/** Filters Jinja marks `pass_context`: never folded. */
const CONTEXT_FILTERS = new Set(['map', 'select', 'reject', 'selectattr', 'rejectattr', 'random']);
const EXPRESSION_KINDS = new Set(['literal', 'name', 'attribute', 'item', 'slice', 'list', 'tuple', 'dict', 'arithmetic', 'concat',
  'unary', 'not', 'logical', 'compare', 'conditional', 'filter', 'test', 'call']);

/** A folded value, and the constants that stay in the tree below a node that is not one. */
interface Folded {
  value?: { value: unknown };
  constants: Array<{ value: unknown; line: number }>;
}

export function checkFoldedConstants(body: readonly Stmt[], limits: RenderLimits, lenient: boolean): void {
  const roots: Expr[] = [];
  collectExpressions(body, roots);
  const scope = new Scope(null, {}, lenient);
  withBudget(limits, () => withUndefinedMode(lenient, () => {
    for (const root of roots) {
      const folded = fold(root, scope);
      for (const constant of folded.constants) checkRepr(constant.value, constant.line);
    }
  }));
}

function collectExpressions(value: unknown, roots: Expr[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item) => collectExpressions(item, roots));
    return;
  }
  if ('kind' in value && EXPRESSION_KINDS.has(String(value.kind)) && 'line' in value) {
    roots.push(value as Expr);
    return;
  }
  Object.values(value).forEach((child) => collectExpressions(child, roots));
}

function children(expr: Expr): Array<Expr | null> {
  switch (expr.kind) {
    case 'attribute': return [expr.target];
    case 'item': return [expr.target, expr.key];
    case 'slice': return [expr.start, expr.stop, expr.step];
    case 'list': case 'tuple': return expr.items;
    case 'dict': return expr.entries.flat();
    case 'arithmetic': case 'logical': return [expr.left, expr.right];
    case 'concat': return expr.parts;
    case 'unary': case 'not': return [expr.operand];
    case 'compare': return [expr.first, ...expr.rest.map((step) => step.operand)];
    case 'conditional': return [expr.test, expr.then, expr.otherwise];
    case 'filter': case 'test': return [expr.target, ...expr.args, ...expr.kwargs.map((kwarg) => kwarg.value)];
    case 'call': return [expr.callee, ...expr.args, ...expr.kwargs.map((kwarg) => kwarg.value)];
    default: return [];
  }
}

function fold(expr: Expr, scope: Scope): Folded {
  if (expr.kind === 'literal') return { value: { value: expr.value }, constants: [{ value: expr.value, line: expr.line }] };
  const parts = children(expr).map((child) => (child === null ? null : fold(child, scope)));
  const value = asConst(expr, parts, scope);
  if (value !== undefined && hasSafeRepr(value.value, 0)) return { value, constants: [{ value: value.value, line: expr.line }] };
  return { value, constants: parts.flatMap((part) => part?.constants ?? []) };
}

/** Whether Jinja's `as_const` succeeds for this node, given its operands. */
function asConst(expr: Expr, parts: Array<Folded | null>, scope: Scope): { value: unknown } | undefined {
  const known = (index: number): boolean => parts[index] === null || parts[index]?.value !== undefined;
  const valueAt = (index: number): unknown => parts[index]?.value?.value;
  switch (expr.kind) {
    case 'name': case 'call': return undefined;
    case 'logical': {
      if (!known(0)) return undefined;
      const decided = pyTruthy(valueAt(0)) === (expr.op === 'or');
      return decided ? { value: valueAt(0) } : known(1) ? { value: valueAt(1) } : undefined;
    }
    case 'conditional': {
      if (!known(0)) return undefined;
      const branch = pyTruthy(valueAt(0)) ? 1 : 2;
      return parts[branch] === null || !known(branch) ? undefined : { value: valueAt(branch) };
    }
    case 'filter':
      if (!hasFilter(expr.name) || CONTEXT_FILTERS.has(expr.name)) return undefined;
      break;
    case 'test':
      if (!hasTest(expr.name)) return undefined;
      break;
    default:
      break;
  }
  if (!parts.every((_, index) => known(index))) return undefined;
  try {
    return { value: evaluate(expr, scope) };
  } catch {
    return undefined; // Jinja leaves an expression that raises for the render (`1/0`); so do budget faults
  }
}

/** compiler.has_safe_repr: values Python can write back as a literal. */
function hasSafeRepr(value: unknown, depth: number): boolean {
  if (depth > 200) return false;
  if (value === null || ['boolean', 'number', 'bigint', 'string'].includes(typeof value) || value instanceof PyFloat || value instanceof Markup) {
    return true;
  }
  if (Array.isArray(value)) return value.every((item) => hasSafeRepr(item, depth + 1));
  if (value instanceof PyDict) return value.entries().every(([k, v]) => hasSafeRepr(k, depth + 1) && hasSafeRepr(v, depth + 1));
  return false;
}

/** The code generator's repr() of a constant: ints past 4,300 digits raise ValueError. */
function checkRepr(value: unknown, line: number): void {
  if (typeof value === 'bigint') {
    if ((value < 0n ? -value : value).toString().length > MAX_INT_DIGITS) {
      throw new TemplateSyntaxFault(`ValueError: Exceeds the limit (${MAX_INT_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`, line);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item) => checkRepr(item, line));
  } else if (value instanceof PyDict) {
    value.entries().forEach(([k, v]) => {
      checkRepr(k, line);
      checkRepr(v, line);
    });
  }
}
