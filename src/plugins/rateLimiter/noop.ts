import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

export const NoopRateLimiterOptionsSchema = options({});

const release = () => undefined;

export const noopRateLimiter = definePlugin({
  name: 'noop',
  kind: 'rateLimiter',
  description: 'No limit; utilisation is always 0.',
  configSchema: NoopRateLimiterOptionsSchema,
  create: () => ({
    acquire: () => Promise.resolve(release),
    utilization: () => 0,
    updateUsage: () => undefined,
  }),
});
