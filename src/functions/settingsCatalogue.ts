import { AppError } from '../core/errors';
import type { CloudPolicy } from '../orchestration/cloudPolicy';
import { TELEMETRY_EVENTS, WEBHOOK_SETTING } from '../orchestration/regression/events';

export { TELEMETRY_EVENTS };

/**
 * Every app setting the Function App reads (itself or through host.json and its bindings),
 * in one list: the start-up check reads it, docs/deploy.md tables it, and a test holds
 * infra/ against it (every setting here is set by infra, every setting infra sets is here).
 */
export interface AppSettingSpec {
  name: string;
  /** What it is for (the start-up error quotes it). */
  purpose: string;
  /** The app does not start without it. */
  required?: boolean;
  /**
   * Who reads it: the app's code, the Functions host (host.json, bindings), both, or a suite
   * that names it in a `*_env` option (e.g. `endpoint_env: ELSPETH_CONTENT_SAFETY_ENDPOINT`).
   */
  readBy: 'app' | 'host' | 'both' | 'suite';
  /** Settings for local runs only; infra never sets them. */
  localOnly?: boolean;
  /** Set by infra only when the resource it describes is created (optional resources). */
  optional?: boolean;
}

export const APP_SETTINGS: readonly AppSettingSpec[] = [
  { name: 'ELSPETH_TASK_HUB', purpose: 'the Durable Functions task hub (host.json hubName)', required: true, readBy: 'host' },
  { name: 'ELSPETH_SCHEDULE', purpose: 'the NCRONTAB schedule of the scheduledSuite timer', required: true, readBy: 'host' },
  { name: 'ELSPETH_CONTAINER', purpose: 'the blob container for runs and submitted suites', readBy: 'app' },
  { name: 'ELSPETH_SUITES_ROOT', purpose: 'a folder of suites shipped with the app (the package carries none: the cloud runs submitted suites)', readBy: 'app', localOnly: true },
  { name: 'ELSPETH_SCHEDULED_SUITES', purpose: 'the suites the timer runs: <name>[@<profile>], comma-separated', readBy: 'app' },
  { name: 'ELSPETH_SCHEDULED_SUITE', purpose: 'the older one-suite form of ELSPETH_SCHEDULED_SUITES', readBy: 'app', localOnly: true },
  { name: 'ELSPETH_SCHEDULED_PROFILE', purpose: 'the profile of ELSPETH_SCHEDULED_SUITE', readBy: 'app', localOnly: true },
  { name: 'ELSPETH_MAX_SUITE_BYTES', purpose: 'the largest suite elspeth submit may send, in bytes (default 20 MiB)', readBy: 'app' },
  { name: WEBHOOK_SETTING, purpose: 'optional Teams or Slack webhook for regression alerts (a Key Vault reference)', readBy: 'app', optional: true },
  { name: 'ELSPETH_LOG_LEVEL', purpose: 'debug, info, warn or error', readBy: 'app' },
  { name: 'ELSPETH_ALLOW_SUITE_CODE', purpose: "'true' lets suites started over HTTP, by elspeth submit or by the timer run their own JavaScript (custom_scorer); anything else refuses them", readBy: 'app' },
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', purpose: 'where telemetry goes', readBy: 'both' },
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', purpose: 'Authorization=AAD;ClientId=<identity>: telemetry sent with the managed identity', readBy: 'both' },
  { name: 'AzureWebJobsStorage__accountName', purpose: 'the storage account, reached with the managed identity', readBy: 'both' },
  { name: 'AzureWebJobsStorage__credential', purpose: "'managedidentity'", readBy: 'both' },
  { name: 'AzureWebJobsStorage__clientId', purpose: 'the user-assigned identity for storage', readBy: 'both' },
  { name: 'AZURE_CLIENT_ID', purpose: 'the user-assigned identity DefaultAzureCredential uses for model endpoints', readBy: 'app' },
  { name: 'ELSPETH_CONTENT_SAFETY_ENDPOINT', purpose: 'the Content Safety endpoint (when infra creates one)', readBy: 'suite', optional: true },
  { name: 'ELSPETH_CONTENT_SAFETY_KEY', purpose: 'its key, a Key Vault reference', readBy: 'suite', optional: true },
  { name: 'AzureWebJobsStorage', purpose: 'a storage connection string (Azurite locally)', readBy: 'both', localOnly: true },
  { name: 'ELSPETH_STORAGE', purpose: 'run data in another account than the host storage (connection string or ELSPETH_STORAGE__*)', readBy: 'app', localOnly: true },
];

/** What suites may ask of the app in the cloud: the settings they may name in `*_env` options. */
export const CLOUD_POLICY: CloudPolicy = { suiteSettings: APP_SETTINGS.filter((spec) => spec.readBy === 'suite').map((spec) => spec.name) };

/** One of these must be set: the host and the app both need storage. */
const STORAGE_SETTINGS = ['AzureWebJobsStorage', 'AzureWebJobsStorage__accountName', 'AzureWebJobsStorage__blobServiceUri'];

/**
 * Fails start-up naming the first missing required setting and what it is for, instead of
 * the host's or the first request's obscure failure later.
 */
export function checkRequiredAppSettings(env: Readonly<Record<string, string | undefined>>): void {
  const isSet = (name: string) => (env[name]?.trim() ?? '') !== '';
  const missing = APP_SETTINGS.filter((spec) => spec.required && !isSet(spec.name));
  const problems = missing.map((spec) => `${spec.name} (${spec.purpose})`);
  if (!STORAGE_SETTINGS.some(isSet)) problems.push(`AzureWebJobsStorage__accountName or AzureWebJobsStorage (the storage account for runs and the task hub)`);
  if (problems.length === 0) return;
  throw new AppError('CONFIG_INVALID', `Missing required app setting${problems.length > 1 ? 's' : ''}: ${problems.join('; ')}`, {
    details: { missing: [...missing.map((spec) => spec.name), ...(STORAGE_SETTINGS.some(isSet) ? [] : ['AzureWebJobsStorage__accountName'])] },
  });
}
