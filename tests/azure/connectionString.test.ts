import {
  azuriteConnectionString,
  connectionStringEndpoints,
  looksLikeConnectionString,
  normalizeConnectionString,
  parseConnectionString,
} from '../../src/azure/connectionString';
import { hasErrorCode } from '../../src/core/errors';

describe('connection strings', () => {
  it('builds an Azurite connection string for given ports', () => {
    expect(azuriteConnectionString({ blobPort: 1, queuePort: 2, tablePort: 3 })).toBe(
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
        'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
        'BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:2/devstoreaccount1;' +
        'TableEndpoint=http://127.0.0.1:3/devstoreaccount1;',
    );
  });

  it('parses pairs case-insensitively and keeps "=" inside values', () => {
    expect([...parseConnectionString('AccountName=a;accountkey=k==;;EndpointSuffix=core.windows.net')]).toEqual([
      ['accountname', 'a'],
      ['accountkey', 'k=='],
      ['endpointsuffix', 'core.windows.net'],
    ]);
  });

  it.each([
    ['an account string', 'DefaultEndpointsProtocol=https;AccountName=sa;AccountKey=k;EndpointSuffix=core.windows.net', { blob: 'https://sa.blob.core.windows.net', table: 'https://sa.table.core.windows.net', accountName: 'sa' }],
    ['explicit endpoints', 'BlobEndpoint=http://127.0.0.1:5/acc/;TableEndpoint=http://127.0.0.1:6/acc;SharedAccessSignature=sv=1', { blob: 'http://127.0.0.1:5/acc', table: 'http://127.0.0.1:6/acc' }],
    ['a sovereign cloud suffix', 'AccountName=sa;AccountKey=k;EndpointSuffix=core.chinacloudapi.cn', { blob: 'https://sa.blob.core.chinacloudapi.cn', table: 'https://sa.table.core.chinacloudapi.cn', accountName: 'sa' }],
    ['development storage', 'UseDevelopmentStorage=true', { blob: 'http://127.0.0.1:10000/devstoreaccount1', table: 'http://127.0.0.1:10002/devstoreaccount1', accountName: 'devstoreaccount1' }],
  ])('finds endpoints of %s', (_label, connectionString, expected) => {
    expect(connectionStringEndpoints(connectionString)).toEqual(expected);
  });

  it('tells connection strings from SAS tokens', () => {
    expect(looksLikeConnectionString('AccountName=a;AccountKey=b')).toBe(true);
    expect(looksLikeConnectionString('UseDevelopmentStorage=true')).toBe(true);
    expect(looksLikeConnectionString('sv=2024-01-01&ss=b&sig=abc')).toBe(false);
  });

  it('rejects a malformed string without echoing it', () => {
    let caught: unknown;
    try {
      normalizeConnectionString('not-a-connection-string-secret');
    } catch (error) {
      caught = error;
    }
    expect(hasErrorCode(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).not.toContain('secret');
  });
});
