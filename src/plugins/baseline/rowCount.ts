import { z } from 'zod';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

export const RowCountOptionsSchema = options({ key: z.string().default('row_delta') });

export const rowCount = definePlugin({
  name: 'row_count',
  kind: 'baseline',
  description: 'The difference in successful rows, variant minus baseline.',
  configSchema: RowCountOptionsSchema,
  create(config) {
    return {
      name: 'row_count',
      compare: (baseline, variant) => ({ [config.key]: variant.results.length - baseline.results.length }),
    };
  },
});
