import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import YAML from 'yaml';
import { main } from '../../src/cli/main';
import { createMemoryIo, REPO_ROOT } from './cliTestKit';

/**
 * `elspeth schema` prints JSON Schemas generated from the zod schemas and every plugin's
 * options. The committed copies under schema/ (what samples reference for editors) must be
 * current, and every sample must validate against them.
 */
async function schema(...args: string[]) {
  const io = createMemoryIo(REPO_ROOT);
  const code = await main(['schema', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const SAMPLES = path.join(REPO_ROOT, 'samples');
const suites = fs.readdirSync(SAMPLES).filter((name) => fs.existsSync(path.join(SAMPLES, name, 'settings.yaml')));
const experimentFiles = suites.flatMap((suite) =>
  fs.readdirSync(path.join(SAMPLES, suite)).map((folder) => path.join(SAMPLES, suite, folder, 'config.json')).filter((file) => fs.existsSync(file)),
);

function validator(file: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', file), 'utf8')) as object);
}

describe('elspeth schema', () => {
  it.each([
    ['settings', 'settings.schema.json'],
    ['experiment', 'experiment.schema.json'],
  ])('prints the %s schema, equal to the committed schema/%s (regenerate with elspeth schema > file)', async (target, file) => {
    const { code, out, err } = await schema(target);
    expect([code, err]).toEqual([0, '']);
    expect(out).toBe(fs.readFileSync(path.join(REPO_ROOT, 'schema', file), 'utf8'));
  });

  it('defaults to settings and rejects an unknown target with a hint', async () => {
    expect((await schema()).out).toBe((await schema('settings')).out);
    expect(await schema('experimnt')).toEqual({ code: 2, out: '', err: "error: Unknown schema 'experimnt'. Available: experiment, settings. Did you mean 'experiment'?\n" });
  });

  it.each(suites)('samples/%s/settings.yaml references the schema and validates against it', (suite) => {
    const text = fs.readFileSync(path.join(SAMPLES, suite, 'settings.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/settings.schema.json');
    const validate = validator('settings.schema.json');
    expect([validate(YAML.parse(text)), validate.errors ?? null]).toEqual([true, null]);
  });

  it('every sample experiment config validates against the experiment schema', () => {
    const validate = validator('experiment.schema.json');
    const failures = experimentFiles.filter((file) => !validate(JSON.parse(fs.readFileSync(file, 'utf8'))));
    expect(experimentFiles.length).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });

  it.each([
    ['a misspelt top-level key', { default: { datsource: { plugin: 'local_csv', options: { path: 'x.csv' } } } }, '/default'],
    ['an unknown plugin', { default: { datasource: { plugin: 'local_cvs', options: { path: 'x.csv' } }, llm: { plugin: 'mock' }, sinks: [{ plugin: 'csv', options: { path: 'r.csv' } }] } }, '/default/datasource'],
    ['an unknown plugin option', { default: { datasource: { plugin: 'local_csv', options: { path: 'x.csv' } }, llm: { plugin: 'mock' }, sinks: [{ plugin: 'csv', options: { path: 'r.csv', colour: 'red' } }] } }, '/default/sinks/0'],
    ['an unknown report format', { default: { datasource: { plugin: 'local_csv', options: { path: 'x.csv' } }, llm: { plugin: 'mock' }, sinks: [{ plugin: 'analytics_report', options: { base_path: 'r', formats: ['pdf'] } }] } }, '/default/sinks/0'],
  ])('flags %s', (_label, document, where) => {
    const validate = validator('settings.schema.json');
    expect(validate(document)).toBe(false);
    expect(validate.errors!.some((error) => error.instancePath.startsWith(where))).toBe(true);
  });
});
