/** Test helpers that talk to the harness's Azurite directly (seeding blobs, making SAS tokens). */
import {
  ContainerSASPermissions,
  BlobServiceClient,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
  type ContainerClient,
} from '@azure/storage-blob';
import { AZURITE_ACCOUNT_KEY, AZURITE_ACCOUNT_NAME, connectionStringEndpoints } from '../../src/azure/connectionString';
import { testStorageConnectionString, uniqueContainerName } from '../support/testStorage';

export function azuriteBlobEndpoint(): string {
  return connectionStringEndpoints(testStorageConnectionString()).blob;
}

/** A new container in the test Azurite, with the given blobs uploaded. */
export async function seedContainer(prefix: string, blobs: Record<string, string | Buffer> = {}): Promise<ContainerClient> {
  const container = BlobServiceClient.fromConnectionString(testStorageConnectionString()).getContainerClient(uniqueContainerName(prefix));
  await container.create();
  for (const [name, body] of Object.entries(blobs)) {
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    await container.getBlockBlobClient(name).uploadData(data);
  }
  return container;
}

/** A container-scoped SAS token (no leading '?') signed with Azurite's development key. */
export function containerSas(containerName: string, permissions = 'racwl'): string {
  return generateBlobSASQueryParameters(
    { containerName, permissions: ContainerSASPermissions.parse(permissions), expiresOn: new Date(Date.now() + 3_600_000) },
    new StorageSharedKeyCredential(AZURITE_ACCOUNT_NAME, AZURITE_ACCOUNT_KEY),
  ).toString();
}
