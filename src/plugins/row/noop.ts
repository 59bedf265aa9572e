import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

export const noopRow = definePlugin({
  name: 'noop',
  kind: 'row',
  description: 'Adds nothing to the record.',
  configSchema: options({}),
  create: () => ({ name: 'noop', processRow: () => ({}) }),
});
