import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../core/errors';
import { didYouMean } from '../core/plugins/didYouMean';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Strict flag parsing: an unknown flag or a missing value is a REQUEST_INVALID error (exit 2). */
export function parseFlags<T extends OptionSpec>(argv: readonly string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals });
  } catch (error) {
    throw new AppError('REQUEST_INVALID', flagErrorMessage(error as Error & { code?: string }, Object.keys(options)));
  }
}

/** Node's message for an unknown flag, replaced by one with a "did you mean". */
function flagErrorMessage(error: Error & { code?: string }, known: string[]): string {
  const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec(error.message)?.[1];
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || unknown === undefined) return error.message;
  const hint = didYouMean(unknown.replace(/^-+/, '').split('=')[0]!, known);
  return `unknown flag '${unknown}'.${hint ? ` Did you mean '--${hint}'?` : ''}`;
}

export function intFlag(value: string | undefined, name: string, minimum = 0): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) throw new AppError('REQUEST_INVALID', `--${name} must be an integer >= ${minimum}, got '${value}'`);
  return parsed;
}

export function listFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}
