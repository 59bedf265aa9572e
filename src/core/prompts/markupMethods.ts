/**
 * Methods called on a Markup (`(x|e).upper()`), as markupsafe 2.1 defines them: the
 * `_simple_escaping_wrapper` methods escape their string arguments and return Markup,
 * `partition`/`rpartition` escape the separator and return Markup parts, `split`/`rsplit`/
 * `splitlines` return Markup items, `join` escapes each item, `format` escapes each formatted
 * field; every other str method acts on the text and returns what str's does.
 */
import type { CallArguments } from './args';
import { typeFault } from './faults';
import { htmlUnescape } from '../python';
import { striptags } from './formatFilters';
import { escapeMarkup } from './markup';
import { pyIterate } from './pySemantics';
import { BoundMethod, Markup, isTuple, makeTuple, markLocal, requireDefined } from './values';

const ESCAPING = new Set(['capitalize', 'title', 'lower', 'upper', 'replace', 'ljust', 'rjust', 'lstrip', 'rstrip', 'center', 'strip',
  'expandtabs', 'swapcase', 'zfill']);
const SPLITTING = new Set(['split', 'rsplit', 'splitlines']);

/** Markup-only methods, beside str's. */
export function isMarkupOnlyMethod(name: string): boolean {
  return name === 'unescape' || name === 'striptags';
}

export type StringCall = (method: BoundMethod, call: CallArguments) => unknown;

/** _escape_argspec: str (and Markup) arguments are escaped, anything else passes as it is. */
function escapeArguments(call: CallArguments): CallArguments {
  const escape = (value: unknown): unknown => (typeof value === 'string' || value instanceof Markup ? escapeMarkup(value).text : value);
  return { positional: call.positional.map(escape), keywords: new Map([...call.keywords].map(([key, value]) => [key, escape(value)])) };
}

export function callMarkupMethod(receiver: Markup, name: string, call: CallArguments, callString: StringCall, format: StringCall): unknown {
  const onText = (args: CallArguments): unknown => callString(new BoundMethod(receiver.text, name), args);
  if (ESCAPING.has(name)) return new Markup(String(onText(escapeArguments(call))));
  if (name === 'partition' || name === 'rpartition') {
    const parts = onText(escapeArguments(call));
    return isTuple(parts) ? makeTuple(parts.map((part) => new Markup(String(part)))) : parts;
  }
  if (SPLITTING.has(name)) {
    const parts = onText(call);
    return Array.isArray(parts) ? markLocal(parts.map((part) => new Markup(String(part)))) : parts;
  }
  if (name === 'join') {
    if (call.positional.length !== 1 || call.keywords.size > 0) throw typeFault('join() takes exactly one argument');
    const items = pyIterate(requireDefined(call.positional[0])).map((item) => escapeMarkup(requireDefined(item)).text);
    return new Markup(String(callString(new BoundMethod(receiver.text, 'join'), { positional: [markLocal(items)], keywords: new Map() })));
  }
  if (name === 'format') return new Markup(String(format(new BoundMethod(receiver.text, 'format'), call)));
  if (name === 'unescape') return htmlUnescape(receiver.text);
  if (name === 'striptags') return striptags(receiver.text);
  return onText(call);
}
