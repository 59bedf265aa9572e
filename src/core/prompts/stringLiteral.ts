/** Decodes a template string literal the way Jinja does (Python's unicode-escape). */
import { lookupUnicodeName } from '../python';
import { TemplateSyntaxFault } from './faults';

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};
const HEX_WIDTH: Record<string, number> = { x: 2, u: 4, U: 8 };

export function decodeStringLiteral(body: string, line: number): string {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const backslash = body.indexOf('\\', i);
    if (backslash !== i) {
      // Plain runs are copied whole: a long literal must not be built one character at a time.
      const end = backslash < 0 ? body.length : backslash;
      out += body.slice(i, end);
      i = end;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) throw new TemplateSyntaxFault('\\ at end of string', line);
    const simple = SIMPLE_ESCAPES[next];
    const width = HEX_WIDTH[next];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (width !== undefined) {
      const digits = body.slice(i + 2, i + 2 + width);
      const code = /^[0-9a-fA-F]+$/.test(digits) && digits.length === width ? parseInt(digits, 16) : NaN;
      if (Number.isNaN(code) || code > 0x10ffff) throw new TemplateSyntaxFault(`truncated \\${next} escape`, line);
      out += String.fromCodePoint(code);
      i += 2 + width;
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(octal, 8));
      i += 1 + octal.length;
    } else if (next === 'N') {
      const named = /^\{([^}]*)\}/.exec(body.slice(i + 2));
      const char = named === null ? undefined : lookupUnicodeName(named[1]!);
      if (char === undefined) {
        throw new TemplateSyntaxFault("(unicode error) 'unicodeescape' codec can't decode: unknown Unicode character name", line);
      }
      out += char;
      i += 2 + named![0].length;
    } else {
      out += `\\${next}`; // Python keeps unknown escapes as written
      i += 2;
    }
  }
  return out;
}
