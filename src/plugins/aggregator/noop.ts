import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

export const noopAggregator = definePlugin({
  name: 'noop',
  kind: 'aggregator',
  description: 'Aggregates nothing.',
  configSchema: options({}),
  create: () => ({ name: 'noop', finalize: () => ({}) }),
});
