import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

export const NoopCostTrackerOptionsSchema = options({});

export const noopCostTracker = definePlugin({
  name: 'noop',
  kind: 'costTracker',
  description: 'Records nothing; the summary is empty.',
  configSchema: NoopCostTrackerOptionsSchema,
  create: () => ({
    record: () => ({}),
    summary: () => ({}),
  }),
});
