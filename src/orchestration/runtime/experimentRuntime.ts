import { createHash } from 'node:crypto';
import { mostRestrictive } from '../../core/artifacts/securityLevels';
import type { ResolvedExperiment } from '../../core/config/resolved';
import { maxTokensOf } from '../../core/config/validateBudget';
import type { CompiledCriterion, RowEvaluator } from '../../core/engine/evaluateRow';
import { promptTokenBound, type BudgetLedger } from '../../core/llm/budgetLedger';
import type { CallSlots } from '../../core/llm/callSlots';
import { createLlmCaller, type LlmCaller, type ResponseCache } from '../../core/llm/pipeline';
import { createSharedCacheLayer, type SharedCacheLayer } from '../../core/llm/sharedCache';
import { retryPolicyFrom } from '../../core/llm/retryPolicy';
import type { LlmClient, LlmRequest } from '../../core/llm/types';
import type {
  Aggregator,
  BaselineComparer,
  CostTracker,
  EarlyStopCheck,
  LlmMiddleware,
  PluginDeps,
  RateLimiter,
  ResponseValidator,
  RowPlugin,
} from '../../core/plugins/kinds';
import { canonicalJson, type PluginDef } from '../../core/plugins/pluginDef';
import { compileTemplate } from '../../core/prompts';
import { pluginDepsFor, type RunServices } from '../services';
import { experimentOf, loadPlanWithSecrets, type StoredPlan } from './storedPlan';
import { notifyRetryExhausted } from './hooks';
import { cacheMiddlewaresOf, createBlobCacheStore } from './sharedCacheStore';
import { deploymentConcurrency } from './deploymentConcurrency';
import { experimentCap } from '../schedule/layout';

/**
 * Everything needed to evaluate one experiment's batches, built once per process per
 * (run, experiment): compiled prompts, the model client, middleware and limiter
 * instances. Stateless-per-batch parts (cost tracker, early-stop checks) are made fresh.
 */
export interface ExperimentRuntime {
  plan: StoredPlan;
  experiment: ResolvedExperiment;
  securityLevel: string;
  deps: PluginDeps;
  client: LlmClient;
  middlewares: LlmMiddleware[];
  rateLimiter?: RateLimiter;
  validators: ResponseValidator[];
  rowPlugins: RowPlugin[];
  evaluatorFor(call: LlmCaller): RowEvaluator;
  callerFor(options: CallerOptions): LlmCaller;
  /** The shared response cache for one batch, when the run enables it. */
  openSharedCache(): SharedCacheLayer | undefined;
  createCostTracker(): CostTracker | undefined;
  createChecks(): EarlyStopCheck[];
  createAggregators(): Aggregator[];
  createComparers(): BaselineComparer[];
}

/** What one batch's calls share: its cost tracker, checkpoint, call slots, budget share and response cache. */
export interface CallerOptions {
  costTracker: CostTracker | undefined;
  cache?: ResponseCache;
  slots?: CallSlots;
  ledger?: BudgetLedger;
  sharedCache?: SharedCacheLayer;
}

const runtimes = new Map<string, Promise<ExperimentRuntime>>();
/** Middleware and limiters are shared by identical definitions within a run (docs/original-behaviour.md §1.3: cached suite-wide). */
const sharedInstances = new Map<string, unknown>();

export function getExperimentRuntime(services: RunServices, runId: string, experiment: string): Promise<ExperimentRuntime> {
  const key = `${services.blobs.urlOf('')}|${runId}|${experiment}`;
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = loadPlanWithSecrets(services.blobs, runId, services.registry).then((plan) => buildRuntime(services, plan, experiment));
    runtime.catch(() => runtimes.delete(key));
    runtimes.set(key, runtime);
    trimCache(runtimes, 64);
  }
  return runtime;
}

/** A middleware/limiter instance per distinct definition per run, so hooks fire once per instance. */
export function sharedInstance<T>(runId: string, kind: string, def: PluginDef, make: () => T): T {
  const key = `${runId}|${kind}|${canonicalJson({ name: def.name, options: def.options, origin: kind === 'rateLimiter' ? def.origin : undefined })}`;
  if (!sharedInstances.has(key)) {
    sharedInstances.set(key, make());
    trimCache(sharedInstances, 512);
  }
  return sharedInstances.get(key) as T;
}

function buildRuntime(services: RunServices, plan: StoredPlan, name: string): ExperimentRuntime {
  const experiment = experimentOf(plan, name);
  const runId = plan.request.runId;
  const context = { name, prompts: experiment.prompts, ...(experiment.promptFields ? { promptFields: experiment.promptFields } : {}) };
  const deps = pluginDepsFor(services, plan.run, context);
  const routes = new Map<string, LlmClient>();
  deps.routeModel = (def) => routeModel(routes, deps, def);
  const { registry } = services;
  const create = <K extends Parameters<typeof registry.create>[0]>(kind: K, def: PluginDef) => registry.create(kind, def, deps);
  const middlewares = experiment.llmMiddlewares.map((def) => sharedInstance(runId, 'middleware', def, () => create('middleware', def)));
  const rateLimiter = experiment.rateLimiter ? sharedInstance(runId, 'rateLimiter', experiment.rateLimiter, () => create('rateLimiter', experiment.rateLimiter!)) : undefined;
  const securityLevel = mostRestrictive(experiment.securityLevel, plan.securityLevel);
  const rowPlugins = experiment.rowPlugins.map((def) => create('row', def));
  const evaluatorBase = compileEvaluator(experiment, runId, securityLevel, rowPlugins, services);
  // The run's baseline (a selection with --experiments may differ from the suite's flag).
  evaluatorBase.isBaseline = name === plan.run.baseline;
  const runtime: ExperimentRuntime = {
    plan,
    experiment,
    securityLevel,
    deps,
    client: create('llm', experiment.llm),
    middlewares,
    validators: experiment.validationPlugins.map((def) => create('validation', def)),
    rowPlugins,
    evaluatorFor: (call) => ({ ...evaluatorBase, call }),
    callerFor: ({ costTracker, cache, slots, ledger, sharedCache }) =>
      createLlmCaller({
        ...(cache ? { cache } : {}),
        ...(slots ? { slots } : {}),
        ...(ledger ? { budget: { ledger, worstCase: worstCaseOf(costTracker, maxTokensOf(experiment)) } } : {}),
        ...(sharedCache ? { sharedCache } : {}),
        experiment: name,
        client: runtime.client,
        middlewares,
        rateLimiter,
        // No declared limiter: each deployment's adaptive concurrency finds its capacity (AIMD).
        ...(rateLimiter ? {} : { concurrencyFor: (client: LlmClient) => deploymentConcurrency(client.identity, callsInFlight(experiment, plan), services.clock) }),
        costTracker,
        validators: runtime.validators,
        policy: retryPolicyFrom(experiment.retry),
        clock: services.clock,
        random: services.random,
        onRetryExhausted: (request, meta, error) => notifyRetryExhausted(services.logger, middlewares, request, meta, error),
        routes,
      }),
    openSharedCache: () => {
      if (!plan.run.cache) return undefined;
      const store = createBlobCacheStore(services.blobs, { clock: services.clock, logger: services.logger, ttlInMs: plan.run.cache.ttlSeconds * 1000 });
      const savings = runtime.createCostTracker();
      return createSharedCacheLayer({ store, middlewares: cacheMiddlewaresOf(experiment.llmMiddlewares), ...(savings ? { savings } : {}) });
    },
    createCostTracker: () => (experiment.costTracker ? create('costTracker', experiment.costTracker) : undefined),
    createChecks: () => experiment.earlyStopPlugins.map((def) => create('earlyStop', def)),
    createAggregators: () => experiment.aggregatorPlugins.map((def) => create('aggregator', def)),
    createComparers: () => experiment.baselinePlugins.map((def) => create('baseline', def)),
  };
  if (rateLimiter) runtime.rateLimiter = rateLimiter;
  return runtime;
}

/** One client per distinct model definition a row plugin names; the route is a hash of it (no option values leak). */
function routeModel(routes: Map<string, LlmClient>, deps: PluginDeps, def: PluginDef): string {
  const route = `model:${createHash('sha256').update(canonicalJson({ name: def.name, options: def.options })).digest('hex').slice(0, 16)}`;
  if (!routes.has(route)) routes.set(route, deps.createLlm(def));
  return route;
}

function compileEvaluator(
  experiment: ResolvedExperiment,
  runId: string,
  securityLevel: string,
  rowPlugins: RowPlugin[],
  services: RunServices,
): Omit<RowEvaluator, 'call'> {
  const user = compileTemplate(experiment.prompts.user, { name: `${experiment.name}:user` });
  const criteria: CompiledCriterion[] = experiment.criteria.map((criterion) => ({
    name: criterion.name,
    template: criterion.template === undefined ? user : compileTemplate(criterion.template, { name: `${experiment.name}:criterion:${criterion.name}` }),
    defaults: criterion.defaults,
  }));
  const base: Omit<RowEvaluator, 'call'> = {
    experiment: experiment.name,
    system: compileTemplate(experiment.prompts.system, { name: `${experiment.name}:system` }),
    user,
    criteria,
    promptDefaults: experiment.promptDefaults,
    rowPlugins,
    securityLevel,
    runId,
    clock: services.clock,
  };
  if (experiment.promptFields) base.promptFields = experiment.promptFields;
  if (experiment.temperature !== undefined) base.temperature = experiment.temperature;
  if (experiment.maxTokens !== undefined) base.maxTokens = experiment.maxTokens;
  return base;
}

/**
 * The most one attempt can cost: every byte of the prompt a token, `max_tokens` of
 * completion, at the dearest price the tracker knows. `validate` refuses a budget when
 * either bound is missing, so the fallback (no completion bound) is never reached in a run.
 */
function worstCaseOf(tracker: CostTracker | undefined, maxTokens: number | undefined): (request: LlmRequest) => number {
  return (request) => {
    if (!tracker?.worstCase) return 0;
    const promptTokens = promptTokenBound([request.systemPrompt, request.userPrompt]);
    const completionTokens = request.maxTokens ?? maxTokens;
    if (completionTokens !== undefined) return tracker.worstCase({ promptTokens, completionTokens });
    // Unbounded completions cost nothing only where completions are free.
    const withoutCompletion = tracker.worstCase({ promptTokens, completionTokens: 0 });
    return tracker.worstCase({ promptTokens, completionTokens: 1 }) > withoutCompletion ? Number.POSITIVE_INFINITY : withoutCompletion;
  };
}

/**
 * The ceiling of the deployment's adaptive concurrency for this experiment's calls: its own
 * cap on calls in flight (`max_workers`, or 1 when concurrency is off).
 */
function callsInFlight(experiment: ResolvedExperiment, plan: StoredPlan): number {
  return experimentCap(experiment.concurrency, plan.rowCount);
}

function trimCache(cache: Map<string, unknown>, limit: number): void {
  while (cache.size > limit) cache.delete(cache.keys().next().value!);
}
