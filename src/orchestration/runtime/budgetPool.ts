import { z } from 'zod';
import { hasErrorCode, isAppError } from '../../core/errors';
import type { CreditSource } from '../../core/llm/budgetLedger';
import type { BlobStore } from '../../core/ports';
import { paths } from '../storagePaths';

/**
 * The run's budget as a pool every batch draws credit from (docs/budget.md), kept in blob
 * storage as an append-only chain `runs/<run>/budget/<seq>`: entry n holds the credit
 * handed out and not given back after its own change. Each entry is created with
 * If-None-Match: *, so one writer wins each position and the chain totally orders every
 * grant of every process and instance; a grant never takes the total past the budget.
 * A batch that crashes keeps its credit (the pool errs on the side of spending less).
 */
const EntrySchema = z.object({ committed: z.number(), op: z.enum(['take', 'give']), amount: z.number() });

interface Head {
  seq: number;
  committed: number;
}

const SEQ_DIGITS = 7;
const heads = new Map<string, Head>();

export function createBudgetPool(blobs: BlobStore, runId: string, limit: number): CreditSource {
  const prefix = paths.budgetPool(runId);
  const key = `${blobs.urlOf('')}|${runId}`;
  const entryName = (seq: number) => `${prefix}${String(seq).padStart(SEQ_DIGITS, '0')}`;

  const read = async (seq: number): Promise<number | undefined> => {
    const body = await blobs.get(entryName(seq));
    return body === undefined ? undefined : EntrySchema.parse(JSON.parse(body.toString('utf8'))).committed;
  };

  const latest = async (): Promise<Head> => {
    let head = heads.get(key);
    if (!head) {
      const seqs = (await blobs.list(prefix)).map((name) => Number(name.slice(prefix.length))).filter(Number.isInteger);
      const newest = seqs.length === 0 ? -1 : Math.max(...seqs);
      head = { seq: newest, committed: newest < 0 ? 0 : ((await read(newest)) ?? 0) };
    }
    // Listing may trail writes, and other holders write on: read forward to the end.
    for (let next = await read(head.seq + 1); next !== undefined; next = await read(head.seq + 1)) head = { seq: head.seq + 1, committed: next };
    heads.set(key, head);
    return head;
  };

  /** Appends the entry after the newest; retries from the new newest when another holder wins. */
  const change = async (delta: (committed: number) => number, op: 'take' | 'give'): Promise<number> => {
    for (;;) {
      const head = await latest();
      const amount = delta(head.committed);
      if (amount === 0) return 0;
      const committed = op === 'take' ? head.committed + amount : head.committed - amount;
      try {
        await blobs.put(entryName(head.seq + 1), JSON.stringify({ committed, op, amount }), { contentType: 'application/json', ifNoneMatch: true });
        heads.set(key, { seq: head.seq + 1, committed });
        return amount;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
  };

  return {
    take: (amount) => change((committed) => Math.max(0, Math.min(amount, limit - committed)), 'take'),
    give: async (amount) => {
      await change(() => amount, 'give');
    },
  };
}

function isConflict(error: unknown): boolean {
  return hasErrorCode(error, 'STORAGE_FAILED') && isAppError(error) && error.details?.conflict === true;
}
