import { createHash } from 'node:crypto';
import { PandasFloat } from '../data/pandasCells';
import { NA_TEXT, PandasNA } from '../data/pandasNA';
import { floatRepr, formatFixed, pythonRepr, pythonSortedItemsRepr, pythonStringRepr } from '../python';

/** Lowest and span of the mock score: scores always lie in [0.4, 0.9]. */
const MOCK_SCORE_FLOOR = 0.4;
const MOCK_SCORE_SPAN = 0.5;

/**
 * The first byte of SHA-256 over the original's byte sequence (docs/original-behaviour.md §2.3):
 * system ‖ user ‖ repr(sorted(metadata.items())) ‖ str(seed), the metadata part left out when
 * metadata is empty. `null`, `undefined` and 0 all seed as "0", like Python's `seed or 0`.
 */
export function mockHashByte(
  systemPrompt: string,
  userPrompt: string,
  metadata: Record<string, unknown>,
  seed: number | null | undefined,
): number {
  const hash = createHash('sha256');
  hash.update(systemPrompt, 'utf8');
  hash.update(userPrompt, 'utf8');
  if (Object.keys(metadata).length > 0) hash.update(mockMetadataRepr(metadata), 'utf8');
  hash.update(String(seed || 0), 'utf8');
  return hash.digest()[0] ?? 0;
}

/**
 * `str(sorted(metadata.items()))`. A `row_id` read from a float column is a PandasFloat
 * (JSON cannot say `1.0`); everything else is plain data for the shared Python repr.
 */
export function mockMetadataRepr(metadata: Record<string, unknown>): string {
  if (!Object.values(metadata).some((value) => value instanceof PandasFloat || value instanceof PandasNA)) return pythonSortedItemsRepr(metadata);
  const keys = Object.keys(metadata).sort();
  const repr = (value: unknown) => (value instanceof PandasFloat ? floatRepr(value.value) : value instanceof PandasNA ? NA_TEXT : pythonRepr(value));
  return `[${keys.map((key) => `(${pythonStringRepr(key)}, ${repr(metadata[key])})`).join(', ')}]`;
}

/** The mock model's deterministic score for a call, as the original computes it. */
export function mockScore(
  systemPrompt: string,
  userPrompt: string,
  metadata: Record<string, unknown>,
  seed: number | null | undefined,
): number {
  return MOCK_SCORE_FLOOR + (mockHashByte(systemPrompt, userPrompt, metadata, seed) / 255) * MOCK_SCORE_SPAN;
}

/**
 * Python's `'%.2f' % x`. `toFixed` rounds the exact binary value like Python does, except on an
 * exact tie, which for two decimals means x·8 is an odd integer (0.125, 0.375, ...): JS rounds
 * those away from zero and Python to the even hundredth.
 */
export function formatTwoDecimals(value: number): string {
  return formatFixed(value, 2);
}
