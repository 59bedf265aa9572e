import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ignore from 'ignore';
import { packageApp, type PackageResult } from '../../tools/packageApp';
import type { LoadReport } from '../../tools/loadPackage';
import { readZipEntries, unzipTo } from '../../tools/zipReader';

/**
 * The deployable package (issue 8 docs/original-behaviour.md §1): `npm run package` output is unpacked in a folder
 * outside the repository and its entry module is loaded by a plain Node process under a
 * stand-in for the Functions worker's registration API (tools/functionsWorkerStandIn.ts).
 * The package is built from dist/, so dist/ must be current (npm ci / npm run build).
 */
const ROOT = path.resolve(__dirname, '../..');
const REQUIRED_SETTINGS = { ELSPETH_TASK_HUB: 'ElspethTest', ELSPETH_SCHEDULE: '0 0 2 * * *', AzureWebJobsStorage__accountName: 'elspethtest' };

let work: string;
let result: PackageResult;
let entries: string[];
let unpacked: string;

function newestMtime(folder: string, suffix: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(suffix)) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

beforeAll(async () => {
  const built = path.join(ROOT, 'dist', 'src');
  if (!fs.existsSync(built) || newestMtime(path.join(ROOT, 'src'), '.ts') > newestMtime(built, '.js')) {
    throw new Error('dist/ is missing or older than src/: run `npm run build` before this test');
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-package-'));
  result = await packageApp(ROOT, path.join(work, 'artifacts'), { folder: false });
  entries = await readZipEntries(result.zipFile);
  unpacked = path.join(work, 'unpacked');
  await unzipTo(result.zipFile, unpacked);
}, 240_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm run package', () => {
  it('holds the built app, host.json, package.json and production dependencies, nothing else at the top', () => {
    expect([...new Set(entries.map((entry) => entry.split('/')[0]))].sort()).toEqual(['dist', 'host.json', 'node_modules', 'package.json']);
    expect(entries).toEqual(expect.arrayContaining(['dist/src/functions/app.js', 'host.json', 'package.json']));
    expect(fs.readFileSync(path.join(unpacked, 'host.json'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'host.json'), 'utf8'));
  });

  it.each(['src/', 'tests/', 'tools/', 'bench/', '.elspeth/', 'out/', 'samples/', 'dist/bench/', 'dist/tools/', 'artifacts/'])('leaves out %s', (prefix) => {
    expect(entries.filter((entry) => entry.startsWith(prefix))).toEqual([]);
  });

  it.each(['.env', 'local.settings.json', 'local.settings.sample.json', 'package-lock.json'])('leaves out %s', (file) => {
    expect(entries).not.toContain(file);
  });

  it.each(['typescript', 'jest', 'azurite', 'eslint', 'ts-jest', 'yazl', 'applicationinsights'])('carries no %s (a dev dependency, or no dependency at all)', (name) => {
    expect(entries.filter((entry) => entry.startsWith(`node_modules/${name}/`))).toEqual([]);
  });

  it("keeps packages' own src/ and lib/ folders (durable-functions' entry point lives in lib/src/)", () => {
    expect(entries).toEqual(expect.arrayContaining(['node_modules/durable-functions/lib/src/index.js', 'node_modules/@azure/functions/dist/azure-functions.js']));
  });

  it('carries no source maps, type declarations or TypeScript sources', () => {
    expect(entries.filter((entry) => /\.(map|d\.[cm]?ts|[cm]?ts)$/.test(entry))).toEqual([]);
  });

  it('has a production package.json: the single entry module, engines for Node 20 and 22, no scripts or dev dependencies', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as Record<string, unknown>;
    const source = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest).toEqual({
      name: 'elspeth-azure',
      version: expect.any(String),
      description: expect.any(String),
      license: 'MIT',
      private: true,
      main: 'dist/src/functions/app.js',
      engines: { node: '>=20.19' },
      dependencies: source.dependencies,
    });
  });

  it('is at most 40 MB zipped', () => {
    expect(result.zipBytes).toBeLessThanOrEqual(40 * 1024 * 1024);
  });
});

describe('the unpacked package under the Functions worker stand-in', () => {
  let report: LoadReport;
  beforeAll(() => {
    const loader = path.join(ROOT, 'dist', 'tools', 'loadPackage.js');
    const child = spawnSync(process.execPath, [loader, unpacked], { cwd: unpacked, env: { PATH: process.env.PATH ?? '', ...REQUIRED_SETTINGS }, encoding: 'utf8', timeout: 120_000 });
    if (child.status !== 0) throw new Error(`loading the package failed (${child.status}): ${child.stderr}`);
    report = JSON.parse(child.stdout) as LoadReport;
  }, 150_000);

  const triggerOf = (name: string) => {
    const fn = report.functions.find((f) => f.name === name);
    if (!fn) throw new Error(`${name} was not registered`);
    return Object.values(fn.bindings).find((binding) => /trigger$/i.test(binding.type));
  };
  const inputsOf = (name: string) => Object.values(report.functions.find((f) => f.name === name)!.bindings).filter((b) => b.direction === 'in' && !/trigger$/i.test(b.type));
  const withoutName = ({ name: _name, ...rest }: { name?: unknown; [key: string]: unknown }) => rest;

  it('loads through the real @azure/functions programming model and registers every function with a callback', () => {
    expect(report.entryFiles).toEqual(['dist/src/functions/app.js']);
    expect(report.programmingModel).toEqual({ name: '@azure/functions', version: expect.any(String) });
    expect(report.functions.map((f) => [f.name, f.hasCallback])).toEqual(
      ['startRun', 'listRuns', 'getRun', 'blessRun', 'putSuite', 'scheduledSuite', 'suiteOrchestrator', 'planRun', 'evaluateBatch', 'aggregateExperiment', 'compareExperiment', 'writeReports', 'finishRun'].map((name) => [name, true]),
    );
  });

  it.each([
    ['startRun', { type: 'httpTrigger', route: 'runs', methods: ['POST'], authLevel: 'function' }],
    ['listRuns', { type: 'httpTrigger', route: 'runs', methods: ['GET'], authLevel: 'function' }],
    ['getRun', { type: 'httpTrigger', route: 'runs/{id}', methods: ['GET'], authLevel: 'function' }],
    ['blessRun', { type: 'httpTrigger', route: 'runs/{id}/bless', methods: ['POST'], authLevel: 'function' }],
    ['putSuite', { type: 'httpTrigger', route: 'suites/{digest}', methods: ['PUT'], authLevel: 'function' }],
    ['scheduledSuite', { type: 'timerTrigger', schedule: '%ELSPETH_SCHEDULE%' }],
  ])('%s has its trigger and a durable client input', (name, trigger) => {
    expect(triggerOf(name)).toMatchObject({ ...trigger, direction: 'in' });
    expect(inputsOf(name).map(withoutName)).toEqual([withoutName(report.durableReference.durableClient as { name: string })].map((b) => ({ ...b, direction: 'in', properties: expect.any(Object) })));
  });

  it("registers the orchestrator and activities with exactly the bindings durable-functions' own df.app.* would", () => {
    expect(withoutName(triggerOf('suiteOrchestrator')!)).toEqual(withoutName(Object.values(report.durableReference.orchestration.bindings)[0]!));
    for (const activity of ['planRun', 'evaluateBatch', 'aggregateExperiment', 'compareExperiment', 'writeReports', 'finishRun']) {
      expect(withoutName(triggerOf(activity)!)).toEqual(withoutName(Object.values(report.durableReference.activity.bindings)[0]!));
    }
  });

  it('resolves every runtime dependency from inside the package, lazy ones included', () => {
    expect(report.unresolved).toEqual([]);
    expect(report.outside).toEqual([]);
    expect(report.loadedFiles).toBeGreaterThan(500);
  });

  it('names a missing required setting instead of starting', () => {
    const loader = path.join(ROOT, 'dist', 'tools', 'loadPackage.js');
    const { ELSPETH_SCHEDULE: _dropped, ...env } = REQUIRED_SETTINGS;
    const child = spawnSync(process.execPath, [loader, unpacked], { cwd: unpacked, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 120_000 });
    expect(child.status).not.toBe(0);
    expect(child.stderr).toContain('Missing required app setting: ELSPETH_SCHEDULE (the NCRONTAB schedule of the scheduledSuite timer)');
  });
});

describe('.funcignore (deploys straight from the project folder)', () => {
  const rules = ignore().add(fs.readFileSync(path.join(ROOT, '.funcignore'), 'utf8'));
  it.each([
    'node_modules/durable-functions/lib/src/index.js',
    'node_modules/@azure/functions/src/app.ts',
    'node_modules/some-package/tests/fixture.js',
    'node_modules/some-package/docs/index.js',
    'dist/src/functions/app.js',
    'host.json',
    'package.json',
  ])('keeps %s', (file) => {
    expect(rules.ignores(file)).toBe(false);
  });

  it.each(['src/functions/app.ts', 'tests/packaging/package.test.ts', 'local.settings.json', '.env', 'out/run/x.csv', '.elspeth/azurite/x', 'infra/main.bicep', 'dist/bench/bench.js', 'dist/src/functions/app.js.map'])(
    'leaves out %s',
    (file) => {
      expect(rules.ignores(file)).toBe(true);
    },
  );
});

describe('npm install --omit=dev', () => {
  it('the prepare script skips the build when TypeScript is not installed, instead of failing', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-prepare-'));
    try {
      fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'p', scripts: { build: 'exit 7' } }));
      const child = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'prepare.js')], { cwd: project, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      expect({ status: child.status, stdout: child.stdout }).toEqual({ status: 0, stdout: 'prepare: TypeScript is not installed (production install); skipping the build\n' });
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('package.json runs that script as prepare, and engines allow Node 20 (local) and 22 (Azure)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; engines: { node: string } };
    expect(manifest.scripts.prepare).toBe('node bin/prepare.js');
    expect(manifest.engines.node).toBe('>=20.19');
    expect(manifest.scripts.package).toBe('npm run build --silent && node dist/tools/packageApp.js');
  });
});
