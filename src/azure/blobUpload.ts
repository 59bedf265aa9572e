import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { withoutQuery } from './redact';
import { statusOf, toStorageError } from './storageErrors';

export interface UploadBlobOptions {
  contentType: string;
  metadata: Record<string, string>;
  /** False: fail (details.conflict) when the blob exists. */
  overwrite: boolean;
  /** Bodies larger than this go up as staged blocks; 0 uploads in one request. */
  chunkSizeInBytes: number;
}

export interface UploadedBlob {
  name: string;
  /** Without any SAS token. */
  url: string;
  size: number;
  blocks: number;
}

/**
 * Uploads one blob. Large bodies are staged as blocks (ids: base64 of a 5-digit index, as
 * the original did) and committed as a block list with headers, metadata and conditions.
 */
export async function uploadBlob(container: ContainerClient, name: string, body: Buffer, options: UploadBlobOptions): Promise<UploadedBlob> {
  const blob = container.getBlockBlobClient(name);
  const common = {
    blobHTTPHeaders: { blobContentType: options.contentType },
    metadata: options.metadata,
    conditions: options.overwrite ? undefined : { ifNoneMatch: '*' },
  };
  const chunked = options.chunkSizeInBytes > 0 && body.length > options.chunkSizeInBytes;
  try {
    const blocks = chunked ? await uploadInBlocks(blob, body, options.chunkSizeInBytes, common) : await uploadWhole(blob, body, common);
    return { name, url: withoutQuery(blob.url), size: body.length, blocks };
  } catch (error) {
    const conflict = !options.overwrite && [409, 412].includes(statusOf(error) ?? 0);
    throw toStorageError(error, { operation: 'upload', target: `${container.containerName}/${name}`, details: conflict ? { conflict: true } : undefined });
  }
}

type CommonOptions = Parameters<BlockBlobClient['commitBlockList']>[1];

async function uploadWhole(blob: BlockBlobClient, body: Buffer, common: CommonOptions): Promise<number> {
  await blob.upload(body, body.length, common);
  return 1;
}

async function uploadInBlocks(blob: BlockBlobClient, body: Buffer, chunkSize: number, common: CommonOptions): Promise<number> {
  const ids: string[] = [];
  for (let offset = 0, index = 0; offset < body.length; offset += chunkSize, index++) {
    const id = blockId(index);
    const chunk = body.subarray(offset, offset + chunkSize);
    await blob.stageBlock(id, chunk, chunk.length);
    ids.push(id);
  }
  await blob.commitBlockList(ids, common);
  return ids.length;
}

export function blockId(index: number): string {
  return Buffer.from(String(index).padStart(5, '0'), 'utf8').toString('base64');
}
