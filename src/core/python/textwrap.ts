/**
 * Python's textwrap.wrap as Jinja's `wordwrap` calls it (expand_tabs=False,
 * replace_whitespace=False, drop_whitespace=True, no indents): the text is split into
 * chunks by textwrap's own word-separator pattern, then chunks fill lines of `width` code
 * points, long words broken at hyphens where they can be.
 */
const WS = '[\\t\\n\\x0b\\x0c\\r ]';
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]';
const WORD_PUNCT = '[\\p{L}\\p{N}_!"\'&.,?]';
const LETTER = '[\\p{L}\\p{Nl}\\p{No}_]'; // Python's [^\d\W]
const WORD = '[\\p{L}\\p{N}_]';

/** textwrap.TextWrapper.wordsep_re, group for group. */
const WORDSEP = new RegExp(
  `(${WS}+` +
  `|(?<=${WORD_PUNCT})-{2,}(?=${WORD})` +
  `|${NWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${WS}|$)|(?<=${WORD_PUNCT})(?=-{2,}${WORD})))`,
  'u',
);
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`, 'u');

export interface WrapOptions {
  width: number;
  breakLongWords: boolean;
  breakOnHyphens: boolean;
}

const length = (text: string): number => Array.from(text).length;
// eslint-disable-next-line no-control-regex -- textwrap's whitespace includes \v and \f
const blank = (text: string): boolean => text.replace(/[\t\n\x0b\x0c\r ]/g, '') === '';

export function wrapText(text: string, options: WrapOptions): string[] {
  if (options.width <= 0) throw new RangeError(`invalid width ${options.width} (must be > 0)`);
  const chunks = text.split(options.breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE).filter((chunk) => chunk !== '').reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const line: string[] = [];
    let used = 0;
    if (blank(chunks[chunks.length - 1]!) && lines.length > 0) chunks.pop();
    while (chunks.length > 0 && used + length(chunks[chunks.length - 1]!) <= options.width) {
      const chunk = chunks.pop()!;
      line.push(chunk);
      used += length(chunk);
    }
    if (chunks.length > 0 && length(chunks[chunks.length - 1]!) > options.width) breakLongWord(chunks, line, used, options);
    if (line.length > 0 && blank(line[line.length - 1]!)) line.pop();
    if (line.length > 0) lines.push(line.join(''));
  }
  return lines;
}

function breakLongWord(chunks: string[], line: string[], used: number, options: WrapOptions): void {
  const spaceLeft = options.width < 1 ? 1 : options.width - used;
  if (options.breakLongWords) {
    const chunk = Array.from(chunks[chunks.length - 1]!);
    let end = spaceLeft;
    if (options.breakOnHyphens && chunk.length > spaceLeft) {
      const hyphen = chunk.slice(0, spaceLeft).lastIndexOf('-');
      if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
    }
    line.push(chunk.slice(0, end).join(''));
    chunks[chunks.length - 1] = chunk.slice(end).join('');
  } else if (line.length === 0) {
    line.push(chunks.pop()!);
  }
}
