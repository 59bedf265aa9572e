/**
 * The block tags that take a body of their own: `macro`, `call`, `filter` and `with`, parsed
 * as Jinja's parser.py parses them (parse_signature, parse_call_block, parse_filter_block,
 * parse_with). `TemplateParser` (parser.ts) dispatches to these.
 */
import type { AssignTarget, Expr, FilterCall, Signature, Stmt } from './ast';
import { ExpressionParser } from './parseExpression';

export abstract class BlockParser extends ExpressionParser {
  protected abstract parseStatements(endTokens: string[], dropNeedle?: boolean): Stmt[];
  protected abstract parseAssignTarget(endNames: string[]): AssignTarget;

  protected parseMacro(): Stmt {
    const line = this.stream.expectName('macro').line;
    const name = this.stream.expectName().value;
    const signature = this.parseSignature();
    const body = this.parseStatements(['endmacro'], true);
    return { kind: 'macro', name, body, line, ...signature, uses: specialUses(body, signature.params) };
  }

  protected parseCallBlock(): Stmt {
    const line = this.stream.expectName('call').line;
    const signature = this.stream.isOp('(') ? this.parseSignature() : { params: [], defaults: [] };
    const call = this.parseExpression();
    if (call.kind !== 'call') this.stream.fail('expected call', line);
    const body = this.parseStatements(['endcall'], true);
    return { kind: 'callBlock', call, body, line, ...signature, uses: specialUses(body, signature.params) };
  }

  protected parseFilterBlock(): Stmt {
    const line = this.stream.expectName('filter').line;
    const filters: FilterCall[] = [this.parseFilterCall()];
    while (this.stream.skipOp('|')) filters.push(this.parseFilterCall());
    return { kind: 'filterBlock', filters, body: this.parseStatements(['endfilter'], true), line };
  }

  protected parseWith(): Stmt {
    const line = this.stream.expectName('with').line;
    const targets: AssignTarget[] = [];
    const values: Expr[] = [];
    while (!this.stream.is('block_end')) {
      if (targets.length > 0) this.stream.expectOp(',');
      targets.push(this.parseAssignTarget([]));
      this.stream.expectOp('=');
      values.push(this.parseExpression());
    }
    return { kind: 'with', targets, values, body: this.parseStatements(['endwith'], true), line };
  }

  private parseSignature(): Pick<Signature, 'params' | 'defaults'> {
    const params: string[] = [];
    const defaults: Expr[] = [];
    this.stream.expectOp('(');
    while (!this.stream.isOp(')')) {
      if (params.length > 0) this.stream.expectOp(',');
      const name = this.stream.expectName().value;
      if (this.stream.skipOp('=')) defaults.push(this.parseExpression());
      else if (defaults.length > 0) this.stream.fail('non-default argument follows default argument');
      params.push(name);
    }
    this.stream.expectOp(')');
    return { params, defaults };
  }
}

/**
 * Jinja gives a macro a `caller`, `kwargs` or `varargs` parameter only when its body reads
 * that name (compiler.py macro_body); a parameter of the same name takes precedence.
 */
function specialUses(body: readonly Stmt[], params: readonly string[]): Signature['uses'] {
  const read = new Set<string>();
  const stack: unknown[] = [...body];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) (value as unknown[]).forEach((item) => stack.push(item));
    else {
      const node = value as { kind?: unknown; name?: unknown };
      if (node.kind === 'name' && typeof node.name === 'string') read.add(node.name);
      for (const child of Object.values(value as Record<string, unknown>)) stack.push(child);
    }
  }
  const uses = (name: 'caller' | 'kwargs' | 'varargs'): boolean => read.has(name) && (name === 'caller' || !params.includes(name));
  return { caller: uses('caller'), kwargs: uses('kwargs'), varargs: uses('varargs') };
}
