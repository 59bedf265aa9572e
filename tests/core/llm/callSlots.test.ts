import { createCallSlots } from '../../../src/core/llm/callSlots';

describe('call slots: the run-wide cap as seen from one activity', () => {
  it('never lets more than its size hold a slot, and wakes waiters in order', async () => {
    const slots = createCallSlots(3);
    let held = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const release = await slots.acquire();
        held++;
        peak = Math.max(peak, held);
        order.push(i);
        await new Promise((resolve) => setTimeout(resolve, 1));
        held--;
        release();
        release(); // a second release is ignored
      }),
    );
    expect(peak).toBe(3);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(slots.inUse).toBe(0);
  });

  it('lowers and raises the usable slots within its size', async () => {
    const slots = createCallSlots(4);
    slots.setLimit(1);
    const first = await slots.acquire();
    let second = false;
    const waiting = slots.acquire().then((release) => {
      second = true;
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(second).toBe(false);
    slots.setLimit(10);
    expect(slots.limit).toBe(4);
    (await waiting)();
    first();
    expect(second).toBe(true);
  });

  it('gives up waiting when the call is aborted', async () => {
    const slots = createCallSlots(1);
    const release = await slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    release();
    expect(slots.inUse).toBe(0);
  });
});
