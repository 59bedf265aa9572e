/**
 * Primary expressions and their postfix forms: literals, names, lists, dicts,
 * `.attr`, `[key]`, `[a:b:c]`, calls, filters (`|name(args)`) and tests (`is name arg`).
 * Filter and test names are checked here, so an unknown one fails at compile time as in Jinja.
 */
import type { CallSyntax, Expr } from './ast';
import { MAX_NESTING_DEPTH } from './budget';
import { tooDeep } from './syntaxDepth';
import type { TokenStream } from './tokenStream';
import { describeToken } from './tokens';

export interface TupleOptions {
  simplified?: boolean;
  withConditional?: boolean;
  endNames?: string[];
  explicitParentheses?: boolean;
}

export abstract class PrimaryParser {
  private depth = 0;

  constructor(protected readonly stream: TokenStream) {}

  /** Runs a recursive descent step, refusing nesting deeper than the render can walk. */
  protected nested<T>(parse: () => T): T {
    this.depth += 1;
    try {
      if (this.depth > MAX_NESTING_DEPTH) throw tooDeep(this.stream.current.line);
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  abstract parseExpression(withConditional?: boolean): Expr;
  abstract parseTuple(options?: TupleOptions): Expr;

  protected parsePrimary(): Expr {
    const token = this.stream.current;
    const line = token.line;
    if (token.type === 'name') {
      this.stream.next();
      if (token.value === 'true' || token.value === 'True') return { kind: 'literal', value: true, line };
      if (token.value === 'false' || token.value === 'False') return { kind: 'literal', value: false, line };
      if (token.value === 'none' || token.value === 'None') return { kind: 'literal', value: null, line };
      return { kind: 'name', name: token.value, line };
    }
    if (token.type === 'string') {
      let text = '';
      while (this.stream.is('string')) text += this.stream.next().value; // adjacent literals join
      return { kind: 'literal', value: text, line };
    }
    if (token.type === 'integer' || token.type === 'float') {
      this.stream.next();
      return { kind: 'literal', value: token.literal, line };
    }
    if (this.stream.skipOp('(')) {
      const inner = this.parseTuple({ explicitParentheses: true });
      this.stream.expectOp(')');
      return inner;
    }
    if (this.stream.isOp('[')) return this.parseList();
    if (this.stream.isOp('{')) return this.parseDict();
    return this.stream.fail(`unexpected '${describeToken(token)}'`);
  }

  private parseList(): Expr {
    const line = this.stream.expectOp('[').line;
    const items: Expr[] = [];
    while (!this.stream.isOp(']')) {
      if (items.length > 0) this.stream.expectOp(',');
      if (this.stream.isOp(']')) break;
      items.push(this.parseExpression());
    }
    this.stream.expectOp(']');
    return { kind: 'list', items, line };
  }

  private parseDict(): Expr {
    const line = this.stream.expectOp('{').line;
    const entries: Array<[Expr, Expr]> = [];
    while (!this.stream.isOp('}')) {
      if (entries.length > 0) this.stream.expectOp(',');
      if (this.stream.isOp('}')) break;
      const key = this.parseExpression();
      this.stream.expectOp(':');
      entries.push([key, this.parseExpression()]);
    }
    this.stream.expectOp('}');
    return { kind: 'dict', entries, line };
  }

  protected parsePostfix(node: Expr): Expr {
    let current = node;
    for (;;) {
      if (this.stream.isOp('.') || this.stream.isOp('[')) current = this.parseSubscript(current);
      else if (this.stream.isOp('(')) current = this.parseCall(current);
      else return current;
    }
  }

  protected parseFilterChain(node: Expr): Expr {
    let current = node;
    for (;;) {
      if (this.stream.isOp('|')) {
        this.stream.next();
        current = { kind: 'filter', target: current, ...this.parseFilterCall() };
      } else if (this.stream.isName('is')) current = this.parseTest(current);
      else if (this.stream.isOp('(')) current = this.parseCall(current);
      else return current;
    }
  }

  protected parseFilterCall(): { name: string; line: number } & CallSyntax {
    const token = this.stream.expectName();
    let name = token.value;
    while (this.stream.skipOp('.')) name += `.${this.stream.expectName().value}`;
    const call = this.stream.isOp('(') ? this.parseCallArguments() : { args: [], kwargs: [] };
    return { name, line: token.line, ...call };
  }

  private parseTest(target: Expr): Expr {
    const line = this.stream.next().line;
    const negated = this.stream.skipName('not');
    const nameToken = this.stream.expectName();
    let name = nameToken.value;
    while (this.stream.skipOp('.')) name += `.${this.stream.expectName().value}`;
    let call: CallSyntax = { args: [], kwargs: [] };
    if (this.stream.isOp('(')) call = this.parseCallArguments();
    else if (this.startsBareTestArgument()) call = { args: [this.parsePostfix(this.parsePrimary())], kwargs: [] };
    const test: Expr = { kind: 'test', target, name, line, ...call };
    return negated ? { kind: 'not', operand: test, line } : test;
  }

  /** `x is divisibleby 3`: one argument without parentheses, as Jinja allows. */
  private startsBareTestArgument(): boolean {
    const token = this.stream.current;
    if (token.type === 'name') {
      if (token.value === 'is') this.stream.fail('You cannot chain multiple tests with is');
      return !['else', 'or', 'and'].includes(token.value);
    }
    return ['string', 'integer', 'float'].includes(token.type) || this.stream.isOp('(') || this.stream.isOp('[') || this.stream.isOp('{');
  }

  private parseSubscript(target: Expr): Expr {
    const token = this.stream.next();
    if (token.value === '.') {
      const attribute = this.stream.next();
      if (attribute.type === 'name') return { kind: 'attribute', target, name: attribute.value, line: token.line };
      if (attribute.type !== 'integer') this.stream.fail('expected name or number', attribute.line);
      return { kind: 'item', target, key: { kind: 'literal', value: attribute.literal, line: attribute.line }, line: token.line };
    }
    const keys: Expr[] = [];
    while (!this.stream.isOp(']')) {
      if (keys.length > 0) this.stream.expectOp(',');
      keys.push(this.parseSubscribed());
    }
    this.stream.expectOp(']');
    const key: Expr = keys.length === 1 ? keys[0]! : { kind: 'tuple', items: keys, line: token.line };
    return { kind: 'item', target, key, line: token.line };
  }

  private parseSubscribed(): Expr {
    const line = this.stream.current.line;
    let start: Expr | null = null;
    if (!this.stream.isOp(':')) {
      start = this.parseExpression();
      if (!this.stream.isOp(':')) return start;
    }
    this.stream.next();
    const stop = this.sliceBound();
    const step = this.stream.skipOp(':') ? this.sliceBound() : null;
    return { kind: 'slice', start, stop, step, line };
  }

  private sliceBound(): Expr | null {
    if (this.stream.isOp(':') || this.stream.isOp(']') || this.stream.isOp(',')) return null;
    return this.parseExpression();
  }

  private parseCall(callee: Expr): Expr {
    const line = this.stream.current.line;
    return { kind: 'call', callee, line, ...this.parseCallArguments() };
  }

  private parseCallArguments(): CallSyntax {
    this.stream.expectOp('(');
    const call: CallSyntax = { args: [], kwargs: [] };
    while (!this.stream.isOp(')')) {
      if (call.args.length + call.kwargs.length > 0) {
        this.stream.expectOp(',');
        if (this.stream.isOp(')')) break;
      }
      if (this.stream.isOp('*') || this.stream.isOp('**')) this.stream.fail('*args and **kwargs are not supported in prompt templates');
      if (this.stream.is('name') && this.stream.look().type === 'operator' && this.stream.look().value === '=') {
        const name = this.stream.next().value;
        this.stream.next();
        call.kwargs.push({ name, value: this.parseExpression() });
      } else {
        if (call.kwargs.length > 0) this.stream.fail('invalid syntax for function call expression');
        call.args.push(this.parseExpression());
      }
    }
    this.stream.expectOp(')');
    return call;
  }
}
