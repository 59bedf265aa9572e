import { isSecurityLevel, SECURITY_LEVELS } from '../artifacts/securityLevels';
import { errorMessage } from '../errors';
import { compileTemplate } from '../prompts';
import { unknownNameMessage } from '../plugins/didYouMean';
import type { PluginKind } from '../plugins/kinds';
import { canonicalJson, type PluginDef } from '../plugins/pluginDef';
import type { Registry } from '../plugins/registry';
import type { ConfigLayer } from './layer';
import { isRunFolderName, RUN_FOLDER_NAMES } from '../runLayout';
import { keyPath, type ProblemCollector } from './problems';
import type { ResolvedExperiment } from './resolved';
import { PLUGIN_LISTS } from './pluginLists';

const LAYER_SINGLES: [keyof ConfigLayer, PluginKind][] = [
  ['rateLimiter', 'rateLimiter'],
  ['costTracker', 'costTracker'],
  ['llm', 'llm'],
];

/** Checks one definition's name and options against the registry, at its own location. */
export function checkPluginDef(kind: PluginKind, def: PluginDef, registry: Registry, problems: ProblemCollector, fallbackFile: string): void {
  const file = def.origin?.file ?? fallbackFile;
  const at = def.origin?.path ?? '';
  for (const problem of registry.check(kind, def)) {
    const path = problem.path[0] === 'name' ? keyPath(at, kind === 'llm' || kind === 'datasource' || kind === 'sink' ? 'plugin' : 'name') : keyPath(at, ...problem.path);
    problems.error(file, path, problem.message);
  }
  if (def.securityLevel !== undefined && !isSecurityLevel(def.securityLevel)) {
    problems.error(file, keyPath(at, 'security_level'), `Unknown security level '${def.securityLevel}'. Available: ${SECURITY_LEVELS.join(', ')}`);
  }
}

/** Every plugin reference a layer makes, plus its pack reference and security level. */
export function validateLayer(layer: ConfigLayer, layerPath: string, packNames: string[], registry: Registry, problems: ProblemCollector): void {
  for (const [key, kind] of PLUGIN_LISTS) {
    for (const def of layer[key] ?? []) checkPluginDef(kind, def, registry, problems, layer.source);
  }
  for (const [key, kind] of LAYER_SINGLES) {
    const def = layer[key] as PluginDef | undefined;
    // A layer's llm may set only what it overrides (resolve.ts inheritLlm): its options are
    // checked once merged (validateResolvedLlms); here only its name.
    if (def && (kind !== 'llm' || !registry.has('llm', def.name))) checkPluginDef(kind, def, registry, problems, layer.source);
  }
  if (layer.promptPack !== undefined && !packNames.includes(layer.promptPack)) {
    problems.error(layer.source, keyPath(layerPath, 'prompt_pack'), unknownNameMessage('prompt pack', layer.promptPack, packNames));
  }
  if (layer.securityLevel !== undefined && !isSecurityLevel(layer.securityLevel)) {
    problems.error(layer.source, keyPath(layerPath, 'security_level'), `Unknown security level '${layer.securityLevel}'. Available: ${SECURITY_LEVELS.join(', ')}`);
  }
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Checks that only make sense once an experiment is fully merged. */
export function validateResolvedExperiment(experiment: ResolvedExperiment, problems: ProblemCollector): void {
  const file = experiment.configFile;
  if (!SAFE_NAME.test(experiment.name)) {
    problems.error(file, 'name', `Experiment name '${experiment.name}' must use letters, digits, '_', '-' or '.' (it names storage folders)`);
  } else if (isRunFolderName(experiment.name)) {
    problems.error(file, 'name', `Experiment name '${experiment.name}' is used by the run's own files (${RUN_FOLDER_NAMES.join(', ')}); choose another`);
  }
  if (experiment.prompts.system.trim() === '') {
    problems.error(file, 'prompt_system', `Experiment '${experiment.name}' has no system prompt defined (set prompt_system, system_prompt.md, a prompt pack or profile prompts)`);
  }
  // The user prompt is only sent for criteria without their own template (or without criteria).
  const userPromptSent = experiment.criteria.length === 0 || experiment.criteria.some((criterion) => criterion.template === undefined);
  if (experiment.prompts.user.trim() === '' && userPromptSent) {
    problems.error(file, 'prompt_template', `Experiment '${experiment.name}' has no user prompt defined (set prompt_template, user_prompt.md, a prompt pack or profile prompts, or give every criterion its own template)`);
  }
  if (experiment.sinks.length === 0) problems.error(file, 'sinks', `Experiment '${experiment.name}' has no sinks`);
  checkTemplate(experiment.prompts.system, `${experiment.name}:system`, file, 'prompt_system', problems);
  checkTemplate(experiment.prompts.user, `${experiment.name}:user`, file, 'prompt_template', problems);
  experiment.criteria.forEach((criterion, index) => {
    if (criterion.template !== undefined) checkTemplate(criterion.template, `${experiment.name}:criterion:${criterion.name}`, file, keyPath('criteria', index, 'template'), problems);
  });
  const seen = new Set<string>();
  experiment.criteria.forEach((criterion, index) => {
    if (criterion.name.trim() === '') problems.error(file, keyPath('criteria', index), 'criterion needs a name or a template');
    if (seen.has(criterion.name)) problems.error(file, keyPath('criteria', index, 'name'), `duplicate criterion '${criterion.name}'`);
    // Scores, flags and every analytics output are objects keyed by criterion name.
    if (criterion.name === '__proto__') problems.error(file, keyPath('criteria', index, 'name'), "criterion name '__proto__' is reserved (scores and reports are keyed by criterion name); choose another");
    seen.add(criterion.name);
  });
}

/** A template that cannot compile fails validation, not the first row of a run. */
function checkTemplate(text: string, name: string, file: string, path: string, problems: ProblemCollector): void {
  if (text.trim() === '') return;
  try {
    compileTemplate(text, { name });
  } catch (error) {
    problems.error(file, path, errorMessage(error));
  }
}

/** Each distinct merged model definition of the experiments, checked once at the experiment's own location. */
export function validateResolvedLlms(experiments: readonly ResolvedExperiment[], profileLlm: PluginDef | undefined, registry: Registry, problems: ProblemCollector): void {
  const seen = new Set<string>();
  for (const experiment of experiments) {
    const def = experiment.llm;
    if (def === profileLlm) continue;
    const key = canonicalJson({ name: def.name, options: def.options, origin: def.origin });
    if (seen.has(key)) continue;
    seen.add(key);
    checkPluginDef('llm', def, registry, problems, experiment.configFile);
  }
}
