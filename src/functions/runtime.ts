import type { InvocationContext, Timer } from '@azure/functions';
import * as df from 'durable-functions';
import type { OrchestrationHandler } from 'durable-functions';
import { bindActivities } from '../orchestration/activities';
import type { ActivityName } from '../orchestration/activityNames';
import type { RunClient } from '../orchestration/triggers/durableClientPort';
import { createScheduledRunHandler } from '../orchestration/triggers/scheduledRun';
import { createHttpHandlers, defaultSuiteCacheRoot } from '../orchestration/triggers/httpHandlers';
import { SUITE_REF } from '../orchestration/triggers/suiteBundle';
import { materializeSuite } from '../orchestration/triggers/suiteStore';
import type { HttpHandler, HttpRouteName } from '../orchestration/triggers/httpRoutes';
import { createSuiteOrchestrator } from '../orchestration/suiteOrchestrator';
import type { Registry } from '../core/plugins/registry';
import { createBuiltinRegistry } from '../plugins';
import type { AppSettings } from './appSettings';
import { createServicesFactory } from './services';
import { CLOUD_POLICY } from './settingsCatalogue';


/** Everything the registrations call, built once per worker on the first invocation. */
export interface FunctionsRuntime {
  http: Record<HttpRouteName, HttpHandler>;
  scheduledSuite(timer: Timer, context: InvocationContext): Promise<unknown>;
  orchestrator: OrchestrationHandler;
  activities: Record<ActivityName, (input: unknown) => Promise<unknown>>;
}

/** The timer starts each configured suite in turn; one broken suite does not stop the others. */
function scheduledSuites(settings: AppSettings, registry: Registry, storage: ReturnType<typeof createServicesFactory>): FunctionsRuntime['scheduledSuite'] {
  const entries = settings.scheduledSuites.length > 0 ? settings.scheduledSuites : [undefined];
  const handlers = entries.map((entry) =>
    createScheduledRunHandler({
      registry,
      suitesRoot: settings.suitesRoot,
      env: settings.env,
      getClient,
      cloud: CLOUD_POLICY,
      runIndex: async () => (await storage()).runIndex,
      locateSubmitted: async (ref, name) => materializeSuite((await storage()).blobs, SUITE_REF.exec(ref)![1]!, defaultSuiteCacheRoot(), name),
      ...(entry ? { suite: entry.suite } : {}), ...(entry?.profile ? { profile: entry.profile } : {}) }),
  );
  return async (timer, context) => {
    const started: string[] = [];
    for (const handler of handlers) {
      try {
        const runId = await handler(timer, context);
        if (runId) started.push(runId);
      } catch (error) {
        context.error('[timer] a scheduled suite could not be started', { error: String(error) });
      }
    }
    return started;
  };
}

const getClient = (context: InvocationContext) => df.getClient(context) as unknown as RunClient;

export function createFunctionsRuntime(settings: AppSettings): FunctionsRuntime {
  const registry = createBuiltinRegistry();
  const services = createServicesFactory(settings, registry);
  return {
    http: createHttpHandlers({ registry, suitesRoot: settings.suitesRoot, env: settings.env, getClient, storage: services, maxSuiteBytes: settings.maxSuiteBytes, cloud: CLOUD_POLICY }),
    scheduledSuite: scheduledSuites(settings, registry, services),
    orchestrator: createSuiteOrchestrator(registry),
    activities: bindActivities(services),
  };
}
