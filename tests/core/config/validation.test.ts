import fs from 'node:fs';
import path from 'node:path';
import { loadRunConfig } from '../../../src/core/config/loadRun';
import type { ConfigProblem } from '../../../src/core/config/problems';
import { baseProfile, writeSuite } from './configFixture';
import { testRegistry } from './testRegistry';
import { createBuiltinRegistry } from '../../../src/plugins';

function problemsFor(settings: Record<string, unknown>, experiments: Record<string, Record<string, unknown>> = {}, options: { profile?: string; suite?: boolean } = {}) {
  const { dir, settingsFile } = writeSuite(settings, experiments);
  try {
    const { run, problems } = loadRunConfig({ settingsFile, registry: testRegistry, ...(options.profile ? { profile: options.profile } : {}), ...(options.suite ? { suiteRoot: dir } : {}) });
    const strip = (p: ConfigProblem) => ({ ...p, file: path.relative(dir, p.file) });
    return { run, errors: problems.errors.map(strip), warnings: problems.warnings.map(strip) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const exp = (extra: Record<string, unknown> = {}) => ({ temperature: 0, max_tokens: 10, enabled: true, ...extra });

describe('configuration problems name the file, the key path and what is available', () => {
  it('lists available profiles for an unknown profile', () => {
    const { errors } = problemsFor({ default: baseProfile, nightly: baseProfile }, {}, { profile: 'nighty' });
    expect(errors).toEqual([{ severity: 'error', file: 'settings.yaml', path: 'nighty', message: "Unknown profile 'nighty'. Available: default, nightly. Did you mean 'nightly'?" }]);
  });

  it('reports every unknown plugin of every kind at once, with available names', () => {
    const { errors } = problemsFor({
      default: {
        ...baseProfile,
        prompts: { system: 's', user: 'u' },
        llm: { plugin: 'mokc', options: {} },
        row_plugins: [{ name: 'score_extractr' }],
        llm_middlewares: [{ name: 'prompt_sheild' }],
        sinks: [{ plugin: 'csv', options: { path: 'x' } }, { plugin: 'parquet', options: {} }],
      },
    });
    expect(errors.map((e) => [e.path, e.message])).toEqual([
      ['default.row_plugins[0].name', "Unknown row experiment plugin 'score_extractr'. Available: noop, score_extractor. Did you mean 'score_extractor'?"],
      ['default.llm_middlewares[0].name', "Unknown LLM middleware 'prompt_sheild'. Available: audit_logger, prompt_shield. Did you mean 'prompt_shield'?"],
      ['default.sinks[1].plugin', "Unknown sink plugin 'parquet'. Available: analytics_report, csv."],
      ['default.llm.plugin', "Unknown llm plugin 'mokc'. Available: mock. Did you mean 'mock'?"],
    ]);
  });

  it('reports bad plugin options at their key path', () => {
    const { errors } = problemsFor({ default: { ...baseProfile, prompts: { system: 's', user: 'u' }, llm: { plugin: 'mock', options: { seed: 'x', extra: 1 } } } });
    expect(errors.map((e) => e.path)).toEqual(['default.llm.options.seed', 'default.llm.options.extra']);
    expect(errors[1]!.message).toBe("unknown option 'extra'. Allowed options: seed.");
  });

  it('names unknown keys with a did-you-mean and the allowed keys', () => {
    const { errors } = problemsFor({ default: { ...baseProfile, prompts: { system: 's', user: 'u' }, row_plugin: [] } });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('default.row_plugin');
    expect(errors[0]!.message).toMatch(/^unknown key 'row_plugin'\. Did you mean 'row_plugins'\? Allowed keys: /);
  });

  it('lists available prompt packs for an unknown pack, at profile and experiment level', () => {
    const { errors } = problemsFor(
      { default: { ...baseProfile, prompts: { system: 's', user: 'u' }, prompt_packs: { sample: { prompts: { system: 's', user: 'u' } } }, prompt_pack: 'smaple' } },
      { a: exp({ is_baseline: true, prompt_pack: 'other' }) },
      { suite: true },
    );
    expect(errors.map((e) => [e.file, e.path, e.message])).toEqual([
      ['settings.yaml', 'default.prompt_pack', "Unknown prompt pack 'smaple'. Available: sample. Did you mean 'sample'?"],
      ['a/config.json', 'prompt_pack', "Unknown prompt pack 'other'. Available: sample."],
    ]);
  });

  it('requires datasource, llm and a non-empty sinks list', () => {
    const { errors } = problemsFor({ default: { sinks: [] } });
    expect(errors.map((e) => [e.path, e.message])).toEqual([
      ['default.sinks', "'sinks' must be a non-empty list"],
      ['default.datasource', "'datasource' is required: a {plugin, options} mapping"],
      ['default.llm', "'llm' is required: a {plugin, options} mapping"],
    ]);
  });

  it('checks experiment files: bad JSON, missing prompts, ranges', () => {
    const { dir, settingsFile } = writeSuite({ default: { ...baseProfile } }, { good: exp({ is_baseline: true, temperature: 3 }) }, { 'broken/config.json': '{ "name": ' });
    try {
      const { problems } = loadRunConfig({ settingsFile, suiteRoot: dir, registry: testRegistry });
      expect(problems.errors.map((p) => [path.relative(dir, p.file), p.path, p.message.split(':')[0]])).toEqual([
        ['broken/config.json', '', 'Invalid JSON'],
        ['good/config.json', 'temperature', 'Too big'],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an experiment without prompts from any source', () => {
    const { errors } = problemsFor({ default: baseProfile }, { a: exp({ is_baseline: true }) }, { suite: true });
    expect(errors.map((e) => [e.file, e.path])).toEqual([
      ['a/config.json', 'prompt_system'],
      ['a/config.json', 'prompt_template'],
    ]);
    expect(errors[0]!.message).toBe("Experiment 'a' has no system prompt defined (set prompt_system, system_prompt.md, a prompt pack or profile prompts)");
  });

  it('reads prompts from system_prompt.md and user_prompt.md when config.json has none', () => {
    const { dir, settingsFile } = writeSuite({ default: baseProfile }, { a: exp({ is_baseline: true }) }, { 'a/system_prompt.md': 'From file.\n', 'a/user_prompt.md': 'Row {{ x }}' });
    try {
      const { run } = loadRunConfig({ settingsFile, suiteRoot: dir, registry: testRegistry });
      expect(run?.experiments[0]?.prompts).toEqual({ system: 'From file.\n', user: 'Row {{ x }}' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports invalid YAML with its line', () => {
    const { dir, settingsFile } = writeSuite({});
    fs.writeFileSync(settingsFile, 'default:\n  llm: [unclosed\n');
    try {
      const { problems } = loadRunConfig({ settingsFile, registry: testRegistry });
      expect(problems.errors).toHaveLength(1);
      expect(problems.errors[0]!.path).toMatch(/^line \d+, column \d+$/);
      expect(problems.errors[0]!.message).toMatch(/^Invalid YAML/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('legacy keys (docs/original-behaviour.md §10) are migrated with one warning each', () => {
  it('migrates promptPack, promptPacks, middlewares, runner.* and plugins', () => {
    const { run, errors, warnings } = problemsFor({
      default: {
        ...baseProfile,
        promptPacks: { p: { prompts: { system: 's', user: 'u' } } },
        promptPack: 'p',
        middlewares: [{ name: 'audit_logger' }],
        runner: { retry: { max_attempts: 2 }, earlyStop: { metric: 'score', threshold: 1 } },
        plugins: [{ name: 'score_extractor' }, { name: 'score_stats' }, { name: 'score_delta' }],
      },
    });
    expect(errors).toEqual([]);
    expect(warnings.map((w) => [w.path, w.message])).toEqual([
      ['default.promptPack', "legacy key 'promptPack' migrated to 'prompt_pack'"],
      ['default.promptPacks', "legacy key 'promptPacks' migrated to 'prompt_packs'"],
      ['default.middlewares', "legacy key 'middlewares' migrated to 'llm_middlewares'"],
      ['default.runner.retry', "legacy key 'runner.retry' migrated to 'retry'"],
      ['default.runner.earlyStop', "legacy key 'runner.earlyStop' migrated to 'early_stop'"],
      ['default.plugins', "legacy key 'plugins' migrated to row_plugins, aggregator_plugins, baseline_plugins"],
    ]);
    const experiment = run!.experiments[0]!;
    expect([experiment.prompts.system, experiment.retry, experiment.llmMiddlewares.map((d) => d.name)]).toEqual(['s', { max_attempts: 2 }, ['audit_logger']]);
    expect([experiment.rowPlugins, experiment.aggregatorPlugins, experiment.baselinePlugins].map((l) => l.map((d) => d.name))).toEqual([['score_extractor'], ['score_stats'], ['score_delta']]);
  });
});

describe('the user prompt', () => {
  it('is not required when every criterion has its own template (it would never be sent)', () => {
    const criteria = [{ name: 'a', template: 'A {{ x }}' }, { name: 'b', template: 'B {{ x }}' }];
    const { errors, run } = problemsFor({ default: { ...baseProfile, prompts: { system: 's' }, criteria } });
    expect(errors).toEqual([]);
    expect(run!.experiments[0]!.prompts.user).toBe('');
  });

  it('is required when a criterion falls back to it, or without criteria', () => {
    const fallback = problemsFor({ default: { ...baseProfile, prompts: { system: 's' }, criteria: [{ name: 'a', template: 'A' }, 'b'] } });
    expect(fallback.errors.map((e) => [e.path, e.message])).toEqual([
      ['prompt_template', "Experiment 'default' has no user prompt defined (set prompt_template, user_prompt.md, a prompt pack or profile prompts, or give every criterion its own template)"],
    ]);
    expect(problemsFor({ default: { ...baseProfile, prompts: { system: 's' } } }).errors.map((e) => e.path)).toEqual(['prompt_template']);
  });
});

describe('templates are compiled during validation', () => {
  it('reports a template syntax error at its key path', () => {
    const { errors } = problemsFor({ default: { ...baseProfile, prompts: { system: 'ok', user: 'Hello {% if x %}' } } });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('prompt_template');
    expect(errors[0]!.message).toContain("Prompt template 'default:user' is invalid");
  });
});

describe('an unknown key does not hide the other problems', () => {
  it('reports the unknown key and still checks plugins and packs', () => {
    const { errors } = problemsFor({ default: { ...baseProfile, prompts: { system: 's', user: 'u' }, colour: 'red', row_plugins: [{ name: 'nope' }] } });
    expect(errors.map((e) => e.path)).toEqual(['default.colour', 'default.row_plugins[0].name']);
  });
});

describe('an experiment llm inherits the profile llm', () => {
  const profileLlm = { plugin: 'azure_openai', options: { config: { azure_endpoint_env: 'AOAI_ENDPOINT', api_version: '2024-10-21', api_key_env: 'AOAI_KEY' }, deployment: 'gpt-4o-mini', timeout: 20 } };
  const load = (experimentLlm: Record<string, unknown>) => {
    const { dir, settingsFile } = writeSuite({ default: { ...baseProfile, llm: profileLlm, prompts: { system: 's', user: 'u' } } }, { base: exp({ is_baseline: true }), bigger: exp({ llm: experimentLlm }) });
    try {
      const { run, problems } = loadRunConfig({ settingsFile, registry: createBuiltinRegistry(), suiteRoot: dir });
      return { run, errors: problems.errors.map((p) => ({ ...p, file: path.relative(dir, p.file) })) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  it('keeps the inherited options and overrides those it sets, nested ones key by key', () => {
    const { run, errors } = load({ plugin: 'azure_openai', options: { deployment: 'gpt-4o', config: { temperature: 0.2 } } });
    expect(errors).toEqual([]);
    const [base, bigger] = run!.experiments;
    expect(base!.llm.options).toEqual(profileLlm.options);
    expect(bigger!.llm).toMatchObject({
      name: 'azure_openai',
      options: { config: { azure_endpoint_env: 'AOAI_ENDPOINT', api_version: '2024-10-21', api_key_env: 'AOAI_KEY', temperature: 0.2 }, deployment: 'gpt-4o', timeout: 20 },
    });
  });

  it('stands alone when it names another plugin, and its merged options are checked at its own location', () => {
    const other = load({ plugin: 'mock', options: { seed: 3 } });
    expect([other.errors, other.run!.experiments[1]!.llm.options]).toEqual([[], { seed: 3 }]);
    const bad = load({ plugin: 'azure_openai', options: { timeout: -1 } });
    expect(bad.errors.map((e) => [e.file, e.path])).toEqual([['bigger/config.json', 'llm.options.timeout']]);
  });
});
