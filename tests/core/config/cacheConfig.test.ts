import fs from 'node:fs';
import path from 'node:path';
import { loadRunConfig } from '../../../src/core/config/loadRun';
import { parseRunFlags } from '../../../src/cli/commands/runFlags';
import { baseProfile, writeSuite } from './configFixture';
import { testRegistry } from './testRegistry';

function load(profile: Record<string, unknown>, options: { noCache?: boolean } = {}) {
  const { dir, settingsFile } = writeSuite({ default: { ...baseProfile, prompts: { system: 's', user: 'u' }, ...profile } });
  try {
    const { run, problems } = loadRunConfig({ settingsFile, registry: testRegistry, ...options });
    return { cache: run?.cache, errors: problems.errors.map((problem) => ({ ...problem, file: path.relative(dir, problem.file) })) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('profile key `cache`', () => {
  it.each([
    ['absent: off', {}, undefined],
    ['enabled with the default ttl of 7 days', { cache: { enabled: true } }, { ttlSeconds: 604_800 }],
    ['a ttl alone enables it', { cache: { ttl: 3600 } }, { ttlSeconds: 3600 }],
    ['enabled: false', { cache: { enabled: false, ttl: 3600 } }, undefined],
  ])('%s', (_label, profile, expected) => {
    expect(load(profile)).toEqual({ cache: expected, errors: [] });
  });

  it('--no-cache (noCache) turns off a cache the profile enables', () => {
    expect(load({ cache: { enabled: true } }, { noCache: true })).toEqual({ cache: undefined, errors: [] });
    expect(parseRunFlags(['--no-cache'], '/tmp').request.noCache).toBe(true);
    expect(parseRunFlags([], '/tmp').request.noCache).toBeUndefined();
  });

  it.each([
    [{ cache: { enabled: 'yes' } }, 'default.cache.enabled'],
    [{ cache: { ttl: 0 } }, 'default.cache.ttl'],
    [{ cache: { ttl: -5 } }, 'default.cache.ttl'],
    [{ cache: { enable: true } }, 'default.cache.enable'],
    [{ cache: true }, 'default.cache'],
    [{ cache: { ttl: 'forever' } }, 'default.cache.ttl'],
    [JSON.parse('{"cache": {"__proto__": {"enabled": true}, "ttl": 60}}') as Record<string, unknown>, 'default.cache.__proto__'],
  ])('rejects %j at %s', (profile, at) => {
    const { cache, errors } = load(profile);
    expect(cache).toBeUndefined();
    expect(errors.map((error) => error.path)).toContain(at);
    expect(errors.every((error) => error.file === 'settings.yaml')).toBe(true);
  });
});
