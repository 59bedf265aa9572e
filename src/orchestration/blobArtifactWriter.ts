import type { ArtifactWriter } from '../core/plugins/kinds';
import type { BlobStore } from '../core/ports';

/** Sinks write relative paths; they land under one run folder in the run's container. */
export function createBlobArtifactWriter(blobs: BlobStore, prefix: string, securityLevel: string): ArtifactWriter {
  const nameOf = (relativePath: string) => `${prefix}${relativePath}`;
  return {
    async write(relativePath, body, contentType) {
      const name = nameOf(relativePath);
      await blobs.put(name, body, { contentType, metadata: { security_level: securityLevel } });
      return name;
    },
    async exists(relativePath) {
      return (await blobs.get(nameOf(relativePath))) !== undefined;
    },
    async read(writtenName) {
      return (await blobs.get(writtenName)) ?? undefined;
    },
  };
}
