import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError, errorMessage } from '../../core/errors';
import type { PluginDeps } from '../../core/plugins/kinds';
import { resolveInputPath } from '../datasource/inputPath';

/** What a custom scorer module exports (docs/scoring.md#custom-scorers). */
export type ScorerFunction = (row: unknown, answer: string | null, context: unknown) => unknown;

const MODULE_EXTENSIONS = ['.js', '.cjs'];

/**
 * Loads a scorer module from the suite folder: the path is confined like every input
 * (core/config/inputPolicy.ts), and loading it runs its code, so only callers allowed to
 * run suite code get here (orchestration/suiteCode.ts). The cached copy is dropped first, so
 * a long-lived process (`elspeth serve`) runs the file as it is now.
 */
export function loadScorerModule(configured: string, exportName: string | undefined, deps: Pick<PluginDeps, 'baseDir' | 'inputs'>): ScorerFunction {
  const file = resolveInputPath(configured, deps, 'module').path;
  const fail = (message: string) => new AppError('CONFIG_INVALID', `module: ${message}`, { details: { option: 'module', value: configured } });
  if (!MODULE_EXTENSIONS.includes(path.extname(file))) throw fail(`'${configured}' must be a CommonJS module ending in ${MODULE_EXTENSIONS.join(' or ')}`);
  const load = createRequire(file);
  let exported: unknown;
  try {
    const resolved = load.resolve(file);
    delete load.cache[resolved];
    exported = load(resolved);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw fail(code === 'MODULE_NOT_FOUND' ? `'${configured}' does not exist` : `'${configured}' could not be loaded: ${errorMessage(error)}`);
  }
  const scorer = pickExport(exported, exportName);
  if (!scorer) {
    const wanted = exportName === undefined ? 'a function (module.exports = (row, answer, context) => scores, or exports.default)' : `a function named '${exportName}'`;
    throw fail(`'${configured}' does not export ${wanted}`);
  }
  return scorer;
}

function pickExport(exported: unknown, exportName: string | undefined): ScorerFunction | undefined {
  const own = (name: string): unknown =>
    (typeof exported === 'object' || typeof exported === 'function') && exported !== null && Object.prototype.hasOwnProperty.call(exported, name) ? (exported as Record<string, unknown>)[name] : undefined;
  const candidate = exportName !== undefined ? own(exportName) : typeof exported === 'function' ? exported : own('default');
  return typeof candidate === 'function' ? (candidate as ScorerFunction) : undefined;
}
