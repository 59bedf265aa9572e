/**
 * A string that two template values share exactly when Python would treat them as the same
 * dict key or set member: `1`, `1.0` and `True` are one key, `(1, 'a')` is hashable, lists
 * and dicts are not.
 */
import { chargeSteps, checkDepth } from './budget';
import { typeFault } from './faults';
import { isNumeric, isPlainObject, isTuple, numberOf, requireDefined, typeName, unmark } from './values';

export function hashKey(value: unknown, depth = 0): string {
  chargeSteps();
  checkDepth(depth);
  const defined = requireDefined(unmark(value));
  if (defined === null || defined === undefined) return 'N';
  if (typeof defined === 'string') return `s${defined}`;
  if (typeof defined === 'bigint') return `n${defined}`;
  if (isNumeric(defined)) {
    const number = numberOf(defined);
    return Number.isNaN(number) ? 'nan' : `n${number === 0 ? 0 : number}`;
  }
  if (isTuple(defined)) return `t(${defined.map((item) => JSON.stringify(hashKey(item, depth + 1))).join(',')})`;
  if (Array.isArray(defined) || isPlainObject(defined)) throw typeFault(`unhashable type: '${typeName(defined)}'`);
  throw typeFault(`unhashable type: '${typeName(defined)}'`);
}
