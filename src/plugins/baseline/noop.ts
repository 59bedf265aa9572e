import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

export const noopBaseline = definePlugin({
  name: 'noop',
  kind: 'baseline',
  description: 'Compares nothing.',
  configSchema: options({}),
  create: () => ({ name: 'noop', compare: () => ({}) }),
});
