import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../src/cli/main';
import { createMemoryIo, REPO_ROOT } from '../cliTestKit';

/**
 * `elspeth compare` on what `elspeth run` writes: the demo suite's run folders (whose batch
 * files end with a bookkeeping line) and the same records as `blob:` prefixes read from the
 * embedded Azurite the run used.
 */
describe('elspeth compare on the demo output', () => {
  const demo = path.join(REPO_ROOT, 'samples', 'demo_suite');
  let cwd: string;
  let runFolder: string;
  let runId: string;

  beforeAll(async () => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-compare-demo-'));
    const io = createMemoryIo(cwd);
    const code = await main(['run', '--settings', path.join(demo, 'settings.yaml'), '--suite-root', demo, '--max-rows', '40', '--no-progress'], io);
    expect({ code, err: code === 0 ? '' : io.err() }).toEqual({ code: 0, err: '' });
    [runId] = fs.readdirSync(path.join(cwd, 'out')) as [string];
    runFolder = path.join(cwd, 'out', runId);
  }, 120_000);

  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('reads run folders as written, trailer lines included', async () => {
    const batch = fs.readFileSync(path.join(runFolder, 'stronger_model', 'batches', '00000.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(batch[batch.length - 1]!)).toMatchObject({ status: 'batch' });
    const io = createMemoryIo(cwd);
    const code = await main(['compare', '--baseline', path.join(runFolder, 'baseline'), '--variant', path.join(runFolder, 'stronger_model'), '--plugins', 'score_significance,score_delta', '--json'], io);
    expect({ code, err: io.err() }).toEqual({ code: 0, err: '' });
    const result = JSON.parse(io.out()) as { score_significance: Record<string, object>; score_delta: Record<string, number> };
    expect(result.score_significance.clarity).toMatchObject({ baseline_samples: 40, variant_samples: 40 });
    expect(Object.keys(result.score_delta).sort()).toEqual(['clarity', 'usefulness']);
  });

  it('reads blob: prefixes from the embedded storage and agrees with the folders', async () => {
    const fromFolders = createMemoryIo(cwd);
    await main(['compare', '--baseline', path.join(runFolder, 'baseline'), '--variant', path.join(runFolder, 'terse_prompt'), '--json'], fromFolders);
    const fromBlobs = createMemoryIo(cwd);
    const code = await main(['compare', '--baseline', `blob:runs/${runId}/baseline`, '--variant', `blob:runs/${runId}/terse_prompt`, '--json'], fromBlobs);
    expect({ code, err: fromBlobs.err() }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(fromBlobs.out())).toEqual(JSON.parse(fromFolders.out()));
  }, 60_000);
});
