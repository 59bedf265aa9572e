import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CsvDtypeSchema, parseCsv } from '../../core/data/csv';
import { AppError } from '../../core/errors';
import { isSupportedEncoding } from '../../core/data/textDecoding';
import type { Datasource, PluginDeps } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { loadWithPolicy, OnErrorSchema, SecurityLevelOptionSchema } from './datasourceOptions';
import { resolveInputPath } from './inputPath';

/** Options shared by `local_csv` and `csv_blob` (the original's local stand-in for blob input). */
export const LocalCsvOptionsSchema = options({
  path: z.string().min(1),
  dtype: CsvDtypeSchema.optional(),
  encoding: z.string().refine(isSupportedEncoding, { message: 'is not a supported encoding' }).default('utf-8'),
  on_error: OnErrorSchema,
  security_level: SecurityLevelOptionSchema,
});
export type LocalCsvOptions = z.infer<typeof LocalCsvOptionsSchema>;

/** Reads a CSV file from disk (see resolveInputPath for how relative paths resolve). */
export function createLocalCsvDatasource(plugin: string, config: LocalCsvOptions, deps: PluginDeps): Datasource {
  return {
    async load() {
      const { path: file, tried } = resolveInputPath(config.path, deps, 'path');
      const guard = { plugin, source: file, onError: config.on_error, securityLevel: config.security_level };
      return loadWithPolicy(guard, deps, async () => {
        const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
          throw new AppError('DATASOURCE_FAILED', `File not found: ${config.path} (looked in ${tried.join(', ')})`, {
            details: { source: config.path, tried },
          });
        });
        return parseCsv(bytes, { source: file, encoding: config.encoding, ...(config.dtype ? { dtype: config.dtype } : {}) });
      });
    },
  };
}
