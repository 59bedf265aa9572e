import { BlobServiceClient, StorageSharedKeyCredential, generateAccountSASQueryParameters, AccountSASPermissions, AccountSASResourceTypes, AccountSASServices } from '@azure/storage-blob';
import { createBlobStore } from '../../src/azure/blobStore';
import { connectionStringEndpoints, AZURITE_ACCOUNT_KEY, AZURITE_ACCOUNT_NAME } from '../../src/azure/connectionString';
import { hasErrorCode } from '../../src/core/errors';
import { createTestBlobStore, testStorageConnectionString, uniqueContainerName } from '../support/testStorage';
import { describeBlobStoreContract } from './blobStoreContract';

describeBlobStoreContract('Azure adapter on Azurite', () => createTestBlobStore('contract'), tamperOnAzurite);

/**
 * Azurite checks a Content-MD5 sent with an upload, so the changed bytes go up alone and the
 * old checksum is put back as a property afterwards, as a fault in the stored data would leave it.
 */
async function tamperOnAzurite(store: { containerName: string }, name: string, change: (bytes: Buffer) => Buffer): Promise<void> {
  const blob = containerClient(store.containerName).getBlockBlobClient(name);
  const before = await blob.getProperties();
  await blob.uploadData(change(await blob.downloadToBuffer()));
  await blob.setHTTPHeaders({ blobContentMD5: before.contentMD5, blobContentType: before.contentType });
}

function containerClient(containerName: string) {
  return BlobServiceClient.fromConnectionString(testStorageConnectionString()).getContainerClient(containerName);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('createBlobStore (Azurite)', () => {
  it('creates the container when missing and accepts an existing one', async () => {
    const containerName = uniqueContainerName('create');
    await createBlobStore({ connectionString: testStorageConnectionString() }, containerName);
    expect(await containerClient(containerName).exists()).toBe(true);
    const again = await createBlobStore({ connectionString: testStorageConnectionString() }, containerName);
    await again.put('x.txt', 'x');
    expect(await again.list('')).toEqual(['x.txt']);
  });

  it('writes content type and metadata on the blob', async () => {
    const store = await createTestBlobStore('props');
    await store.put('runs/r1/report.html', '<p>hi</p>', { contentType: 'text/html', metadata: { security_level: 'official' } });
    const properties = await containerClient(store.containerName).getBlobClient('runs/r1/report.html').getProperties();
    expect({ contentType: properties.contentType, metadata: properties.metadata }).toEqual({
      contentType: 'text/html',
      metadata: { security_level: 'official' },
    });
  });

  it('lists past one page', async () => {
    const store = await createTestBlobStore('paging');
    const names = Array.from({ length: 12 }, (_, i) => `batches/${String(i).padStart(2, '0')}.jsonl`);
    await Promise.all(names.map((name) => store.put(name, 'x')));
    const client = containerClient(store.containerName);
    const pages: number[] = [];
    for await (const page of client.listBlobsFlat({ prefix: 'batches/' }).byPage({ maxPageSize: 5 })) pages.push(page.segment.blobItems.length);
    expect(pages).toEqual([5, 5, 2]);
    expect(await store.list('batches/')).toEqual(names);
  });

  it('gives the blob URL on the account endpoint', async () => {
    const store = await createTestBlobStore('url');
    const { blob } = connectionStringEndpoints(testStorageConnectionString());
    expect(store.urlOf('runs/r 1/a.json')).toBe(`${blob}/${store.containerName}/runs/r%201/a.json`);
  });

  it('drops the SAS token from URLs when connected with a SAS connection string', async () => {
    const { blob } = connectionStringEndpoints(testStorageConnectionString());
    const sas = generateAccountSASQueryParameters(
      {
        expiresOn: new Date(Date.now() + 3_600_000),
        permissions: AccountSASPermissions.parse('rwdlc'),
        resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
        services: AccountSASServices.parse('b').toString(),
      },
      new StorageSharedKeyCredential(AZURITE_ACCOUNT_NAME, AZURITE_ACCOUNT_KEY),
    ).toString();
    const store = await createBlobStore({ connectionString: `BlobEndpoint=${blob};SharedAccessSignature=${sas}` }, uniqueContainerName('sas'));
    await store.put('a.txt', 'via sas');
    expect((await store.get('a.txt'))?.toString()).toBe('via sas');
    expect(store.urlOf('a.txt')).not.toContain('?');
  });

  it('turns an unreachable account into a retryable STORAGE_FAILED without the key', async () => {
    const unreachable = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
      `AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;`;
    const serviceClient = BlobServiceClient.fromConnectionString(unreachable, { retryOptions: { maxTries: 1 } });
    const error = await rejection(createBlobStore({ serviceClient }, 'nowhere'));
    expect(hasErrorCode(error, 'STORAGE_FAILED')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    expect((error as Error).message).toMatch(/^Storage create container failed for 'nowhere'/);
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(AZURITE_ACCOUNT_KEY);
  });

  it('builds a store from an account URL and token credential without asking for a token up front', async () => {
    const getToken = jest.fn(async () => ({ token: 'fake', expiresOnTimestamp: Date.now() + 60_000 }));
    const store = await createBlobStore({ accountUrl: 'https://elspethsa.blob.core.windows.net', credential: { getToken } }, 'elspeth', { createContainer: false });
    expect(store.urlOf('runs/r1/plan.json')).toBe('https://elspethsa.blob.core.windows.net/elspeth/runs/r1/plan.json');
    expect(getToken).not.toHaveBeenCalled();
  });

  it('reports a missing container as a non-retryable STORAGE_FAILED', async () => {
    const store = await createBlobStore({ connectionString: testStorageConnectionString() }, uniqueContainerName('absent'), { createContainer: false });
    const error = await rejection(store.put('a.txt', 'x'));
    expect(hasErrorCode(error, 'STORAGE_FAILED')).toBe(true);
    expect((error as { retryable: boolean; details: unknown }).details).toEqual(
      expect.objectContaining({ operation: 'put', statusCode: 404, errorCode: 'ContainerNotFound' }),
    );
    expect((error as { retryable: boolean }).retryable).toBe(false);
  });
});
