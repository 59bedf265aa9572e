/**
 * requiredFields = Jinja's meta.find_undeclared_variables minus the names the original
 * skipped (Jinja globals, loop, cycler, namespace). Expectations checked with Jinja 3.1.6.
 */
import { compileTemplate } from '../../../src/core/prompts';

describe('requiredFields', () => {
  it.each([
    ['{{ b }}{{ a }}{{ b }}', ['a', 'b']],
    ['{% set x = 1 %}{{ x }}{{ y }}', ['y']],
    ['{{ x }}{% set x = 1 %}', ['x']],
    ['{% for item in items %}{{ item }}{{ loop.index }}{{ other }}{% endfor %}', ['items', 'other']],
    ['{% for k, v in d.items() %}{{ k }}{{ v }}{% endfor %}{{ k }}', ['d', 'k']],
    ['{% if a %}{% set x = 1 %}{% endif %}{{ x }}', ['a', 'x']],
    ['{% if a %}{% set x = 1 %}{% else %}{% set x = 2 %}{% endif %}{{ x }}', ['a', 'x']],
    ['{% for i in xs %}{{ later }}{% endfor %}{% set later = 1 %}', ['xs']],
    ['{{ range(3) }}{{ lipsum }}{{ dict }}{{ joiner }}', []],
    ['{% set s %}{{ inner }}{% endset %}{{ s }}', ['inner']],
    ['{% for x in xs if x > limit %}{{ x }}{% else %}{{ fallback }}{% endfor %}', ['fallback', 'limit', 'xs']],
    ["{{ row.field }}{{ row['other'] }}{{ fn(arg, k=kw) }}{{ a|default(b) }}{{ c is divisibleby(dd) }}", ['a', 'arg', 'b', 'c', 'dd', 'fn', 'kw', 'row']],
    ['{% set x = 1 %}{% if a %}{% set x = 2 %}{% endif %}{{ x }}', ['a']],
    ['{% for i in xs %}{% set t = i %}{{ t }}{% endfor %}', ['xs']],
    ['{% for i in xs %}{% if i %}{% set t = i %}{% endif %}{{ t }}{% endfor %}', ['t', 'xs']],
    ['{% set t = 0 %}{% for i in xs %}{% if i %}{% set t = i %}{% endif %}{{ t }}{% endfor %}', ['xs']],
    ['{% if a %}x{% elif b %}{% set z = 1 %}{% else %}{% set z = 2 %}{% endif %}', ['a', 'b', 'z']],
    ['Hello {APPID} in {industry}', ['APPID', 'industry']],
    ['no fields at all', []],
    ['{% macro m(a, b=c) %}{{ a }}{{ b }}{{ d }}{{ caller() }}{{ kwargs }}{{ varargs }}{% endmacro %}{{ m(e) }}', ['c', 'd', 'e']],
    ['{% call(x) m(y) %}{{ x }}{{ z }}{% endcall %}', ['m', 'y', 'z']],
    ['{% filter upper(q) %}{{ w }}{% set v = 1 %}{% endfilter %}{{ v }}', ['q', 'v', 'w']],
    ['{% with a = b, c = a %}{{ a }}{{ c }}{{ d }}{% endwith %}{{ a }}', ['a', 'b', 'd']],
    ['{% for x in xs recursive %}{{ loop(x.c) }}{{ y }}{% endfor %}', ['xs', 'y']],
    ['{{ m() }}{% macro m() %}{% endmacro %}', ['m']],
  ])('%j reads %j', (text, fields) => {
    expect(compileTemplate(text).requiredFields).toEqual(fields);
  });
});
