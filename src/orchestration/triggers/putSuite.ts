import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { isAppError } from '../../core/errors';
import type { BlobStore } from '../../core/ports';
import { BUNDLE_LIMITS, checkBundle, manifestOf } from './suiteBundle';
import { storeSuite } from './suiteStore';

export interface PutSuiteOptions {
  blobs(): Promise<BlobStore>;
  /** ELSPETH_MAX_SUITE_BYTES: the largest suite (its files' bytes) accepted. */
  maxBytes: number;
}

const BodySchema = z.strictObject({ files: z.record(z.string(), z.base64()) });
const invalid = (message: string, status = 400): HttpResponseInit => ({ status, jsonBody: { error: status === 413 ? 'REQUEST_TOO_LARGE' : 'REQUEST_INVALID', problems: [{ path: '', message }] } });

/**
 * `PUT /api/suites/{digest}`: stores a suite folder sent by `elspeth submit` under its
 * content address. The app recomputes the digest and refuses a mismatch, checks every path
 * (relative, inside the folder) and the size, and never overwrites a stored suite.
 * 201 stored, 200 already there; the answer's `suiteRef` starts runs (`POST /api/runs`).
 */
export function createPutSuiteHandler(options: PutSuiteOptions) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const digest = request.params.digest ?? '';
    if (!/^[0-9a-f]{64}$/.test(digest)) return invalid(`'${digest}' is not a sha256 digest (64 hex digits)`);
    const text = await request.text();
    // Base64 adds a third; a little room for the JSON around it.
    if (text.length > Math.ceil(options.maxBytes * 1.4) + 65536) return invalid(`the suite is larger than ${options.maxBytes} bytes`, 413);
    let parsed: z.infer<typeof BodySchema>;
    try {
      parsed = BodySchema.parse(JSON.parse(text));
    } catch (error) {
      return invalid(`body must be {"files": {"<relative path>": "<base64>"}}: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
    }
    const files = new Map(Object.entries(parsed.files).map(([path, content]) => [path, Buffer.from(content, 'base64')]));
    try {
      checkBundle(files, options.maxBytes);
    } catch (error) {
      if (isAppError(error)) return { status: 400, jsonBody: { error: 'REQUEST_INVALID', problems: ((error.details as { problems?: string[] }).problems ?? [error.message]).map((message) => ({ path: 'files', message })) } };
      throw error;
    }
    const actual = manifestOf(files).digest;
    if (actual !== digest) return invalid(`the files' digest is ${actual}, not ${digest}`);
    const { manifest, stored } = await storeSuite(await options.blobs(), files);
    context.info('[http] suite received', { digest, files: manifest.files.length, stored });
    return { status: stored ? 201 : 200, jsonBody: { suiteRef: `sha256:${digest}`, files: manifest.files.length, bytes: manifest.files.reduce((n, f) => n + f.size, 0), stored, limits: { maxBytes: options.maxBytes, maxFiles: BUNDLE_LIMITS.files } } };
  };
}
