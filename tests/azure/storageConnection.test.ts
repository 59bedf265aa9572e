import type { AccessToken, TokenCredential } from '@azure/identity';
import { lazyCredential, type CredentialFactory } from '../../src/azure/credentials';
import { createStorageClients, storageSettingsFromAppSettings } from '../../src/azure/storageConnection';
import { hasErrorCode } from '../../src/core/errors';
import { testStorageConnectionString } from '../support/testStorage';

/** A credential factory that records calls; DefaultAzureCredential is never built in tests. */
function recordingFactory(): CredentialFactory & { calls: unknown[]; scopes: string[] } {
  const calls: unknown[] = [];
  const scopes: string[] = [];
  const credential: TokenCredential = {
    getToken: async (requested): Promise<AccessToken> => {
      scopes.push(...(Array.isArray(requested) ? requested : [requested]));
      return { token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return Object.assign((options: unknown) => {
    calls.push(options);
    return credential;
  }, { calls, scopes });
}

describe('storageSettingsFromAppSettings', () => {
  it.each([
    ['a connection string', { AzureWebJobsStorage: 'UseDevelopmentStorage=true' }, { connectionString: 'UseDevelopmentStorage=true' }],
    [
      'the identity-based form',
      {
        AzureWebJobsStorage__accountName: 'elspethsa',
        AzureWebJobsStorage__credential: 'managedidentity',
        AzureWebJobsStorage__clientId: '00000000-0000-0000-0000-000000000001',
      },
      { accountName: 'elspethsa', credential: 'managedidentity', clientId: '00000000-0000-0000-0000-000000000001' },
    ],
    [
      'explicit service URIs',
      {
        AzureWebJobsStorage__blobServiceUri: 'https://sa.blob.core.windows.net',
        AzureWebJobsStorage__tableServiceUri: 'https://sa.table.core.windows.net',
        AzureWebJobsStorage__queueServiceUri: 'https://sa.queue.core.windows.net',
      },
      { blobEndpoint: 'https://sa.blob.core.windows.net', tableEndpoint: 'https://sa.table.core.windows.net', queueEndpoint: 'https://sa.queue.core.windows.net' },
    ],
    ['the legacy blob-only serviceUri', { AzureWebJobsStorage__serviceUri: 'https://sa.blob.core.windows.net' }, { blobEndpoint: 'https://sa.blob.core.windows.net' }],
    ['blank values as absent', { AzureWebJobsStorage: '  ', AzureWebJobsStorage__accountName: '' }, {}],
  ])('reads %s', (_label, values, expected) => {
    expect(storageSettingsFromAppSettings(values)).toEqual(expected);
  });

  it('reads another prefix', () => {
    expect(storageSettingsFromAppSettings({ ElspethStorage__accountName: 'x' }, 'ElspethStorage')).toEqual({ accountName: 'x' });
  });
});

describe('createStorageClients', () => {
  it('uses a connection string without ever building a credential', async () => {
    const factory = recordingFactory();
    const clients = createStorageClients({ connectionString: testStorageConnectionString(), accountName: 'ignored' }, { credentialFactory: factory });
    expect(clients.mode).toBe('connectionString');
    await clients.blobService.getContainerClient('conn-clients').createIfNotExists();
    const table = clients.tableClient('connclients');
    await table.createTable();
    await table.upsertEntity({ partitionKey: 'p', rowKey: 'r', value: 1 });
    expect((await table.getEntity('p', 'r')).value).toBe(1);
    expect(factory.calls).toEqual([]);
  });

  it('expands UseDevelopmentStorage=true to Azurite on its default ports', () => {
    const clients = createStorageClients({ connectionString: 'UseDevelopmentStorage=true' });
    expect({ blob: clients.blobEndpoint, table: clients.tableEndpoint }).toEqual({
      blob: 'http://127.0.0.1:10000/devstoreaccount1',
      table: 'http://127.0.0.1:10002/devstoreaccount1',
    });
    expect(clients.blobService.url).toBe('http://127.0.0.1:10000/devstoreaccount1');
  });

  it('derives account endpoints for managed identity and builds the credential only on first use', async () => {
    const factory = recordingFactory();
    const clients = createStorageClients({ accountName: 'elspethsa', clientId: 'client-1' }, { credentialFactory: factory });
    expect({ mode: clients.mode, blob: clients.blobEndpoint, table: clients.tableEndpoint }).toEqual({
      mode: 'identity',
      blob: 'https://elspethsa.blob.core.windows.net',
      table: 'https://elspethsa.table.core.windows.net',
    });
    expect(clients.tableClient('elspethruns').url).toBe('https://elspethsa.table.core.windows.net');
    expect(factory.calls).toEqual([]);
  });

  it('asks the injected credential for a storage token when a request is made', async () => {
    const factory = recordingFactory();
    // A loopback https endpoint where nothing listens: the token is fetched, then the connection is refused.
    const clients = createStorageClients({ blobEndpoint: 'https://127.0.0.1:9/', tableEndpoint: 'https://127.0.0.1:9' }, { credentialFactory: factory, maxRetries: 0 });
    const blobService = clients.blobService;
    await expect(blobService.getContainerClient('x').exists()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(factory.calls).toEqual([{}]);
    expect(factory.scopes).toEqual(['https://storage.azure.com/.default']);
    expect(clients.blobEndpoint).toBe('https://127.0.0.1:9');
  });

  it('explains what to set when nothing is configured', () => {
    let caught: unknown;
    try {
      createStorageClients({});
    } catch (error) {
      caught = error;
    }
    expect(hasErrorCode(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toMatch(/AzureWebJobsStorage.*__accountName/);
  });
});

describe('lazyCredential', () => {
  it('calls the factory once, on the first token request', async () => {
    const factory = recordingFactory();
    const credential = lazyCredential(factory, { managedIdentityClientId: 'id-1' });
    expect(factory.calls).toEqual([]);
    await credential.getToken('scope-a');
    await credential.getToken(['scope-b']);
    expect(factory.calls).toEqual([{ managedIdentityClientId: 'id-1' }]);
    expect(factory.scopes).toEqual(['scope-a', 'scope-b']);
  });
});
