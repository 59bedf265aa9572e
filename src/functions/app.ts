import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { ACTIVITY_HANDLERS, bindActivities } from '../orchestration/activities';
import { ORCHESTRATOR_NAME } from '../orchestration/activityNames';
import { createSuiteOrchestrator } from '../orchestration/suiteOrchestrator';
import type { RunClient } from '../orchestration/triggers/durableClientPort';
import { createGetRunHandler } from '../orchestration/triggers/getRun';
import { createScheduledRunHandler } from '../orchestration/triggers/scheduledRun';
import { createStartRunHandler } from '../orchestration/triggers/startRun';
import { createBuiltinRegistry } from '../plugins';
import { parseAppSettings } from './appSettings';
import { createServicesFactory } from './services';

/**
 * Thin registrations only (DESIGN §4): fixed routes, a fixed orchestrator, the activity
 * table. Handlers live in orchestration/ and are tested there.
 */
const settings = parseAppSettings(process.env);
const registry = createBuiltinRegistry();
const services = createServicesFactory(settings, registry);
const getClient = (context: Parameters<typeof df.getClient>[0]) => df.getClient(context) as unknown as RunClient;

app.http('startRun', {
  route: 'runs',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: createStartRunHandler({ registry, suitesRoot: settings.suitesRoot, getClient, runIndex: async () => (await services()).runIndex }),
});

app.http('getRun', {
  route: 'runs/{id}',
  methods: ['GET'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: createGetRunHandler(getClient),
});

app.timer('scheduledSuite', {
  // Binding expression: the schedule comes from the ELSPETH_SCHEDULE app setting.
  schedule: '%ELSPETH_SCHEDULE%',
  extraInputs: [df.input.durableClient()],
  handler: createScheduledRunHandler({
    registry,
    suitesRoot: settings.suitesRoot,
    getClient,
    ...(settings.scheduledSuite ? { suite: settings.scheduledSuite } : {}),
    ...(settings.scheduledProfile ? { profile: settings.scheduledProfile } : {}),
  }),
});

df.app.orchestration(ORCHESTRATOR_NAME, createSuiteOrchestrator(registry));

const activities = bindActivities(services);
for (const name of Object.keys(ACTIVITY_HANDLERS) as (keyof typeof activities)[]) {
  df.app.activity(name, { handler: activities[name] });
}
