/** Behaviour every RunIndex must have; run against Table Storage (Azurite) and the fake. */
import type { RunIndex, RunIndexEntry } from '../../src/core/ports';

const started: RunIndexEntry = { suite: 'nightly', runId: 'run-1', status: 'running', trigger: 'timer', startedAt: '2026-01-01T00:00:00.000Z' };

export function describeRunIndexContract(label: string, createIndex: () => Promise<RunIndex>): void {
  describe(`${label}: RunIndex contract`, () => {
    let index: RunIndex;
    beforeEach(async () => {
      index = await createIndex();
    });

    it('returns what was upserted, and undefined for an unknown run', async () => {
      await index.upsert(started);
      expect(await index.get('nightly', 'run-1')).toEqual(started);
      expect(await index.get('nightly', 'run-404')).toBeUndefined();
      expect(await index.get('other', 'run-1')).toBeUndefined();
    });

    it('merges on upsert: omitted fields keep their stored values', async () => {
      await index.upsert({ ...started, reportPrefix: 'runs/run-1/', costInUsd: 0 });
      await index.upsert({ ...started, status: 'completed', finishedAt: '2026-01-01T00:05:00.000Z', rows: 100, failures: 2, costInUsd: 0.25, blessed: true });
      expect(await index.get('nightly', 'run-1')).toEqual({
        ...started,
        status: 'completed',
        finishedAt: '2026-01-01T00:05:00.000Z',
        rows: 100,
        failures: 2,
        costInUsd: 0.25,
        blessed: true,
        reportPrefix: 'runs/run-1/',
      });
    });

    it('lists one suite, newest first', async () => {
      await index.upsert({ ...started, runId: 'run-a', startedAt: '2026-01-02T00:00:00.000Z' });
      await index.upsert({ ...started, runId: 'run-b', startedAt: '2026-01-03T00:00:00.000Z' });
      await index.upsert({ ...started, runId: 'run-c', startedAt: '2026-01-01T00:00:00.000Z' });
      await index.upsert({ ...started, suite: 'other', runId: 'run-z', startedAt: '2026-01-09T00:00:00.000Z' });
      expect((await index.list('nightly')).map((entry) => entry.runId)).toEqual(['run-b', 'run-a', 'run-c']);
      expect(await index.list('empty')).toEqual([]);
    });

    it('lists every suite without a name, newest first, up to a limit', async () => {
      await index.upsert({ ...started, runId: 'run-a', startedAt: '2026-01-02T00:00:00.000Z' });
      await index.upsert({ ...started, suite: 'other', runId: 'run-z', startedAt: '2026-01-09T00:00:00.000Z' });
      await index.upsert({ ...started, suite: 'third', runId: 'run-m', startedAt: '2026-01-05T00:00:00.000Z' });
      expect((await index.list()).map((entry) => entry.runId)).toEqual(['run-z', 'run-m', 'run-a']);
      expect((await index.list(undefined, { limit: 2 })).map((entry) => entry.runId)).toEqual(['run-z', 'run-m']);
      expect((await index.list('nightly', { limit: 5 })).map((entry) => entry.runId)).toEqual(['run-a']);
    });

    it('finds a run by id alone, whatever its suite', async () => {
      await index.upsert({ ...started, suite: 'team/x', runId: 'sched-x-1' });
      expect(await index.find('sched-x-1')).toEqual({ ...started, suite: 'team/x', runId: 'sched-x-1' });
      expect(await index.find('sched-x-404')).toBeUndefined();
    });

    it('keeps verdicts and the regression result as structured values', async () => {
      const entry: RunIndexEntry = {
        ...started,
        slot: '20260101t020000',
        blessedAt: '2026-01-02T00:00:00.000Z',
        verdicts: [{ variant: 'candidate', criterion: 'accuracy', verdict: 'degraded', difference: -0.25, adjustedP: 0.001 }],
        regression: {
          status: 'degraded',
          reference: 'sched-nightly-20251231t020000',
          referenceKind: 'blessed',
          experiment: 'baseline',
          verdicts: [{ criterion: 'accuracy', verdict: 'degraded', difference: -0.25, interval: [-0.3, -0.2], adjustedP: 0.001 }],
        },
      };
      await index.upsert(entry);
      await index.upsert({ ...started, status: 'completed' });
      expect(await index.get('nightly', 'run-1')).toEqual({ ...entry, status: 'completed' });
    });

    it('accepts suite names and run ids with characters table keys forbid', async () => {
      const odd = { ...started, suite: 'team/a#b?c\\d %', runId: 'run/1' };
      await index.upsert(odd);
      expect(await index.get(odd.suite, odd.runId)).toEqual(odd);
      expect(await index.list(odd.suite)).toEqual([odd]);
    });
  });
}
