/** The public API against the reference's golden prompts (docs/original-behaviour.md §1.7, docs/original-behaviour.md §3.18, docs/original-behaviour.md §9). */
import { compileTemplate, convertLegacyPlaceholders } from '../../../src/core/prompts';

const APP_001 = {
  APPID: 'APP-001',
  title: 'Onboarding Assistant',
  summary: 'Automates onboarding steps for new hires.',
  industry: 'HR',
};

/*
 * The reference golden string "Industry: HR.Summary: ..." (docs/original-behaviour.md §3.18) implies the original
 * sample template (config/sample_suite/settings.yaml) had the whole if-block on one line:
 *   {% if industry %}Industry: {{ industry }}.{% endif %}
 * trim_blocks then removes the newline after `{% endif %}`, gluing "HR." to "Summary".
 * With the block tags on their own lines (the layout below), Jinja keeps "Industry: HR.\n".
 */
const ORIGINAL_USER_TEMPLATE = [
  'Evaluate application {{ APPID }} titled "{{ title }}".',
  '{% if industry %}Industry: {{ industry }}.{% endif %}',
  'Summary: {{ summary }}.',
  'Return JSON {"score": <0-1>, "comment": "<insight>"}.',
  '',
].join('\n');

const BLOCK_LAYOUT_TEMPLATE = [
  'Evaluate application {{ APPID }} titled "{{ title }}".',
  '{% if industry %}',
  'Industry: {{ industry }}.',
  '{% endif %}',
  'Summary: {{ summary }}.',
  'Return JSON {"score": <0-1>, "comment": "<short reason>"}.',
  '',
].join('\n');

describe('compileTemplate: golden sample prompts', () => {
  it('renders the original one-line if-block exactly as the reference golden run', () => {
    expect(compileTemplate(ORIGINAL_USER_TEMPLATE, { name: 'user' }).render(APP_001)).toBe(
      'Evaluate application APP-001 titled "Onboarding Assistant".\n' +
        'Industry: HR.Summary: Automates onboarding steps for new hires..\n' +
        'Return JSON {"score": <0-1>, "comment": "<insight>"}.',
    );
  });

  it.each([
    ['one-line block, industry empty', ORIGINAL_USER_TEMPLATE, '', 'Evaluate application APP-001 titled "Onboarding Assistant".\nSummary: Automates onboarding steps for new hires..\nReturn JSON {"score": <0-1>, "comment": "<insight>"}.'],
    ['block on its own lines, industry HR', BLOCK_LAYOUT_TEMPLATE, 'HR', 'Evaluate application APP-001 titled "Onboarding Assistant".\nIndustry: HR.\nSummary: Automates onboarding steps for new hires..\nReturn JSON {"score": <0-1>, "comment": "<short reason>"}.'],
  ])('renders the %s layout as Jinja would', (_label, text, industry, expected) => {
    expect(compileTemplate(text).render({ ...APP_001, industry })).toBe(expected);
  });

  it('reports the sample user template fields', () => {
    const template = compileTemplate(BLOCK_LAYOUT_TEMPLATE, { name: 'user' });
    expect({ name: template.name, requiredFields: template.requiredFields }).toEqual({
      name: 'user',
      requiredFields: ['APPID', 'industry', 'summary', 'title'],
    });
  });

  it.each([
    ['HR', 'Estimate priority (0-1) for APP-001 considering industry "HR".'],
    ['', 'Estimate priority (0-1) for APP-001 considering industry "general".'],
  ])('renders the prioritization criterion with industry %j', (industry, expected) => {
    const criterion = compileTemplate(
      'Estimate priority (0-1) for {{ APPID }} considering industry "{{ industry|default(\'general\', boolean=true) }}".\n',
      { name: 'prioritization' },
    );
    expect(criterion.render({ ...APP_001, industry })).toBe(expected);
  });

  it('renders the analysis criterion', () => {
    const criterion = compileTemplate(
      'Provide JSON {"score": <0-1>, "comment": "<analysis>"} assessing clarity of summary for {{ APPID }}.\n',
    );
    expect(criterion.render(APP_001)).toBe(
      'Provide JSON {"score": <0-1>, "comment": "<analysis>"} assessing clarity of summary for APP-001.',
    );
  });

  it('drops the system prompt trailing newline', () => {
    const system = compileTemplate('You are an evaluation assistant that returns concise JSON feedback.\n');
    expect({ output: system.render({}), requiredFields: system.requiredFields }).toEqual({
      output: 'You are an evaluation assistant that returns concise JSON feedback.',
      requiredFields: [],
    });
  });

  it('renders a missing prompt field given as null as "None", as the original did', () => {
    expect(compileTemplate('{{ category_name }}/{{ context_1 }}').render({ category_name: null, context_1: undefined })).toBe(
      'None/None',
    );
  });
});

describe('compile once, render many', () => {
  it('keeps no state between renders', () => {
    const template = compileTemplate('{% if first %}{% set seen = "yes" %}{% endif %}{{ seen|default("no") }}:{{ n }}');
    expect([template.render({ first: true, n: 1 }), template.render({ first: false, n: 2 })]).toEqual(['yes:1', 'no:2']);
  });

  it('does not modify the context it renders', () => {
    const context = { row: { a: 1 }, xs: [2, 1] };
    const snapshot = JSON.stringify(context);
    compileTemplate('{% set row = 5 %}{{ xs|sort }}{{ row }}').render(context);
    expect(JSON.stringify(context)).toBe(snapshot);
  });

  it('renders in context precedence order when the caller merges defaults < row < extra', () => {
    const template = compileTemplate('{{ industry }}/{{ criteria }}');
    const context = { ...{ industry: '', criteria: 'default' }, ...{ industry: 'HR' }, ...{ criteria: 'analysis' } };
    expect(template.render(context)).toBe('HR/analysis');
  });
});

describe('legacy {FIELD} placeholders', () => {
  it('converts and renders a legacy template', () => {
    const template = compileTemplate('Hello {APPID} in {industry}');
    expect({
      source: template.source,
      rawSource: template.rawSource,
      requiredFields: template.requiredFields,
      output: template.render(APP_001),
    }).toEqual({
      source: 'Hello {{ APPID }} in {{ industry }}',
      rawSource: 'Hello {APPID} in {industry}',
      requiredFields: ['APPID', 'industry'],
      output: 'Hello APP-001 in HR',
    });
  });

  it.each([
    ['Hello {APPID} in {industry}', 'Hello {{ APPID }} in {{ industry }}'],
    ['{{ APPID }} and {industry}', '{{ APPID }} and {industry}'],
    ['{% if x %}{y}{% endif %}', '{% if x %}{y}{% endif %}'],
    ['JSON {"score": 1} for {APPID}', 'JSON {"score": 1} for {{ APPID }}'],
    ['{_private1} {9bad} {with space} {ünicode}', '{{ _private1 }} {9bad} {with space} {ünicode}'],
    ['{a}{b}', '{{ a }}{{ b }}'],
    ['no placeholders', 'no placeholders'],
    ['{#notacomment}', '{#notacomment}'],
  ])('convertLegacyPlaceholders(%j)', (input, expected) => {
    expect(convertLegacyPlaceholders(input)).toBe(expected);
  });
});
