import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/identity';
import { isAppError } from '../core/errors';
import type { BlobPutOptions, BlobStore } from '../core/ports';
import { contentMd5, downloadVerified } from './blobIntegrity';
import { normalizeConnectionString } from './connectionString';
import { withoutQuery } from './redact';
import { statusOf, toStorageError } from './storageErrors';

/** How to reach the account: a connection string, an account URL with a credential, or a ready client. */
export type BlobStoreConnection =
  | { connectionString: string }
  | { accountUrl: string; credential: TokenCredential }
  | { serviceClient: BlobServiceClient };

export interface CreateBlobStoreOptions {
  /** Create the container when it is missing (default true). */
  createContainer?: boolean;
}

const LIST_PAGE_SIZE = 5000;

/** A BlobStore over one container; creates the container if it does not exist. */
export async function createBlobStore(
  connection: BlobStoreConnection,
  containerName: string,
  options: CreateBlobStoreOptions = {},
): Promise<BlobStore> {
  const container = serviceClientFor(connection).getContainerClient(containerName);
  if (options.createContainer ?? true) {
    try {
      await container.createIfNotExists();
    } catch (error) {
      throw toStorageError(error, { operation: 'create container', target: containerName });
    }
  }
  return blobStoreOver(container);
}

export function serviceClientFor(connection: BlobStoreConnection): BlobServiceClient {
  if ('serviceClient' in connection) return connection.serviceClient;
  if ('connectionString' in connection) return BlobServiceClient.fromConnectionString(normalizeConnectionString(connection.connectionString));
  return new BlobServiceClient(connection.accountUrl, connection.credential);
}

/** The BlobStore operations over an existing container client. */
export function blobStoreOver(container: ContainerClient): BlobStore {
  const target = (name: string) => `${container.containerName}/${name}`;
  return {
    async put(name, body, options: BlobPutOptions = {}) {
      const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      try {
        await container.getBlockBlobClient(name).uploadData(data, {
          // Kept by the service and checked on every read (blobIntegrity.ts).
          blobHTTPHeaders: { blobContentMD5: contentMd5(data), ...(options.contentType ? { blobContentType: options.contentType } : {}) },
          metadata: options.metadata,
          conditions: options.ifNoneMatch ? { ifNoneMatch: '*' } : undefined,
        });
      } catch (error) {
        const conflict = options.ifNoneMatch === true && [409, 412].includes(statusOf(error) ?? 0);
        throw toStorageError(error, { operation: 'put', target: target(name), details: conflict ? { conflict: true } : undefined });
      }
    },

    async get(name) {
      try {
        return await downloadVerified(container.getBlobClient(name), target(name));
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        if (isAppError(error)) throw error;
        throw toStorageError(error, { operation: 'get', target: target(name) });
      }
    },

    async list(prefix) {
      const names: string[] = [];
      try {
        for await (const page of container.listBlobsFlat({ prefix }).byPage({ maxPageSize: LIST_PAGE_SIZE })) {
          for (const item of page.segment.blobItems) names.push(item.name);
        }
      } catch (error) {
        throw toStorageError(error, { operation: 'list', target: target(prefix) });
      }
      return names;
    },

    async delete(name) {
      try {
        await container.getBlobClient(name).deleteIfExists();
      } catch (error) {
        throw toStorageError(error, { operation: 'delete', target: target(name) });
      }
    },

    urlOf: (name) => withoutQuery(container.getBlobClient(name).url),
  };
}
