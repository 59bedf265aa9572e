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
