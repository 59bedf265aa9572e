import { z } from 'zod';
import { AppError } from '../../core/errors';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

/** Python `re` flag names (and their one-letter aliases) that JavaScript can honour. */
const FLAG_LETTERS: Record<string, string> = {
  IGNORECASE: 'i',
  I: 'i',
  MULTILINE: 'm',
  M: 'm',
  DOTALL: 's',
  S: 's',
};

/** `"IGNORECASE|MULTILINE"` to JS flags; undefined when a name is not supported. */
export function jsFlagsOf(flags: string | undefined): { letters: string } | { unknown: string } {
  let letters = '';
  for (const name of (flags ?? '').split('|').map((part) => part.trim().toUpperCase()).filter(Boolean)) {
    const letter = FLAG_LETTERS[name];
    if (letter === undefined) return { unknown: name };
    if (!letters.includes(letter)) letters += letter;
  }
  return { letters };
}

/** Python-only group syntax the original's patterns may use: `(?P<name>` and `(?P=name)`. */
export function toJsPattern(pattern: string): string {
  return pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
}

/**
 * Python's `fullmatch`: anchored at the start by the sticky flag and at the very end of the
 * text by a look-ahead that no character follows (`$` would stop at a line end under `m`).
 */
export function fullMatcher(pattern: string, flags: string | undefined): RegExp {
  const parsed = jsFlagsOf(flags);
  if ('unknown' in parsed) throw new Error(`Unknown regex flag '${parsed.unknown}'`);
  return new RegExp(`(?:${toJsPattern(pattern)})(?![\\s\\S])`, `${parsed.letters}y`);
}

function compiles(value: { pattern: string; flags?: string }): string | undefined {
  try {
    fullMatcher(value.pattern, value.flags);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export const RegexMatchOptionsSchema = options({
  pattern: z.string(),
  /** Python flag names joined by `|`: IGNORECASE, MULTILINE, DOTALL (or I, M, S). */
  flags: z.string().optional(),
}).superRefine((value, ctx) => {
  const problem = compiles(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', path: value.flags !== undefined && problem.startsWith('Unknown regex flag') ? ['flags'] : ['pattern'], message: problem });
});
export type RegexMatchOptions = z.infer<typeof RegexMatchOptionsSchema>;

export const regexMatchValidator = definePlugin({
  name: 'regex_match',
  kind: 'validation',
  description: 'The whole response must match a regular expression (Python fullmatch semantics).',
  configSchema: RegexMatchOptionsSchema,
  create(config) {
    const matcher = fullMatcher(config.pattern, config.flags);
    return {
      name: 'regex_match',
      validate(response) {
        matcher.lastIndex = 0;
        if (!matcher.test(response.content ?? '')) {
          throw new AppError('VALIDATION_FAILED', `Response did not match required pattern '${config.pattern}'`, {
            retryable: true,
            details: { validator: 'regex_match', pattern: config.pattern },
          });
        }
      },
    };
  },
});
