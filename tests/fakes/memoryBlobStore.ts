import { AppError } from '../../src/core/errors';
import type { BlobPutOptions, BlobStore } from '../../src/core/ports';

export interface StoredBlob {
  body: Buffer;
  contentType?: string;
  metadata?: Record<string, string>;
}

/** An in-memory BlobStore with the real adapter's semantics (ifNoneMatch conflicts, idempotent delete). */
export function createMemoryBlobStore(containerName = 'memory'): BlobStore & { blobs: Map<string, StoredBlob> } {
  const blobs = new Map<string, StoredBlob>();
  return {
    blobs,
    async put(name: string, body: string | Buffer, options: BlobPutOptions = {}) {
      if (options.ifNoneMatch && blobs.has(name)) {
        throw new AppError('STORAGE_FAILED', `Storage put failed for '${containerName}/${name}' (409 BlobAlreadyExists): The specified blob already exists.`, {
          details: { operation: 'put', target: `${containerName}/${name}`, statusCode: 409, errorCode: 'BlobAlreadyExists', conflict: true },
        });
      }
      const stored: StoredBlob = { body: Buffer.from(typeof body === 'string' ? Buffer.from(body, 'utf8') : body) };
      if (options.contentType !== undefined) stored.contentType = options.contentType;
      if (options.metadata !== undefined) stored.metadata = { ...options.metadata };
      blobs.set(name, stored);
    },
    async get(name: string) {
      const stored = blobs.get(name);
      return stored ? Buffer.from(stored.body) : undefined;
    },
    async list(prefix: string) {
      return [...blobs.keys()].filter((name) => name.startsWith(prefix)).sort();
    },
    async delete(name: string) {
      blobs.delete(name);
    },
    urlOf: (name: string) => `memory://${containerName}/${name}`,
  };
}
