import { noopLogger, noopTelemetry } from '../ports';
import type { Registry } from '../plugins/registry';
import { keyPath, type ProblemCollector } from './problems';
import type { ResolvedExperiment, ResolvedRun } from './resolved';

/** `max_tokens` of the experiment, else of its model options: what bounds a completion. */
export function maxTokensOf(experiment: ResolvedExperiment): number | undefined {
  if (experiment.maxTokens !== undefined) return experiment.maxTokens;
  const options = experiment.llm.options;
  const fromOptions = options.max_tokens ?? (options.config as Record<string, unknown> | undefined)?.max_tokens;
  return typeof fromOptions === 'number' ? fromOptions : undefined;
}

/**
 * A budget is kept by reserving each call's worst case before it goes (docs/budget.md). That
 * needs a cost tracker that prices calls and a completion bound (`max_tokens`) for every
 * experiment; without them the budget could not be kept, so the run does not start.
 */
export function validateBudget(run: ResolvedRun, registry: Registry, problems: ProblemCollector, budgetAt: { file: string; path: string }): void {
  if (!run.budget) return;
  for (const experiment of run.experiments) {
    const tracker = experiment.costTracker;
    if (!tracker || !pricesCalls(registry, tracker)) {
      problems.error(
        tracker?.origin?.file ?? experiment.configFile,
        tracker?.origin?.path ?? 'cost_tracker',
        `Experiment '${experiment.name}' has a budget (${budgetAt.file}: ${budgetAt.path}) but ${tracker ? `its cost tracker '${tracker.name}' prices nothing` : 'no cost tracker'}: set cost_tracker to fixed_price with the model's prices`,
      );
    }
    if (maxTokensOf(experiment) === undefined) {
      problems.error(
        experiment.configFile,
        'max_tokens',
        `Experiment '${experiment.name}' has a budget (${budgetAt.file}: ${budgetAt.path}) but no max_tokens: without it a call's cost has no upper bound, so the budget could not be kept`,
      );
    }
  }
}

function pricesCalls(registry: Registry, def: NonNullable<ResolvedExperiment['costTracker']>): boolean {
  try {
    const deps = { logger: noopLogger, telemetry: noopTelemetry, clock: { now: () => 0, sleep: async () => undefined }, env: {}, fetch, baseDir: '.', createLlm: () => { throw new Error('not here'); } };
    return typeof registry.create('costTracker', def, deps).worstCase === 'function';
  } catch {
    return false;
  }
}

export const budgetLocation = (profile: string, inSuiteDefaults: boolean) => ({ path: keyPath(profile, ...(inSuiteDefaults ? ['suite_defaults', 'budget'] : ['budget'])) });
