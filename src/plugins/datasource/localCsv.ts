import { definePlugin } from '../../core/plugins/kinds';
import { createLocalCsvDatasource, LocalCsvOptionsSchema } from './localCsvFile';

export const localCsvPlugin = definePlugin({
  name: 'local_csv',
  kind: 'datasource',
  description: 'Reads a CSV file from disk (pandas-like typing); on_error=skip gives an empty dataset.',
  configSchema: LocalCsvOptionsSchema,
  create: (config, deps) => createLocalCsvDatasource('local_csv', config, deps),
});
