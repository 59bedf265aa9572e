import type { ArtifactWriter } from '../../../src/core/plugins/kinds';

export interface StoredFile {
  body: string;
  contentType: string;
}

/** An ArtifactWriter that keeps files in a map, named like the real one (`runs/<run>/<exp>/<path>`). */
export function createMemoryArtifactWriter(prefix = 'runs/run-1/exp', existing: string[] = []): ArtifactWriter & {
  files: Map<string, StoredFile>;
  /** The exact bytes of each file (zip and xlsx are binary). */
  bytes: Map<string, Buffer>;
  existing: Set<string>;
} {
  const files = new Map<string, StoredFile>();
  const bytes = new Map<string, Buffer>();
  const existingPaths = new Set(existing);
  return {
    files,
    bytes,
    existing: existingPaths,
    write(relativePath, body, contentType) {
      files.set(relativePath, { body: body.toString(), contentType });
      bytes.set(relativePath, Buffer.from(body));
      return Promise.resolve(`${prefix}/${relativePath}`);
    },
    exists(relativePath) {
      return Promise.resolve(existingPaths.has(relativePath) || files.has(relativePath));
    },
    read(writtenName) {
      const relative = writtenName.startsWith(`${prefix}/`) ? writtenName.slice(prefix.length + 1) : writtenName;
      return Promise.resolve(bytes.get(relative));
    },
  };
}

/** Just the bodies, for whole-object assertions. */
export function bodiesOf(writer: { files: Map<string, StoredFile> }): Record<string, string> {
  return Object.fromEntries([...writer.files].map(([path, file]) => [path, file.body]));
}
