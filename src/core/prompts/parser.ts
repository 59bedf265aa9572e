/**
 * Statement grammar: text, `{{ expr }}`, `{% if/elif/else/endif %}`,
 * `{% for target in iterable [if filter] [recursive] %}...{% else %}...{% endfor %}`,
 * `{% set target = expr %}` and `{% set target [| filters] %}...{% endset %}`, and the block
 * tags of parseBlocks.ts (macro, call, filter, with). Other Jinja tags (include, extends,
 * import, block...) are refused: a prompt is one file of user data.
 */
import type { AssignTarget, Expr, FilterCall, Stmt } from './ast';
import { BlockParser } from './parseBlocks';
import { TokenStream } from './tokenStream';
import type { Token } from './tokens';

const UNSUPPORTED_TAGS = new Set([
  'block', 'extends', 'include', 'import', 'from', 'autoescape', 'do',
  'break', 'continue', 'trans', 'pluralize', 'endblock',
]);

export function parseTemplate(tokens: readonly Token[]): Stmt[] {
  return new TemplateParser(new TokenStream(tokens)).parseAll();
}

class TemplateParser extends BlockParser {
  private readonly tagStack: string[] = [];
  private readonly endTokenStack: string[][] = [];

  parseAll(): Stmt[] {
    return this.subparse(null);
  }

  private subparse(endTokens: string[] | null): Stmt[] {
    const body: Stmt[] = [];
    if (endTokens) this.endTokenStack.push(endTokens);
    while (!this.stream.is('eof')) {
      const token = this.stream.next();
      if (token.type === 'data') {
        body.push({ kind: 'text', text: token.value, line: token.line });
      } else if (token.type === 'variable_begin') {
        body.push({ kind: 'output', expr: this.parseTuple(), line: token.line });
        this.stream.expect('variable_end');
      } else if (token.type === 'block_begin') {
        if (endTokens && this.stream.is('name') && endTokens.includes(this.stream.current.value)) {
          this.endTokenStack.pop();
          return body;
        }
        body.push(this.nested(() => this.parseStatement()));
        this.stream.expect('block_end');
      } else {
        this.stream.fail('internal parser error');
      }
    }
    if (endTokens) this.endTokenStack.pop();
    return body;
  }

  private parseStatement(): Stmt {
    const token = this.stream.current;
    if (token.type !== 'name') this.stream.fail('tag name expected');
    this.tagStack.push(token.value);
    try {
      switch (token.value) {
        case 'if': return this.parseIf();
        case 'for': return this.parseFor();
        case 'set': return this.parseSet();
        case 'macro': return this.parseMacro();
        case 'call': return this.parseCallBlock();
        case 'filter': return this.parseFilterBlock();
        case 'with': return this.parseWith();
        default: return this.failUnknownTag(token.value, token.line);
      }
    } finally {
      this.tagStack.pop();
    }
  }

  protected parseStatements(endTokens: string[], dropNeedle = false): Stmt[] {
    this.stream.skipOp(':');
    this.stream.expect('block_end');
    const body = this.subparse(endTokens);
    if (this.stream.is('eof')) this.failEndOfTemplate(endTokens);
    if (dropNeedle) this.stream.next();
    return body;
  }

  private parseIf(): Stmt {
    const line = this.stream.expectName('if').line;
    const branches: Array<{ test: Expr; body: Stmt[] }> = [];
    let otherwise: Stmt[] = [];
    for (;;) {
      const test = this.parseTuple({ withConditional: false });
      branches.push({ test, body: this.parseStatements(['elif', 'else', 'endif']) });
      const tag = this.stream.next().value;
      if (tag === 'elif') continue;
      if (tag === 'else') otherwise = this.parseStatements(['endif'], true);
      return { kind: 'if', branches, otherwise, line };
    }
  }

  private parseFor(): Stmt {
    const line = this.stream.expectName('for').line;
    const target = this.parseAssignTarget(['in']);
    this.stream.expectName('in');
    const iterable = this.parseTuple({ withConditional: false, endNames: ['recursive'] });
    const filter = this.stream.skipName('if') ? this.parseExpression() : null;
    const recursive = this.stream.skipName('recursive');
    const body = this.parseStatements(['endfor', 'else']);
    const otherwise = this.stream.next().value === 'else' ? this.parseStatements(['endfor'], true) : [];
    return { kind: 'for', target, iterable, filter, body, otherwise, recursive, line };
  }

  private parseSet(): Stmt {
    const line = this.stream.expectName('set').line;
    if (this.stream.is('name') && this.stream.look().type === 'operator' && this.stream.look().value === '.') {
      const namespace = this.stream.next().value;
      this.stream.next();
      const attribute = this.stream.expectName().value;
      this.stream.expectOp('=');
      return { kind: 'setAttribute', namespace, attribute, value: this.parseTuple(), line };
    }
    const target = this.parseAssignTarget([]);
    if (this.stream.skipOp('=')) return { kind: 'set', target, value: this.parseTuple(), line };
    const filters: FilterCall[] = [];
    while (this.stream.skipOp('|')) filters.push(this.parseFilterCall());
    const body = this.parseStatements(['endset'], true);
    return { kind: 'setBlock', target, filters, body, line };
  }

  protected parseAssignTarget(endNames: string[]): AssignTarget {
    const line = this.stream.current.line;
    return this.toTarget(this.parseTuple({ simplified: true, endNames }), line);
  }

  private toTarget(expr: Expr, line: number): AssignTarget {
    if (expr.kind === 'name') return { kind: 'name', name: expr.name };
    if (expr.kind === 'tuple') return { kind: 'tuple', items: expr.items.map((item) => this.toTarget(item, line)) };
    return this.stream.fail(`can't assign to '${expr.kind === 'literal' ? 'const' : expr.kind}'`, line);
  }

  private failUnknownTag(name: string, line: number): never {
    if (UNSUPPORTED_TAGS.has(name)) this.stream.fail(`the '${name}' tag is not supported in prompt templates`, line);
    const expected = this.endTokenStack.flat();
    const message = [`Encountered unknown tag '${name}'.`];
    const looking = this.endTokenStack[this.endTokenStack.length - 1];
    if (looking) {
      const list = looking.map((tag) => `'${tag}'`).join(' or ');
      message.push(expected.includes(name)
        ? `You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${list}.`
        : `Jinja was looking for the following tags: ${list}.`);
    }
    this.pushInnermost(message, 1);
    return this.stream.fail(message.join(' '), line);
  }

  private failEndOfTemplate(endTokens: string[]): never {
    const message = ['Unexpected end of template.'];
    message.push(`Jinja was looking for the following tags: ${endTokens.map((tag) => `'${tag}'`).join(' or ')}.`);
    this.pushInnermost(message, 0);
    return this.stream.fail(message.join(' '));
  }

  /** Names the innermost open block (skipping the unknown tag itself when it is on the stack). */
  private pushInnermost(message: string[], skip: number): void {
    const open = this.tagStack[this.tagStack.length - 1 - skip];
    if (open !== undefined) message.push(`The innermost block that needs to be closed is '${open}'.`);
  }
}
