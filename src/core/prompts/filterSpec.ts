import type { CallArguments, ParameterList } from './args';

/** A Jinja filter: `value|name(args)`. Parameters exclude the filtered value itself. */
export interface FilterSpec {
  parameters: ParameterList;
  /** Only `default` may look at StrictUndefined values (as value or argument). */
  acceptsUndefined?: boolean;
  /** Gets a Markup value as Markup (escape, safe, string, default); every other filter gets its text. */
  keepsMarkup?: boolean;
  run(value: unknown, args: unknown[]): unknown;
  /** For filters taking *args/**kwargs (`format`): gets the raw call instead of bound parameters. */
  runVariadic?(value: unknown, call: CallArguments): unknown;
}

export type FilterTable = ReadonlyArray<readonly [string, FilterSpec]>;
