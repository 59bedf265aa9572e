import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../../src/core/config/loadRun';
import { parseCsv } from '../../../src/core/data/csv';
import { keyOrderOf, orderedObject } from '../../../src/core/data/keyOrder';
import { parseOrderedJson, stringifyOrdered } from '../../../src/core/data/orderedJson';
import { promptContext } from '../../../src/core/engine/evaluateRow';
import { compileTemplate } from '../../../src/core/prompts';
import { encodeCsv } from '../../../src/core/reports/csv';
import { buildResultsTable } from '../../../src/core/reports/resultsTable';
import type { ExperimentRecord } from '../../../src/core/engine/records';
import { createBuiltinRegistry } from '../../../src/plugins';
import { buildSuite } from '../../support/suiteBuilder';

// What Jinja2 prints for {"2024": 10, "2023": 5, "total": 15, "7": 0} (Python dicts keep insertion order).
const LOOP = '{% for k, v in years.items() %}{{ k }}={{ v }} {% endfor %}{{ years }} {{ years|list }}';
const PYTHON = "2024=10 2023=5 total=15 7=0 {'2024': 10, '2023': 5, 'total': 15, '7': 0} ['2024', '2023', 'total', '7']";

describe('mappings keep the order their keys were written in', () => {
  it('JSON: parsed, printed by the prompt engine and written again in source order', () => {
    const text = '{"years": {"2024": 10, "2023": 5, "total": 15, "7": 0}, "list": [{"9": 1, "1": 2}]}';
    const value = parseOrderedJson(text) as { years: Record<string, number> };
    expect(keyOrderOf(value.years)).toEqual(['2024', '2023', 'total', '7']);
    expect(compileTemplate(LOOP).render(value)).toBe(PYTHON);
    expect(stringifyOrdered(value)).toBe(text.replace(/: /g, ':').replace(/, /g, ','));
    // Plain JSON is unchanged, and the replacer still applies.
    expect(stringifyOrdered({ a: Number.NaN, b: [1] }, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? null : v))).toBe('{"a":null,"b":[1]}');
  });

  it('JSON: quoted digits inside strings, __proto__ keys and keys that are not array indexes are left alone', () => {
    const text = '{"note": "{\\"2\\": 1, \\"1\\": 2}", "__proto__": {"x": 1}, "4294967295": "a", "1": "b", "01": "c"}';
    const value = parseOrderedJson(text) as Record<string, unknown>;
    expect(value.note).toBe('{"2": 1, "1": 2}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(keyOrderOf(value)).toEqual(['note', '__proto__', '4294967295', '1', '01']);
    expect(parseOrderedJson(stringifyOrdered(value))).toEqual(value);
  });

  it('CSV: a column named like an integer stays where the header put it, in prompts contexts and in the CSV written', () => {
    const { columns, rows } = parseCsv('APPID,title,2024,2023\nA1,One,10,5\n', { source: 'years.csv' });
    const row = rows[0]!;
    expect(keyOrderOf(row)).toEqual(columns);
    expect(keyOrderOf(promptContext(row, undefined))).toEqual(columns);
    expect(keyOrderOf(promptContext(row, ['2023', 'APPID']))).toEqual(['2023', 'APPID']);
    const record = parseOrderedJson(stringifyOrdered({ status: 'ok', row: promptContext(row, undefined), response: { content: 'x', metrics: {} }, metrics: {} })) as ExperimentRecord;
    const table = buildResultsTable([record], { includeMetrics: false, includeRetry: false });
    expect(encodeCsv(table.columns, table.rows, { sanitizeFormulas: false })).toBe('APPID,title,2024,2023,llm_content\nA1,One,10,5,x\n');
  });

  it('YAML settings and JSON experiment configs: prompt_defaults and criterion defaults render in written order after a stored-plan round trip', () => {
    const suite = buildSuite({
      settingsText: [
        'default:',
        '  datasource: {plugin: local_csv, options: {path: data/rows.csv}}',
        '  llm: {plugin: mock}',
        '  sinks: [{plugin: csv, options: {path: results.csv}}]',
        "  prompts: {system: 'S', user: 'U {{ id }}'}",
        '  prompt_defaults:',
        '    years: {2024: 10, 2023: 5, total: 15, 7: 0}',
      ].join('\n'),
      experiments: { base: { name: 'base', is_baseline: true } },
      data: { 'rows.csv': 'id\n1\n' },
    });
    // Written as text: a JS object literal would already have put "3" first.
    writeFileSync(join(suite.root, 'base', 'config.json'), '{"name": "base", "is_baseline": true, "criteria": [{"name": "c", "template": "x", "defaults": {"more": {"9": "nine", "3": "three"}}}]}');
    try {
      const { run, problems } = loadRunConfig({ settingsFile: suite.settingsFile, suiteRoot: suite.root, registry: createBuiltinRegistry() });
      expect(problems.errors).toEqual([]);
      const stored = parseOrderedJson(stringifyOrdered(run)) as NonNullable<typeof run>;
      const experiment = stored.experiments[0]!;
      expect(compileTemplate(LOOP).render(experiment.promptDefaults)).toBe(PYTHON);
      expect(keyOrderOf(experiment.criteria[0]!.defaults.more as object)).toEqual(['9', '3']);
    } finally {
      suite.cleanup();
    }
  });

  it('orderedObject keeps __proto__ as a key and remembers only orders JS would change', () => {
    const object = orderedObject([['__proto__', 1], ['b', 2]]);
    expect([Object.getPrototypeOf(object), keyOrderOf(object)]).toEqual([Object.prototype, ['__proto__', 'b']]);
  });
});
