/**
 * The `pprint` filter: Python's `pprint.pformat(value)` (width 80, dicts sorted by key), as
 * Jinja's do_pprint calls it. A value whose repr fits on its line prints as repr (with its
 * dicts' keys sorted); a longer dict, list or tuple puts one item per line, indented under its
 * bracket, and a longer string is cut at whitespace into adjacent literals (PrettyPrinter's
 * _format, _pprint_dict, _format_items and _pprint_str).
 */
import { chargeSteps, checkDepth } from './budget';
import { RANGE_TEXT } from './globals';
import { pyOrder } from './pySemantics';
import { codePointLength } from './pyString';
import { dictEntries, dictFromEntries, isDict } from './pyDict';
import { splitlines } from './moreMethods';
import { pyRepr } from './pyText';
import { isTuple, makeTuple, typeName, viewKind } from './values';

const WIDTH = 80;

export function pformat(value: unknown): string {
  const out: string[] = [];
  format(sortDicts(value, 0), out, 0, 0, 0);
  return out.join('');
}

/** pprint's _safe_key: values that cannot be ordered fall back to their type names. */
function safeLess(a: unknown, b: unknown): boolean {
  try {
    return pyOrder('<', a, b);
  } catch {
    return `<class '${typeName(a)}'>` < `<class '${typeName(b)}'>`;
  }
}

/** A copy whose dicts list their keys in sorted order (pprint's sort_dicts). */
function sortDicts(value: unknown, depth: number): unknown {
  chargeSteps();
  checkDepth(depth);
  if (isDict(value)) {
    const entries = dictEntries(value).map(([key, item]) => [key, sortDicts(item, depth + 1)] as [unknown, unknown]);
    entries.sort(([a], [b]) => (safeLess(a, b) ? -1 : safeLess(b, a) ? 1 : 0));
    return dictFromEntries(entries);
  }
  if (!Array.isArray(value) || viewKind(value) !== undefined || RANGE_TEXT.has(value)) return value;
  const items = value.map((item) => sortDicts(item, depth + 1));
  return isTuple(value) ? makeTuple(items) : items;
}

function format(value: unknown, out: string[], indent: number, allowance: number, level: number): void {
  chargeSteps();
  const rep = pyRepr(value);
  if (codePointLength(rep) <= WIDTH - indent - allowance) {
    out.push(rep);
  } else if (isDict(value)) {
    out.push('{');
    formatDictItems(dictEntries(value), out, indent + 1, allowance + 1, level + 1);
    out.push('}');
  } else if (Array.isArray(value) && viewKind(value) === undefined && !RANGE_TEXT.has(value)) {
    const tuple = isTuple(value);
    const end = tuple ? (value.length === 1 ? ',)' : ')') : ']';
    out.push(tuple ? '(' : '[');
    formatItems(value, out, indent + 1, allowance + end.length, level + 1);
    out.push(end);
  } else if (typeof value === 'string' && value !== '') {
    formatString(value, out, indent, allowance, level + 1);
  } else {
    out.push(rep);
  }
}

function formatDictItems(entries: Array<[unknown, unknown]>, out: string[], indent: number, allowance: number, level: number): void {
  entries.forEach(([key, item], index) => {
    const last = index === entries.length - 1;
    const rep = pyRepr(key);
    out.push(rep, ': ');
    format(item, out, indent + codePointLength(rep) + 2, last ? allowance : 1, level);
    if (!last) out.push(',\n' + ' '.repeat(indent));
  });
}

function formatItems(items: readonly unknown[], out: string[], indent: number, allowance: number, level: number): void {
  items.forEach((item, index) => {
    if (index > 0) out.push(',\n' + ' '.repeat(indent));
    format(item, out, indent, index === items.length - 1 ? allowance : 1, level);
  });
}

/** _pprint_str: each line's repr, or the line cut at whitespace into chunks that fit. */
function formatString(text: string, out: string[], indent: number, allowance: number, level: number): void {
  const lines = splitlines(text, [true]);
  const top = level === 1;
  const inner = top ? indent + 1 : indent;
  const room = top ? allowance + 1 : allowance;
  const chunks: string[] = [];
  lines.forEach((line, i) => {
    const lastLine = i === lines.length - 1;
    const rep = pyRepr(line);
    if (codePointLength(rep) <= WIDTH - inner - (lastLine ? room : 0)) {
      chunks.push(rep);
      return;
    }
    const parts = line.match(/\S*\s*/g)!.slice(0, -1);
    let current = '';
    parts.forEach((part, j) => {
      const candidate = current + part;
      const limit = WIDTH - inner - (lastLine && j === parts.length - 1 ? room : 0);
      if (codePointLength(pyRepr(candidate)) > limit) {
        if (current !== '') chunks.push(pyRepr(current));
        current = part;
      } else {
        current = candidate;
      }
    });
    if (current !== '') chunks.push(pyRepr(current));
  });
  if (chunks.length === 1) {
    out.push(pyRepr(text));
    return;
  }
  if (top) out.push('(');
  out.push(chunks.join('\n' + ' '.repeat(inner)));
  if (top) out.push(')');
}
