import type { CompareIo } from '../../../src/cli/commands/compare';
import type { BlobStore } from '../../../src/core/ports';

/** An in-memory BlobStore: names are paths, bodies are kept as Buffers. */
export function createMemoryBlobStore(initial: Record<string, string> = {}): BlobStore & { blobs: Map<string, Buffer> } {
  const blobs = new Map(Object.entries(initial).map(([name, body]) => [name, Buffer.from(body)]));
  return {
    blobs,
    put: async (name, body) => void blobs.set(name, Buffer.from(body)),
    get: async (name) => blobs.get(name),
    list: async (prefix) => [...blobs.keys()].filter((name) => name.startsWith(prefix)).sort(),
    delete: async (name) => void blobs.delete(name),
    urlOf: (name) => `memory://${name}`,
  };
}

/** A CompareIo over an in-memory file tree; folders are implied by file paths. */
export function createCompareIo(files: Record<string, string>, store?: BlobStore): CompareIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    readFile: async (path) => {
      const body = files[path];
      if (body === undefined) throw new Error(`ENOENT: ${path}`);
      return body;
    },
    listDir: async (path) => {
      const prefix = `${path}/`;
      const names = Object.keys(files).filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length).split('/')[0]!);
      return names.length > 0 ? [...new Set(names)] : undefined;
    },
    ...(store ? { openBlobStore: () => store } : {}),
  };
}

export const jsonl = (lines: unknown[]) => lines.map((line) => JSON.stringify(line)).join('\n');

export const scoreLines = (scores: number[], criterion = 'c') => scores.map((score, i) => ({ id: `r${i}`, row: { id: `r${i}` }, metrics: { scores: { [criterion]: score } } }));
