/**
 * Python's html.unescape (what markupsafe's Markup.unescape and striptags call): numeric
 * references with CPython's replacements for invalid ones, and HTML5's named references,
 * including the longest-prefix rule for names written without `;` (`&copyx` is `©x`).
 */
import { inflateSync } from 'node:zlib';
import { INVALID_CHARREFS, INVALID_CODEPOINTS, PACKED_ENTITIES } from './htmlEntities.generated';

let named: Map<string, string> | undefined;
let invalidPoints: Set<number> | undefined;

function entities(): Map<string, string> {
  if (named === undefined) {
    named = new Map(inflateSync(Buffer.from(PACKED_ENTITIES, 'base64')).toString('latin1').split('\n').map((line) => {
      const [name, codes] = line.split('\t') as [string, string];
      return [name, String.fromCodePoint(...codes.split(',').map((hex) => parseInt(hex, 16)))] as const;
    }));
  }
  return named;
}

const CHARREF = /&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/g;

export function htmlUnescape(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(CHARREF, (_match, ref: string) => (ref.startsWith('#') ? numericReference(ref) : namedReference(ref)));
}

function numericReference(ref: string): string {
  const digits = ref.replace(/;$/, '');
  const code = digits[1] === 'x' || digits[1] === 'X' ? parseInt(digits.slice(2), 16) : parseInt(digits.slice(1), 10);
  const replacement = INVALID_CHARREFS[String(code)];
  if (replacement !== undefined) return String.fromCodePoint(replacement);
  if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return '\ufffd';
  invalidPoints ??= new Set(INVALID_CODEPOINTS);
  return invalidPoints.has(code) ? '' : String.fromCodePoint(code);
}

function namedReference(ref: string): string {
  const table = entities();
  const whole = table.get(ref);
  if (whole !== undefined) return whole;
  for (let length = ref.length - 1; length > 1; length -= 1) {
    const prefix = table.get(ref.slice(0, length));
    if (prefix !== undefined) return prefix + ref.slice(length);
  }
  return `&${ref}`;
}
