/**
 * Tokenizes the inside of `{{ ... }}` and `{% ... %}` the way Jinja 3.1 does: the closing
 * delimiter only counts when brackets are balanced, `-}}`/`-%}` strip the whitespace
 * after the tag, `%}` swallows one newline (trim_blocks) unless written `+%}`.
 */
import { pythonStringRepr } from '../python';
import { TemplateSyntaxFault } from './faults';
import { isPySpace } from './pyString';
import { decodeStringLiteral } from './stringLiteral';
import type { Token } from './tokens';
import { PyFloat, makeInt } from './values';

/** The environment's whitespace options (the original's prompts: both on; llm_guard's: both off). */
export interface WhitespaceOptions {
  trimBlocks: boolean;
  lstripBlocks: boolean;
}

export interface LexCursor {
  options: WhitespaceOptions;
  source: string;
  pos: number;
  line: number;
  tokens: Token[];
}

const FLOAT = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INTEGER = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const STRING = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y;
const OPERATORS = ['//', '**', '==', '!=', '>=', '<=', '+', '-', '/', '*', '%', '~', '[', ']', '(', ')', '{', '}', '>', '<', '=', '.', ':', '|', ',', ';'];
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

function matchAt(pattern: RegExp, cursor: LexCursor): RegExpExecArray | null {
  pattern.lastIndex = cursor.pos;
  return pattern.exec(cursor.source);
}

function advance(cursor: LexCursor, to: number): void {
  for (let i = cursor.pos; i < to; i += 1) if (cursor.source[i] === '\n') cursor.line += 1;
  cursor.pos = to;
}

export function skipWhitespace(cursor: LexCursor): void {
  let end = cursor.pos;
  while (end < cursor.source.length && isPySpace(cursor.source[end]!)) end += 1;
  advance(cursor, end);
}

/** Consumes the closing delimiter if it is at the cursor; true when the tag ended. */
function closeTag(cursor: LexCursor, kind: 'block' | 'variable'): boolean {
  const { source, pos } = cursor;
  const close = kind === 'block' ? '%}' : '}}';
  if (kind === 'block' && source.startsWith(`+${close}`, pos)) {
    advance(cursor, pos + 3);
  } else if (source.startsWith(`-${close}`, pos)) {
    advance(cursor, pos + 3);
    skipWhitespace(cursor);
  } else if (source.startsWith(close, pos)) {
    advance(cursor, pos + 2);
    if (kind === 'block' && cursor.options.trimBlocks && source[cursor.pos] === '\n') advance(cursor, cursor.pos + 1);
  } else {
    return false;
  }
  cursor.tokens.push({ type: kind === 'block' ? 'block_end' : 'variable_end', value: '', line: cursor.line });
  return true;
}

/** Lexes tokens up to and including the tag's end; at end of input it stops (the parser reports it). */
export function lexTag(cursor: LexCursor, kind: 'block' | 'variable'): void {
  const open: string[] = [];
  while (cursor.pos < cursor.source.length) {
    if (open.length === 0 && closeTag(cursor, kind)) return;
    if (isPySpace(cursor.source[cursor.pos]!)) {
      skipWhitespace(cursor);
      continue;
    }
    cursor.tokens.push(readToken(cursor, open));
  }
}

function readToken(cursor: LexCursor, open: string[]): Token {
  const line = cursor.line;
  const start = cursor.pos;
  const float = cursor.source[start - 1] === '.' ? null : matchAt(FLOAT, cursor);
  if (float) return finish(cursor, { type: 'float', value: float[0], literal: floatValue(float[0]), line });
  const integer = matchAt(INTEGER, cursor);
  if (integer) return finish(cursor, { type: 'integer', value: integer[0], literal: integerValue(integer[0]), line });
  const name = matchAt(NAME, cursor);
  if (name) return finish(cursor, { type: 'name', value: name[0], line });
  const string = matchAt(STRING, cursor);
  if (string) {
    const decoded = decodeStringLiteral(string[1] ?? string[2] ?? '', line);
    return finish(cursor, { type: 'string', value: decoded, line }, string[0].length);
  }
  const operator = OPERATORS.find((op) => cursor.source.startsWith(op, start));
  if (operator === undefined) {
    throw new TemplateSyntaxFault(`unexpected char ${pythonStringRepr(cursor.source[start]!)} at ${start}`, line);
  }
  balance(operator, open, line);
  return finish(cursor, { type: 'operator', value: operator, line });
}

function finish(cursor: LexCursor, token: Token, length = token.value.length): Token {
  advance(cursor, cursor.pos + length);
  return token;
}

function balance(operator: string, open: string[], line: number): void {
  const closer = CLOSERS[operator];
  if (closer !== undefined) {
    open.push(closer);
  } else if (operator === ')' || operator === ']' || operator === '}') {
    const expected = open.pop();
    if (expected === undefined) throw new TemplateSyntaxFault(`unexpected '${operator}'`, line);
    if (expected !== operator) throw new TemplateSyntaxFault(`unexpected '${operator}', expected '${expected}'`, line);
  }
}

function floatValue(text: string): number | PyFloat {
  const value = Number(text.replace(/_/g, ''));
  return Number.isInteger(value) ? new PyFloat(value) : value;
}

/** Decimal, 0b, 0o and 0x forms: JS BigInt() reads all of them once underscores go. */
function integerValue(text: string): number | bigint {
  return makeInt(BigInt(text.replace(/_/g, '').toLowerCase()));
}
