import { spawnSync } from 'node:child_process';
import { compileTemplate } from '../src/core/prompts';
import { fullMatcher } from '../src/plugins/validation/regexMatch';

/**
 * `npm run bench:templates`: each hostile template (and a catastrophic-backtracking regex on a
 * long answer) runs in its own Node process with a 192 MB heap, the heap the README
 * recommends for a worker. Before the render budget these hung or died of out-of-memory;
 * each must now end with its PROMPT_RENDER_FAILED message (or a regex answer) in about a second.
 */
const CASES: Record<string, string> = {
  'nested loops 10k^3': "{% for a in 'x' * 10000 %}{% for b in 'x' * 10000 %}{% for c in 'x' * 10000 %}{% endfor %}{% endfor %}{% endfor %}",
  "replace('', 'y' * 48) on 10M": "{{ ('x' * 10000000)|replace('', 'y' * 48) }}",
  "replace('', 'y' * 48) on 3M": "{{ ('x' * 3000000)|replace('', 'y' * 48) }}",
  'title on 10M': "{{ ('x' * 10000000)|title }}",
  'title on 1.9M words': "{{ ('x ' * 1900000)|title|length }}",
  'str.title on 1.3M words': "{{ ('ab ' * 1300000).title()|length }}",
  "format width '%9999999s'": "{{ '%9999999s'|format(1) }}",
  'join of 4 x 3M': "{% set s = 'x' * 3000000 %}{{ [s, s, s, s]|join }}",
  'unique of 200k': '{{ xs|unique|list|length }}',
  'sort of 200k': '{{ xs|sort|length }}',
  'output of 100 x 1M': "{% set s = 'x' * 1000000 %}{% for i in 'x' * 100 %}{{ s }}{% endfor %}",
};

function runOne(name: string): void {
  const started = process.hrtime.bigint();
  let outcome: string;
  try {
    if (name === 'regex') {
      outcome = `regex (.+)+! on 1,000,000 characters: ${fullMatcher('(.+)+!', undefined).matches('a'.repeat(1_000_000)) ? 'match' : 'no match'}`;
    } else {
      const xs = Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 50_000);
      outcome = `rendered ${compileTemplate(CASES[name]!, { name }).render({ xs }).length} characters`;
    }
  } catch (error) {
    outcome = `${(error as { code?: string }).code ?? 'ERROR'}: ${(error as Error).message}`;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`${ms.toFixed(0).padStart(6)} ms  ${outcome}\n`);
}

function main(): void {
  const only = process.argv[2];
  if (only !== undefined) return runOne(only);
  console.log('Each case in its own process with --max-old-space-size=192:');
  for (const name of [...Object.keys(CASES), 'regex']) {
    const child = spawnSync(process.execPath, ['--max-old-space-size=192', __filename, name], { encoding: 'utf8' });
    const crashed = child.status !== 0 ? ` (process died: status ${child.status}, ${child.stderr.split('\n').find((line) => line.includes('heap')) ?? child.signal})` : '';
    console.log(`${name.padEnd(32)} ${child.stdout.trim()}${crashed}`);
  }
}

main();
