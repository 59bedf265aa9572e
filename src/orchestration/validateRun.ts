import { checkEnvNames, type Env } from '../core/config/envNames';
import { configInvalid, type ConfigProblem, type ProblemCollector } from '../core/config/problems';
import type { ResolvedRun } from '../core/config/resolved';
import { checkTemplateFields } from '../core/config/templateFields';
import { canonicalJson, type PluginDef } from '../core/plugins/pluginDef';
import type { Dataset, PluginDeps } from '../core/plugins/kinds';
import type { Registry } from '../core/plugins/registry';
import { errorMessage, isAppError, type AppError } from '../core/errors';
import { noopTelemetry, type Logger } from '../core/ports';
import { connectionProblems } from '../plugins/llm/connections';
import { checkCloudPolicy, type CloudPolicy } from './cloudPolicy';
import { loadRequestConfig } from './resolveRequest';
import { checkSuiteCode, suiteCodeAllowed } from './suiteCode';
import type { RunRequest } from './runRequest';
import { systemClock } from './services';

export interface ValidateOptions {
  registry: Registry;
  /**
   * The environment the run will see (app settings, or the CLI's). A function receives the
   * resolved run, for callers that add variables depending on it (the CLI's embedded mock).
   */
  env: Env | ((run: ResolvedRun) => Env);
  /** The columns of a dataset already snapshotted (a resumed run's plan): it is not read again. */
  knownColumns?: readonly string[];
  /** The Functions app's triggers: models only through named connections (cloudPolicy.ts). */
  cloud?: CloudPolicy;
}

export interface ValidatedRun {
  run?: ResolvedRun;
  problems: ProblemCollector;
  /** The dataset as read while checking it; the plan activity uses it instead of reading again. */
  dataset?: Dataset;
  /** A check that failed for a reason a retry may fix (storage briefly unreachable). */
  transient?: AppError;
}

/**
 * Everything that can be known before the first model call, checked the same way by
 * `elspeth validate`, `elspeth run`, `POST /api/runs`, the timer and the plan activity:
 * the configuration (files, names, plugins, options, sink paths), `*_env` variables, the
 * model clients' settings, suite code (refused unless allowed, else loaded), the whole dataset, and template fields against its columns.
 * Every problem is collected with its file and key path; nothing is written.
 */
export async function validateRequest(request: RunRequest, options: ValidateOptions): Promise<ValidatedRun> {
  const { run, problems } = loadRequestConfig(request, options.registry);
  if (!run) return { problems };
  const env = typeof options.env === 'function' ? options.env(run) : options.env;
  const deps = validationDeps(run, env, options.registry, problems);
  checkEnvNames(run, env, problems);
  if (options.cloud) checkCloudPolicy(run, options.cloud, options.registry, env, problems);
  // Named model connections anywhere in the run (judges and guards too), against the settings.
  for (const problem of connectionProblems(run, env)) problems.error(run.settingsFile, problem.path, problem.message);
  checkSuiteCode(run, options.registry, suiteCodeAllowed(request.trigger, env), (kind, def) => options.registry.create(kind, def, deps), problems);
  createModelClients(run, options.registry, deps, problems);
  const loaded = options.knownColumns ? undefined : await loadDataset(run, options.registry, deps, problems);
  const columns = options.knownColumns ?? loaded?.dataset?.columns;
  if (columns) checkTemplateFields(run, columns, problems);
  if (problems.errors.length > 0) return { problems, ...(loaded?.transient ? { transient: loaded.transient } : {}) };
  return { run, problems, ...(loaded?.dataset ? { dataset: loaded.dataset } : {}) };
}

/** The validated run and its dataset, or CONFIG_INVALID listing every problem. */
export async function validateRequestOrThrow(request: RunRequest, options: ValidateOptions): Promise<{ run: ResolvedRun; dataset: Dataset; warnings: ConfigProblem[] }> {
  const { run, dataset, problems, transient } = await validateRequest(request, options);
  if (transient) throw transient;
  if (!run || !dataset) throw configInvalid(problems.errors);
  return { run, dataset, warnings: problems.warnings };
}

/**
 * Builds each distinct model client once, as an activity would: that resolves endpoints,
 * API versions, deployments and keys (literal or `*_env`) without calling anything.
 */
function createModelClients(run: ResolvedRun, registry: Registry, deps: PluginDeps, problems: ProblemCollector): void {
  const seen = new Set<string>();
  for (const experiment of run.experiments) {
    const def = experiment.llm;
    const key = canonicalJson({ name: def.name, options: def.options });
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      registry.create('llm', def, deps);
    } catch (error) {
      report(problems, def, run, error);
    }
  }
}

async function loadDataset(run: ResolvedRun, registry: Registry, deps: PluginDeps, problems: ProblemCollector): Promise<{ dataset?: Dataset; transient?: AppError }> {
  try {
    return { dataset: await registry.create('datasource', run.datasource, deps).load() };
  } catch (error) {
    report(problems, run.datasource, run, error);
    return isAppError(error) && error.retryable ? { transient: error } : {};
  }
}

function report(problems: ProblemCollector, def: PluginDef, run: ResolvedRun, error: unknown): void {
  if (!isAppError(error) && !(error instanceof Error)) throw error;
  const message = errorMessage(error);
  // A connection problem is already reported where the connection is named.
  if (problems.errors.some((problem) => problem.message === message)) return;
  problems.error(def.origin?.file ?? run.settingsFile, def.origin?.path ?? '', message);
}

/** Plugin deps for checking: no storage, no network; warnings become problems at the file. */
function validationDeps(run: ResolvedRun, env: Env, registry: Registry, problems: ProblemCollector): PluginDeps {
  const warn = (message: string) => problems.warning(run.settingsFile, '', message);
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn, error: warn };
  const deps: PluginDeps = {
    logger,
    telemetry: noopTelemetry,
    clock: systemClock,
    env,
    fetch: () => Promise.reject(new Error('validation makes no network calls')),
    baseDir: run.baseDir,
    inputs: run.inputs,
    createLlm: (def) => registry.create('llm', def, deps),
  };
  return deps;
}
