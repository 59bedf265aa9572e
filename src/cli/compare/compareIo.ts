import type { BlobStore } from '../../core/ports';

/** What `elspeth compare` touches; tests pass in-memory fakes. */
export interface CompareIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a local file; rejects when it does not exist. */
  readFile(path: string): Promise<string>;
  /** Names in a local folder, or undefined when the path is not a folder. */
  listDir?(path: string): Promise<string[] | undefined>;
  /** The store `blob:<prefix>` sources are read from. */
  openBlobStore?(): BlobStore | Promise<BlobStore>;
}
