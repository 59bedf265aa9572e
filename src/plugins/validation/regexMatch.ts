import { RE2JS } from 're2js';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { translatePythonPattern } from './pythonPattern';

/** Python `re` flag names and their one-letter aliases. UNICODE is Python 3's default. */
const FLAG_NAMES: Record<string, 'i' | 'm' | 's' | 'a' | 'x' | 'u'> = {
  IGNORECASE: 'i', I: 'i',
  MULTILINE: 'm', M: 'm',
  DOTALL: 's', S: 's',
  ASCII: 'a', A: 'a',
  VERBOSE: 'x', X: 'x',
  UNICODE: 'u', U: 'u',
};

/** `"IGNORECASE|MULTILINE"` to flag letters, or the first name that is not a Python flag. */
export function parseFlags(flags: string | undefined): { letters: Set<string> } | { unknown: string } {
  const letters = new Set<string>();
  for (const name of (flags ?? '').split('|').map((part) => part.trim().toUpperCase()).filter(Boolean)) {
    const letter = FLAG_NAMES[name];
    if (letter === undefined) return { unknown: name };
    letters.add(letter);
  }
  return { letters };
}

export interface FullMatcher {
  /** Python's `re.fullmatch(pattern, text, flags) is not None`, in time linear in the text. */
  matches(text: string): boolean;
}

/** Compiles once; throws an Error naming what is wrong with the pattern or the flags. */
export function fullMatcher(pattern: string, flags: string | undefined): FullMatcher {
  const parsed = parseFlags(flags);
  if ('unknown' in parsed) throw new Error(`Unknown regex flag '${parsed.unknown}'`);
  const { letters } = parsed;
  const source = translatePythonPattern(pattern, { ascii: letters.has('a'), verbose: letters.has('x') });
  let re2Flags = RE2JS.LOOKBEHINDS;
  if (letters.has('i')) re2Flags |= RE2JS.CASE_INSENSITIVE;
  if (letters.has('m')) re2Flags |= RE2JS.MULTILINE;
  if (letters.has('s')) re2Flags |= RE2JS.DOTALL;
  const compiled = RE2JS.compile(source, re2Flags);
  return { matches: (text) => compiled.matches(text) };
}

function compiles(value: { pattern: string; flags?: string }): string | undefined {
  try {
    fullMatcher(value.pattern, value.flags);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.startsWith('Unknown regex flag') ? message : `pattern cannot be used by the linear-time matcher: ${message}`;
  }
}

export const RegexMatchOptionsSchema = options({
  pattern: z.string(),
  /** Python flag names joined by `|`: IGNORECASE, MULTILINE, DOTALL, ASCII, VERBOSE, UNICODE (or I, M, S, A, X, U). */
  flags: z.string().optional(),
}).superRefine((value, ctx) => {
  const problem = compiles(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', path: problem.startsWith('Unknown regex flag') ? ['flags'] : ['pattern'], message: problem });
});
export type RegexMatchOptions = z.infer<typeof RegexMatchOptionsSchema>;

export const regexMatchValidator = definePlugin({
  name: 'regex_match',
  kind: 'validation',
  description: 'The whole response must match a regular expression (Python fullmatch semantics, linear-time matching).',
  configSchema: RegexMatchOptionsSchema,
  create(config) {
    const matcher = fullMatcher(config.pattern, config.flags);
    return {
      name: 'regex_match',
      validate(response) {
        if (!matcher.matches(response.content ?? '')) {
          throw new AppError('VALIDATION_FAILED', `Response did not match required pattern '${config.pattern}'`, {
            retryable: true,
            details: { validator: 'regex_match', pattern: config.pattern },
          });
        }
      },
    };
  },
});
