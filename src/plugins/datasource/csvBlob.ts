import { definePlugin } from '../../core/plugins/kinds';
import { createLocalCsvDatasource, LocalCsvOptionsSchema } from './localCsvFile';

/** The original's local stand-in for blob input: same options and behaviour as local_csv. */
export const csvBlobPlugin = definePlugin({
  name: 'csv_blob',
  kind: 'datasource',
  description: 'Reads a CSV file from disk, standing in for a blob download; same options as local_csv.',
  configSchema: LocalCsvOptionsSchema,
  create: (config, deps) => createLocalCsvDatasource('csv_blob', config, deps),
});
