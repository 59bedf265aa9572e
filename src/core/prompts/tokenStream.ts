/** A cursor over tokens with Jinja-style "expected X, got Y" failures. */
import { TemplateSyntaxFault } from './faults';
import { describeToken, type Token, type TokenType } from './tokens';

export class TokenStream {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  get current(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  look(): Token {
    return this.tokens[this.index + 1] ?? this.tokens[this.tokens.length - 1]!;
  }

  next(): Token {
    const token = this.current;
    if (this.index < this.tokens.length - 1) this.index += 1;
    return token;
  }

  isOp(op: string): boolean {
    return this.current.type === 'operator' && this.current.value === op;
  }

  isName(name?: string): boolean {
    return this.current.type === 'name' && (name === undefined || this.current.value === name);
  }

  is(type: TokenType): boolean {
    return this.current.type === type;
  }

  skipOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }

  skipName(name: string): boolean {
    if (!this.isName(name)) return false;
    this.next();
    return true;
  }

  expectOp(op: string): Token {
    if (!this.isOp(op)) this.mismatch(op);
    return this.next();
  }

  expectName(name?: string): Token {
    if (!this.isName(name)) this.mismatch(name ?? 'name');
    return this.next();
  }

  expect(type: TokenType): Token {
    if (!this.is(type)) this.mismatch(describeToken({ type, value: type, line: 0 }));
    return this.next();
  }

  private mismatch(wanted: string): never {
    if (this.is('eof')) this.fail(`unexpected end of template, expected '${wanted}'.`);
    this.fail(`expected token '${wanted}', got '${describeToken(this.current)}'`);
  }

  fail(message: string, line = this.current.line): never {
    throw new TemplateSyntaxFault(message, line);
  }
}
