/** Python's `float(text)` grammar: digits with single underscores, optional exponent, inf/nan. */
const DIGITS = String.raw`\d(?:_?\d)*`;
const NUMBER = new RegExp(String.raw`^[+-]?(?:(?:${DIGITS})?\.${DIGITS}|${DIGITS}\.?)(?:[eE][+-]?${DIGITS})?$`);
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** The float Python would parse from `text`, or undefined where Python raises ValueError. */
export function parsePythonFloat(text: string): number | undefined {
  const trimmed = text.trim();
  const special = SPECIAL.exec(trimmed);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!NUMBER.test(trimmed)) return undefined;
  return Number(trimmed.replace(/_/g, ''));
}
