/**
 * Feature tables: each filter, test, operator, whitespace rule and scoping rule, with the
 * output Jinja 3.1 gives under the original's settings (checked with Jinja 3.1.6).
 */
import { compileTemplate } from '../../../src/core/prompts';

const CONTEXT = {
  n: 7, f: 2.5, zero: 0, empty: '', none: null, t: true, name: 'ada lovelace',
  xs: [3, 1, 2], words: ['b', 'A', 'c', 'a'], d: { a: 1, b: 'two' },
  people: [{ name: 'Bo', age: 30 }, { name: 'al', age: 25 }, { name: 'Cy', age: 30 }],
};

const render = (text: string): string => compileTemplate(text).render(CONTEXT);

describe('whitespace rules', () => {
  it.each([
    ['trim_blocks: newline after a block tag goes', '{% if t %}\nA\n{% endif %}\nB', 'A\nB'],
    ['trim_blocks: only one newline goes', '{% if t %}\n\nA{% endif %}', '\nA'],
    ['trim_blocks: spaces before the newline stay', '{% if t %}  \nA{% endif %}', '  \nA'],
    ['trim_blocks: not after a print tag', '{{ n }}\nA', '7\nA'],
    ['trim_blocks: after a comment', 'a\n{# c #}\nb', 'a\nb'],
    ['lstrip_blocks: indentation before a block tag goes', 'a\n    {% if t %}b{% endif %}', 'a\nb'],
    ['lstrip_blocks: tabs too', 'a\n\t{% if t %}b{% endif %}', 'a\nb'],
    ['lstrip_blocks: not before a print tag', 'a\n    {{ n }}', 'a\n    7'],
    ['lstrip_blocks: not after other text on the line', 'a {% if t %}b{% endif %}', 'a b'],
    ['lstrip_blocks: at the very start', '  {% if t %}b{% endif %}', 'b'],
    ['{%+ keeps the indentation', 'a\n  {%+ if t %}b{% endif %}', 'a\n  b'],
    ['+%} keeps the newline', '{% if t +%}\nb{% endif %}', '\nb'],
    ['{%- strips all whitespace before', 'a \n\n {%- if t %}b{% endif %}', 'ab'],
    ['-%} strips all whitespace after', '{% if t -%} \n\n b{% endif %}', 'b'],
    ['{{- and -}} strip around a print tag', 'a \n {{- n -}} \n b', 'a7b'],
    ['{#- and -#} strip around a comment', 'a  {#- c -#}  b', 'ab'],
    ['one trailing newline of the template is dropped', 'a\n', 'a'],
    ['only one trailing newline is dropped', 'a\n\n', 'a\n'],
    ['a trailing newline inside a value is kept', '{{ "v\\n" }}', 'v\n'],
    ['CRLF becomes LF', 'a\r\nb\r\n', 'a\nb'],
    ['raw keeps tags as text', '{% raw %}{{ x }}{% endraw %}', '{{ x }}'],
    ['raw: no trim after {% raw %}, trim after {% endraw %}', '{% raw %}\nx\n{% endraw %}\ny', '\nx\ny'],
    ['indented for loop renders clean lines', '<ul>\n  {% for x in xs %}\n  <li>{{ x }}</li>\n  {% endfor %}\n</ul>\n', '<ul>\n  <li>3</li>\n  <li>1</li>\n  <li>2</li>\n</ul>'],
  ])('%s', (_rule, text, expected) => {
    expect(render(text)).toBe(expected);
  });
});

describe('printing values as Python str()', () => {
  it.each([
    ['{{ none }}', 'None'], ['{{ t }}', 'True'], ['{{ not t }}', 'False'], ['{{ n }}', '7'], ['{{ f }}', '2.5'],
    ['{{ 1.0 }}', '1.0'], ['{{ 4 / 2 }}', '2.0'], ['{{ 1e20 }}', '1e+20'], ['{{ 1.5e-7 }}', '1.5e-07'], ['{{ -0.0 }}', '-0.0'],
    ['{{ xs }}', '[3, 1, 2]'], ['{{ d }}', "{'a': 1, 'b': 'two'}"], ['{{ (1,) }}', '(1,)'], ['{{ ["it\'s"] }}', '["it\'s"]'],
    ['{{ x }}', 'nan'],
  ])('%s -> %s', (text, expected) => {
    expect(compileTemplate(text).render({ ...CONTEXT, x: Number.NaN })).toBe(expected);
  });
});

describe('operators', () => {
  it.each([
    ['{{ n + 1 }} {{ n - 10 }} {{ n * 2 }}', '8 -3 14'],
    ['{{ n / 2 }} {{ n // 2 }} {{ n % 3 }} {{ n ** 2 }}', '3.5 3 1 49'],
    ['{{ -7 // 2 }} {{ -7 % 3 }} {{ 7 % -3 }} {{ -7.5 % 2 }}', '-4 2 -2 0.5'],
    ['{{ 2 ** -1 }} {{ 2 ** 3 ** 2 }} {{ -2 ** 2 }}', '0.5 64 4'],
    ['{{ -n }} {{ +n }} {{ -f }}', '-7 7 -2.5'],
    ['{{ "ab" + "cd" }} {{ "ab" * 2 }} {{ [1] + [2] }} {{ (1,) + (2,) }}', 'abcd abab [1, 2] (1, 2)'],
    ['{{ n ~ "-" ~ none ~ t }}', '7-NoneTrue'],
    ['{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 10 - 2 - 3 }}', '7 9 5'],
    ['{{ 1 < 2 }} {{ 2 <= 2 }} {{ 3 > 4 }} {{ 3 >= 3 }} {{ 1 == 1.0 }} {{ "a" != "b" }}', 'True True False True True True'],
    ['{{ 1 < n < 10 }} {{ 3 > 2 > 2 }} {{ [1, 2] < [1, 3] }} {{ "abc" < "abd" }}', 'True False True True'],
    ['{{ 1 in xs }} {{ 5 not in xs }} {{ "a" in d }} {{ "ell" in "hello" }}', 'True True True True'],
    ['{{ t and n }} {{ zero or "x" }} {{ empty or none }} {{ not empty }}', '7 x None True'],
    ['{{ "y" if n > 5 else "n" }} {{ "a" if zero else "b" }} [{{ "a" if zero }}]', 'y b []'],
    ['{{ d.a }} {{ d["b"] }} {{ xs[0] }} {{ xs[-1] }} {{ xs.1 }} {{ people[1].name }}', '1 two 3 2 1 al'],
    ['{{ xs[1:] }} {{ xs[::-1] }} {{ name[:3] }}', '[1, 2] [2, 1, 3] ada'],
    ['{{ [1, "a", none, true] }} {{ {"k": [1]} }}', "[1, 'a', None, True] {'k': [1]}"],
    ['{{ "%.2f" % f }} {{ "%s-%s" % (n, name) }} {{ "%(a)s" % d }}', '2.50 7-ada lovelace 1'],
  ])('%s', (text, expected) => {
    expect(render(text)).toBe(expected);
  });
});

describe('filters', () => {
  it.each([
    ['default', '{{ missing|default("x") }} {{ empty|default("x") }} {{ empty|default("x", true) }} {{ none|d("y", boolean=true) }}', 'x  x y'],
    ['upper / lower', '{{ name|upper }} {{ "ÄB"|lower }} {{ none|upper }}', 'ADA LOVELACE äb NONE'],
    ['title (Jinja rules, not str.title)', '{{ "they\'re bill\'s-friend (x)"|title }}', "They're Bill's-Friend (X)"],
    ['capitalize', '{{ "hELLO wORLD"|capitalize }}', 'Hello world'],
    ['trim', '[{{ "  a b  "|trim }}] [{{ "xxaxx"|trim("x") }}]', '[a b] [a]'],
    ['replace', '{{ "aaa"|replace("a", "b") }} {{ "aaa"|replace("a", "b", 2) }} {{ "ab"|replace("", "-") }}', 'bbb bba -a-b-'],
    ['join', '{{ xs|join }} {{ xs|join(", ") }} {{ people|join("/", attribute="name") }}', '312 3, 1, 2 Bo/al/Cy'],
    ['length / count', '{{ xs|length }} {{ d|count }} {{ "héllo"|length }}', '3 2 5'],
    ['round', '{{ 2.675|round(2) }} {{ 2.5|round }} {{ 3.5|round }} {{ 7|round }} {{ 2.1|round(0, "ceil") }} {{ 2.9|round(method="floor") }}', '2.67 2.0 4.0 7 3.0 2.0'],
    ['int', '{{ "42"|int }} {{ "42.7"|int }} {{ "x"|int }} {{ "x"|int(-1) }} {{ -3.9|int }} {{ "0x1A"|int(0, 16) }}', '42 42 0 -1 -3 26'],
    ['float', '{{ "3"|float }} {{ "x"|float }} {{ n|float }} {{ "1e3"|float }}', '3.0 0.0 7.0 1000.0'],
    ['string', '{{ n|string ~ xs|string }}', '7[3, 1, 2]'],
    ['first / last', '{{ xs|first }} {{ xs|last }} {{ name|first }} {{ d|last }}', '3 2 a b'],
    ['list', '{{ "ab"|list }} {{ d|list }}', "['a', 'b'] ['a', 'b']"],
    ['sort', '{{ xs|sort }} {{ xs|sort(reverse=true) }} {{ words|sort }} {{ people|sort(attribute="age")|join(",", attribute="name") }}', "[1, 2, 3] [3, 2, 1] ['A', 'a', 'b', 'c'] al,Bo,Cy"],
    ['unique', '{{ words|unique|list }} {{ words|unique(case_sensitive=true)|list }}', "['b', 'A', 'c'] ['b', 'A', 'c', 'a']"],
    ['abs', '{{ -3|abs }} {{ -2.5|abs }}', '3 2.5'],
    ['truncate', '{{ "foo bar baz qux"|truncate(9) }} {{ "foo bar baz qux"|truncate(9, true) }} {{ "foo bar baz qux"|truncate(11) }}', 'foo... foo ba... foo bar baz qux'],
    ['wordcount', '{{ "hi-there you_2 3x"|wordcount }}', '4'],
    ['escape / e', '{{ "<a href=\'x\'>&</a>"|e }}', '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;'],
    ['format', '{{ "%s, %s!"|format("Hello", name) }} {{ "%(x)s"|format(x=1) }}', 'Hello, ada lovelace! 1'],
    ['chained', '{{ name|title|replace(" ", "_")|length }}', '12'],
  ])('%s', (_filter, text, expected) => {
    expect(render(text)).toBe(expected);
  });
});

describe('tests', () => {
  it.each([
    ['defined / undefined', '{{ missing is defined }} {{ missing is undefined }} {{ n is defined }}', 'False True True'],
    ['none', '{{ none is none }} {{ missing is none }} {{ n is not none }}', 'True False True'],
    ['number', '{{ n is number }} {{ f is number }} {{ t is number }} {{ "1" is number }} {{ missing is number }}', 'True True True False False'],
    ['string', '{{ name is string }} {{ n is string }} {{ missing is string }}', 'True False False'],
    ['even / odd', '{{ n is even }} {{ n is odd }} {{ 4 is even }} {{ 3.0 is odd }}', 'False True True True'],
    ['divisibleby', '{{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }} {{ 9 is not divisibleby(4) }}', 'True False True'],
    ['comparison tests', '{{ n is eq 7 }} {{ n is lt 10 }} {{ 2 is in xs }}', 'True True True'],
  ])('%s', (_test, text, expected) => {
    expect(render(text)).toBe(expected);
  });
});

describe('statements and scoping', () => {
  it.each([
    ['if / elif / else', '{% for v in [1, 5, 10] %}{% if v < 3 %}s{% elif v < 7 %}m{% else %}b{% endif %}{% endfor %}', 'smb'],
    ['loop variables', '{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }} {% endfor %}', '10TrueFalse3 21FalseFalse3 32FalseTrue3 '],
    ['for else on an empty loop', '{% for x in [] %}{{ x }}{% else %}empty{% endfor %}', 'empty'],
    ['for over dict items', '{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', 'a=1;b=two;'],
    ['loop filter', '{% for x in xs if x > 1 %}{{ loop.index }}:{{ x }} {% endfor %}', '1:3 2:2 '],
    ['set at top level', '{% set x = n * 2 %}{{ x }}', '14'],
    ['set inside for does not leak out', '{% set x = "outer" %}{% for i in xs %}{% set x = i %}{% endfor %}{{ x }}', 'outer'],
    ['set inside for is per iteration', '{% for i in [1, 2] %}{% if i == 1 %}{% set s = "one" %}{% endif %}{{ s|default("-") }}{% endfor %}', 'one-'],
    ['set inside if does leak out', '{% if t %}{% set y = "yes" %}{% endif %}{{ y }}', 'yes'],
    ['loop variable does not leak out', '{% set x = "keep" %}{% for x in xs %}{% endfor %}{{ x }}', 'keep'],
    ['nested loops shadow loop', '{% for i in [1, 2] %}{% for j in [1, 2, 3] %}{% endfor %}{{ loop.index }}{% endfor %}', '12'],
    ['set block with filters', '{% set b | upper %}hi {{ n }}{% endset %}[{{ b }}]', '[HI 7]'],
    ['tuple set', '{% set a, b = 1, 2 %}{{ b }}{{ a }}', '21'],
    ['context value shadowed by set', '{% set n = n + 1 %}{{ n }}', '8'],
  ])('%s', (_rule, text, expected) => {
    expect(render(text)).toBe(expected);
  });
});
