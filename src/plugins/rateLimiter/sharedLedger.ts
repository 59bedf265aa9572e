/**
 * The storage protocol behind the `shared` limiter: one append-only chain of tiny blobs per
 * (key, time window), each created with If-None-Match: * so that exactly one writer wins
 * each position.
 *
 *   <prefix>/<window length>/<window>/<seq>   {"requests":r,"tokens":t,"paused_until":ms,"next_slot_at":ms,"kind":...}
 *   <prefix>/<window length>/pauses/<until>   pause markers, read when a window starts
 *
 * Entry n holds the window's running totals *after* its own change, computed from entry
 * n − 1, which its writer had read (or written). Entries never change once written, and
 * storage lets only one writer create each name, so the chain is a total order of every
 * admission by every process: an admission is granted only by winning the next position
 * with totals still under the budget, so no window can ever grant more than the budget
 * (an entry may grant several admissions at once, for callers waiting in one process).
 * A writer that loses a position reads the entries it missed and tries again. Each grant is
 * also a time slot: `next_slot_at` moves on by the budget's spacing with every admission, so
 * holders in every process together send calls evenly spaced, not the window's share at once.
 *
 * Nothing here needs ETags, leases or clocks other than the window number and slot times,
 * which all holders derive from their own clocks (NTP-synced hosts differ by milliseconds; a
 * skewed host can only move its admissions into a neighbouring window, never add admissions).
 */
import { z } from 'zod';
import { hasErrorCode, isAppError } from '../../core/errors';
import type { BlobStore } from '../../core/ports';

export interface WindowTotals {
  requests: number;
  tokens: number;
  /** Epoch ms before which no holder may start a call (0 = not paused). */
  pausedUntil: number;
  /** Epoch ms of the next free call slot in this window (0 = none taken yet): calls are spaced evenly. */
  nextSlotAt: number;
}

export type EntryKind = 'acquire' | 'usage' | 'pause';

/** The newest entry a holder knows of in one window; seq −1 means the window has none yet. */
export interface ChainHead {
  window: number;
  seq: number;
  totals: WindowTotals;
}

const EntrySchema = z.object({
  requests: z.number(),
  tokens: z.number(),
  paused_until: z.number(),
  next_slot_at: z.number().default(0),
  kind: z.enum(['acquire', 'usage', 'pause']),
});

const EMPTY_TOTALS: WindowTotals = { requests: 0, tokens: 0, pausedUntil: 0, nextSlotAt: 0 };
const SEQ_DIGITS = 7;
const seqName = (seq: number) => String(seq).padStart(SEQ_DIGITS, '0');
const UNTIL_DIGITS = 15;

export interface Ledger {
  /** The newest entry of a window, with pauses carried in from earlier windows when it is empty. */
  discover(window: number): Promise<ChainHead>;
  /** Writes the entry after `head`; undefined if another holder got that position first. */
  append(head: ChainHead, totals: WindowTotals, kind: EntryKind): Promise<ChainHead | undefined>;
  /** Reads forward from `head` to the newest entry. */
  advance(head: ChainHead): Promise<ChainHead>;
  writePauseMarker(untilInMs: number): Promise<void>;
  /** Deletes a finished window's entries and pause markers that ended before `beforeInMs`. */
  cleanup(window: number, beforeInMs: number): Promise<void>;
}

export function createLedger(blobs: BlobStore, prefix: string): Ledger {
  const windowPrefix = (window: number) => `${prefix}/${window}/`;
  const pausePrefix = `${prefix}/pauses/`;

  const read = async (window: number, seq: number): Promise<WindowTotals | undefined> => {
    const body = await blobs.get(`${windowPrefix(window)}${seqName(seq)}`);
    if (body === undefined) return undefined;
    const entry = EntrySchema.parse(JSON.parse(body.toString('utf8')));
    return { requests: entry.requests, tokens: entry.tokens, pausedUntil: entry.paused_until, nextSlotAt: entry.next_slot_at };
  };

  const carriedPause = async (): Promise<number> => {
    const names = await blobs.list(pausePrefix);
    return names.reduce((latest, name) => Math.max(latest, Number(name.slice(pausePrefix.length)) || 0), 0);
  };

  const advance = async (head: ChainHead): Promise<ChainHead> => {
    let current = head;
    for (;;) {
      const totals = await read(current.window, current.seq + 1);
      if (totals === undefined) return current;
      current = { window: current.window, seq: current.seq + 1, totals };
    }
  };

  return {
    async discover(window) {
      const names = await blobs.list(windowPrefix(window));
      const seqs = names.map((name) => Number(name.slice(windowPrefix(window).length))).filter(Number.isInteger);
      if (seqs.length === 0) return { window, seq: -1, totals: { ...EMPTY_TOTALS, pausedUntil: await carriedPause() } };
      // Listing may trail a write by a moment; reading forward from the newest listed entry catches up.
      const newest = Math.max(...seqs);
      const totals = await read(window, newest);
      return advance(totals ? { window, seq: newest, totals } : { window, seq: -1, totals: EMPTY_TOTALS });
    },
    async append(head, totals, kind) {
      const seq = head.seq + 1;
      const body = JSON.stringify({ requests: totals.requests, tokens: totals.tokens, paused_until: totals.pausedUntil, next_slot_at: totals.nextSlotAt, kind });
      try {
        await blobs.put(`${windowPrefix(head.window)}${seqName(seq)}`, body, { contentType: 'application/json', ifNoneMatch: true });
        return { window: head.window, seq, totals };
      } catch (error) {
        if (isConflict(error)) return undefined;
        throw error;
      }
    },
    advance,
    async writePauseMarker(untilInMs) {
      try {
        await blobs.put(`${pausePrefix}${String(Math.ceil(untilInMs)).padStart(UNTIL_DIGITS, '0')}`, '{}', { ifNoneMatch: true });
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    },
    async cleanup(window, beforeInMs) {
      const stale = await blobs.list(windowPrefix(window));
      const ended = (await blobs.list(pausePrefix)).filter((name) => Number(name.slice(pausePrefix.length)) < beforeInMs);
      for (const name of [...stale, ...ended]) await blobs.delete(name);
    },
  };
}

function isConflict(error: unknown): boolean {
  return hasErrorCode(error, 'STORAGE_FAILED') && isAppError(error) && error.details?.conflict === true;
}
