/** The filter registry. Unknown names are rejected when the template compiles. */
import { bindArguments, type CallArguments } from './args';
import type { FilterSpec } from './filterSpec';
import { NUMBER_FILTERS } from './numberFilters';
import { SEQUENCE_FILTERS } from './sequenceFilters';
import { TEXT_FILTERS } from './textFilters';
import { requireDefined } from './values';

const FILTERS = new Map<string, FilterSpec>([...TEXT_FILTERS, ...NUMBER_FILTERS, ...SEQUENCE_FILTERS]);

export function hasFilter(name: string): boolean {
  return FILTERS.has(name);
}

export function filterNames(): string[] {
  return [...FILTERS.keys()].sort();
}

export function applyFilter(name: string, value: unknown, call: CallArguments): unknown {
  const spec = FILTERS.get(name);
  if (spec === undefined) throw new Error(`filter '${name}' escaped compile-time validation`);
  if (spec.runVariadic) return spec.runVariadic(requireDefined(value), call);
  const args = bindArguments(name, spec.parameters, call);
  if (spec.acceptsUndefined) return spec.run(value, args);
  return spec.run(requireDefined(value), args.map(requireDefined));
}
