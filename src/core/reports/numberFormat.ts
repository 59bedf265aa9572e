/**
 * Numbers in Markdown and text tables: integers as they are; others with 4 decimals when
 * |x| >= 1 and 4 significant digits below 1 (so a p-value of 0.00001234 stays readable),
 * trailing zeros trimmed. Missing values print as "n/a".
 */
export function formatNumber(value: unknown): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value === 'string') return value;
  if (typeof value !== 'number') return JSON.stringify(value) ?? 'n/a';
  if (Number.isNaN(value)) return 'n/a';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  if (Number.isInteger(value)) return String(value);
  const text = Math.abs(value) >= 1 ? value.toFixed(4) : value.toPrecision(4);
  return trimZeros(text);
}

/** A difference, with an explicit sign for positive values. */
export function formatSigned(value: unknown): string {
  const text = formatNumber(value);
  return typeof value === 'number' && value > 0 ? `+${text}` : text;
}

/** A 0..1 rate as a percentage with one decimal, e.g. 0.6667 -> "66.7%". */
export function formatPercent(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  return `${trimZeros((value * 100).toFixed(1))}%`;
}

function trimZeros(text: string): string {
  if (text.includes('e')) {
    const [mantissa, exponent] = text.split('e') as [string, string];
    return `${trimZeros(mantissa)}e${exponent}`;
  }
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** "1 failure", "3 failures"; `plural` for irregular words ("retry" -> "retries"). */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * A p-value as people read it: "< 0.0001" below that, else four decimals ("0.0132").
 * Raw values stay in the JSON reports.
 */
export function formatPValue(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  if (value < 0.0001) return '< 0.0001';
  return value.toFixed(4);
}

/** `digits` significant digits, trailing zeros trimmed; integers stay whole. */
export function formatSignificant(value: unknown, digits = 4): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return formatNumber(value);
  if (Number.isInteger(value)) return String(value);
  return trimZeros(value.toPrecision(digits));
}

/**
 * A copy of a JSON value with every non-integer number rounded to `digits` significant
 * digits, so Markdown shows 0.00005305 instead of 0.000053045000000000005.
 */
export function roundForPeople(value: unknown, digits = 4): unknown {
  if (typeof value === 'number') return Number.isFinite(value) && !Number.isInteger(value) ? Number(value.toPrecision(digits)) : value;
  if (Array.isArray(value)) return value.map((item) => roundForPeople(item, digits));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, roundForPeople(item, digits)]));
  }
  return value;
}
