import { z } from 'zod';
import { AppError, errorMessage } from '../../core/errors';
import type { CompareIo } from './compareIo';

/**
 * `--options` of `elspeth compare`: per-plugin options as one JSON object,
 * `{"<plugin>": {<option>: <value>}}`, given inline or as `@<file>` (a JSON file).
 * Lets stored results be re-analysed with the settings the run used (thresholds, `pair_by`,
 * `compat`), which `--criteria` alone cannot express.
 */
export const ComparePluginOptionsSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
export type ComparePluginOptions = z.infer<typeof ComparePluginOptionsSchema>;

async function optionsText(flag: string, io: CompareIo): Promise<{ text: string; source: string }> {
  if (!flag.startsWith('@')) return { text: flag, source: '--options' };
  const file = flag.slice(1);
  try {
    return { text: await io.readFile(file), source: file };
  } catch (error) {
    throw new AppError('REQUEST_INVALID', `--options: cannot read ${file}: ${errorMessage(error)}`, { cause: error });
  }
}

/** Parses `--options`; every named plugin must be among those that run. */
export async function readPluginOptions(flag: string | undefined, plugins: readonly string[], io: CompareIo): Promise<ComparePluginOptions> {
  if (flag === undefined) return {};
  const { text, source } = await optionsText(flag, io);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AppError('REQUEST_INVALID', `${source} is not JSON: ${errorMessage(error)}`, { cause: error });
  }
  const result = ComparePluginOptionsSchema.safeParse(parsed);
  if (!result.success) throw new AppError('REQUEST_INVALID', `${source} must be a JSON object of {"<plugin>": {<option>: <value>}}`);
  const unused = Object.keys(result.data).filter((name) => !plugins.includes(name));
  if (unused.length > 0) throw new AppError('REQUEST_INVALID', `${source} names plugins that do not run: ${unused.join(', ')} (running: ${plugins.join(', ')})`);
  return result.data;
}
