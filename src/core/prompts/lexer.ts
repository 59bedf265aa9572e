/**
 * Splits template text into data and tag tokens with Jinja 3.1's whitespace rules as the
 * original configured them (trim_blocks, lstrip_blocks, keep_trailing_newline=False):
 * - newlines are normalised to \n and one trailing newline of the *source* is dropped;
 * - `{%-`/`{{-`/`{#-` strip all whitespace before the tag;
 * - otherwise, for `{%` and `{#` (not `{{`, not `{%+`), spaces and tabs between the start
 *   of the line and the tag are removed (lstrip_blocks);
 * - `%}` and `#}` swallow one following newline (trim_blocks) unless written `+%}`.
 */
import { TemplateSyntaxFault } from './faults';
import { PY_SPACE_CLASS, pyStrip } from './pyString';
import { type LexCursor, type WhitespaceOptions, lexTag, skipWhitespace } from './tagLexer';
import type { Token } from './tokens';

const LINE_SPACE = new RegExp(`^[${PY_SPACE_CLASS}]*$`);
const RAW_BEGIN = /\{%([-+]?)\s*raw\s*(-?)%\}/y;
const RAW_END = /\{%([-+]?)\s*endraw\s*([-+]?)%\}/g;

export function normaliseSource(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

export function tokenize(text: string, options: WhitespaceOptions = { trimBlocks: true, lstripBlocks: true }): Token[] {
  const cursor: LexCursor = { options, source: normaliseSource(text), pos: 0, line: 1, tokens: [] };
  let lineStarting = true;
  while (cursor.pos < cursor.source.length) {
    const tagStart = findTagStart(cursor.source, cursor.pos);
    if (tagStart < 0) {
      emitData(cursor, cursor.source.slice(cursor.pos), cursor.source.length);
      break;
    }
    const kind = cursor.source[tagStart + 1]!;
    RAW_BEGIN.lastIndex = tagStart;
    const raw = kind === '%' ? RAW_BEGIN.exec(cursor.source) : null;
    const sign = raw ? raw[1]! : signAt(cursor.source, tagStart + 2);
    const text = stripBeforeTag(cursor.source.slice(cursor.pos, tagStart), sign, kind !== '{' && options.lstripBlocks, lineStarting);
    emitData(cursor, text, tagStart);
    if (raw) lineStarting = lexRaw(cursor, raw);
    else if (kind === '#') lineStarting = lexComment(cursor, tagStart + 2 + sign.length);
    else lineStarting = lexTagAt(cursor, kind === '%' ? 'block' : 'variable', tagStart + 2 + sign.length);
  }
  cursor.tokens.push({ type: 'eof', value: '', line: cursor.line });
  return cursor.tokens;
}

function findTagStart(source: string, from: number): number {
  let at = source.indexOf('{', from);
  while (at >= 0) {
    const next = source[at + 1];
    if (next === '{' || next === '%' || next === '#') return at;
    at = source.indexOf('{', at + 1);
  }
  return -1;
}

function signAt(source: string, pos: number): string {
  const char = source[pos];
  return char === '-' || char === '+' ? char : '';
}

/** The whitespace rules that apply to the text in front of a tag. */
function stripBeforeTag(text: string, sign: string, isBlockOrComment: boolean, lineStarting: boolean): string {
  if (sign === '-') return pyStrip(text, null, 'right');
  if (sign === '+' || !isBlockOrComment) return text;
  const lineStart = text.lastIndexOf('\n') + 1;
  if (lineStart === 0 && !lineStarting) return text;
  // Jinja checks the rest of the line against `\s+` (Python's Unicode whitespace).
  return LINE_SPACE.test(text.slice(lineStart)) ? text.slice(0, lineStart) : text;
}

/** Emits data (possibly stripped) and moves the cursor to `end`, counting lines. */
function emitData(cursor: LexCursor, text: string, end: number): void {
  if (text !== '') cursor.tokens.push({ type: 'data', value: text, line: cursor.line });
  for (let i = cursor.pos; i < end; i += 1) if (cursor.source[i] === '\n') cursor.line += 1;
  cursor.pos = end;
}

function endsLine(cursor: LexCursor): boolean {
  return cursor.source[cursor.pos - 1] === '\n';
}

function lexTagAt(cursor: LexCursor, kind: 'block' | 'variable', contentStart: number): boolean {
  cursor.tokens.push({ type: kind === 'block' ? 'block_begin' : 'variable_begin', value: '', line: cursor.line });
  cursor.pos = contentStart;
  lexTag(cursor, kind);
  return endsLine(cursor);
}

function lexComment(cursor: LexCursor, contentStart: number): boolean {
  const line = cursor.line;
  const close = cursor.source.indexOf('#}', contentStart);
  if (close < 0) throw new TemplateSyntaxFault('Missing end of comment tag', line);
  const sign = close > contentStart ? signAt(cursor.source, close - 1) : '';
  emitData(cursor, '', close + 2);
  if (sign === '-') skipWhitespace(cursor);
  else if (sign === '' && cursor.options.trimBlocks && cursor.source[cursor.pos] === '\n') emitData(cursor, '', cursor.pos + 1);
  return endsLine(cursor);
}

/** `{% raw %}...{% endraw %}`: the body is data; no newline is trimmed after `{% raw %}` (as in Jinja). */
function lexRaw(cursor: LexCursor, begin: RegExpExecArray): boolean {
  const line = cursor.line;
  emitData(cursor, '', begin.index + begin[0].length);
  if (begin[2] === '-') skipWhitespace(cursor);
  RAW_END.lastIndex = cursor.pos;
  const end = RAW_END.exec(cursor.source);
  if (end === null) throw new TemplateSyntaxFault('Missing end of raw directive', line);
  const body = stripBeforeTag(cursor.source.slice(cursor.pos, end.index), end[1]!, cursor.options.lstripBlocks, endsLine(cursor));
  emitData(cursor, body, end.index + end[0].length);
  const closing = end[2]!;
  if (closing === '-') skipWhitespace(cursor);
  else if (closing === '' && cursor.options.trimBlocks && cursor.source[cursor.pos] === '\n') emitData(cursor, '', cursor.pos + 1);
  return endsLine(cursor);
}
