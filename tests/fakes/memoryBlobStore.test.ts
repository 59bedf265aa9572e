import { describeBlobStoreContract } from '../azure/blobStoreContract';
import { createMemoryBlobStore } from './memoryBlobStore';

describeBlobStoreContract('memory fake', async () => createMemoryBlobStore());

describe('createMemoryBlobStore', () => {
  it('keeps content type and metadata for assertions', async () => {
    const store = createMemoryBlobStore('reports');
    await store.put('x.json', '{}', { contentType: 'application/json', metadata: { security_level: 'official' } });
    expect(store.blobs.get('x.json')).toEqual({ body: Buffer.from('{}'), contentType: 'application/json', metadata: { security_level: 'official' } });
    expect(store.urlOf('x.json')).toBe('memory://reports/x.json');
  });
});
