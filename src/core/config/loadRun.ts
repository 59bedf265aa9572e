import path from 'node:path';
import { unknownNameMessage } from '../plugins/didYouMean';
import type { Registry } from '../plugins/registry';
import { inputPolicyFor, outsideProblem, type InputPolicy } from './inputPolicy';
import type { PluginFamilyOf } from './legacy';
import { loadSettings, type SettingsProfile } from './loadSettings';
import { loadSuite, pickBaseline } from './loadSuite';
import { ProblemCollector } from './problems';
import { finishExperiment, resolveExperimentLayer, resolveProfileLayer, resolveSuiteDefaults } from './resolve';
import type { ResolvedExperiment, ResolvedRun } from './resolved';
import { onlyExperiments, withDryRunSinks, withoutMetrics } from './runToggles';
import { validateLayer, validateResolvedExperiment, validateResolvedLlms, checkPluginDef } from './validate';
import { budgetLocation, validateBudget } from './validateBudget';

export interface LoadRunOptions {
  settingsFile: string;
  profile?: string;
  /** Overrides the profile's `suite_root`. */
  suiteRoot?: string;
  singleRun?: boolean;
  registry: Registry;
  disableMetrics?: boolean;
  liveOutputs?: boolean;
  experiments?: string[];
  /** The CLI's `--input-root`: inputs may come from anywhere inside it (see inputPolicy.ts). */
  inputRoot?: string;
  /** `--no-cache`: ignore the profile's `cache`. */
  noCache?: boolean;
}

export interface LoadRunResult {
  run?: ResolvedRun;
  problems: ProblemCollector;
}

/**
 * Settings + profile + (suite) -> a fully resolved, validated run. Every problem found is
 * collected (with file and key path) rather than stopping at the first.
 */
export function loadRunConfig(options: LoadRunOptions): LoadRunResult {
  const problems = new ProblemCollector();
  const familyOf = familyLookup(options.registry);
  const settingsFile = path.resolve(options.settingsFile);
  const { profile } = loadSettings({ file: settingsFile, profile: options.profile, familyOf, problems });
  if (!profile) return { problems };
  validateProfile(profile, options.registry, problems);
  const explicitRoot = options.singleRun || !options.suiteRoot ? undefined : path.resolve(options.suiteRoot);
  const inputs = inputPolicyFor({ settingsFile, ...(explicitRoot ? { suiteRoot: explicitRoot } : {}), ...(options.inputRoot ? { inputRoot: options.inputRoot } : {}) });
  const suiteRoot = options.singleRun ? undefined : (explicitRoot ?? profile.suiteRoot);
  if (suiteRoot && !explicitRoot) checkProfileSuiteRoot(suiteRoot, profile, inputs, problems);
  const experiments = suiteRoot ? resolveSuiteExperiments(profile, suiteRoot, { familyOf, registry: options.registry, inputs }, problems) : [resolveSingleRun(profile)];
  if (!experiments || problems.errors.length > 0 || !profile.datasource) return { problems };
  experiments.forEach((experiment) => validateResolvedExperiment(experiment, problems));
  validateResolvedLlms(experiments, profile.llm, options.registry, problems);
  if (problems.errors.length > 0) return { problems };
  let run = buildRun(profile, experiments, suiteRoot, settingsFile, inputs);
  validateBudget(run, options.registry, problems, { file: settingsFile, ...budgetLocation(profile.name, Boolean(suiteRoot && profile.suiteDefaults?.budget)) });
  if (profile.cache?.enabled && !options.noCache) run.cache = { ttlSeconds: profile.cache.ttl };
  if (options.experiments && options.experiments.length > 0) run = selectExperiments(run, options.experiments, problems);
  if (options.disableMetrics) run = withoutMetrics(run);
  run = withDryRunSinks(run, options.liveOutputs ?? false);
  return problems.errors.length > 0 ? { problems } : { run, problems };
}

function familyLookup(registry: Registry): PluginFamilyOf {
  return (name) => (['row', 'aggregator', 'baseline'] as const).find((kind) => registry.has(kind, name));
}

function validateProfile(profile: SettingsProfile, registry: Registry, problems: ProblemCollector): void {
  const packNames = Object.keys(profile.packs);
  validateLayer(profile.own, profile.name, packNames, registry, problems);
  if (profile.datasource) checkPluginDef('datasource', profile.datasource, registry, problems, profile.file);
  if (profile.llm) checkPluginDef('llm', profile.llm, registry, problems, profile.file);
  for (const [name, pack] of Object.entries(profile.packs)) validateLayer(pack, `${profile.name}.prompt_packs.${name}`, packNames, registry, problems);
  if (profile.suiteDefaults) validateLayer(profile.suiteDefaults, `${profile.name}.suite_defaults`, packNames, registry, problems);
}

function resolveSingleRun(profile: SettingsProfile): ResolvedExperiment {
  const layer = resolveProfileLayer(profile);
  const experiment = finishExperiment(layer, undefined, profile.llm ?? { name: 'mock', options: {} }, 'default');
  return { ...experiment, isBaseline: true, configFile: profile.file };
}

/** A suite_root written in the settings is an input path like any other. */
function checkProfileSuiteRoot(suiteRoot: string, profile: SettingsProfile, inputs: InputPolicy, problems: ProblemCollector): void {
  const problem = outsideProblem(suiteRoot, inputs);
  if (problem) problems.error(profile.file, `${profile.name}.suite_root`, `suite_root '${suiteRoot}' ${problem}`);
}

function resolveSuiteExperiments(
  profile: SettingsProfile,
  suiteRoot: string,
  context: { familyOf: PluginFamilyOf; registry: Registry; inputs: InputPolicy },
  problems: ProblemCollector,
): ResolvedExperiment[] | undefined {
  const { familyOf, registry } = context;
  const suite = loadSuite(suiteRoot, { familyOf, inputs: context.inputs }, problems);
  const packNames = Object.keys(profile.packs);
  for (const experiment of [...suite.experiments, ...suite.disabled]) validateLayer(experiment.layer, '', packNames, registry, problems);
  const baseline = pickBaseline(suite.experiments);
  if (!baseline) return undefined;
  const defaults = resolveSuiteDefaults(profile);
  const ordered = [baseline, ...suite.experiments.filter((e) => e !== baseline)];
  return ordered.map((experiment) => {
    const layer = resolveExperimentLayer(defaults, profile.packs, experiment);
    const resolved = finishExperiment(layer, experiment, profile.llm ?? { name: 'mock', options: {} }, experiment.meta.name);
    return { ...resolved, isBaseline: experiment === baseline };
  });
}

function buildRun(profile: SettingsProfile, experiments: ResolvedExperiment[], suiteRoot: string | undefined, settingsFile: string, inputs: InputPolicy): ResolvedRun {
  const orchestration = resolveProfileLayer(profile).orchestration ?? profile.suiteDefaults?.orchestration ?? {};
  const run: ResolvedRun = {
    mode: suiteRoot ? 'suite' : 'single',
    suite: suiteRoot ? path.basename(suiteRoot) : profile.name,
    profile: profile.name,
    settingsFile,
    baseDir: path.dirname(settingsFile),
    inputs,
    datasource: profile.datasource!,
    experiments,
    baseline: experiments[0]!.name,
    orchestration: {
      ...(orchestration.batch_size !== undefined ? { batchSize: orchestration.batch_size } : {}),
      ...(orchestration.max_batches_in_flight !== undefined ? { maxBatchesInFlight: orchestration.max_batches_in_flight } : {}),
    },
  };
  if (suiteRoot) run.suiteRoot = suiteRoot;
  const budget = (suiteRoot ? profile.suiteDefaults?.budget : undefined) ?? profile.own.budget;
  if (budget) run.budget = { maxCost: budget.max_cost, currency: budget.currency, order: budget.order };
  return run;
}

function selectExperiments(run: ResolvedRun, names: string[], problems: ProblemCollector): ResolvedRun {
  const known = run.experiments.map((e) => e.name);
  for (const name of names) {
    if (!known.includes(name)) problems.error(run.suiteRoot ?? run.settingsFile, 'experiments', unknownNameMessage('experiment', name, known));
  }
  return onlyExperiments(run, names);
}
