import fs from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from '../core/ports';
import { mapLimit } from '../orchestration/jsonBlobs';
import { paths } from '../orchestration/storagePaths';

export interface MirrorOptions {
  /** Also copy the input chunks (a copy of the dataset); records, reports and summaries are always copied. */
  includeInput?: boolean;
}

const isInputChunk = (relative: string) => relative.startsWith('input/');

/**
 * Copies `runs/<runId>/...` (records in `<experiment>/batches/*.jsonl`, which `elspeth compare`
 * reads, reports and summaries) from blob storage to `<outDir>/<runId>/...`; returns the files written. */
export async function mirrorRun(blobs: BlobStore, runId: string, outDir: string, options: MirrorOptions = {}): Promise<string[]> {
  const prefix = paths.runPrefix(runId);
  const names = (await blobs.list(prefix)).filter((name) => options.includeInput || !isInputChunk(name.slice(prefix.length)));
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
