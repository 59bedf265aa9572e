/** Error codes, messages and details: the template, the variable and the line are named. */
import { compileTemplate } from '../../../src/core/prompts';

function failure(run: () => unknown): { code?: unknown; message?: unknown; details?: unknown } {
  try {
    run();
  } catch (error) {
    const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
    return { code, message, details };
  }
  throw new Error('expected a failure');
}

describe('render errors', () => {
  it.each([
    ['{{ industry }}', 'industry', 1, "'industry' is undefined"],
    ['a\nb\n{% if industry %}x{% endif %}', 'industry', 3, "'industry' is undefined"],
    ['{{ industry == "HR" }}', 'industry', 1, "'industry' is undefined"],
    ['{{ score + 1 }}', 'score', 1, "'score' is undefined"],
    ['{{ industry|upper }}', 'industry', 1, "'industry' is undefined"],
    ['{% for x in items %}{% endfor %}', 'items', 1, "'items' is undefined"],
    ['{{ row.missing }}', 'missing', 1, "'dict object' has no attribute 'missing'"],
    ['line 1\n{% for i in [1] %}\n  {{ i ~ nope }}\n{% endfor %}', 'nope', 3, "'nope' is undefined"],
  ])('%j fails naming %s on line %d', (text, variable, line, reason) => {
    expect(failure(() => compileTemplate(text, { name: 'user' }).render({ row: {} }))).toEqual({
      code: 'PROMPT_RENDER_FAILED',
      message: `Prompt template 'user' failed to render (line ${line}): ${reason}`,
      details: { template: 'user', variable },
    });
  });

  it.each([
    ['{{ 1 / 0 }}', 'division by zero'],
    ['{{ "a" + 1 }}', 'can only concatenate str (not "int") to str'],
    ['{{ "a" < 1 }}', "'<' not supported between instances of 'str' and 'int'"],
    ['{{ []|first }}', 'No first item, sequence was empty.'],
    ['{{ 1.5|round(0, "up") }}', 'method must be common, ceil or floor'],
    ['{{ "x"|replace("a") }}', "replace() missing required argument 'new'"],
    ['{{ "x"|upper(1) }}', 'upper() takes at most 0 argument(s) (1 given)'],
    ['{{ "x"|trim(nope="y") }}', "trim() got an unexpected keyword argument 'nope'"],
    ['{% for a, b in [(1, 2, 3)] %}{% endfor %}', 'too many values to unpack (expected 2)'],
    ['{{ "%s %s" % 1 }}', 'not enough arguments for format string'],
  ])('%j fails with a Python-like reason', (text, reason) => {
    expect(failure(() => compileTemplate(text, { name: 'crit' }).render({}))).toEqual({
      code: 'PROMPT_RENDER_FAILED',
      message: `Prompt template 'crit' failed to render (line 1): ${reason}`,
      details: { template: 'crit' },
    });
  });

  it('names the default template "prompt" when no name is given', () => {
    expect(failure(() => compileTemplate('{{ x }}').render({})).details).toEqual({ template: 'prompt', variable: 'x' });
  });
});

describe('syntax errors', () => {
  it.each([
    ['{% if x %}never closed', 1, "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'."],
    ['ok\n{{ }}', 2, "Expected an expression, got 'end of print statement'"],
    ['a\nb\n{% endfor %}', 3, "Encountered unknown tag 'endfor'."],
    ['{% for x in xs %}\n{% endif %}', 2, "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'."],
    ['{{ n|nosuch }}', 1, "No filter named 'nosuch'."],
    ['{{ n is nosuch }}', 1, "No test named 'nosuch'."],
    ['x\n{{ (1 }}', 2, "unexpected '}', expected ')'"],
    ['{# open', 1, 'Missing end of comment tag'],
    ['{% raw %}open', 1, 'Missing end of raw directive'],
    ['{{ n ', 1, "unexpected end of template, expected 'end of print statement'."],
    ['{{ n $ 1 }}', 1, "unexpected char '$' at 5"],
    ['{% set 1 = 2 %}', 1, "can't assign to 'const'"],
    ['{% block b %}{% endblock %}', 1, "the 'block' tag is not supported in prompt templates"],
    ['{% macro m(a=1, b) %}{% endmacro %}', 1, 'non-default argument follows default argument'],
    ['{% call x %}{% endcall %}', 1, 'expected call'],
    ['{{ f(*args) }}', 1, '*args and **kwargs are not supported in prompt templates'],
  ])('%j is rejected at line %d', (text, line, reason) => {
    expect(failure(() => compileTemplate(text, { name: 'user' }))).toEqual({
      code: 'PROMPT_TEMPLATE_INVALID',
      message: `Prompt template 'user' is invalid (line ${line}): ${reason}`,
      details: { template: 'user', line },
    });
  });
});
