/**
 * Expression grammar, following Jinja 3.1's parser precedence (lowest first):
 * conditional `a if b else c` > or > and > not > comparisons (chained, in, not in)
 * > + - > ~ > * / // % > ** (left-associative, as in Jinja) > unary - + > primary with
 * postfix `.x`, `[i]`, `(...)`, then filters `|f` and tests `is t` (see parsePrimary.ts).
 */
import type { CompareOperator, CompareStep, Expr } from './ast';
import { PrimaryParser, type TupleOptions } from './parsePrimary';
import { describeToken } from './tokens';

const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const MULTIPLICATIVE = new Set(['*', '/', '//', '%']);

export class ExpressionParser extends PrimaryParser {
  parseExpression(withConditional = true): Expr {
    return this.nested(() => (withConditional ? this.parseConditional() : this.parseOr()));
  }

  private parseConditional(): Expr {
    let expr = this.parseOr();
    while (this.stream.isName('if')) {
      const line = this.stream.next().line;
      const test = this.parseOr();
      const otherwise = this.stream.skipName('else') ? this.parseConditional() : null;
      expr = { kind: 'conditional', test, then: expr, otherwise, line };
    }
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.stream.isName('or')) {
      const line = this.stream.next().line;
      left = { kind: 'logical', op: 'or', left, right: this.parseAnd(), line };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.stream.isName('and')) {
      const line = this.stream.next().line;
      left = { kind: 'logical', op: 'and', left, right: this.parseNot(), line };
    }
    return left;
  }

  private parseNot(): Expr {
    if (!this.stream.isName('not')) return this.parseCompare();
    const line = this.stream.next().line;
    return { kind: 'not', operand: this.nested(() => this.parseNot()), line };
  }

  private parseCompare(): Expr {
    const line = this.stream.current.line;
    const first = this.parseAdditive();
    const rest: CompareStep[] = [];
    for (;;) {
      const op = this.compareOperator();
      if (op === null) break;
      rest.push({ op, operand: this.parseAdditive() });
    }
    return rest.length === 0 ? first : { kind: 'compare', first, rest, line };
  }

  private compareOperator(): CompareOperator | null {
    const token = this.stream.current;
    if (token.type === 'operator' && COMPARE_OPS.has(token.value)) {
      this.stream.next();
      return token.value as CompareOperator;
    }
    if (this.stream.skipName('in')) return 'in';
    if (this.stream.isName('not') && this.stream.look().type === 'name' && this.stream.look().value === 'in') {
      this.stream.next();
      this.stream.next();
      return 'not in';
    }
    return null;
  }

  private parseAdditive(): Expr {
    let left = this.parseConcat();
    while (this.stream.isOp('+') || this.stream.isOp('-')) {
      const token = this.stream.next();
      left = { kind: 'arithmetic', op: token.value as '+' | '-', left, right: this.parseConcat(), line: token.line };
    }
    return left;
  }

  private parseConcat(): Expr {
    const line = this.stream.current.line;
    const parts = [this.parseMultiplicative()];
    while (this.stream.skipOp('~')) parts.push(this.parseMultiplicative());
    return parts.length === 1 ? parts[0]! : { kind: 'concat', parts, line };
  }

  private parseMultiplicative(): Expr {
    let left = this.parsePower();
    while (this.stream.is('operator') && MULTIPLICATIVE.has(this.stream.current.value)) {
      const token = this.stream.next();
      const op = token.value as '*' | '/' | '//' | '%';
      left = { kind: 'arithmetic', op, left, right: this.parsePower(), line: token.line };
    }
    return left;
  }

  private parsePower(): Expr {
    let left = this.parseUnary();
    while (this.stream.isOp('**')) {
      const line = this.stream.next().line;
      left = { kind: 'arithmetic', op: '**', left, right: this.parseUnary(), line };
    }
    return left;
  }

  protected parseUnary(withFilters = true): Expr {
    let node: Expr;
    if (this.stream.isOp('-') || this.stream.isOp('+')) {
      const token = this.stream.next();
      node = { kind: 'unary', op: token.value as '-' | '+', operand: this.nested(() => this.parseUnary(false)), line: token.line };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    return withFilters ? this.parseFilterChain(node) : node;
  }

  parseTuple(options: TupleOptions = {}): Expr {
    const line = this.stream.current.line;
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length > 0) this.stream.expectOp(',');
      if (this.isTupleEnd(options.endNames)) break;
      items.push(options.simplified ? this.parsePrimary() : this.parseExpression(options.withConditional ?? true));
      if (!this.stream.isOp(',')) break;
      isTuple = true;
    }
    if (!isTuple && items.length === 1) return items[0]!;
    if (!isTuple && !options.explicitParentheses) {
      this.stream.fail(`Expected an expression, got '${describeToken(this.stream.current)}'`);
    }
    return { kind: 'tuple', items, line };
  }

  private isTupleEnd(endNames: string[] = []): boolean {
    const token = this.stream.current;
    if (token.type === 'variable_end' || token.type === 'block_end' || token.type === 'eof') return true;
    if (this.stream.isOp(')')) return true;
    return token.type === 'name' && endNames.includes(token.value);
  }

}
