import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { BlobStore } from '../../core/ports';
import type { CliIo } from '../io';
import type { CompareIo } from './compareIo';

/** CompareIo over the local file system (paths relative to the CLI's cwd). */
export function nodeCompareIo(io: Pick<CliIo, 'stdout' | 'stderr' | 'cwd'>, openBlobStore?: () => BlobStore | Promise<BlobStore>): CompareIo {
  const resolve = (p: string) => path.resolve(io.cwd, p);
  return {
    stdout: (text) => io.stdout(text),
    stderr: (text) => io.stderr(text),
    readFile: (p) => fs.readFile(resolve(p), 'utf8'),
    listDir: async (p) => {
      try {
        return await fs.readdir(resolve(p));
      } catch {
        return undefined;
      }
    },
    ...(openBlobStore ? { openBlobStore } : {}),
  };
}
