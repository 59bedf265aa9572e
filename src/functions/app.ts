import { app } from '@azure/functions';
import { ACTIVITY, ORCHESTRATOR_NAME } from '../orchestration/activityNames';
import { HTTP_ROUTES } from '../orchestration/triggers/httpRoutes';
import { parseAppSettings } from './appSettings';
import { durableClientInput, registerActivity, registerOrchestration } from './durableRegistration';
import type { FunctionsRuntime } from './runtime';
import { checkRequiredAppSettings } from './settingsCatalogue';

/**
 * Thin registrations only (docs/architecture.md, "The orchestration"): fixed routes, a fixed orchestrator, the activity
 * table. Settings are checked here, at start-up; everything else (durable-functions,
 * plugins, SDKs, handlers) is loaded on the first invocation, so a cold worker indexes the
 * functions quickly (`npm run bench:package` measures it). Handlers live in orchestration/.
 */
checkRequiredAppSettings(process.env);
const settings = parseAppSettings(process.env);

let runtime: FunctionsRuntime | undefined;
function loaded(): FunctionsRuntime {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  runtime ??= (require('./runtime') as typeof import('./runtime')).createFunctionsRuntime(settings);
  return runtime;
}

// The HTTP API (httpRoutes.ts), the same table `elspeth serve` routes with.
for (const spec of HTTP_ROUTES) {
  app.http(spec.name, {
    route: spec.route,
    methods: [...spec.methods],
    authLevel: 'function',
    extraInputs: [durableClientInput()],
    handler: (request, context) => loaded().http[spec.name](request, context),
  });
}

app.timer('scheduledSuite', {
  // Binding expression: the schedule comes from the ELSPETH_SCHEDULE app setting.
  schedule: '%ELSPETH_SCHEDULE%',
  extraInputs: [durableClientInput()],
  handler: (timer, context) => loaded().scheduledSuite(timer, context),
});

registerOrchestration(ORCHESTRATOR_NAME, () => loaded().orchestrator);

for (const name of Object.values(ACTIVITY)) {
  registerActivity(name, (input) => loaded().activities[name](input));
}
