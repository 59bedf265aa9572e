import { floatCellsFor, metadataValue } from '../data/pandasCells';
import type { Row } from './records';

/**
 * `row_id` in call metadata: the original's `row.get("APPID")` (docs/original-behaviour.md §1.5),
 * the hard-coded APPID column and nothing else. No APPID column gives None (an `id` column is
 * not used), an empty cell NaN, an APPID of integers with a gap a float (`1.0`).
 */
export function appIdOf(row: Row): unknown {
  return Object.hasOwn(row, 'APPID') ? metadataValue(row, 'APPID', floatCellsFor(row)) : null;
}
