import { createHash } from 'node:crypto';
import { AppError } from '../../src/core/errors';
import type { BlobPutOptions, BlobStore } from '../../src/core/ports';

export interface StoredBlob {
  body: Buffer;
  contentType?: string;
  metadata?: Record<string, string>;
  /** Taken at put, checked at get, like the Content-MD5 the Azure adapter stores (src/azure/blobIntegrity.ts). */
  contentMd5: string;
}

/** An in-memory BlobStore with the real adapter's semantics (ifNoneMatch conflicts, idempotent delete, content checked on read). */
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
      const bytes = Buffer.from(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
      const stored: StoredBlob = { body: bytes, contentMd5: md5(bytes) };
      if (options.contentType !== undefined) stored.contentType = options.contentType;
      if (options.metadata !== undefined) stored.metadata = { ...options.metadata };
      blobs.set(name, stored);
    },
    async get(name: string) {
      const stored = blobs.get(name);
      if (stored && md5(stored.body) !== stored.contentMd5) {
        throw new AppError('STORAGE_FAILED', `Blob '${containerName}/${name}' changed after it was written: its bytes hash to MD5 ${md5(stored.body)}, the Content-MD5 stored with it is ${stored.contentMd5}`, {
          details: { operation: 'get', target: `${containerName}/${name}`, corrupt: true },
        });
      }
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

function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('base64');
}
