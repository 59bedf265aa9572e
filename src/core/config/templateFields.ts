import { didYouMean } from '../plugins/didYouMean';
import { compileTemplate } from '../prompts';
import type { ProblemCollector } from './problems';
import { keyPath } from './problems';
import type { ResolvedExperiment, ResolvedRun } from './resolved';

/**
 * Every variable a prompt template reads must be something the row context will hold: a
 * dataset column (or a `prompt_fields` entry), a `prompt_defaults` key, or for criterion
 * templates a criterion default or `criteria`. Otherwise every row would fail to render,
 * after the run had started; this finds it first: "unknown field 'subjet'; did you mean 'subject'?".
 */
export function checkTemplateFields(run: ResolvedRun, columns: readonly string[], problems: ProblemCollector): void {
  for (const experiment of run.experiments) checkExperiment(run, experiment, columns, problems);
}

function checkExperiment(run: ResolvedRun, experiment: ResolvedExperiment, columns: readonly string[], problems: ProblemCollector): void {
  const fields = experiment.promptFields ?? columns;
  const base = [...fields, ...Object.keys(experiment.promptDefaults)];
  const single = run.mode === 'single';
  const report = (template: string, where: string, available: string[]) => {
    for (const field of strictFieldsOf(template)) {
      if (available.includes(field)) continue;
      problems.error(experiment.configFile, where, unknownFieldMessage(experiment.name, field, fields, Object.keys(experiment.promptDefaults), experiment.promptFields !== undefined));
    }
  };
  report(experiment.prompts.system, single ? 'prompts.system' : 'prompt_system', base);
  report(experiment.prompts.user, single ? 'prompts.user' : 'prompt_template', base);
  experiment.criteria.forEach((criterion, index) => {
    if (criterion.template !== undefined) report(criterion.template, keyPath('criteria', index, 'template'), [...base, ...Object.keys(criterion.defaults), 'criteria']);
  });
  for (const field of experiment.promptFields ?? []) {
    if (!columns.includes(field)) problems.warning(experiment.configFile, 'prompt_fields', `prompt_fields names '${field}', which is not a dataset column: it renders as None`);
  }
}

function strictFieldsOf(template: string): string[] {
  if (template.trim() === '') return [];
  try {
    return compileTemplate(template).strictFields;
  } catch {
    // Syntax errors are reported by validateResolvedExperiment; nothing to add here.
    return [];
  }
}

function unknownFieldMessage(experiment: string, field: string, fields: readonly string[], defaults: readonly string[], fromPromptFields: boolean): string {
  const hint = didYouMean(field, [...fields, ...defaults]);
  const source = fromPromptFields ? 'prompt_fields' : 'dataset columns';
  const listed = `Available ${source}: ${fields.length > 0 ? fields.join(', ') : '<none>'}${defaults.length > 0 ? `; prompt_defaults: ${defaults.join(', ')}` : ''}`;
  return `unknown field '${field}';${hint ? ` did you mean '${hint}'?` : ''} ${listed} (experiment '${experiment}').`;
}
