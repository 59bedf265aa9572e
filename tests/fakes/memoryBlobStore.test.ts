import { describeBlobStoreContract } from '../azure/blobStoreContract';
import { createMemoryBlobStore } from './memoryBlobStore';

describeBlobStoreContract('memory fake', async () => createMemoryBlobStore(), async (store, name, change) => {
  const stored = store.blobs.get(name)!;
  stored.body = change(stored.body);
});

describe('createMemoryBlobStore', () => {
  it('keeps content type and metadata for assertions', async () => {
    const store = createMemoryBlobStore('reports');
    await store.put('x.json', '{}', { contentType: 'application/json', metadata: { security_level: 'official' } });
    expect(store.blobs.get('x.json')).toEqual({ body: Buffer.from('{}'), contentMd5: 'mZFLkyvTelC5g8XnyQrpOw==', contentType: 'application/json', metadata: { security_level: 'official' } });
    expect(store.urlOf('x.json')).toBe('memory://reports/x.json');
  });
});
