import type { PluginKind } from '../plugins/kinds';
import type { ConfigLayer } from './layer';
import type { ResolvedExperiment } from './resolved';

/**
 * The plugin lists a configuration layer and a resolved experiment both hold, with the kind
 * of plugin each holds. Validation, secret markers and the suite-code check walk this one table.
 */
export const PLUGIN_LISTS = [
  ['rowPlugins', 'row'],
  ['aggregatorPlugins', 'aggregator'],
  ['baselinePlugins', 'baseline'],
  ['validationPlugins', 'validation'],
  ['llmMiddlewares', 'middleware'],
  ['earlyStopPlugins', 'earlyStop'],
  ['sinks', 'sink'],
] as const satisfies readonly (readonly [keyof ConfigLayer & keyof ResolvedExperiment, PluginKind])[];
