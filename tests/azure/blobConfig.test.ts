import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { blobConfigFromProfiles, loadBlobConfig, parseStorageUri } from '../../src/azure/blobConfig';
import { hasErrorCode } from '../../src/core/errors';

const base = { connection_name: 'workspaceblobstore', azureml_datastore_uri: 'azureml://datastores/workspaceblobstore' };

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true);
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('blob config profiles', () => {
  it('reads a storage_uri profile and strips the leading ? of the SAS token', () => {
    expect(blobConfigFromProfiles({ default: { ...base, storage_uri: 'https://acct.blob.core.windows.net/data/in/input.csv', sas_token: '?sv=1&sig=x' } }, 'default')).toEqual({
      connectionName: 'workspaceblobstore',
      azuremlDatastoreUri: 'azureml://datastores/workspaceblobstore',
      storageUri: 'https://acct.blob.core.windows.net/data/in/input.csv',
      accountUrl: 'https://acct.blob.core.windows.net',
      containerName: 'data',
      blobPath: 'in/input.csv',
      sasToken: 'sv=1&sig=x',
    });
  });

  it('reads account_name + container_name + blob_path, with the default account URL', () => {
    expect(blobConfigFromProfiles({ p: { ...base, account_name: 'acct', container_name: 'c', blob_path: 'x.csv' } }, 'p')).toEqual({
      connectionName: 'workspaceblobstore',
      azuremlDatastoreUri: 'azureml://datastores/workspaceblobstore',
      accountUrl: 'https://acct.blob.core.windows.net',
      containerName: 'c',
      blobPath: 'x.csv',
    });
  });

  it('accepts a profile written as a JSON string and an explicit account_url', () => {
    const profile = JSON.stringify({ ...base, account_name: 'acct', container_name: 'c', blob_path: 'x.csv', account_url: 'https://custom.example/' });
    expect(blobConfigFromProfiles({ default: profile }, 'default').accountUrl).toBe('https://custom.example');
  });

  it.each([
    ['an unknown profile', { default: base, prod: base }, 'staging', "Profile 'staging' not found in configuration. Available: default, prod"],
    ['missing required keys', { default: { storage_uri: 'https://a.blob.core.windows.net/c/b' } }, 'default', 'Missing required blob configuration keys: connection_name, azureml_datastore_uri'],
    ['no location', { default: base }, 'default', "Provide either 'storage_uri' or all of 'account_name', 'container_name', 'blob_path'"],
    ['a JSON string that is not JSON', { default: '{nope' }, 'default', "Profile 'default' is a string but not valid JSON"],
    ['a profile that is a list', { default: [1] }, 'default', "Profile 'default' should be a mapping, got object"],
  ])('rejects %s', (_label, data, profile, message) => {
    expect(failure(() => blobConfigFromProfiles(data, profile)).message).toBe(message);
  });

  it.each([
    ['a virtual-host URL', 'https://acct.blob.core.windows.net/c/dir/a%20b.csv', { accountUrl: 'https://acct.blob.core.windows.net', containerName: 'c', blobPath: 'dir/a b.csv' }],
    ["Azurite's path-style URL", 'http://127.0.0.1:10000/devstoreaccount1/c/a.csv', { accountUrl: 'http://127.0.0.1:10000/devstoreaccount1', containerName: 'c', blobPath: 'a.csv' }],
    ['localhost', 'http://localhost:10000/devstoreaccount1/c/a.csv', { accountUrl: 'http://localhost:10000/devstoreaccount1', containerName: 'c', blobPath: 'a.csv' }],
  ])('splits %s', (_label, uri, expected) => {
    expect(parseStorageUri(uri)).toEqual(expected);
  });

  it.each([
    ['ftp://a/c/b', 'Unsupported storage URI scheme: ftp'],
    ['https://acct.blob.core.windows.net/only-container', 'Storage URI must include container and blob path segments'],
    ['not a url', 'Storage URI is not a valid URL'],
  ])('rejects the storage URI %s', (uri, message) => {
    expect(failure(() => parseStorageUri(uri)).message).toBe(message);
  });

  it('loads a YAML file, and explains a missing file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blobcfg-'));
    const file = path.join(dir, 'blob_store.yaml');
    await writeFile(file, 'default:\n  connection_name: c\n  azureml_datastore_uri: u\n  storage_uri: https://a.blob.core.windows.net/k/b.csv\n');
    expect((await loadBlobConfig(file)).blobPath).toBe('b.csv');
    await expect(loadBlobConfig(path.join(dir, 'missing.yaml'))).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: `Configuration file not found: ${path.join(dir, 'missing.yaml')}` });
    await writeFile(file, '');
    await expect(loadBlobConfig(file)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: `Configuration file is empty: ${file}` });
  });
});
