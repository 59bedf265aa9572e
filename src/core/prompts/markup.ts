/**
 * markupsafe's `Markup` as Jinja uses it without autoescape: `escape`/`e` return Markup
 * (escaping it again changes nothing), `safe` marks text as Markup without escaping, and `+`,
 * `*` and `%` with a Markup operand escape the plain-text side (Markup.__add__, __radd__,
 * __mod__). `~` joins as plain text (Jinja's str_join when autoescape is off). Everywhere else
 * a Markup acts as its text: `unmark` is applied where values enter Python semantics.
 */
import { chargeValue } from './budget';
import { percentFormat } from './printf';
import { dictEntries, dictFromEntries, isDict } from './pyDict';
import { pyStr } from './pyText';
import { Markup, isNumeric, isTuple, makeTuple } from './values';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

export function escapeText(text: string): string {
  let specials = 0;
  for (let i = 0; i < text.length; i += 1) if (HTML_ESCAPES[text[i]!] !== undefined) specials += 1;
  chargeValue(text.length + specials * 4); // '&#34;' is the longest escape
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** markupsafe.escape: Markup stays as it is, anything else is printed and escaped. */
export function escapeMarkup(value: unknown): Markup {
  return value instanceof Markup ? value : new Markup(escapeText(pyStr(value)));
}

/** `a + b`, `a * n`, `a % args` when an operand is Markup; undefined when Python would not use Markup's method. */
export function markupArithmetic(op: string, a: unknown, b: unknown): Markup | undefined {
  const text = (value: unknown): value is string | Markup => typeof value === 'string' || value instanceof Markup;
  if (op === '+' && text(a) && text(b)) {
    const left = escapeMarkup(a).text;
    const right = escapeMarkup(b).text;
    chargeValue(left.length + right.length);
    return new Markup(left + right);
  }
  if (op === '%' && a instanceof Markup) return new Markup(percentFormat(a.text, escapeArguments(b)));
  return undefined;
}

/** Markup.__mod__ escapes its arguments; numbers stay numbers so `%d` still works. */
function escapeArguments(args: unknown): unknown {
  const escape = (value: unknown): unknown => (isNumeric(value) ? value : escapeMarkup(value));
  if (isTuple(args)) return makeTuple(args.map(escape));
  if (isDict(args)) return dictFromEntries(dictEntries(args).map(([key, value]) => [key, escape(value)] as const));
  return escape(args);
}
