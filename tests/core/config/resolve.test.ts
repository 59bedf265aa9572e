import fs from 'node:fs';
import { loadRunConfig } from '../../../src/core/config/loadRun';
import type { ResolvedExperiment } from '../../../src/core/config/resolved';
import { baseProfile, writeSuite } from './configFixture';
import { testRegistry } from './testRegistry';

const packs = {
  alpha: {
    prompts: { system: 'alpha system', user: 'alpha user' },
    criteria: ['alpha_crit'],
    row_plugins: [{ name: 'score_extractor', options: { key: 'alpha' } }],
    aggregator_plugins: [{ name: 'score_stats' }],
    llm_middlewares: [{ name: 'audit_logger' }],
    prompt_defaults: { tone: 'alpha', pack_only: 1 },
  },
  beta: {
    prompts: { system: 'beta system', user: 'beta user' },
    criteria: ['beta_crit'],
    row_plugins: [{ name: 'noop' }],
    prompt_defaults: { tone: 'beta' },
    rate_limiter: { plugin: 'fixed_window', options: { requests: 2 } },
  },
};

function resolve(profile: Record<string, unknown>, experiments: Record<string, Record<string, unknown>>): Record<string, ResolvedExperiment> {
  const { dir, settingsFile } = writeSuite({ default: { ...baseProfile, prompt_packs: packs, ...profile } }, experiments);
  try {
    const { run, problems } = loadRunConfig({ settingsFile, suiteRoot: dir, registry: testRegistry });
    if (!run) throw new Error(problems.errors.map((p) => `${p.path}: ${p.message}`).join('\n'));
    return Object.fromEntries(run.experiments.map((e) => [e.name, e]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const exp = (extra: Record<string, unknown> = {}) => ({ temperature: 0, max_tokens: 10, enabled: true, ...extra });
const names = (defs: { name: string }[]) => defs.map((d) => d.name);

describe('merge precedence (docs/original-behaviour.md §1.3 with the docs/original-behaviour.md §12.2 fixes)', () => {
  it.each([
    ['profile prompts when nothing else', {}, {}, 'profile system'],
    ['suite_defaults pack beats profile prompts', { suite_defaults: { prompt_pack: 'alpha' } }, {}, 'alpha system'],
    ['suite_defaults explicit prompt beats its pack', { suite_defaults: { prompt_pack: 'alpha', prompt_system: 'sd system' } }, {}, 'sd system'],
    ['experiment pack beats profile defaults (fix 14)', {}, { prompt_pack: 'beta' }, 'beta system'],
    ['experiment pack beats suite_defaults pack (fix 14)', { suite_defaults: { prompt_pack: 'alpha' } }, { prompt_pack: 'beta' }, 'beta system'],
    ['experiment prompt beats everything', { suite_defaults: { prompt_pack: 'alpha' } }, { prompt_pack: 'beta', prompt_system: 'exp system' }, 'exp system'],
  ])('system prompt: %s', (_name, profile, experiment, expected) => {
    const resolved = resolve({ prompts: { system: 'profile system', user: 'profile user' }, ...profile }, { a: exp({ is_baseline: true, ...experiment }) });
    expect(resolved.a!.prompts.system).toBe(expected);
  });

  it.each([
    ['pack criteria when the experiment has none', { suite_defaults: { prompt_pack: 'alpha' } }, {}, ['alpha_crit']],
    ['experiment pack criteria beat the defaults', { suite_defaults: { prompt_pack: 'alpha' } }, { prompt_pack: 'beta' }, ['beta_crit']],
    ['experiment criteria beat both', { suite_defaults: { prompt_pack: 'alpha' } }, { criteria: [{ name: 'own' }] }, ['own']],
  ])('criteria: %s', (_name, profile, experiment, expected) => {
    const resolved = resolve({ prompts: { system: 's', user: 'u' }, ...profile }, { a: exp({ is_baseline: true, ...experiment }) });
    expect(resolved.a!.criteria.map((c) => c.name)).toEqual(expected);
  });

  it('concatenates row plugins pack + defaults + experiment and drops duplicates (fix 5)', () => {
    const resolved = resolve(
      { prompts: { system: 's', user: 'u' }, suite_defaults: { prompt_pack: 'alpha' } },
      { a: exp({ is_baseline: true, prompt_pack: 'alpha', row_plugins: [{ name: 'noop' }] }) },
    );
    expect(resolved.a!.rowPlugins.map((d) => [d.name, d.options])).toEqual([
      ['score_extractor', { key: 'alpha' }],
      ['noop', {}],
    ]);
    expect(names(resolved.a!.llmMiddlewares)).toEqual(['audit_logger']);
  });

  it('merges prompt_defaults and concurrency D < P < E', () => {
    const resolved = resolve(
      { prompts: { system: 's', user: 'u' }, suite_defaults: { prompt_defaults: { tone: 'sd', sd_only: true }, concurrency: { enabled: true, max_workers: 4 } } },
      { a: exp({ is_baseline: true, prompt_pack: 'beta', prompt_defaults: { exp_only: 'x' }, concurrency: { max_workers: 2 } }) },
    );
    expect(resolved.a!.promptDefaults).toEqual({ tone: 'beta', sd_only: true, exp_only: 'x' });
    expect(resolved.a!.concurrency).toEqual({ enabled: true, max_workers: 2 });
  });

  it('takes the rate limiter from the experiment, then its pack, then the defaults', () => {
    const resolved = resolve(
      { prompts: { system: 's', user: 'u' }, rate_limiter: { plugin: 'fixed_window', options: { requests: 9 } } },
      {
        a: exp({ is_baseline: true }),
        b: exp({ prompt_pack: 'beta' }),
        c: exp({ prompt_pack: 'beta', rate_limiter: { plugin: 'fixed_window', options: { requests: 1 } } }),
      },
    );
    expect([resolved.a, resolved.b, resolved.c].map((e) => e!.rateLimiter?.options)).toEqual([{ requests: 9 }, { requests: 2 }, { requests: 1 }]);
  });

  it('honours retry in suite mode with defaults < pack < experiment (fix 2)', () => {
    const resolved = resolve(
      { prompts: { system: 's', user: 'u' }, retry: { max_attempts: 3, initial_delay: 1 } },
      { a: exp({ is_baseline: true }), b: exp({ retry: { max_attempts: 5 } }) },
    );
    expect(resolved.a!.retry).toEqual({ max_attempts: 3, initial_delay: 1 });
    expect(resolved.b!.retry).toEqual({ max_attempts: 5, initial_delay: 1 });
  });

  it('sends per-experiment temperature and max_tokens (fix 16) and picks the most restrictive level', () => {
    const resolved = resolve(
      { prompts: { system: 's', user: 'u' }, security_level: 'official' },
      { a: exp({ is_baseline: true, temperature: 0.3, max_tokens: 77, security_level: 'secret' }) },
    );
    expect([resolved.a!.temperature, resolved.a!.maxTokens, resolved.a!.securityLevel]).toEqual([0.3, 77, 'secret']);
  });

  it('falls back to the profile sinks when the defaults hold an empty list, and lets experiments override', () => {
    const resolved = resolve(
      { prompts: { system: 's', user: 'u' }, suite_defaults: { sinks: [] } },
      { a: exp({ is_baseline: true }), b: exp({ sinks: [{ plugin: 'analytics_report', options: { base_path: 'r' } }] }) },
    );
    expect(names(resolved.a!.sinks)).toEqual(['csv']);
    expect(names(resolved.b!.sinks)).toEqual(['analytics_report']);
  });

  it('turns an early_stop object into one threshold plugin and concatenates plugin lists', () => {
    const resolved = resolve({ prompts: { system: 's', user: 'u' }, early_stop: { metric: 'score', threshold: 0.5 } }, {
      a: exp({ is_baseline: true }),
      b: exp({ early_stop_plugins: [{ name: 'threshold', metric: 'x', threshold: 1 }] }),
    });
    expect(resolved.a!.earlyStopPlugins.map((d) => [d.name, d.options])).toEqual([['threshold', { metric: 'score', threshold: 0.5 }]]);
    expect(resolved.b!.earlyStopPlugins.map((d) => [d.name, d.options])).toEqual([['threshold', { metric: 'x', threshold: 1 }]]);
  });

  it('orders the baseline first: the first flagged one, else the first folder', () => {
    const flagged = resolve({ prompts: { system: 's', user: 'u' } }, { a: exp(), b: exp({ is_baseline: true }), c: exp({ is_baseline: true }) });
    expect(Object.keys(flagged)).toEqual(['b', 'a', 'c']);
    expect(flagged.b!.isBaseline).toBe(true);
    const unflagged = resolve({ prompts: { system: 's', user: 'u' } }, { x: exp(), y: exp() });
    expect(Object.values(unflagged).map((e) => [e.name, e.isBaseline])).toEqual([['x', true], ['y', false]]);
  });

  it('drops disabled experiments but still validates them', () => {
    const resolved = resolve({ prompts: { system: 's', user: 'u' } }, { a: exp({ is_baseline: true }), off: exp({ enabled: false }) });
    expect(Object.keys(resolved)).toEqual(['a']);
  });
});
