/**
 * Binds template call arguments to a filter's, test's or method's declared parameters,
 * the way Python binds `f(a, b, key=c)`, with Python's error wording.
 */
import { typeFault } from './faults';
import { unmark } from './values';

export interface CallArguments {
  positional: unknown[];
  keywords: Map<string, unknown>;
}

/** A parameter name and its default; `REQUIRED` marks a parameter without one. */
export const REQUIRED: unique symbol = Symbol('required');
export type ParameterList = ReadonlyArray<readonly [name: string, fallback: unknown]>;

export function bindArguments(callee: string, parameters: ParameterList, call: CallArguments): unknown[] {
  if (call.positional.length > parameters.length) {
    throw typeFault(`${callee}() takes at most ${parameters.length} argument(s) (${call.positional.length} given)`);
  }
  const bound: unknown[] = parameters.map(([, fallback]) => fallback);
  call.positional.forEach((value, index) => {
    bound[index] = unmark(value);
  });
  for (const [name, value] of call.keywords) {
    const index = parameters.findIndex(([parameter]) => parameter === name);
    if (index < 0) throw typeFault(`${callee}() got an unexpected keyword argument '${name}'`);
    if (index < call.positional.length) throw typeFault(`${callee}() got multiple values for argument '${name}'`);
    bound[index] = unmark(value);
  }
  const missingIndex = bound.findIndex((value) => value === REQUIRED);
  if (missingIndex >= 0) {
    throw typeFault(`${callee}() missing required argument '${parameters[missingIndex]![0]}'`);
  }
  return bound;
}

export const NO_ARGUMENTS: CallArguments = { positional: [], keywords: new Map() };
