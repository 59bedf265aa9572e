/**
 * Reading model answers for scorers: normalised text, JSON inside an answer, a value at a
 * JSON path, the first number, and label lists. Nothing here throws on a bad answer: an
 * unusable answer is `undefined`, and the scorer records why.
 */

/** Case, surrounding whitespace and punctuation ignored; inner runs of whitespace collapse to one space. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\p{P}+/gu, ' ').replace(/\s+/gu, ' ').trim();
}

const FENCE = /^```[a-z0-9_-]*\s*\n?([\s\S]*?)\n?```$/i;

/**
 * The JSON value of an answer: the whole answer, else the inside of a Markdown code fence,
 * else the outermost `{...}` or `[...]` span. Undefined when none of these parses.
 */
export function parseJsonAnswer(text: string): unknown {
  const trimmed = text.trim();
  const candidates = [trimmed, FENCE.exec(trimmed)?.[1]?.trim(), span(trimmed, '{', '}'), span(trimmed, '[', ']')];
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === '') continue;
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // Try the next reading of the answer.
    }
  }
  return undefined;
}

function span(text: string, open: string, close: string): string | undefined {
  const start = text.indexOf(open);
  const end = text.lastIndexOf(close);
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}

export type PathSegment = string | number;

/** `label`, `$.result.labels[0]`, `items[2].name` -> segments; undefined when the path is malformed. */
export function parseJsonPath(path: string): PathSegment[] | undefined {
  const body = path.trim().replace(/^\$\.?/, '');
  if (body === '') return [];
  const segments: PathSegment[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\[(["'])(.*?)\3\]/gy;
  let position = 0;
  while (position < body.length) {
    if (body[position] === '.' && position > 0) position++;
    pattern.lastIndex = position;
    const match = pattern.exec(body);
    if (!match) return undefined;
    segments.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : match[4]!));
    position = pattern.lastIndex;
  }
  return segments;
}

/** The value at a path, reading own properties only (a path cannot reach `__proto__` or `constructor`). */
export function valueAtPath(value: unknown, segments: readonly PathSegment[]): { found: true; value: unknown } | { found: false } {
  let current = value;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return { found: false };
      current = current[segment] as unknown;
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, segment)) return { found: false };
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return { found: true, value: current };
}

/** Thousands commas only in groups of three ("1,200.5"), so "1,2" reads as 1, not 12. */
const NUMBER = /[-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?/;

/** A number answer: a JSON number or numeric string, else the first number in the text ("about 1,200.5 units" -> 1200.5). */
export function parseNumberAnswer(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = NUMBER.exec(value);
  if (!match) return undefined;
  const parsed = Number(match[0].replace(/,/g, ''));
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Labels of a multi-label answer or column: a JSON array, else text split on the separator, commas, semicolons and new lines. */
export function parseLabelSet(value: unknown, separator: string): string[] {
  const items = Array.isArray(value) ? value.map((item) => textOf(item)) : splitOn(textOf(value), separator);
  return [...new Set(items.map(normalizeText).filter((item) => item !== ''))];
}

function splitOn(text: string, separator: string): string[] {
  return text.split(separator).flatMap((part) => part.split(/[,;\n]/));
}

/** A scalar as text (numbers without exponent noise, booleans as true/false); objects as JSON. */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}
