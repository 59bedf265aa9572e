/**
 * Which names a template reads only where a missing value is allowed: as the target of the
 * `default` (`d`) filter or of the `defined` / `undefined` tests. Under StrictUndefined those
 * reads never fail, so a name read only so need not be a dataset column; `strictFields` in
 * compile.ts is requiredFields minus these. Scoping is ignored (a loop variable read bare
 * counts as a bare read): that can only keep a name in strictFields, never drop one wrongly.
 */
import type { Expr, Stmt } from './ast';

const GUARD_FILTERS = new Set(['default', 'd']);
const GUARD_TESTS = new Set(['defined', 'undefined']);

export function namesReadOnlyGuarded(body: readonly Stmt[]): Set<string> {
  const bare = new Set<string>();
  const guarded = new Set<string>();
  const visitExpr = (expr: Expr | null): void => {
    if (expr === null) return;
    if ((expr.kind === 'filter' && GUARD_FILTERS.has(expr.name)) || (expr.kind === 'test' && GUARD_TESTS.has(expr.name))) {
      if (expr.target.kind === 'name') guarded.add(expr.target.name);
      else visitExpr(expr.target);
      expr.args.forEach(visitExpr);
      expr.kwargs.forEach((kwarg) => visitExpr(kwarg.value));
      return;
    }
    if (expr.kind === 'name') bare.add(expr.name);
    else childrenOf(expr).forEach(visitExpr);
  };
  const visitStmt = (stmt: Stmt): void => {
    switch (stmt.kind) {
      case 'text': return;
      case 'output': return visitExpr(stmt.expr);
      case 'set': case 'setAttribute': return visitExpr(stmt.value);
      case 'setBlock':
        stmt.filters.forEach((filter) => { filter.args.forEach(visitExpr); filter.kwargs.forEach((kwarg) => visitExpr(kwarg.value)); });
        return stmt.body.forEach(visitStmt);
      case 'for':
        visitExpr(stmt.iterable);
        visitExpr(stmt.filter);
        stmt.body.forEach(visitStmt);
        return stmt.otherwise.forEach(visitStmt);
      case 'if':
        stmt.branches.forEach((branch) => { visitExpr(branch.test); branch.body.forEach(visitStmt); });
        return stmt.otherwise.forEach(visitStmt);
      case 'macro': case 'callBlock':
        if (stmt.kind === 'callBlock') visitExpr(stmt.call);
        stmt.defaults.forEach(visitExpr);
        return stmt.body.forEach(visitStmt);
      case 'filterBlock':
        stmt.filters.forEach((filter) => { filter.args.forEach(visitExpr); filter.kwargs.forEach((kwarg) => visitExpr(kwarg.value)); });
        return stmt.body.forEach(visitStmt);
      case 'with':
        stmt.values.forEach(visitExpr);
        return stmt.body.forEach(visitStmt);
    }
  };
  body.forEach(visitStmt);
  return new Set([...guarded].filter((name) => !bare.has(name)));
}

function childrenOf(expr: Expr): (Expr | null)[] {
  switch (expr.kind) {
    case 'literal': case 'name': return [];
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
  }
}
