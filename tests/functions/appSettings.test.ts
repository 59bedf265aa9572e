import path from 'node:path';
import { hasErrorCode, isAppError } from '../../src/core/errors';
import { APP_ROOT, parseAppSettings } from '../../src/functions/appSettings';

function settingsError(env: Record<string, string>): unknown {
  try {
    parseAppSettings(env);
  } catch (error) {
    return error;
  }
  throw new Error('parseAppSettings accepted invalid settings');
}

describe('parseAppSettings', () => {
  it('gives the defaults for an empty environment', () => {
    expect(parseAppSettings({})).toEqual({
      suitesRoot: path.join(APP_ROOT, 'samples'),
      container: 'elspeth',
      logLevel: 'info',
      maxSuiteBytes: 20971520,
      scheduledSuites: [],
      storage: {},
      env: {},
    });
  });

  it('reads every setting it knows', () => {
    const env = {
      ELSPETH_SUITES_ROOT: '/srv/suites',
      ELSPETH_CONTAINER: 'elspeth-ci',
      ELSPETH_SCHEDULE: '0 0 2 * * *',
      ELSPETH_SCHEDULED_SUITE: 'sample_suite',
      ELSPETH_SCHEDULED_PROFILE: 'nightly',
      ELSPETH_LOG_LEVEL: 'debug',
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:1/',
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
    };
    expect(parseAppSettings(env)).toEqual({
      suitesRoot: '/srv/suites',
      container: 'elspeth-ci',
      scheduledSuites: [{ suite: 'sample_suite', profile: 'nightly' }],
      maxSuiteBytes: 20971520,
      logLevel: 'debug',
      appInsightsConnectionString: env.APPLICATIONINSIGHTS_CONNECTION_STRING,
      storage: { connectionString: 'UseDevelopmentStorage=true' },
      env,
    });
  });

  it('resolves a relative suites root against the app root, not the working directory', () => {
    expect(parseAppSettings({ ELSPETH_SUITES_ROOT: 'suites/nightly' }).suitesRoot).toBe(path.join(APP_ROOT, 'suites', 'nightly'));
  });

  it('treats empty optional settings as unset', () => {
    const settings = parseAppSettings({ ELSPETH_SCHEDULED_SUITE: '', ELSPETH_SCHEDULED_PROFILE: '', APPLICATIONINSIGHTS_CONNECTION_STRING: '' });
    expect(settings).toEqual({ suitesRoot: path.join(APP_ROOT, 'samples'), container: 'elspeth', logLevel: 'info', maxSuiteBytes: 20971520, scheduledSuites: [], storage: {}, env: expect.any(Object) });
  });

  it.each([
    ['a', [{ suite: 'a' }]],
    [' a , b@nightly ,, c@ ', [{ suite: 'a' }, { suite: 'b', profile: 'nightly' }, { suite: 'c' }]],
  ])('reads ELSPETH_SCHEDULED_SUITES %p', (value, expected) => {
    expect(parseAppSettings({ ELSPETH_SCHEDULED_SUITES: value, ELSPETH_SCHEDULED_SUITE: 'ignored' }).scheduledSuites).toEqual(expected);
  });

  it.each(['elspeth', 'abc', 'a1-b2', 'x'.repeat(63)])('accepts the container name %s', (container) => {
    expect(parseAppSettings({ ELSPETH_CONTAINER: container }).container).toBe(container);
  });

  it.each([
    ['an upper-case letter', 'Elspeth'],
    ['an underscore', 'elspeth_runs'],
    ['only two characters', 'ab'],
    ['64 characters', 'x'.repeat(64)],
    ['a leading hyphen', '-elspeth'],
    ['a trailing hyphen', 'elspeth-'],
    ['two hyphens in a row', 'elspeth--runs'],
  ])('rejects a container name with %s as CONFIG_INVALID naming the setting', (_label, container) => {
    const error = settingsError({ ELSPETH_CONTAINER: container });
    expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toBe('Invalid app settings: ELSPETH_CONTAINER: must be a valid blob container name');
  });

  it('lists every invalid setting at once', () => {
    const error = settingsError({ ELSPETH_CONTAINER: 'Bad_Name', ELSPETH_LOG_LEVEL: 'loud' });
    expect(isAppError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toBe(
      'Invalid app settings: ELSPETH_CONTAINER: must be a valid blob container name; ELSPETH_LOG_LEVEL: Invalid option: expected one of "debug"|"info"|"warn"|"error"',
    );
  });

  describe('storage', () => {
    it.each([
      ['a connection string in AzureWebJobsStorage', { AzureWebJobsStorage: 'UseDevelopmentStorage=true' }, { connectionString: 'UseDevelopmentStorage=true' }],
      [
        'identity-based AzureWebJobsStorage (managed identity, no keys)',
        {
          AzureWebJobsStorage__accountName: 'elspethsa',
          AzureWebJobsStorage__credential: 'managedidentity',
          AzureWebJobsStorage__clientId: '00000000-0000-0000-0000-000000000001',
        },
        { accountName: 'elspethsa', credential: 'managedidentity', clientId: '00000000-0000-0000-0000-000000000001' },
      ],
      [
        'identity-based AzureWebJobsStorage with service URIs',
        { AzureWebJobsStorage__blobServiceUri: 'https://sa.blob.core.windows.net', AzureWebJobsStorage__tableServiceUri: 'https://sa.table.core.windows.net' },
        { blobEndpoint: 'https://sa.blob.core.windows.net', tableEndpoint: 'https://sa.table.core.windows.net' },
      ],
      [
        'ELSPETH_STORAGE, which wins over AzureWebJobsStorage',
        { ELSPETH_STORAGE: 'UseDevelopmentStorage=true', AzureWebJobsStorage__accountName: 'hostsa' },
        { connectionString: 'UseDevelopmentStorage=true' },
      ],
      [
        'identity-based ELSPETH_STORAGE, which also wins over AzureWebJobsStorage',
        { ELSPETH_STORAGE__accountName: 'reportsa', ELSPETH_STORAGE__credential: 'managedidentity', AzureWebJobsStorage: 'UseDevelopmentStorage=true' },
        { accountName: 'reportsa', credential: 'managedidentity' },
      ],
      ['nothing configured', {}, {}],
    ])('reads %s', (_label, env, storage) => {
      expect(parseAppSettings(env).storage).toEqual(storage);
    });
  });
});

describe('empty app settings', () => {
  it('treats an empty setting as unset', () => {
    const settings = parseAppSettings({ ELSPETH_SUITES_ROOT: '', ELSPETH_CONTAINER: ' ', AzureWebJobsStorage: 'UseDevelopmentStorage=true' });
    expect([settings.suitesRoot.endsWith('samples'), settings.container]).toEqual([true, 'elspeth']);
  });
});
