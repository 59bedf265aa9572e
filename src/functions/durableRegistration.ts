import { app, input, trigger, type FunctionInput, type InvocationContext } from '@azure/functions';
import type { OrchestrationHandler } from 'durable-functions';

/**
 * Durable Functions registrations without loading `durable-functions` at start-up (it is
 * most of the entry module's import time). The bindings are the library's own
 * (`df.trigger.orchestration()` / `activity()`, `df.input.durableClient()` are
 * `trigger.generic`/`input.generic` of these types; tests/packaging compares them with what
 * `df.app.*` registers), and the first invocation wraps the handler with the library's own
 * wrappers, exactly as `df.app.orchestration` and `df.app.activity` do (durable-functions is
 * pinned; see docs/decisions/0001-template-engine.md).
 */
type Listener = (triggerInput: unknown, context: InvocationContext) => Promise<unknown>;

interface DurableInternals {
  createOrchestrator(handler: OrchestrationHandler): Listener;
}

interface DurableApp {
  wrapActivityHandler?(handler: (input: unknown, context: InvocationContext) => Promise<unknown>): Listener;
}

export function durableClientInput(): FunctionInput {
  return input.generic({ type: 'durableClient' });
}

export function registerOrchestration(name: string, load: () => OrchestrationHandler): void {
  let listener: Listener | undefined;
  app.generic(name, {
    trigger: trigger.generic({ type: 'orchestrationTrigger' }),
    handler: (triggerInput, context) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      listener ??= (require('durable-functions/lib/src/util/testingUtils') as DurableInternals).createOrchestrator(load());
      return listener(triggerInput, context);
    },
  });
}

export function registerActivity(name: string, handler: (input: unknown, context: InvocationContext) => Promise<unknown>): void {
  let listener: Listener | undefined;
  app.generic(name, {
    trigger: trigger.generic({ type: 'activityTrigger' }),
    handler: (triggerInput, context) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const durableApp = (require('durable-functions') as { app: DurableApp }).app;
      listener ??= durableApp.wrapActivityHandler ? durableApp.wrapActivityHandler(handler) : handler;
      return listener(triggerInput, context);
    },
  });
}
