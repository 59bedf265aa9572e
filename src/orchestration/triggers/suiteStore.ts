import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError, isAppError } from '../../core/errors';
import type { BlobStore } from '../../core/ports';
import type { RunRequest } from '../runRequest';
import type { RunServices } from '../services';
import { badBundlePath, manifestOf, sha256Hex, SUITE_REF, type SuiteManifest } from './suiteBundle';
import { locateSuite, type SuiteLocation } from './suites';

/**
 * Submitted suites in blob storage: `suites/<sha256>/files/<path>` and, written last (so
 * its presence means the suite is complete), `suites/<sha256>/manifest.json`. Immutable:
 * the manifest is created only if absent, and a suite that exists is never rewritten.
 */
const prefix = (digest: string) => `suites/${digest}`;
const manifestBlob = (digest: string) => `${prefix(digest)}/manifest.json`;
const fileBlob = (digest: string, file: string) => `${prefix(digest)}/files/${file}`;

/** Stores a checked bundle under its digest; false when that suite was already stored. */
export async function storeSuite(blobs: BlobStore, files: ReadonlyMap<string, Buffer>): Promise<{ manifest: SuiteManifest; stored: boolean }> {
  const manifest = manifestOf(files);
  if (await blobs.get(manifestBlob(manifest.digest))) return { manifest, stored: false };
  for (const [file, content] of files) await blobs.put(fileBlob(manifest.digest, file), content);
  try {
    await blobs.put(manifestBlob(manifest.digest), JSON.stringify(manifest), { contentType: 'application/json', ifNoneMatch: true });
  } catch (error) {
    // Another upload of the same content finished first: the content is identical by construction.
    if (isAppError(error) && (error.details as { conflict?: boolean } | undefined)?.conflict) return { manifest, stored: false };
    throw error;
  }
  return { manifest, stored: true };
}

/**
 * The suite as a local folder (`<cacheRoot>/<digest>/<name>/`: the folder's name is the
 * suite's name in reports and the run index), fetched from blob storage and
 * verified file by file against its manifest on first use, then located like any deployed
 * suite. A folder is published by an atomic rename, so a reader never sees a partial one.
 */
export async function materializeSuite(blobs: BlobStore, digest: string, cacheRoot: string, name: string): Promise<SuiteLocation | { error: string }> {
  const parent = path.join(cacheRoot, digest);
  const folder = path.join(parent, name);
  if (!fs.existsSync(folder)) {
    const raw = await blobs.get(manifestBlob(digest));
    if (!raw) return { error: `no submitted suite sha256:${digest} (upload it first: elspeth submit does both)` };
    const manifest = JSON.parse(raw.toString('utf8')) as SuiteManifest;
    fs.mkdirSync(parent, { recursive: true });
    const partial = path.join(parent, `.${name}-${randomBytes(4).toString('hex')}`);
    try {
      for (const entry of manifest.files) await fetchFile(blobs, digest, entry, partial);
      fs.renameSync(partial, folder);
    } catch (error) {
      fs.rmSync(partial, { recursive: true, force: true });
      if (!fs.existsSync(folder)) throw error;
    }
  }
  return locateSuite(parent, name);
}

async function fetchFile(blobs: BlobStore, digest: string, entry: SuiteManifest['files'][number], folder: string): Promise<void> {
  const bad = badBundlePath(entry.path);
  if (bad) throw new AppError('STORAGE_FAILED', `suite sha256:${digest}: stored path '${entry.path}' ${bad}`);
  const content = await blobs.get(fileBlob(digest, entry.path));
  if (!content || sha256Hex(content) !== entry.sha256) throw new AppError('STORAGE_FAILED', `suite sha256:${digest}: '${entry.path}' is missing or does not match its manifest`);
  const target = path.join(folder, ...entry.path.split('/'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
}

/**
 * The request with its submitted suite unpacked on this instance (the activity may run on
 * another one than the trigger did); requests for deployed suites pass through unchanged.
 */
export async function withSubmittedSuite(request: RunRequest, services: Pick<RunServices, 'blobs'>, cacheRoot = path.join(os.tmpdir(), 'elspeth-suites')): Promise<RunRequest> {
  const digest = request.suiteRef ? SUITE_REF.exec(request.suiteRef)?.[1] : undefined;
  if (!digest) return request;
  const located = await materializeSuite(services.blobs, digest, cacheRoot, request.suite);
  if ('error' in located) throw new AppError('CONFIG_INVALID', located.error);
  return { ...request, settingsFile: located.settingsFile, suiteRoot: located.suiteRoot };
}
