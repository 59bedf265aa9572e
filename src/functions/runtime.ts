import type { HttpRequest, HttpResponseInit, InvocationContext, Timer } from '@azure/functions';
import * as df from 'durable-functions';
import type { OrchestrationHandler } from 'durable-functions';
import { bindActivities } from '../orchestration/activities';
import type { ActivityName } from '../orchestration/activityNames';
import type { RunClient } from '../orchestration/triggers/durableClientPort';
import { createGetRunHandler } from '../orchestration/triggers/getRun';
import { createScheduledRunHandler } from '../orchestration/triggers/scheduledRun';
import { createStartRunHandler } from '../orchestration/triggers/startRun';
import { createSuiteOrchestrator } from '../orchestration/suiteOrchestrator';
import { createBuiltinRegistry } from '../plugins';
import type { AppSettings } from './appSettings';
import { createServicesFactory } from './services';

type HttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** Everything the registrations call, built once per worker on the first invocation. */
export interface FunctionsRuntime {
  startRun: HttpHandler;
  getRun: HttpHandler;
  scheduledSuite(timer: Timer, context: InvocationContext): Promise<unknown>;
  orchestrator: OrchestrationHandler;
  activities: Record<ActivityName, (input: unknown) => Promise<unknown>>;
}

const getClient = (context: InvocationContext) => df.getClient(context) as unknown as RunClient;

export function createFunctionsRuntime(settings: AppSettings): FunctionsRuntime {
  const registry = createBuiltinRegistry();
  const services = createServicesFactory(settings, registry);
  return {
    startRun: createStartRunHandler({ registry, suitesRoot: settings.suitesRoot, getClient, runIndex: async () => (await services()).runIndex }),
    getRun: createGetRunHandler(getClient),
    scheduledSuite: createScheduledRunHandler({
      registry,
      suitesRoot: settings.suitesRoot,
      getClient,
      ...(settings.scheduledSuite ? { suite: settings.scheduledSuite } : {}),
      ...(settings.scheduledProfile ? { profile: settings.scheduledProfile } : {}),
    }),
    orchestrator: createSuiteOrchestrator(registry),
    activities: bindActivities(services),
  };
}
