import fs from 'node:fs';
import path from 'node:path';
import { outsideProblem, type InputPolicy } from './inputPolicy';
import { toLayer, type ConfigLayer } from './layer';
import { migrateLegacyKeys, type PluginFamilyOf } from './legacy';
import { keysOf } from './loadSettings';
import { parseSectionReporting, type ProblemCollector } from './problems';
import { ExperimentFileSchema } from './rawSchemas';
import { readJsonFile, readOptionalText } from './readFiles';

export interface ExperimentMeta {
  name: string;
  folder: string;
  configFile: string;
  temperature: number;
  maxTokens: number;
  enabled: boolean;
  isBaseline: boolean;
  description?: string;
  hypothesis?: string;
  author: string;
  tags: string[];
}

export interface LoadedExperiment {
  meta: ExperimentMeta;
  layer: ConfigLayer;
}

export interface LoadedSuite {
  root: string;
  name: string;
  /** Enabled experiments in folder order; disabled ones are validated, then dropped (docs/original-behaviour.md §1.2). */
  experiments: LoadedExperiment[];
  disabled: LoadedExperiment[];
}

export interface LoadSuiteContext {
  familyOf: PluginFamilyOf;
  /** Experiment files (config.json, prompt files) must stay inside its folders. */
  inputs?: InputPolicy;
}

/** Loads every non-hidden sub-folder (sorted) that holds a `config.json`. */
export function loadSuite(root: string, context: LoadSuiteContext, problems: ProblemCollector): LoadedSuite {
  const suite: LoadedSuite = { root, name: path.basename(root), experiments: [], disabled: [] };
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    problems.error(root, '', 'Suite root not found');
    return suite;
  }
  const folders = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
    .filter((name) => fs.existsSync(path.join(root, name, 'config.json')));
  let unreadable = 0;
  for (const folder of folders) {
    const experiment = loadExperiment(path.join(root, folder), context, problems);
    if (experiment) (experiment.meta.enabled ? suite.experiments : suite.disabled).push(experiment);
    else unreadable++;
  }
  // When some experiments could not be read, their own problems say why; no need to add "none found".
  if (unreadable === 0 || suite.experiments.length > 0) checkSuite(suite, problems);
  return suite;
}

function loadExperiment(folder: string, context: LoadSuiteContext, problems: ProblemCollector): LoadedExperiment | undefined {
  const { familyOf } = context;
  const file = path.join(folder, 'config.json');
  if (!confined(file, context.inputs, problems)) return undefined;
  const raw = readJsonFile(file, problems);
  if (raw === undefined) return undefined;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.error(file, '', 'must be a JSON object');
    return undefined;
  }
  const migrated = migrateLegacyKeys(raw as Record<string, unknown>, { file, path: '', problems, familyOf });
  const data = parseSectionReporting(ExperimentFileSchema, migrated, { problems, file, path: '', knownKeysAt: keysOf(ExperimentFileSchema) });
  if (!data) return undefined;
  // Blank prompts in config.json fall back to the Markdown files beside it (docs/original-behaviour.md §1.2).
  const withPrompts = {
    ...data,
    prompt_system: nonBlank(data.prompt_system) ?? readPromptFile(path.join(folder, 'system_prompt.md'), context.inputs, problems),
    prompt_template: nonBlank(data.prompt_template) ?? readPromptFile(path.join(folder, 'user_prompt.md'), context.inputs, problems),
  };
  const meta: ExperimentMeta = {
    name: data.name ?? path.basename(folder),
    folder,
    configFile: file,
    temperature: data.temperature ?? 0.7,
    maxTokens: data.max_tokens ?? 512,
    enabled: data.enabled ?? true,
    isBaseline: data.is_baseline ?? false,
    author: data.author ?? 'unknown',
    tags: data.tags ?? [],
  };
  if (data.description !== undefined) meta.description = data.description;
  if (data.hypothesis !== undefined) meta.hypothesis = data.hypothesis;
  warnHighSettings(meta, problems);
  return { meta, layer: toLayer(withPrompts, { file, path: '', problems }) };
}

/** Experiment files are inputs too: a symbolic link out of the suite is refused, not followed. */
function confined(file: string, inputs: InputPolicy | undefined, problems: ProblemCollector): boolean {
  const problem = outsideProblem(file, inputs);
  if (problem) problems.error(file, '', `this file ${problem}`);
  return problem === undefined;
}

function readPromptFile(file: string, inputs: InputPolicy | undefined, problems: ProblemCollector): string | undefined {
  return confined(file, inputs, problems) ? readOptionalText(file, problems) : undefined;
}

function nonBlank(text: string | undefined): string | undefined {
  return text !== undefined && text.trim() !== '' ? text : undefined;
}

function warnHighSettings(meta: ExperimentMeta, problems: ProblemCollector): void {
  if (meta.temperature > 1.5) problems.warning(meta.configFile, 'temperature', `High temperature (${meta.temperature}) for experiment '${meta.name}'`);
  if (meta.maxTokens > 2000) problems.warning(meta.configFile, 'max_tokens', `High max_tokens (${meta.maxTokens}) for experiment '${meta.name}'`);
}

function checkSuite(suite: LoadedSuite, problems: ProblemCollector): void {
  if (suite.experiments.length === 0) {
    problems.error(suite.root, '', suite.disabled.length > 0 ? 'No enabled experiments found' : 'No experiments found');
    return;
  }
  // Names become storage folders, mirrored to disks that may ignore case: compared without it.
  const seen = new Map<string, string>();
  for (const { meta } of suite.experiments) {
    const earlier = seen.get(meta.name.toLowerCase());
    if (earlier === meta.name) problems.error(meta.configFile, 'name', `Duplicate experiment name '${meta.name}'`);
    else if (earlier !== undefined) problems.error(meta.configFile, 'name', `Experiment name '${meta.name}' differs from '${earlier}' only in case (their folders would collide)`);
    else seen.set(meta.name.toLowerCase(), meta.name);
  }
  if (!suite.experiments.some((e) => e.meta.isBaseline)) {
    problems.warning(suite.root, '', `No experiment has is_baseline: true; '${suite.experiments[0]!.meta.name}' (the first) is the baseline`);
  }
}

/** The first enabled experiment flagged as baseline, else the first enabled one (docs/original-behaviour.md §1.2). */
export function pickBaseline(experiments: readonly LoadedExperiment[]): LoadedExperiment | undefined {
  return experiments.find((e) => e.meta.isBaseline) ?? experiments[0];
}
