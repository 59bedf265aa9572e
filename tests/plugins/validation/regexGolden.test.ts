/**
 * regex_match against Python's own `re.fullmatch`: fixtures/regexGolden.json is written by
 * fixtures/generateRegexGolden.py with Debian's python3. Patterns that need backtracking are
 * refused when the configuration is checked (they could hang a run); every other pattern must
 * give Python's answer on every text.
 */
import { createRegistry } from '../../../src/core/plugins/registry';
import { validationPlugins } from '../../../src/plugins/validation';
import { fullMatcher } from '../../../src/plugins/validation/regexMatch';
import golden from './fixtures/regexGolden.json';

interface GoldenPattern {
  pattern: string;
  flags: string | null;
  texts: Record<string, 'match' | 'nomatch' | 'error'>;
}

const cases = (golden as { cases: GoldenPattern[] }).cases;
const registry = createRegistry(validationPlugins);

/** Python runs these by backtracking; the linear-time matcher refuses them by name. */
const REFUSED: Record<string, string> = {
  '(a)\\1': 'backreferences',
  '(?P<n>x)(?P=n)': 'backreferences',
  'a(?=b)': 'lookahead',
  'a(?!b)': 'lookahead',
  '(a)?(?(1)b|c)': 'conditional groups',
  '(?>a+)b': 'atomic groups',
  'a*+b': 'possessive quantifiers',
};

/**
 * Documented differences (docs/validation.md): RE2's \b is ASCII-only, and its `$` (without
 * MULTILINE) matches only at the very end, where Python's also matches before a final newline.
 */
const KNOWN_DIFFERENCES = new Set(['\\bab\\b', 'x$\\n']);

function check(pattern: string, flags: string | null) {
  return registry.check('validation', { name: 'regex_match', options: flags === null ? { pattern } : { pattern, flags } });
}

const errors = cases.filter((c) => Object.values(c.texts).includes('error'));
const refused = cases.filter((c) => REFUSED[c.pattern] !== undefined);
const compared = cases.filter((c) => !errors.includes(c) && !refused.includes(c) && !KNOWN_DIFFERENCES.has(c.pattern));

describe('regex_match matches as Python re.fullmatch does', () => {
  it('covers patterns of every outcome', () => {
    expect({ compared: compared.length > 60, errors: errors.length, refused: refused.length }).toEqual({ compared: true, errors: 5, refused: 7 });
  });

  it.each(compared.map((c) => [c.pattern, c.flags, c] as const))('%p with flags %p', (_pattern, _flags, c) => {
    const matcher = fullMatcher(c.pattern, c.flags ?? undefined);
    const answers = Object.fromEntries(Object.keys(c.texts).map((text) => [text, matcher.matches(text) ? 'match' : 'nomatch']));
    expect(answers).toEqual(c.texts);
  });

  it.each(errors.map((c) => [c.pattern, c.flags] as const))('rejects %p (flags %p) as Python does', (pattern, flags) => {
    expect(check(pattern, flags)).toEqual([{ path: ['options', flags?.includes('NOPE') ? 'flags' : 'pattern'], message: expect.any(String) }]);
  });

  it.each(refused.map((c) => [c.pattern, REFUSED[c.pattern]!] as const))('refuses %p, naming %s', (pattern, feature) => {
    expect(check(pattern, null)).toEqual([{ path: ['options', 'pattern'], message: expect.stringContaining(feature) }]);
  });
});
