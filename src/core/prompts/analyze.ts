/**
 * Jinja's meta.find_undeclared_variables, as the original used it for `required_fields`,
 * reproduced with Jinja's own frame rules (idtracking.py):
 * - a frame is the template, a `for` body, a loop filter, a `for` else, a `{% set %}` block;
 *   a frame's names are collected in one pass before its inner frames are looked at, so a
 *   loop body sees names the template sets later;
 * - a read of a name no enclosing frame knows yet is "resolved" from the context: a field;
 * - a name set in only some of an `if`'s three branches (body, the elifs, else) is also
 *   resolved, unless an outer frame knows it; an elif body counts as a partial branch too.
 * Jinja's globals and `loop` are not fields (engine.py `_filter_declared`).
 */
import type { AssignTarget, CallSyntax, Expr, Stmt } from './ast';

/** Names a macro body may read that Jinja declares as parameters (compiler.py macro_body). */
const SPECIAL_MACRO_NAMES = ['caller', 'kwargs', 'varargs'];

const NOT_FIELDS = new Set(['range', 'dict', 'lipsum', 'cycler', 'joiner', 'namespace', 'loop']);

class Frame {
  refs = new Set<string>();
  stores = new Set<string>();

  constructor(readonly parent: Frame | null) {}

  knows(name: string): boolean {
    return this.refs.has(name) || (this.parent?.knows(name) ?? false);
  }

  copy(): Frame {
    const copy = new Frame(this.parent);
    copy.refs = new Set(this.refs);
    copy.stores = new Set(this.stores);
    return copy;
  }

  store(name: string): void {
    this.stores.add(name);
    this.refs.add(name);
  }
}

export function findRequiredFields(body: readonly Stmt[]): string[] {
  const found = new Set<string>();
  analyzeFrame(body, new Frame(null), found);
  return [...found].filter((name) => !NOT_FIELDS.has(name)).sort();
}

function analyzeFrame(body: readonly Stmt[], frame: Frame, found: Set<string>): void {
  const innerFrames: Array<() => void> = [];
  const visitor = new FrameVisitor(frame, found, innerFrames);
  body.forEach((stmt) => visitor.statement(stmt, frame));
  innerFrames.forEach((analyze) => analyze());
}

class FrameVisitor {
  constructor(
    private readonly owner: Frame,
    private readonly found: Set<string>,
    private readonly innerFrames: Array<() => void>,
  ) {}

  statement(stmt: Stmt, symbols: Frame): void {
    switch (stmt.kind) {
      case 'text': return;
      case 'output': return this.expr(stmt.expr, symbols);
      case 'set':
        this.expr(stmt.value, symbols);
        return targetNames(stmt.target).forEach((name) => symbols.store(name));
      case 'setAttribute':
        this.expr({ kind: 'name', name: stmt.namespace, line: stmt.line }, symbols);
        return this.expr(stmt.value, symbols);
      case 'setBlock':
        stmt.filters.forEach((filter) => this.call(filter, symbols));
        targetNames(stmt.target).forEach((name) => symbols.store(name));
        return this.defer(stmt.body, []);
      case 'for':
        this.expr(stmt.iterable, symbols);
        this.defer(stmt.body, [...targetNames(stmt.target), 'loop']);
        this.defer(stmt.otherwise, []);
        if (stmt.filter !== null) this.deferExpr(stmt.filter, targetNames(stmt.target));
        return;
      case 'if': return this.ifStatement(stmt.branches, stmt.otherwise, symbols);
      case 'macro':
        symbols.store(stmt.name);
        return this.defer(stmt.body, [...stmt.params, ...SPECIAL_MACRO_NAMES], stmt.defaults);
      case 'callBlock':
        this.expr(stmt.call, symbols);
        return this.defer(stmt.body, [...stmt.params, ...SPECIAL_MACRO_NAMES], stmt.defaults);
      case 'filterBlock':
        stmt.filters.forEach((filter) => this.call(filter, symbols));
        return this.defer(stmt.body, []);
      case 'with':
        stmt.values.forEach((value) => this.expr(value, symbols));
        return this.defer(stmt.body, stmt.targets.flatMap(targetNames));
    }
  }

  /** A body in a frame of its own; `exprs` (macro defaults) are read inside that frame first. */
  private defer(body: readonly Stmt[], parameters: string[], exprs: readonly Expr[] = []): void {
    this.innerFrames.push(() => {
      const inner = new Frame(this.owner);
      parameters.forEach((name) => inner.store(name));
      exprs.forEach((expr) => this.expr(expr, inner));
      analyzeFrame(body, inner, this.found);
    });
  }

  private deferExpr(expr: Expr, parameters: string[]): void {
    this.innerFrames.push(() => {
      const inner = new Frame(this.owner);
      parameters.forEach((name) => inner.store(name));
      this.expr(expr, inner);
    });
  }

  private ifStatement(branches: ReadonlyArray<{ test: Expr; body: Stmt[] }>, otherwise: readonly Stmt[], symbols: Frame): void {
    const [first, ...elifs] = branches;
    if (first === undefined) return;
    this.expr(first.test, symbols);
    const bodyBranch = this.branch(symbols, (copy) => first.body.forEach((stmt) => this.statement(stmt, copy)));
    const elifBranch = this.branch(symbols, (copy) => elifs.forEach((elif) => this.ifStatement([elif], [], copy)));
    const elseBranch = this.branch(symbols, (copy) => otherwise.forEach((stmt) => this.statement(stmt, copy)));
    this.mergeBranches(symbols, [bodyBranch, elifBranch, elseBranch]);
  }

  private branch(symbols: Frame, visit: (copy: Frame) => void): Frame {
    const copy = symbols.copy();
    visit(copy);
    return copy;
  }

  private mergeBranches(symbols: Frame, branches: Frame[]): void {
    const counts = new Map<string, number>();
    for (const branch of branches) {
      for (const name of branch.stores) if (!symbols.stores.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    for (const branch of branches) {
      branch.refs.forEach((name) => symbols.refs.add(name));
      branch.stores.forEach((name) => symbols.stores.add(name));
    }
    for (const [name, count] of counts) {
      if (count !== branches.length && !(symbols.parent?.knows(name) ?? false)) this.found.add(name);
    }
  }

  private call(call: CallSyntax, symbols: Frame): void {
    call.args.forEach((arg) => this.expr(arg, symbols));
    call.kwargs.forEach((kwarg) => this.expr(kwarg.value, symbols));
  }

  expr(expr: Expr | null, symbols: Frame): void {
    if (expr === null) return;
    const visit = (child: Expr | null): void => this.expr(child, symbols);
    switch (expr.kind) {
      case 'literal': return;
      case 'name':
        if (!symbols.knows(expr.name)) {
          symbols.refs.add(expr.name);
          this.found.add(expr.name);
        }
        return;
      case 'attribute': return visit(expr.target);
      case 'item': visit(expr.target); return visit(expr.key);
      case 'slice': visit(expr.start); visit(expr.stop); return visit(expr.step);
      case 'list': case 'tuple': return expr.items.forEach(visit);
      case 'dict': return expr.entries.forEach(([key, value]) => { visit(key); visit(value); });
      case 'arithmetic': case 'logical': visit(expr.left); return visit(expr.right);
      case 'concat': return expr.parts.forEach(visit);
      case 'unary': case 'not': return visit(expr.operand);
      case 'compare': visit(expr.first); return expr.rest.forEach((step) => visit(step.operand));
      case 'conditional': visit(expr.test); visit(expr.then); return visit(expr.otherwise);
      case 'filter': case 'test': visit(expr.target); return this.call(expr, symbols);
      case 'call': visit(expr.callee); return this.call(expr, symbols);
    }
  }
}

function targetNames(target: AssignTarget): string[] {
  return target.kind === 'name' ? [target.name] : target.items.flatMap(targetNames);
}
