import type { Sink } from '../plugins/kinds';
import type { PluginDef } from '../plugins/pluginDef';
import type { SinkBinding } from './bindingTypes';

/**
 * Builds a binding from a sink definition and its created instance. Settings-level and
 * suite-level sinks go through here alike (docs/original-behaviour.md §12.2 item 7): both may carry a level and
 * artifacts, which the config loader has already lifted out of the options.
 */
export function createSinkBinding(def: PluginDef, sink: Sink, index: number): SinkBinding {
  const binding: SinkBinding = {
    id: `${def.label ?? def.name}:${index}`,
    pluginName: def.name,
    sink,
    index,
    onError: def.options.on_error === 'skip' ? 'skip' : 'abort',
  };
  if (def.securityLevel !== undefined) binding.securityLevel = def.securityLevel;
  if (def.artifacts !== undefined) binding.artifacts = def.artifacts;
  return binding;
}
