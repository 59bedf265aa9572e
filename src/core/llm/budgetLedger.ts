import { AppError } from '../errors';
import type { Clock } from '../ports';

/**
 * The run budget, kept call by call (docs/budget.md). Before each attempt the pipeline
 * reserves the attempt's worst-case cost (prompt bound plus `max_tokens` at the price
 * table); after it, the reservation is settled to what the cost tracker reports. A batch
 * holds credit taken from the run's shared pool and gives back what it does not need, so
 * spent plus reserved never passes the credit it holds, and the credit every batch holds
 * never passes the budget: the run never spends more than its budget.
 */
export interface BudgetLedger {
  readonly spent: number;
  readonly reserved: number;
  /** True once the budget could not cover a call: the batch starts no more rows. */
  readonly exhausted: boolean;
  /** Reserves `amount`, waiting for credit other calls hand back; throws BUDGET_EXCEEDED when the budget is spent. */
  reserve(amount: number): Promise<BudgetTicket>;
  /** Money already spent before this batch ran (answers restored from a checkpoint). */
  recordSpent(amount: number): void;
  /** Gives the credit not spent back to the pool. */
  close(): Promise<void>;
}

export interface BudgetTicket {
  /** Replaces the reservation with what the attempt cost (0 for a call that failed). */
  settle(actual: number): void;
}

/** The run's pool of budget: grants at most what is left, takes back what was not spent. */
export interface CreditSource {
  /** Grants up to `amount` (less when less is left; 0 when none is). */
  take(amount: number): Promise<number>;
  give(amount: number): Promise<void>;
}

export interface BudgetLedgerOptions {
  source: CreditSource;
  clock: Clock;
  /**
   * Credit taken from the pool at a time, in worst-case attempts; a batch keeps up to twice
   * that at hand. About its call slots: enough that it rarely waits on the pool, little
   * enough that idle credit goes back for other batches.
   */
  blockAttempts?: number;
  /** How long a call with nothing of its own in flight waits for others to hand credit back. */
  patienceInMs?: number;
}

const POLL_INTERVAL_IN_MS = 25;

export function createBudgetLedger(options: BudgetLedgerOptions): BudgetLedger {
  const blockAttempts = options.blockAttempts ?? 2;
  const patienceInMs = options.patienceInMs ?? 2000;
  let credit = 0;
  let spent = 0;
  let reserved = 0;
  let largest = 0;
  let exhausted = false;
  // Pool operations run one at a time, so the batch never asks twice for the same shortfall.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  const free = () => credit - spent - reserved;
  let settled: (() => void)[] = [];
  let settlements = 0;
  // Counted, not read off `reserved`: sums of floats do not come back to exactly 0.
  let inFlight = 0;

  /** Reserves `amount` if the credit held (topped up from the pool) covers it; atomic with other reservations. */
  const tryReserve = (amount: number) =>
    serially(async () => {
      const shortfall = amount - free();
      if (shortfall > 0) credit += await options.source.take(Math.max(shortfall, largest * blockAttempts));
      if (free() < amount) return false;
      reserved += amount;
      inFlight++;
      return true;
    });

  /** Hands back credit beyond one block, so idle credit serves other batches. */
  const handBack = (keep: number) =>
    serially(async () => {
      const excess = free() - keep;
      if (excess <= 0) return;
      credit -= excess;
      await options.source.give(excess);
    });

  /** Reserves, waiting for credit: from this batch's own calls settling, or (with none in flight) from others. */
  const reserveWhenCovered = async (amount: number): Promise<boolean> => {
    const deadline = options.clock.now() + patienceInMs;
    for (;;) {
      const seen = settlements;
      if (await tryReserve(amount)) return true;
      if (settlements !== seen) continue;
      if (inFlight > 0) {
        await new Promise<void>((resolve) => settled.push(resolve));
        continue;
      }
      // Nothing of ours in flight: give back what we hold and let other batches' calls settle.
      await handBack(0);
      if (options.clock.now() >= deadline) return false;
      await options.clock.sleep(POLL_INTERVAL_IN_MS);
    }
  };

  return {
    get spent() {
      return spent;
    },
    get reserved() {
      return reserved;
    },
    get exhausted() {
      return exhausted;
    },
    recordSpent(amount) {
      spent += amount;
    },
    async reserve(amount) {
      largest = Math.max(largest, amount);
      if (exhausted || !(await reserveWhenCovered(amount))) {
        exhausted = true;
        throw new AppError('BUDGET_EXCEEDED', `the run budget is spent: this call may cost up to ${amount.toPrecision(6)} and the budget cannot cover it`, {
          details: { spent, reserved, requested: amount },
        });
      }
      let open = true;
      return {
        settle(actual) {
          if (!open) return;
          open = false;
          reserved -= amount;
          inFlight--;
          if (inFlight === 0) reserved = 0;
          spent += actual;
          settlements++;
          const waiting = settled;
          settled = [];
          for (const wake of waiting) wake();
          // A failed hand-back only keeps credit here until close; it is never lost.
          if (free() > 2 * largest * blockAttempts) handBack(largest * blockAttempts).catch(() => undefined);
        },
      };
    },
    async close() {
      await handBack(0);
    },
  };
}

/** Tokens a prompt can count at most: byte-level BPE tokens cover at least one byte each. */
export function promptTokenBound(texts: readonly string[]): number {
  const MESSAGE_OVERHEAD_TOKENS = 8;
  return texts.reduce((sum, text) => sum + utf8Length(text) + MESSAGE_OVERHEAD_TOKENS, 0);
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
