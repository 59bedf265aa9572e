/** Tokens shared by the lexer and the parser. */

export type TokenType =
  | 'data'
  | 'variable_begin'
  | 'variable_end'
  | 'block_begin'
  | 'block_end'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'operator'
  | 'eof';

export interface Token {
  type: TokenType;
  /** Text for data/name/operator tokens, the decoded text for strings. */
  value: string;
  /** The number for integer/float tokens (a PyFloat for integral floats). */
  literal?: unknown;
  line: number;
}

/** How Jinja names tokens in its error messages. */
export function describeToken(token: Token): string {
  switch (token.type) {
    case 'eof': return 'end of template';
    case 'variable_begin': return 'begin of print statement';
    case 'variable_end': return 'end of print statement';
    case 'block_begin': return 'begin of statement block';
    case 'block_end': return 'end of statement block';
    case 'data': return 'template data';
    default: return token.value;
  }
}
