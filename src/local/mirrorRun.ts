import fs from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from '../core/ports';
import { mapLimit } from '../orchestration/jsonBlobs';
import { paths } from '../orchestration/storagePaths';

export interface MirrorOptions {
  /** Also copy input chunks and batch files (large); reports and summaries are always copied. */
  includeWorkFiles?: boolean;
}

const isWorkFile = (relative: string) => relative.startsWith('input/') || relative.includes('/batches/');

/** Copies `runs/<runId>/...` from blob storage to `<outDir>/<runId>/...`; returns the files written. */
export async function mirrorRun(blobs: BlobStore, runId: string, outDir: string, options: MirrorOptions = {}): Promise<string[]> {
  const prefix = paths.runPrefix(runId);
  const names = (await blobs.list(prefix)).filter((name) => options.includeWorkFiles || !isWorkFile(name.slice(prefix.length)));
  const root = path.resolve(outDir, runId);
  return mapLimit(names, 16, async (name) => {
    const target = path.join(root, ...name.slice(prefix.length).split('/'));
    if (!target.startsWith(root + path.sep)) throw new Error(`Refusing to mirror '${name}' outside ${root}`);
    const body = await blobs.get(name);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, body ?? Buffer.alloc(0));
    return target;
  });
}
