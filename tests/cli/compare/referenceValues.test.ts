import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../src/cli/main';
import {
  BASELINE_SCORES,
  DEFAULT_COMPARE_PLUGINS,
  DOCUMENTED_KEYS,
  REFEREE_SIDE_KEYS,
  REFERENCE_CRITERION,
  REFERENCE_OPTIONS,
  REFERENCE_VALUES,
  RELATIVE_TOLERANCE,
  ROW_CATEGORIES,
  ROW_REFEREE_SCORES,
  SHAPIRO_KEYS,
  VARIANT_SCORES,
  ORDINAL_VERDICT_KEYS,
} from '../../fixtures/analytics/reference/compareReference';
import { createMemoryIo } from '../cliTestKit';

/**
 * Project issue 3, "done when": `elspeth compare --json` on two JSONL files prints the
 * documented keys, and its numbers equal the reference values. Real files, the real CLI entry.
 */
type Json = Record<string, unknown>;

const jsonlOf = (scores: number[]) =>
  scores
    .map((score, i) => ({ id: `r${i}`, row: { id: `r${i}`, category: ROW_CATEGORIES[i], referee_score: ROW_REFEREE_SCORES[i] }, metrics: { scores: { [REFERENCE_CRITERION]: score } } }))
    .map((record) => JSON.stringify(record))
    .join('\n');

const at = (value: unknown, dotted: string): unknown => dotted.split('.').reduce<unknown>((node, key) => (node as Json | undefined)?.[key], value);

let dir: string;
let baselineFile: string;
let variantFile: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-compare-ref-'));
  baselineFile = path.join(dir, 'baseline.jsonl');
  variantFile = path.join(dir, 'variant.jsonl');
  fs.writeFileSync(baselineFile, `${jsonlOf(BASELINE_SCORES)}\n`);
  fs.writeFileSync(variantFile, jsonlOf(VARIANT_SCORES));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function compare(...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = createMemoryIo(dir);
  const code = await main(['compare', '--baseline', baselineFile, '--variant', variantFile, '--json', ...extra], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('elspeth compare --json on the docs/original-behaviour.md §3.17 reference samples', () => {
  let output: Record<string, Json>;

  beforeAll(async () => {
    const { code, stdout, stderr } = await compare('--options', JSON.stringify(REFERENCE_OPTIONS));
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout.endsWith('}\n')).toBe(true);
    output = JSON.parse(stdout) as Record<string, Json>;
  });

  it('prints one JSON object keyed by every default baseline plugin', () => {
    expect(Object.keys(output)).toEqual(DEFAULT_COMPARE_PLUGINS);
  });

  it.each(Object.entries(DOCUMENTED_KEYS))('%s has the documented keys', (plugin, keys) => {
    const result = output[plugin]!;
    if (keys.top) expect(Object.keys(result).sort()).toEqual([...keys.top].sort());
    if (keys.perCriterion) {
      expect(Object.keys(result)).toEqual([REFERENCE_CRITERION]);
      expect(Object.keys(result[REFERENCE_CRITERION] as Json).sort()).toEqual([...keys.perCriterion].sort());
    }
  });

  it('has the documented nested keys (verdicts, Shapiro–Wilk, referee sides)', () => {
    const verdict = output.score_verdict!;
    expect(Object.keys(at(verdict, `criteria.${REFERENCE_CRITERION}`) as Json).sort()).toEqual([...ORDINAL_VERDICT_KEYS].sort());
    // Whole-number scores read as ordinal: Wilcoxon signed-rank (Pratt), p as scipy 1.17's wilcoxon(V - B, zero_method='pratt').
    expect(at(verdict, `criteria.${REFERENCE_CRITERION}`)).toMatchObject({ kind: 'ordinal', kind_source: 'inferred', method: 'wilcoxon_signed_rank_pratt_exact_permutation', wilcoxon_statistic: 4.5 });
    expect(at(verdict, `criteria.${REFERENCE_CRITERION}.p_value`)).toBeCloseTo(0.21875, 12);
    expect(verdict.verdicts).toEqual([expect.objectContaining({ criterion: REFERENCE_CRITERION, verdict: 'inconclusive', method: expect.any(String) })]);
    for (const side of ['baseline', 'variant']) {
      expect(Object.keys(at(output.score_assumptions, `${REFERENCE_CRITERION}.${side}`) as Json).sort()).toEqual([...SHAPIRO_KEYS].sort());
      expect(Object.keys(at(output.referee_alignment, side) as Json).sort()).toEqual([...REFEREE_SIDE_KEYS].sort());
    }
    expect(at(output.category_effects, 'total_categories')).toBe(2);
  });

  it.each(REFERENCE_VALUES)('%s %s = %p', (plugin, field, expected, tolerance) => {
    const actual = at(output[plugin], `${REFERENCE_CRITERION}.${field}`);
    expect(typeof actual).toBe('number');
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(RELATIVE_TOLERANCE[tolerance] * Math.abs(expected));
  });

  it('labels Cliff’s delta and reports a finite NNT', () => {
    expect(at(output.score_cliffs_delta, `${REFERENCE_CRITERION}.interpretation`)).toBe('small');
    expect(at(output.score_practical, `${REFERENCE_CRITERION}.nnt_infinite`)).toBe(false);
    expect(at(output.score_distribution, `${REFERENCE_CRITERION}.method.js`)).toMatch(/range including 0/);
  });

  it('without compat, uses the data range for JS divergence (the corrected formula) and changes nothing else', async () => {
    const { code, stdout } = await compare('--plugins', 'score_distribution');
    expect(code).toBe(0);
    const corrected = (JSON.parse(stdout) as Record<string, Json>).score_distribution![REFERENCE_CRITERION] as Json;
    const original = output.score_distribution![REFERENCE_CRITERION] as Json;
    expect(at(corrected, 'method.js')).toMatch(/range of the data/);
    const { js_divergence: _js, method: _m, ...rest } = corrected;
    const { js_divergence: _jsOriginal, method: _mOriginal, ...restOriginal } = original;
    expect(rest).toEqual(restOriginal);
    expect(corrected.js_divergence).toBeCloseTo(0.09407663513868099, 9);
  });
});
