import fs from 'node:fs';
import path from 'node:path';
import { loadRunConfig } from '../../../src/core/config/loadRun';
import { createBuiltinRegistry } from '../../../src/plugins';
import { writeSuite } from './configFixture';

const registry = createBuiltinRegistry();
const priced = { plugin: 'fixed_price', options: { prompt_token_price: 0.000001, completion_token_price: 0.000002 } };
const profile = (extra: Record<string, unknown>) => ({
  datasource: { plugin: 'local_csv', options: { path: 'data.csv' } },
  llm: { plugin: 'mock', options: { seed: 1 } },
  sinks: [{ plugin: 'csv', options: { path: 'out.csv' } }],
  prompts: { system: 'Rate it.', user: 'Text: {{ text }}' },
  ...extra,
});

function errorsFor(settings: Record<string, unknown>, experiments: Record<string, Record<string, unknown>> = {}) {
  const { dir, settingsFile } = writeSuite(settings, experiments, { 'data.csv': 'text\nhello\n' });
  try {
    const { run, problems } = loadRunConfig({ settingsFile, registry, ...(Object.keys(experiments).length > 0 ? { suiteRoot: dir } : {}) });
    return { run, errors: problems.errors.map((p) => ({ file: path.relative(dir, p.file), path: p.path, message: p.message })) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('a budget the run could not keep is refused before anything starts', () => {
  it('asks for a cost tracker that prices calls', () => {
    const { run, errors } = errorsFor({ default: profile({ budget: { max_cost: 1 } }) });
    expect(run).toBeUndefined();
    expect(errors).toEqual([
      { file: 'settings.yaml', path: 'cost_tracker', message: expect.stringMatching(/^Experiment 'default' has a budget \(.*settings\.yaml: default\.budget\) but no cost tracker: set cost_tracker to fixed_price/) },
      { file: 'settings.yaml', path: 'max_tokens', message: expect.stringContaining('no max_tokens: without it a call\'s cost has no upper bound') },
    ]);
  });

  it('refuses a tracker that prices nothing (noop)', () => {
    const { errors } = errorsFor({ default: profile({ budget: { max_cost: 1 }, cost_tracker: { plugin: 'noop' }, llm: { plugin: 'mock', options: { seed: 1 } } }) });
    expect(errors.map((e) => e.message)).toContainEqual(expect.stringContaining("its cost tracker 'noop' prices nothing"));
  });

  it('accepts fixed prices with max_tokens on the model, and suites (whose experiments default to 512 tokens)', () => {
    expect(errorsFor({ default: profile({ budget: { max_cost: 1 }, cost_tracker: priced, llm: { plugin: 'http_openai', options: { api_base: 'http://127.0.0.1:9', model: 'm', max_tokens: 64 } } }) }).errors).toEqual([]);
    const suite = errorsFor({ default: profile({ suite_defaults: { budget: { max_cost: 1, order: 'in_order' } }, cost_tracker: priced }) }, { baseline: { enabled: true, is_baseline: true } });
    expect(suite.errors).toEqual([]);
    expect(suite.run?.budget).toEqual({ maxCost: 1, currency: 'USD', order: 'in_order' });
  });
});
