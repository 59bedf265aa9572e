import Module from 'node:module';

/**
 * A stand-in for the Azure Functions Node.js worker's registration API. Inside the host,
 * `@azure/functions` finds the worker through the virtual module `@azure/functions-core`
 * and calls `setProgrammingModel` once and `registerFunction(metadata, callback)` for each
 * function (outside the host it falls back to "test mode" and registers nothing). This
 * provides that module to a plain Node process, so the app's own, unmodified
 * `@azure/functions` and `durable-functions` register into it and the registrations can be
 * checked: names, bindings (trigger type, route, methods, auth, schedule, durable client).
 */
export interface RecordedBinding {
  type: string;
  direction: string;
  [key: string]: unknown;
}

export interface RecordedFunction {
  name: string;
  bindings: Record<string, RecordedBinding>;
  hasCallback: boolean;
}

export interface StandIn {
  functions: RecordedFunction[];
  programmingModel?: { name?: string; version?: string };
}

const CORE_MODULE = '@azure/functions-core';

interface ModuleInternals {
  _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
  _cache: Record<string, { id: string; filename: string; loaded: boolean; exports: unknown }>;
}

export function installWorkerStandIn(): StandIn {
  const standIn: StandIn = { functions: [] };
  const core = {
    version: '3.x-standin',
    hostVersion: '4.x-standin',
    setProgrammingModel(model: { name?: string; version?: string }) {
      standIn.programmingModel = { ...(model.name ? { name: model.name } : {}), ...(model.version ? { version: model.version } : {}) };
    },
    getProgrammingModel: () => standIn.programmingModel,
    registerFunction(metadata: { name: string; bindings: Record<string, RecordedBinding> }, callback: unknown) {
      standIn.functions.push({ name: metadata.name, bindings: structuredClone(metadata.bindings), hasCallback: typeof callback === 'function' });
      return { dispose: () => undefined };
    },
    registerHook: () => ({ dispose: () => undefined }),
    log: () => undefined,
  };
  const internals = Module as unknown as ModuleInternals;
  const resolve = internals._resolveFilename.bind(Module);
  internals._resolveFilename = (request, parent, ...rest) => (request === CORE_MODULE ? CORE_MODULE : resolve(request, parent, ...rest));
  internals._cache[CORE_MODULE] = { id: CORE_MODULE, filename: CORE_MODULE, loaded: true, exports: core };
  return standIn;
}
