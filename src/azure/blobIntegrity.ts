import { createHash } from 'node:crypto';
import type { BlobClient } from '@azure/storage-blob';
import { AppError } from '../core/errors';

/**
 * Stored bytes are checked on every read (docs/architecture.md, "Storage layout and formats"):
 * each blob is written with its Content-MD5, which the service keeps and returns with a whole-
 * blob download; the bytes read must have that length and hash. A changed byte or a short
 * body is a non-retryable STORAGE_FAILED naming the blob (`details.corrupt`), never data.
 */
export function contentMd5(data: Buffer): Buffer {
  return createHash('md5').update(data).digest();
}

/**
 * How many whole downloads a short body gets. The SDK's own in-stream retries (five, with
 * back-off) turned a truncated blob into 72 s and "The operation was aborted."; one fresh
 * GET still covers a connection cut in transit.
 */
const SHORT_READ_ATTEMPTS = 2;

/** Downloads a whole blob and checks its length and Content-MD5. A 404 is thrown as the SDK's error. */
export async function downloadVerified(blob: BlobClient, target: string): Promise<Buffer> {
  for (let attempt = 1; ; attempt++) {
    const response = await blob.download(0, undefined, { maxRetryRequests: 0 });
    const { bytes, failure } = await readAll(response.readableStreamBody);
    const expected = response.contentLength;
    if (expected !== undefined && bytes.length !== expected) {
      if (attempt < SHORT_READ_ATTEMPTS) continue;
      throw corrupt(target, `is truncated: ${bytes.length} of its ${expected} bytes could be read${failure ? ` (${failure})` : ''}`, { expectedBytes: expected, readBytes: bytes.length });
    }
    if (failure) throw new AppError('STORAGE_FAILED', `Storage get failed for '${target}': ${failure}`, { retryable: true, details: { operation: 'get', target } });
    const stored = response.contentMD5 ? Buffer.from(response.contentMD5) : undefined;
    const actual = contentMd5(bytes);
    if (stored && !stored.equals(actual)) {
      throw corrupt(target, `changed after it was written: its bytes hash to MD5 ${actual.toString('base64')}, the Content-MD5 stored with it is ${stored.toString('base64')}`, {
        storedMd5: stored.toString('base64'),
        readMd5: actual.toString('base64'),
      });
    }
    return bytes;
  }
}

function corrupt(target: string, what: string, details: Record<string, unknown>): AppError {
  return new AppError('STORAGE_FAILED', `Blob '${target}' ${what}`, { details: { operation: 'get', target, corrupt: true, ...details } });
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<{ bytes: Buffer; failure?: string }> {
  const chunks: Buffer[] = [];
  if (!stream) return { bytes: Buffer.alloc(0) };
  try {
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return { bytes: Buffer.concat(chunks) };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), failure: error instanceof Error ? error.message : String(error) };
  }
}
