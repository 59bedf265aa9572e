import { createBudgetLedger, type BudgetLedger } from '../../../src/core/llm/budgetLedger';
import { systemClock } from '../../../src/orchestration/services';
import { createBudgetPool } from '../../../src/orchestration/runtime/budgetPool';
import { createMemoryBlobStore } from '../../fakes/memoryBlobStore';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One batch: `workers` calls at a time, each reserving `worst` and costing `actual`. */
async function batch(ledger: BudgetLedger, calls: number, workers: number, worst: number, actual: () => number): Promise<{ done: number; refused: number }> {
  let next = 0;
  let done = 0;
  let refused = 0;
  const worker = async () => {
    while (next < calls) {
      next++;
      try {
        const ticket = await ledger.reserve(worst);
        await sleep(1);
        ticket.settle(actual());
        done++;
      } catch {
        refused++;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  await ledger.close();
  return { done, refused };
}

describe('the run budget pool shared by batches', () => {
  it('never lets concurrent batches spend more than the budget, and spends nearly all of it', async () => {
    const blobs = createMemoryBlobStore();
    const limit = 1;
    const ledgers = Array.from({ length: 4 }, () => createBudgetLedger({ source: createBudgetPool(blobs, 'run-pool', limit), clock: systemClock, patienceInMs: 200 }));
    let draws = 0;
    const actual = () => 0.01 + ((draws++ * 7) % 5) / 1000;
    const results = await Promise.all(ledgers.map((ledger) => batch(ledger, 200, 8, 0.05, actual)));
    const spent = ledgers.reduce((sum, ledger) => sum + ledger.spent, 0);
    expect(spent).toBeLessThanOrEqual(limit);
    expect(spent).toBeGreaterThan(limit - 8 * 4 * 0.05);
    expect(results.every((r) => r.refused > 0)).toBe(true);
    // Every credit taken was either spent or given back.
    const entries = await blobs.list('cache/run-pool/_budget/');
    const last = JSON.parse((await blobs.get(entries.at(-1)!))!.toString('utf8')) as { committed: number };
    expect(last.committed).toBeCloseTo(spent, 12);
  });

  it('lets a batch finish when the budget covers it, and gives back what it did not spend', async () => {
    const blobs = createMemoryBlobStore();
    const ledger = createBudgetLedger({ source: createBudgetPool(blobs, 'run-ample', 100), clock: systemClock });
    const result = await batch(ledger, 50, 4, 0.5, () => 0.1);
    expect(result).toEqual({ done: 50, refused: 0 });
    expect(ledger.spent).toBeCloseTo(5, 12);
    const entries = await blobs.list('cache/run-ample/_budget/');
    const last = JSON.parse((await blobs.get(entries.at(-1)!))!.toString('utf8')) as { committed: number };
    expect(last.committed).toBeCloseTo(5, 12);
  });
});
