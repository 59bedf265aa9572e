import type { ArtifactWriter } from '../plugins/kinds';
import type { WrittenFile } from './bindingTypes';
import { normalizeRelativePath } from './paths';

/**
 * Wraps the run's writer for one sink: checks each path again (a sink bug must not write
 * outside the run folder), records what was written, and answers `exists` from this
 * pipeline's own writes when the underlying writer cannot.
 */
export function createRecordingWriter(inner: ArtifactWriter, sinkId: string, files: WrittenFile[]): ArtifactWriter {
  return {
    async write(relativePath, body, contentType) {
      const path = normalizeRelativePath(relativePath, 'relativePath');
      const blobName = await inner.write(path, body, contentType);
      files.push({ sinkId, relativePath: path, blobName, contentType });
      return blobName;
    },
    async read(writtenName) {
      return inner.read ? inner.read(writtenName) : undefined;
    },
    async exists(relativePath) {
      const path = normalizeRelativePath(relativePath, 'relativePath');
      if (files.some((file) => file.relativePath === path)) return true;
      return inner.exists ? inner.exists(path) : false;
    },
  };
}
