import { z } from 'zod';
import { errorMessage } from '../../core/errors';
import type { CacheScope, SharedCacheStore } from '../../core/llm/sharedCache';
import type { PluginDef } from '../../core/plugins/pluginDef';
import type { BlobStore, Clock, Logger } from '../../core/ports';
import { redact } from '../../observability/logger';
import { putJson } from '../jsonBlobs';
import { paths } from '../storagePaths';

/**
 * One cached answer, `cache/<key>.json` in the run container (docs/quota-and-cache.md): what
 * the model said and when. An entry older than the reader's `ttl`, or one that does not parse,
 * is a miss and is overwritten by the next answer.
 */
export const SharedCacheEntrySchema = z.object({
  format: z.literal('elspeth-llm-cache/1'),
  stored_at: z.number(),
  answer: z.object({
    content: z.string(),
    usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }).optional(),
    raw: z.unknown().optional(),
  }),
});
export type SharedCacheEntry = z.infer<typeof SharedCacheEntrySchema>;

export interface BlobCacheStoreOptions {
  clock: Clock;
  logger: Logger;
  ttlInMs: number;
}

/** The shared cache over the run's blob storage. Storage faults make misses and lost writes, never failed rows. */
export function createBlobCacheStore(blobs: BlobStore, options: BlobCacheStoreOptions): SharedCacheStore {
  const pending = new Set<Promise<void>>();
  return {
    async get(key) {
      try {
        const body = await blobs.get(paths.sharedCacheEntry(key));
        if (body === undefined) return undefined;
        const parsed = SharedCacheEntrySchema.safeParse(JSON.parse(body.toString('utf8')));
        if (!parsed.success || parsed.data.stored_at + options.ttlInMs < options.clock.now()) return undefined;
        return parsed.data.answer;
      } catch (error) {
        options.logger.warn('[cache] could not read a cached answer; asking the model', { key, error: errorMessage(error) });
        return undefined;
      }
    },
    put(key, answer) {
      const entry: SharedCacheEntry = { format: 'elspeth-llm-cache/1', stored_at: options.clock.now(), answer };
      const writing = putJson(blobs, paths.sharedCacheEntry(key), entry).catch((error: unknown) => {
        options.logger.warn('[cache] could not store an answer', { key, error: errorMessage(error) });
      });
      pending.add(writing);
      void writing.finally(() => pending.delete(writing));
    },
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

/** An experiment's middleware as cache keys record it: names and options, secrets removed by key name. */
export function cacheMiddlewaresOf(middlewares: readonly PluginDef[]): CacheScope['middlewares'] {
  return middlewares.map((def) => ({ name: def.name, options: redact(def.options) ?? {} }));
}
