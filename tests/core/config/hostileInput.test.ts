import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_LIMITS } from '../../../src/core/config/limits';
import { loadRunConfig } from '../../../src/core/config/loadRun';
import type { ConfigProblem } from '../../../src/core/config/problems';
import { baseProfile, writeSuite } from './configFixture';
import { testRegistry } from './testRegistry';

/** Loads a settings text (and experiment files) and returns the problems, files relative to the suite. */
function load(settingsText: string, experiments: Record<string, string> = {}, options: { profile?: string } = {}) {
  const { dir, settingsFile } = writeSuite({});
  fs.writeFileSync(settingsFile, settingsText);
  for (const [folder, text] of Object.entries(experiments)) {
    fs.mkdirSync(path.join(dir, folder));
    fs.writeFileSync(path.join(dir, folder, 'config.json'), text);
  }
  try {
    const suite = Object.keys(experiments).length > 0 ? { suiteRoot: dir } : {};
    const { run, problems } = loadRunConfig({ settingsFile, registry: testRegistry, ...suite, ...options });
    const strip = (p: ConfigProblem) => [path.relative(dir, p.file), p.path, p.message];
    return { run, errors: problems.errors.map(strip) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const baseYaml = JSON.stringify({ default: baseProfile });
const PROFILE_YAML = 'default:\n  datasource: {plugin: local_csv, options: {path: data.csv}}\n  llm: {plugin: mock}\n  sinks: [{plugin: csv, options: {path: out.csv}}]\n';

function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\ndefault: *a9\n`;
}

describe('hostile settings files are refused with the file named, before anything is built', () => {
  it.each([
    ['an alias bomb', aliasBomb(), `Invalid YAML: more than ${CONFIG_LIMITS.yamlAliases} aliases to resolve (an alias bomb?)`],
    ['5,000 nested flow lists', `default: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, /^Invalid YAML: nesting is deeper than this parser can follow|^nesting is deeper than 64 levels/],
    ['100 nested mappings', `default:\n${Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`, 'nesting is deeper than 64 levels, the limit for configuration files'],
    ['a file over the size limit', `# ${'x'.repeat(CONFIG_LIMITS.fileBytes)}\n${baseYaml}`, `cannot read file: the file is larger than ${CONFIG_LIMITS.fileBytes} bytes, the limit for configuration files`],
  ])('%s', (_label, text, message) => {
    const { run, errors } = load(text);
    expect(run).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.slice(0, 1)).toEqual(['settings.yaml']);
    expect(errors[0]![2]).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  });

  it('refuses a config.json nested 5,000 deep, naming it', () => {
    const deep = `{"name": "a", "prompt_defaults": {"x": ${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    const { errors } = load(baseYaml, { a: deep });
    expect(errors).toEqual([[path.join('a', 'config.json'), '', 'nesting is deeper than 64 levels, the limit for configuration files']]);
  });
});

describe('names that are Object.prototype members are ordinary names', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('--profile %s is an unknown profile', (name) => {
    const { errors } = load(baseYaml, {}, { profile: name });
    expect(errors).toEqual([['settings.yaml', name, `Unknown profile '${name}'. Available: default.`]]);
  });

  it('a legacy runner key named constructor is an unknown legacy key', () => {
    const { errors } = load(JSON.stringify({ default: { ...baseProfile, runner: { constructor: { max_attempts: 2 }, toString: 1 } } }));
    expect(errors).toEqual([
      ['settings.yaml', 'default.runner.constructor', "unknown legacy key 'runner.constructor' (known: retry, checkpoint, earlyStop)"],
      ['settings.yaml', 'default.runner.toString', "unknown legacy key 'runner.toString' (known: retry, checkpoint, earlyStop)"],
    ]);
  });

  it('a legacy plugins family named __proto__ cannot be migrated, and says so', () => {
    const { errors } = load(`${PROFILE_YAML}  prompts: {system: s, user: u}\n  plugins:\n    __proto__: [score_stats]\n`);
    expect(errors).toEqual([['settings.yaml', 'default.plugins.__proto__', 'cannot migrate legacy plugins.__proto__: expected row, aggregator or baseline with a list']]);
  });

  it('keeps prompt_defaults keys named __proto__, constructor and toString', () => {
    const { run, errors } = load(`${PROFILE_YAML}  prompts: {system: s, user: u}\n  prompt_defaults:\n    __proto__: a\n    constructor: b\n    toString: c\n`);
    expect(errors).toEqual([]);
    const defaults = run!.experiments[0]!.promptDefaults;
    expect(Object.keys(defaults)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(defaults)).toBe(Object.prototype);
    expect(JSON.stringify(defaults)).toBe('{"__proto__":"a","constructor":"b","toString":"c"}');
  });

  it('refuses a criterion named __proto__ (scores and reports are keyed by criterion), keeps constructor and toString', () => {
    const criteria = (...names: string[]) => JSON.stringify({ name: 'a', is_baseline: true, prompt_system: 's', prompt_template: 'u', criteria: names.map((name) => ({ name, template: 't' })) });
    expect(load(baseYaml, { a: criteria('quality', '__proto__') }).errors).toEqual([
      [path.join('a', 'config.json'), 'criteria[1].name', "criterion name '__proto__' is reserved (scores and reports are keyed by criterion name); choose another"],
    ]);
    const { run, errors } = load(baseYaml, { a: criteria('constructor', 'toString', '2') });
    expect(errors).toEqual([]);
    expect(run!.experiments[0]!.criteria.map((criterion) => criterion.name)).toEqual(['constructor', 'toString', '2']);
  });

  it('a prompt_pack named constructor is an unknown pack, and a pack named __proto__ is kept', () => {
    expect(load(`${PROFILE_YAML}  prompt_pack: constructor\n`).errors).toEqual([['settings.yaml', 'default.prompt_pack', "Unknown prompt pack 'constructor'. Available: <none>."]]);
    const { run, errors } = load(`${PROFILE_YAML}  prompt_packs:\n    __proto__: {prompts: {system: ps, user: pu}}\n  prompt_pack: __proto__\n`);
    expect(errors).toEqual([]);
    expect(run!.experiments[0]!.prompts).toEqual({ system: 'ps', user: 'pu' });
  });
});

describe('experiment names that would collide in storage', () => {
  const experiment = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name, prompt_system: 's', prompt_template: 'u', ...extra });

  it.each(['input', 'suite', 'plan.json', 'Request.json'])("refuses an experiment named '%s' (the run's own files)", (name) => {
    const { errors } = load(baseYaml, { a: experiment(name, { is_baseline: true }) });
    expect(errors).toEqual([[path.join('a', 'config.json'), 'name', `Experiment name '${name}' is used by the run's own files (plan.json, request.json, input, suite); choose another`]]);
  });

  it('refuses two experiments whose names differ only in case', () => {
    const { errors } = load(baseYaml, { a: experiment('baseline', { is_baseline: true }), b: experiment('Baseline') });
    expect(errors).toEqual([[path.join('b', 'config.json'), 'name', "Experiment name 'Baseline' differs from 'baseline' only in case (their folders would collide)"]]);
  });
});
