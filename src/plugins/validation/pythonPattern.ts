/**
 * Python `re` patterns run on RE2 (re2js), which matches in time linear in the text: a
 * pattern such as `(.+)+!` cannot hang a run on a long model answer. The translation keeps
 * Python's meaning where RE2's syntax differs (docs/validation.md):
 * - `\d`, `\w`, `\s` and their negations are Unicode classes, as in Python 3 (unless ASCII);
 * - `\Z` is RE2's `\z`; `\uXXXX`/`\UXXXXXXXX` become `\x{...}`; `{,n}` is `{0,n}`;
 * - `(?#...)` comments and VERBOSE whitespace/comments are dropped;
 * - lookbehinds run on re2js' linear-time lookbehind support.
 * What needs backtracking (backreferences, lookahead, conditionals, atomic groups,
 * possessive quantifiers) is refused when the configuration is validated, naming the feature.
 */

/** Python's str.isspace() characters, for `\s`. */
const SPACE = '\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}';
const WORD = '\\p{L}\\p{N}_';

const UNICODE_CLASSES: Record<string, { outside: string; inside?: string }> = {
  d: { outside: '\\p{Nd}', inside: '\\p{Nd}' },
  D: { outside: '\\P{Nd}', inside: '\\P{Nd}' },
  w: { outside: `[${WORD}]`, inside: WORD },
  W: { outside: `[^${WORD}]` },
  s: { outside: `[${SPACE}]`, inside: SPACE },
  S: { outside: `[^${SPACE}]` },
};

export class UnsupportedPattern extends Error {
  override readonly name = 'UnsupportedPattern';
}

export interface PatternOptions {
  ascii: boolean;
  verbose: boolean;
}

class Translator {
  private out = '';
  private pos = 0;
  private inClass = false;
  private classStart = 0;
  /** The last thing copied was `*`, `+`, `?` or `{m,n}`: a `+` now would be possessive. */
  private afterQuantifier = false;

  constructor(
    private readonly pattern: string,
    private readonly options: PatternOptions,
  ) {}

  run(): string {
    const p = this.pattern;
    while (this.pos < p.length) {
      const char = p[this.pos]!;
      const quantifies = !this.inClass && (char === '*' || char === '+' || char === '?');
      if (quantifies && char === '+' && this.afterQuantifier) {
        throw new UnsupportedPattern('possessive quantifiers (a*+, a++, a?+) are not supported');
      }
      const wasQuantifier = quantifies && !this.out.endsWith('(');
      if (char === '\\') this.escape();
      else if (this.inClass) this.classChar(char);
      else if (char === '[') this.openClass();
      else if (char === '(') this.group();
      else if (char === '{') this.brace();
      else if (this.options.verbose && /\s/.test(char)) this.pos += 1;
      else if (this.options.verbose && char === '#') this.skipLineComment();
      else this.copy(1);
      this.afterQuantifier = wasQuantifier || (char === '{' && this.out.endsWith('}'));
    }
    return this.out;
  }

  private copy(length: number): void {
    this.out += this.pattern.slice(this.pos, this.pos + length);
    this.pos += length;
  }

  private openClass(): void {
    this.inClass = true;
    this.copy(this.pattern[this.pos + 1] === '^' ? 2 : 1);
    this.classStart = this.pos;
  }

  private classChar(char: string): void {
    // A ']' right after '[' or '[^' is a literal in both dialects.
    if (char === ']' && this.pos > this.classStart) this.inClass = false;
    this.copy(1);
  }

  private escape(): void {
    const next = this.pattern[this.pos + 1];
    if (next === undefined) throw new UnsupportedPattern('bad escape (end of pattern)');
    const unicodeClass = this.options.ascii ? undefined : UNICODE_CLASSES[next];
    if (unicodeClass !== undefined) {
      const text = this.inClass ? unicodeClass.inside : unicodeClass.outside;
      if (text === undefined) return this.copy(2); // `[\W...]`: RE2's ASCII meaning (documented)
      this.out += text;
      this.pos += 2;
    } else if (next === 'Z' && !this.inClass) {
      this.out += '\\z';
      this.pos += 2;
    } else if (next === 'u' || next === 'U') {
      this.hexEscape(next === 'u' ? 4 : 8);
    } else if (next === 'N') {
      throw new UnsupportedPattern('\\N{...} named characters are not supported');
    } else if (/[0-9]/.test(next)) {
      this.numericEscape();
    } else if (/[A-Za-z]/.test(next)) {
      this.copy(2);
    } else {
      // Python reads `\` before any other character as that character; RE2 accepts fewer.
      const code = this.pattern.codePointAt(this.pos + 1)!;
      this.out += `\\x{${code.toString(16)}}`;
      this.pos += 1 + String.fromCodePoint(code).length;
    }
  }

  private hexEscape(width: number): void {
    const digits = this.pattern.slice(this.pos + 2, this.pos + 2 + width);
    if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== width) throw new UnsupportedPattern(`incomplete escape \\${this.pattern[this.pos + 1]}${digits}`);
    this.out += `\\x{${digits}}`;
    this.pos += 2 + width;
  }

  /** Python: `\0`, `\0oo` and three octal digits are characters; `\1`..`\99` are backreferences. */
  private numericEscape(): void {
    const rest = this.pattern.slice(this.pos + 1);
    const octal = /^(?:0[0-7]{0,2}|[0-7]{3})/.exec(rest);
    if (octal === null || (!this.inClass && !octal[0].startsWith('0') && octal[0].length < 3)) {
      if (this.inClass) throw new UnsupportedPattern(`bad escape \\${rest[0]!}`);
      throw new UnsupportedPattern('backreferences (\\1, (?P=name)) need backtracking and are not supported');
    }
    this.out += `\\x{${parseInt(octal[0], 8).toString(16)}}`;
    this.pos += 1 + octal[0].length;
  }

  private group(): void {
    const rest = this.pattern.slice(this.pos);
    if (rest.startsWith('(?#')) {
      const close = this.pattern.indexOf(')', this.pos);
      if (close < 0) throw new UnsupportedPattern('missing ), unterminated comment');
      this.pos = close + 1;
      return;
    }
    const refused: Array<[string, string]> = [
      ['(?P=', 'backreferences (\\1, (?P=name)) need backtracking and are not supported'],
      ['(?=', 'lookahead assertions ((?=...), (?!...)) are not supported'],
      ['(?!', 'lookahead assertions ((?=...), (?!...)) are not supported'],
      ['(?(', 'conditional groups ((?(1)...)) are not supported'],
      ['(?>', 'atomic groups ((?>...)) are not supported'],
    ];
    for (const [prefix, message] of refused) if (rest.startsWith(prefix)) throw new UnsupportedPattern(message);
    const flags = /^\(\?([aiLmsux]+)(?:-[imsx]+)?[:)]/.exec(rest);
    if (flags !== null && /[aLux]/.test(flags[1]!)) {
      throw new UnsupportedPattern('inline flags a, L, u and x are only supported as the regex_match `flags` option');
    }
    this.copy(1);
  }

  /** `{,n}` means `{0,n}` in Python; RE2 would read it as literal text. */
  private brace(): void {
    const upper = /^\{,(\d+)\}/.exec(this.pattern.slice(this.pos));
    if (upper === null) return this.copy(1);
    this.out += `{0,${upper[1]!}}`;
    this.pos += upper[0].length;
  }

  private skipLineComment(): void {
    const end = this.pattern.indexOf('\n', this.pos);
    this.pos = end < 0 ? this.pattern.length : end + 1;
  }
}

export function translatePythonPattern(pattern: string, options: PatternOptions): string {
  return new Translator(pattern, options).run();
}
