import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { installWorkerStandIn, type RecordedFunction } from './functionsWorkerStandIn';

/**
 * `node dist/tools/loadPackage.js <unpacked package folder>`: loads the package's entry
 * module(s) (package.json `main`) the way the Functions worker does, under the registration
 * stand-in, then loads the rest of the app's functions folder (what the handlers load on
 * their first call) and resolves every bare `require` found in any loaded file of the
 * package, plus every declared dependency. Prints one JSON report on stdout; the package
 * test and `npm run bench:package` read it.
 */
export interface LoadReport {
  programmingModel?: { name?: string; version?: string };
  functions: RecordedFunction[];
  /** CPU (user + system) and wall time of requiring the entry module(s). */
  importCpuMs: number;
  importWallMs: number;
  entryFiles: string[];
  /** `specifier from file` pairs (bare requires in the app's own files, and declared dependencies) that do not load. */
  unresolved: string[];
  /** What durable-functions' own `df.app.*` / `df.input.durableClient()` register, for comparison. */
  durableReference: { orchestration: RecordedFunction; activity: RecordedFunction; durableClient: unknown };
  /** Modules that were loaded from outside the package folder. */
  outside: string[];
  loadedFiles: number;
}

const BUILTIN = new Set(builtinModules);
const REQUIRE_CALL = /\brequire\(\s*(['"])([^'"]+)\1\s*\)/g;

export function loadPackage(folder: string): LoadReport {
  const root = fs.realpathSync(folder);
  const standIn = installWorkerStandIn();
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; dependencies?: Record<string, string> };
  const entryFiles = expandMain(root, manifest.main);
  const startCpu = process.cpuUsage();
  const startWall = process.hrtime.bigint();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the package is the point
  for (const file of entryFiles) require(file);
  const cpu = process.cpuUsage(startCpu);
  const importWallMs = Number(process.hrtime.bigint() - startWall) / 1e6;
  // What the handlers load on first use: the rest of the functions folder and all it imports.
  const functionsFolder = path.dirname(entryFiles[0] ?? path.join(root, 'dist/src/functions/app.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as the worker would, on first invocation
  for (const name of fs.readdirSync(functionsFolder).filter((n) => n.endsWith('.js'))) require(path.join(functionsFolder, name));
  const appFiles = Object.keys(require.cache).filter((file) => file.startsWith(path.join(root, 'dist', 'src') + path.sep));
  const unresolved = [...unloadableRequires(appFiles), ...unloadableDependencies(root, manifest.dependencies ?? {})];
  const functions = [...standIn.functions];
  const durableReference = registerDurableReference(root, standIn.functions);
  const loaded = Object.keys(require.cache).filter((file) => path.isAbsolute(file));
  const inside = loaded.filter((file) => file.startsWith(`${root}${path.sep}`));
  const ownFiles = new Set([__filename, require.resolve('./functionsWorkerStandIn')]);
  return {
    ...(standIn.programmingModel ? { programmingModel: standIn.programmingModel } : {}),
    functions,
    durableReference,
    importCpuMs: (cpu.user + cpu.system) / 1000,
    importWallMs,
    entryFiles: entryFiles.map((file) => path.relative(root, file).split(path.sep).join('/')),
    unresolved,
    outside: loaded.filter((file) => !file.startsWith(`${root}${path.sep}`) && !ownFiles.has(file)),
    loadedFiles: inside.length,
  };
}

/** `main` as the worker reads it: a file or a glob with `*` in its last segment. */
function expandMain(root: string, main: string): string[] {
  const directory = path.join(root, path.dirname(main));
  const pattern = path.basename(main);
  if (!pattern.includes('*')) return [path.join(root, main)];
  const matcher = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return fs.readdirSync(directory).filter((name) => matcher.test(name)).sort().map((name) => path.join(directory, name));
}

/** Registers one orchestration and one activity through the package's own durable-functions. */
function registerDurableReference(root: string, recorded: readonly RecordedFunction[]): LoadReport['durableReference'] {
  const df = createRequire(path.join(root, 'package.json'))('durable-functions') as {
    app: { orchestration(name: string, handler: () => Generator): unknown; activity(name: string, options: { handler: () => Promise<void> }): unknown };
    input: { durableClient(): unknown };
  };
  const before = recorded.length;
  df.app.orchestration('referenceOrchestration', function* () {
    yield* [];
  });
  df.app.activity('referenceActivity', { handler: async () => undefined });
  const [orchestration, activity] = recorded.slice(before);
  if (!orchestration || !activity) throw new Error('durable-functions registered nothing through the stand-in');
  return { orchestration, activity, durableClient: df.input.durableClient() };
}

/** Bare requires in the app's own files (lazy ones included) must load from the package. */
function unloadableRequires(files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    const text = fs.readFileSync(file, 'utf8');
    const resolveFrom = createRequire(file);
    for (const match of text.matchAll(REQUIRE_CALL)) {
      const specifier = match[2]!;
      if (specifier.startsWith('.') || specifier.startsWith('node:') || BUILTIN.has(specifier) || BUILTIN.has(specifier.split('/')[0]!)) continue;
      if (specifier === '@azure/functions-core') continue;
      if (!loads(resolveFrom, specifier)) problems.push(`${specifier} from ${path.basename(file)}`);
    }
  }
  return [...new Set(problems)];
}

function unloadableDependencies(root: string, dependencies: Record<string, string>): string[] {
  const resolveFrom = createRequire(path.join(root, 'package.json'));
  return Object.keys(dependencies).filter((name) => !loads(resolveFrom, name)).map((name) => `${name} (package.json dependency)`);
}

function loads(requireFrom: NodeJS.Require, specifier: string): boolean {
  try {
    requireFrom(specifier);
    return true;
  } catch {
    return false;
  }
}

if (require.main === module) {
  const folder = process.argv[2];
  if (!folder) {
    process.stderr.write('usage: node dist/tools/loadPackage.js <unpacked package folder>\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(`${JSON.stringify(loadPackage(folder))}\n`);
  }
}
