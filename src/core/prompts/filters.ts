/** The filter registry. Unknown names are rejected when the template compiles. */
import { bindArguments, type CallArguments } from './args';
import { RenderFault } from './faults';
import type { FilterSpec } from './filterSpec';
import { COLLECTION_FILTERS, registries } from './collectionFilters';
import { FORMAT_FILTERS } from './formatFilters';
import { applyTest } from './jinjaTests';
import { NUMBER_FILTERS } from './numberFilters';
import { SEQUENCE_FILTERS } from './sequenceFilters';
import { TEXT_FILTERS } from './textFilters';
import { Markup, isLenientUndefined, requireDefined } from './values';

const FILTERS = new Map<string, FilterSpec>([...TEXT_FILTERS, ...NUMBER_FILTERS, ...SEQUENCE_FILTERS, ...COLLECTION_FILTERS, ...FORMAT_FILTERS]);

export function hasFilter(name: string): boolean {
  return FILTERS.has(name);
}

export function filterNames(): string[] {
  return [...FILTERS.keys()].sort();
}

/** Filters whose result stays Markup when their input is (markupsafe's str methods return Markup). */
const MARKUP_PRESERVING = new Set(['upper', 'lower', 'trim', 'title', 'capitalize', 'center', 'indent']);

const LENIENT_FAILS = new Set(['int', 'float', 'abs', 'round', 'tojson', 'indent', 'dictsort', 'format']);

export function applyFilter(name: string, input: unknown, call: CallArguments): unknown {
  const spec = FILTERS.get(name);
  if (spec === undefined) throw new RenderFault(`No filter named '${name}' found.`);
  if (input instanceof Markup && !spec.keepsMarkup) {
    const result = applyFilter(name, input.text, call);
    return MARKUP_PRESERVING.has(name) && typeof result === 'string' ? new Markup(result) : result;
  }
  // llm_guard's plain jinja2.Undefined reaches a filter as what str() makes of it: '',
  // except in the filters that fail on it in Jinja (numbers, JSON, indent, dictsort, format).
  if (isLenientUndefined(input) && LENIENT_FAILS.has(name)) throw input.fault();
  const value = isLenientUndefined(input) && !spec.acceptsUndefined ? '' : input;
  if (spec.runVariadic) return spec.runVariadic(requireDefined(value), call);
  const args = bindArguments(name, spec.parameters, call);
  if (spec.acceptsUndefined) return spec.run(value, args);
  return spec.run(requireDefined(value), args.map(requireDefined));
}

registries.filter = applyFilter;
registries.test = applyTest;
