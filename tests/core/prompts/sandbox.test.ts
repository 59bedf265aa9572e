/**
 * Templates are data from users (docs/architecture.md, "Security"): rendering must never reach JS constructors,
 * prototypes, Node globals or any function not on the whitelist.
 */
import { compileTemplate } from '../../../src/core/prompts';

function renderFailure(text: string, context: Record<string, unknown> = {}): { code?: unknown; message?: string } {
  try {
    const output = compileTemplate(text, { name: 'evil' }).render(context);
    return { code: 'RENDERED', message: output };
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: string };
    return { code, message };
  }
}

describe('sandbox', () => {
  it.each([
    ['{{ "".constructor.constructor("return process")() }}', 'constructor'],
    ['{{ range.constructor("return process.pid")() }}', 'constructor'],
    ['{{ x.__proto__ }}', '__proto__'],
    ['{{ [].constructor }}', 'constructor'],
    ['{{ {}.constructor }}', 'constructor'],
    ['{{ self.__init__ }}', '__init__'],
    ['{% set f = "".constructor %}{{ f }}', 'constructor'],
    ['{% set f = x["constructor"] %}', 'constructor'],
    ['{{ x.__class__.__mro__ }}', '__class__'],
    ['{{ x.__globals__ }}', '__globals__'],
    ['{{ "".__class__.mro() }}', '__class__'],
    ['{{ x.prototype }}', 'prototype'],
    ['{{ x.toString() }}', 'toString'],
    ['{{ x.hasOwnProperty("a") }}', 'hasOwnProperty'],
    ['{{ "abc".length }}', 'length'],
    ['{{ [1, 2].map }}', 'map'],
    ['{{ x["__proto__"]["polluted"] }}', '__proto__'],
    ['{{ loop.constructor }}', 'constructor'],
    // every path the globals, filters and methods added for Jinja fidelity open
    ['{{ range.__call__ }}', '__call__'],
    ['{{ range(3).constructor }}', 'constructor'],
    ['{{ namespace(a=1).__init__ }}', '__init__'],
    ['{% set ns = namespace() %}{{ ns.__dict__ }}', '__dict__'],
    ['{% set ns = namespace() %}{% set ns.constructor = 1 %}{{ ns.constructor.constructor }}', 'constructor'],
    ['{{ cycler("a").__class__ }}', '__class__'],
    ['{{ cycler("a").constructor }}', 'constructor'],
    ['{{ joiner().constructor }}', 'constructor'],
    ['{{ dict.constructor }}', 'constructor'],
    ['{{ dict(a=1).__class__ }}', '__class__'],
    ['{{ [x]|map(attribute="constructor")|list }}', 'constructor'],
    ['{{ [x]|map(attribute="__proto__")|list }}', '__proto__'],
    ['{{ [x]|selectattr("__class__")|list }}', '__class__'],
    ['{{ [x]|sum(attribute="constructor") }}', 'constructor'],
    ['{{ [x]|groupby("__proto__") }}', '__proto__'],
    ['{{ "x"|attr("constructor") }}', 'constructor'],
    ['{{ x|attr("__class__") }}', '__class__'],
    ['{{ "".format.constructor }}', 'constructor'],
    ['{{ [1].append.constructor }}', 'constructor'],
    ['{{ x.items().constructor }}', 'constructor'],
  ])('refuses %s naming %s', (text, name) => {
    const failure = renderFailure(text, { x: { a: 1 } });
    expect(failure.code).toBe('PROMPT_RENDER_FAILED');
    expect(failure.message).toContain(`'${name}'`);
    expect(failure.message).toContain("'evil'");
  });

  it.each([
    ['{{ process }}', 'process'],
    ['{{ require("fs") }}', 'require'],
    ['{{ globalThis.process }}', 'globalThis'],
    ['{{ lipsum() }}', 'lipsum'],
    ['{{ self }}', 'self'],
    ['{{ Function("return 1")() }}', 'Function'],
    ['{{ eval("1") }}', 'eval'],
  ])('cannot reach the global %s', (text, name) => {
    expect(renderFailure(text)).toEqual({
      code: 'PROMPT_RENDER_FAILED',
      message: `Prompt template 'evil' failed to render (line 1): '${name}' is undefined`,
    });
  });

  it('never calls a function found in the data', () => {
    const calls: string[] = [];
    const context = { fn: () => calls.push('called'), row: { fn: () => calls.push('called too') }, items: [() => calls.push('item')] };
    const failures = ['{{ fn() }}', '{{ row.fn() }}', '{{ items[0]() }}', '{{ row.fn }}', '{{ fn }}'].map((text) => renderFailure(text, context).code);
    expect({ failures, calls }).toEqual({ failures: Array(5).fill('PROMPT_RENDER_FAILED'), calls: [] });
  });

  it('never runs getters found in the data', () => {
    let reads = 0;
    const row = Object.defineProperty({ plain: 1 }, 'secret', { enumerable: true, get: () => (reads += 1) });
    const results = [renderFailure('{{ row.secret }}', { row }).code, renderFailure('{{ row.plain }}', { row }).message];
    expect({ results, reads }).toEqual({ results: ['PROMPT_RENDER_FAILED', '1'], reads: 0 });
  });

  it('reads own data only, not inherited properties of class instances or prototypes', () => {
    const inherited = Object.create({ inheritedKey: 'leak' }) as Record<string, unknown>;
    class Secretive {
      hidden = 'own but not plain data';
    }
    expect([
      renderFailure('{{ obj.inheritedKey }}', { obj: inherited }).code,
      renderFailure('{{ obj.hidden }}', { obj: new Secretive() }).code,
      renderFailure('{{ obj.missing is defined }}', { obj: inherited }).message,
    ]).toEqual(['PROMPT_RENDER_FAILED', 'PROMPT_RENDER_FAILED', 'False']);
  });

  it('refuses calling anything that is not a whitelisted method', () => {
    const failures = [
      '{{ "abc".mro() }}',
      '{{ x.a() }}',
      '{{ (1)() }}',
      '{{ "abc"|upper() ~ "x"() }}',
      '{{ "a".__getattribute__("b") }}',
    ].map((text) => renderFailure(text, { x: { a: 1 } }).code);
    expect(failures).toEqual(Array(5).fill('PROMPT_RENDER_FAILED'));
  });

  it.each([
    ["{{ '{0.__class__}'.format(x) }}", "format fields may not reach into arguments in prompt templates: '{0.__class__}'"],
    ["{{ '{0.constructor.constructor}'.format(x) }}", "format fields may not reach into arguments in prompt templates: '{0.constructor.constructor}'"],
    ["{{ '{0[constructor]}'.format(x) }}", "format fields may not reach into arguments in prompt templates: '{0[constructor]}'"],
    ["{{ '{a.__globals__}'.format(a=x) }}", "format fields may not reach into arguments in prompt templates: '{a.__globals__}'"],
    ["{{ '{:{0.__class__}}'.format(1) }}", "format fields may not reach into arguments in prompt templates: '{0.__class__}'"],
  ])('keeps str.format to positions and names: %s', (text, message) => {
    expect(renderFailure(text, { x: { a: 1 } })).toEqual({ code: 'PROMPT_RENDER_FAILED', message: `Prompt template 'evil' failed to render (line 1): ${message}` });
  });

  it('lets templates change only the lists they built, never the rows they were given', () => {
    const xs = [1, 2];
    const row = { xs };
    expect(renderFailure('{% set l = [] %}{% set _ = l.append(3) %}{{ l }}', row).message).toBe('[3]');
    expect(renderFailure('{% set _ = xs.append(3) %}', row).code).toBe('PROMPT_RENDER_FAILED');
    expect(renderFailure('{% set t = (1, 2) %}{% set _ = t.append(3) %}', row).code).toBe('PROMPT_RENDER_FAILED');
    expect(xs).toEqual([1, 2]);
  });

  it('reads data keys named like JS internals as data, and nothing beyond them', () => {
    const row = JSON.parse('{"constructor": "c", "prototype": "p", "caller": "k", "arguments": "a", "nested": {"constructor": {"x": 1}}}') as Record<string, unknown>;
    expect(renderFailure('{{ row.constructor }} {{ row.prototype }} {{ row["caller"] }} {{ row.arguments }} {{ row.nested.constructor.x }}', { row }).message).toBe('c p k a 1');
    expect(renderFailure('{{ row.constructor.constructor }}', { row }).code).toBe('PROMPT_RENDER_FAILED');
    expect(renderFailure('{{ other.constructor }}', { other: { a: 1 } }).message).toContain("'constructor'");
  });

  it('keeps a "__proto__" key in a dict literal as plain data', () => {
    expect(renderFailure('{% set d = {"__proto__": "x", "a": 1} %}{{ d.a }} {{ d }}').message).toBe(
      "1 {'__proto__': 'x', 'a': 1}",
    );
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('does not let a context key named like a prototype member leak in', () => {
    const context = JSON.parse('{"constructor": "data", "__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect([
      renderFailure('{{ constructor }}', context).message,
      renderFailure('{{ polluted }}', context).code,
      renderFailure('{{ toString }}', {}).code,
    ]).toEqual(['data', 'PROMPT_RENDER_FAILED', 'PROMPT_RENDER_FAILED']);
  });

  it("keeps printf's precision bounded", () => {
    expect(renderFailure("{{ '%.999999999f' % 1.5 }}")).toEqual({
      code: 'PROMPT_RENDER_FAILED',
      message: "Prompt template 'evil' failed to render (line 1): precision too big",
    });
  });

  it.each([['{{ 5|round(-999999999) }}', '0'], ['{{ 5.5|round(999999999) }}', '5.5']])('keeps extreme round() precision cheap: %s', (text, expected) => {
    expect(renderFailure(text).message).toBe(expected);
  });

  it.each([
    ['{% macro m() %}{% endmacro %}{{ m.__call__ }}', '__call__'],
    ['{% macro m() %}{% endmacro %}{{ m.constructor }}', 'constructor'],
    ['{% macro m() %}{% endmacro %}{{ m.invoke }}', 'invoke'],
    ['{% macro m() %}{% endmacro %}{{ m.run }}', 'run'],
    ['{% macro m() %}{{ caller.constructor }}{% endmacro %}{% call m() %}x{% endcall %}', 'constructor'],
    ['{% for x in [1] recursive %}{{ loop.again }}{% endfor %}', 'again'],
    ['{% for x in [1] recursive %}{{ loop.recurse }}{% endfor %}', 'recurse'],
  ])('gives macros, callers and recursive loops no path to their JS functions: %s', (text, name) => {
    expect(renderFailure(text).message).toContain(`access to attribute '${name}' is not allowed`);
  });

  it('reads a JS-only member of a str or list as Undefined, as Python has no such attribute', () => {
    expect(renderFailure('{{ "abc".length|default("none") }} {{ [1].map is defined }} {{ "abc".length is undefined }}').message).toBe('none False True');
  });

  it('reads a macro\'s documented attributes as plain values', () => {
    expect(renderFailure('{% macro m(a, caller=none) %}{% endmacro %}{{ m.name }} {{ m.arguments }} {{ m.arguments|length }}').message).toBe(
      "m ('a', 'caller') 2",
    );
  });

  it.each([
    ['{% set d = {} %}{{ d.map }}', 'map'],
    ['{% set d = {} %}{{ d.lookup }}', 'lookup'],
    ['{% set d = {} %}{{ d.set }}', 'set'],
    ['{% set d = {} %}{{ d.size }}', 'size'],
    ['{% set d = {1: 2} %}{{ d.constructor.constructor }}', 'constructor'],
    ['{{ d.keys().constructor }}', 'constructor'],
  ])('gives template-built dicts and views no path to their JS internals: %s', (text, name) => {
    expect(renderFailure(text, { d: { a: 1 } }).message).toContain(`access to attribute '${name}' is not allowed`);
  });

  it('keeps dict keys data, even __proto__ and the names of JS internals', () => {
    const text = "{% set d = {'__proto__': 1, 'map': 2, 'constructor': 3} %}{% set _ = d.update({'size': 4}) %}{{ d }} {{ d.map }} {{ d.constructor }} {{ d['__proto__'] }} {{ d.size }}";
    expect(renderFailure(text).message).toBe("{'__proto__': 1, 'map': 2, 'constructor': 3, 'size': 4} 2 3 1 4");
  });

  it('changes only dicts the template built: rows and their dicts stay as they came', () => {
    const row = { d: { a: 1 } };
    expect(renderFailure("{{ d.update({'b': 2}) }}", row).code).toBe('PROMPT_RENDER_FAILED');
    expect(renderFailure("{{ d.pop('a') }}", row).code).toBe('PROMPT_RENDER_FAILED');
    expect(renderFailure("{% set c = d.copy() %}{% set _ = c.update({'b': 2}) %}{{ c }} {{ d }}", row).message).toBe("{'a': 1, 'b': 2} {'a': 1}");
    expect(row).toEqual({ d: { a: 1 } });
  });

  it('stops a dict that contains itself on the depth budget when printed', () => {
    expect(renderFailure("{% set d = {} %}{% set _ = d.update({'self': d}) %}{{ d }}").message).toContain('values nested more than 200 levels deep');
  });

  it.each([
    ["{{ (x|e).text }}", 'text'],
    ["{{ ('x'|safe).constructor }}", 'constructor'],
    ["{{ (x|e)|attr('text') }}", 'text'],
  ])('gives Markup values no path to their JS internals: %s', (text, name) => {
    const message = renderFailure(text, { x: '<b>' }).message ?? '';
    expect(message.includes(`access to attribute '${name}' is not allowed`) || message.includes(`has no attribute '${name}'`)).toBe(true);
  });

  it('reads a Markup item\'s missing attribute as Undefined, as Jinja does', () => {
    expect(renderFailure("{{ [x|e]|map(attribute='text')|list }}", { x: '<b>' }).message).toBe('[Undefined]');
  });

  it('refuses tags Jinja would use to load or define code', () => {
    const codes = ['{% include "x" %}', '{% import "x" as y %}', '{% block b %}{% endblock %}', '{% extends "x" %}', '{% from "x" import y %}'].map(
      (text) => {
        try {
          compileTemplate(text);
          return 'COMPILED';
        } catch (error) {
          return (error as { code?: unknown }).code;
        }
      },
    );
    expect(codes).toEqual(Array(5).fill('PROMPT_TEMPLATE_INVALID'));
  });
});
