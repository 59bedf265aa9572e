import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCompare } from '../../../src/cli/commands/compare';
import { nodeCompareIo } from '../../../src/cli/compare/nodeCompareIo';
import { REFERENCE_BASELINE, REFERENCE_VARIANT } from '../../fixtures/analytics/records';
import { jsonl, scoreLines } from './fakes';

describe('nodeCompareIo', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'elspeth-compare-'));
    await mkdir(path.join(dir, 'out/run-1/baseline/batches'), { recursive: true });
    await writeFile(path.join(dir, 'out/run-1/baseline/batches/0.jsonl'), jsonl(scoreLines(REFERENCE_BASELINE)));
    await writeFile(path.join(dir, 'variant.jsonl'), jsonl(scoreLines(REFERENCE_VARIANT)));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a run folder and a file relative to the working directory', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = nodeCompareIo({ stdout: (text) => void out.push(text), stderr: (text) => void err.push(text), cwd: dir });
    const code = await runCompare(['--baseline', 'out/run-1/baseline', '--variant', 'variant.jsonl', '--plugins', 'score_cliffs_delta', '--json'], io);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(JSON.parse(out.join(''))).toEqual({
      score_cliffs_delta: { c: { delta: 0.32653061224489793, interpretation: 'small', baseline_samples: 7, variant_samples: 7, method: 'cliffs_delta' } },
    });
  });

  it('reports a missing path as bad input', async () => {
    const err: string[] = [];
    const io = nodeCompareIo({ stdout: () => undefined, stderr: (text) => void err.push(text), cwd: dir });
    expect(await runCompare(['--baseline', 'missing', '--variant', 'variant.jsonl'], io)).toBe(2);
    expect(err.join('')).toContain('missing is neither a .jsonl file nor a run folder');
  });
});
