import { deriveLayout, experimentCap } from '../../../src/orchestration/schedule/layout';

describe('the batch layout derived from the run-wide cap', () => {
  it.each([
    // rows, experiments, cap, fine, overrides -> lanes, slots, batch size
    ['bench: 1,000 rows, C = 50', 1000, 1, 50, false, {}, { batchesInFlight: 5, slotsPerBatch: 10, batchSize: 200 }],
    ['100,000 rows, C = 50', 100000, 1, 50, false, {}, { batchesInFlight: 5, slotsPerBatch: 10, batchSize: 200 }],
    ['demo: 3 experiments, C = 32', 400, 3, 32, false, {}, { batchesInFlight: 6, slotsPerBatch: 6, batchSize: 200 }],
    ['demo with a budget: equal slots, small batches', 400, 3, 32, true, {}, { batchesInFlight: 6, slotsPerBatch: 5, batchSize: 50 }],
    ['demo with a balanced budget: rounds, one batch per experiment', 400, 3, 32, true, { rounds: true }, { batchesInFlight: 3, slotsPerBatch: 10, batchSize: 50 }],
    ['sequential run', 100, 2, 1, false, {}, { batchesInFlight: 1, slotsPerBatch: 1, batchSize: 200 }],
    ['overrides change the layout, not the cap', 1000, 1, 8, false, { batchSize: 50, maxBatchesInFlight: 8 }, { batchesInFlight: 8, slotsPerBatch: 1, batchSize: 50 }],
    ['more lanes than the cap are clipped', 1000, 1, 4, false, { maxBatchesInFlight: 8 }, { batchesInFlight: 4, slotsPerBatch: 1, batchSize: 200 }],
  ])('%s', (_name, rows, experiments, cap, fineGrained, overrides, expected) => {
    const layout = deriveLayout({ rows, experiments, maxCallsInFlight: cap, fineGrained, ...overrides });
    expect(layout).toEqual({ maxCallsInFlight: cap, ...expected });
    expect(Math.min(layout.batchesInFlight * layout.slotsPerBatch, cap)).toBeLessThanOrEqual(cap);
  });

  it('runs one call at a time without concurrency, or below the backlog threshold', () => {
    expect(experimentCap({}, 1000)).toBe(1);
    expect(experimentCap({ enabled: true, max_workers: 16 }, 49)).toBe(1);
    expect(experimentCap({ enabled: true, max_workers: 16 }, 50)).toBe(16);
    expect(experimentCap({ enabled: true }, 50)).toBe(4);
  });
});
