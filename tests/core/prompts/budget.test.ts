/**
 * The render budget (docs/prompt-templates.md, "Limits"): a template cannot hang or exhaust
 * the worker. Each of these hung `elspeth run` or killed it with out-of-memory at a 192 MB
 * heap before the budget existed; now the row fails with PROMPT_RENDER_FAILED naming the
 * budget. (`npm run bench:templates` times them in a 192 MB process.)
 */
import { compileTemplate } from '../../../src/core/prompts';
import { DEFAULT_RENDER_LIMITS } from '../../../src/core/prompts/budget';
import { thrownBy } from '../../fakes/thrownBy';

const STEPS = 'render budget exceeded: more than 1,000,000 steps (loop iterations, filter calls, expressions)';
const tooLarge = (length: string) => `render budget exceeded: a value of ${length} characters or items is larger than the 4,000,000 a template may build`;

/** `{% set a = [a, a] %}` n times: a list whose printed form doubles with each line. */
const doubled = (name: string, times: number): string => `{% set ${name} = [${name}, ${name}] %}`.repeat(times);

function failure(text: string, context: Record<string, unknown> = {}): unknown {
  return thrownBy(() => compileTemplate(text, { name: 'hostile' }).render(context));
}

function budgetError(reason: string, budget: string): unknown {
  return expect.objectContaining({
    code: 'PROMPT_RENDER_FAILED',
    message: `Prompt template 'hostile' failed to render (line 1): ${reason}`,
    details: { template: 'hostile', budget },
  });
}

describe('render budget', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_RENDER_LIMITS).toEqual({ maxSteps: 1_000_000, maxValueLength: 4_000_000, maxOutputLength: 4_000_000, maxAllocated: 16_000_000 });
  });

  it.each([
    ['three nested 10,000-iteration loops', "{% for a in 'x' * 10000 %}{% for b in 'x' * 10000 %}{% for c in 'x' * 10000 %}{% endfor %}{% endfor %}{% endfor %}"],
    ['sorting a long list', '{{ xs|sort|length }}'],
    ['title-casing millions of words', "{{ ('x ' * 1900000)|title|length }}"],
    ['comparing two exponentially large lists', `{% set a = [1] %}{% set b = [1] %}${doubled('a', 60)}${doubled('b', 60)}{{ a == b }}`],
  ])('stops %s on the step budget', (_what, text) => {
    expect(failure(text, { xs: Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 1000) })).toEqual(budgetError(STEPS, 'steps'));
  });

  it.each([
    ["('x' * 10000000)|replace('', 'y' * 48)", '10,000,000'],
    ["('x' * 3000000)|replace('', 'y' * 48)", '147,000,048'],
    ["('x' * 10000000)|title", '10,000,000'],
    ["'%9999999s'|format(1)", '9,999,999'],
    ["'%*d' % (100000000, 1)", '100,000,000'],
    ["'x' * 1000000000", '1,000,000,000'],
    ['[0] * 100000000', '100,000,000'],
    ["'{:>99999999}'|replace('', '')", '0'],
  ].filter(([, size]) => size !== '0'))('refuses to build %s (%s)', (expression, size) => {
    expect(failure(`{{ ${expression} }}`)).toEqual(budgetError(tooLarge(size), 'value'));
  });

  it.each([
    ['join', "{% set s = 'x' * 3000000 %}{{ [s, s, s, s]|join }}", '6,000,000'],
    ['printf', "{% set s = 'x' * 3000000 %}{{ ('%s' * 100) % ((s,) * 100) }}", '6,000,004'],
    ['concatenation', "{% set s = 'x' * 3000000 %}{{ s ~ s }}", '6,000,000'],
    ['repr of a shared structure', `{% set a = ['xxxxxxxxxx'] %}${doubled('a', 40)}{{ a }}`, '4,000,002'],
  ])('meters values built from many pieces: %s', (_what, text, size) => {
    expect(failure(text)).toEqual(budgetError(tooLarge(size), 'value'));
  });

  it('bounds the rendered text', () => {
    expect(failure("{% set s = 'x' * 1000000 %}{% for i in 'x' * 100 %}{{ s }}{% endfor %}")).toEqual(
      budgetError('render budget exceeded: the rendered text is longer than 4,000,000 characters', 'output'),
    );
  });

  it('bounds what a render builds in all', () => {
    expect(failure("{% set s = 'x' * 3000000 %}{% for i in 'x' * 100 %}{% set t = s|upper %}{% endfor %}")).toEqual(
      budgetError('render budget exceeded: the template built more than 16,000,000 characters and items in all', 'allocated'),
    );
  });

  it('bounds how deeply printed values nest', () => {
    expect(failure(`{% set a = [] %}${'{% set a = [a] %}'.repeat(300)}{{ a }}`)).toEqual(
      budgetError('render budget exceeded: values nested more than 200 levels deep', 'depth'),
    );
  });

  it('takes its limits from the compile options, per render', () => {
    const template = compileTemplate("{% for x in xs %}{{ x }}{% endfor %}", { name: 'small', limits: { maxSteps: 50 } });
    expect({ fits: template.render({ xs: [1, 2, 3] }), again: template.render({ xs: [4, 5] }) }).toEqual({ fits: '123', again: '45' });
    expect(thrownBy(() => template.render({ xs: Array.from({ length: 40 }, () => 1) }))).toEqual(
      expect.objectContaining({ code: 'PROMPT_RENDER_FAILED', details: { template: 'small', budget: 'steps' } }),
    );
  });

  it('dedupes long lists with `unique` in linear time (hashing, as Jinja does)', () => {
    const xs = Array.from({ length: 200_000 }, (_, i) => `k${i % 50_000}`);
    expect(compileTemplate('{{ xs|unique|list|length }} {{ [1, 1.0, true, "1", (1, 2), (1, 2)]|unique|list }}').render({ xs })).toBe(
      "50000 [1, '1', (1, 2)]",
    );
  });
});

describe('compile-time nesting limit', () => {
  it.each([
    ['parentheses', `{{ ${'('.repeat(20_000)}1${')'.repeat(20_000)} }}`],
    ['lists', `{{ ${'['.repeat(20_000)}${']'.repeat(20_000)} }}`],
    ['not', `{{ ${'not '.repeat(20_000)}1 }}`],
    ['if blocks', `${'{% if x %}'.repeat(5_000)}${'{% endif %}'.repeat(5_000)}`],
    ['a filter chain', `{{ 1${'|abs'.repeat(50_000)} }}`],
    ['an operator chain', `{{ 1${' + 1'.repeat(5_000)} }}`],
  ])('refuses %s nested too deeply, naming the template', (_what, text) => {
    expect(thrownBy(() => compileTemplate(text, { name: 'deep' }))).toEqual(
      expect.objectContaining({
        code: 'PROMPT_TEMPLATE_INVALID',
        message: "Prompt template 'deep' is invalid (line 1): the template nests more than 200 levels deep (tags, brackets, operators or filters)",
        details: { template: 'deep', line: 1 },
      }),
    );
  });

  it('renders templates nested just inside the limit', () => {
    const parens = `{{ ${'('.repeat(150)}1${')'.repeat(150)} }}`;
    const chain = `{{ 1${' + 1'.repeat(150)} }}|{{ -1${'|abs'.repeat(150)} }}`;
    const blocks = `${'{% if x %}'.repeat(150)}deep${'{% endif %}'.repeat(150)}`;
    expect([parens, chain, blocks].map((text) => compileTemplate(text).render({ x: true }))).toEqual(['1', '151|1', 'deep']);
  });
});

describe('macros and recursive loops on the budget', () => {
  const DEPTH = 'render budget exceeded: macro calls or recursive loops nested more than 250 levels deep';

  it('stops an exponential macro bomb on the step budget', () => {
    const bomb = '{% macro b(n) %}{% if n > 0 %}{{ b(n - 1) }}{{ b(n - 1) }}{% endif %}{% endmacro %}{{ b(40) }}';
    expect(failure(bomb)).toEqual(budgetError(STEPS, 'steps'));
  });

  it.each([
    ['a macro calling itself forever', '{% macro r(k) %}{{ r(k + 1) }}{% endmacro %}{{ r(0) }}'],
    ['a macro calling itself twice per level', '{% macro b(n) %}{{ b(n) }}{{ b(n) }}{% endmacro %}{{ b(1) }}'],
    ['a recursive loop feeding itself', '{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}'],
    ['a call block whose caller calls the macro again', '{% macro m() %}{% call m() %}{% endcall %}{{ caller() }}{% endmacro %}{{ m() }}'],
  ])('stops %s on the depth budget', (_what, text) => {
    expect(failure(text)).toEqual(budgetError(DEPTH, 'depth'));
  });

  it('turns a JS stack overflow (deep tags inside deep recursion) into the depth budget', () => {
    const ifs = 150;
    const text = `{% macro r(k) %}{% if k > 0 %}${'{% if true %}'.repeat(ifs)}{{ r(k - 1) }}${'{% endif %}'.repeat(ifs)}{% else %}done{% endif %}{% endmacro %}{{ r(240) }}`;
    expect(failure(text)).toEqual(budgetError('render budget exceeded: macro calls, loops and expressions nested too deeply', 'depth'));
  });

  it('renders recursion as deep as Jinja on Python renders it (200 levels)', () => {
    const text = '{% macro r(k) %}{% if k > 0 %}{{ r(k - 1) }}{% else %}done{% endif %}{% endmacro %}{{ r(200) }}';
    expect(compileTemplate(text).render({})).toBe('done');
  });

  it('counts the keys of a dict the template grows against the value budget', () => {
    const template = compileTemplate('{% set m = {} %}{% for i in range(50) %}{% for j in range(50) %}{% set _ = m.update({(i, j): i}) %}{% endfor %}{% endfor %}{{ m|length }}', { name: 'hostile', limits: { maxValueLength: 100 } });
    expect(thrownBy(() => template.render({}))).toEqual(expect.objectContaining({
      message: "Prompt template 'hostile' failed to render (line 1): render budget exceeded: a value of 101 characters or items is larger than the 100 a template may build",
      details: { template: 'hostile', budget: 'value' },
    }));
  });

  it.each([
    ['{{ 2 ** (10 ** 9) }}'],
    ['{{ 7 ** 999999 }}'],
    // 3 ** 40000 written as a constant would fail to compile (Jinja folds it, then cannot repr it)
    ['{% set x = 3 ** (range(40000)|length) %}{{ x * x * x * x * x * x }}'],
  ])('refuses to build a gigantic exact integer: %s', (text) => {
    expect(failure(text)).toEqual(expect.objectContaining({ details: { template: 'hostile', budget: 'value' } }));
  });

  it('gives big integers no path to JS internals', () => {
    expect(String((thrownBy(() => compileTemplate('{{ (2 ** 70).constructor }}').render({})) as Error).message)).toContain("access to attribute 'constructor' is not allowed");
  });

  it('counts what a macro returns against the value budget', () => {
    expect(failure("{% macro big() %}{{ 'x' * 3000000 }}{% endmacro %}{{ big() ~ big() }}")).toEqual(budgetError(tooLarge('6,000,000'), 'value'));
  });
});

