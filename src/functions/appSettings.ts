import path from 'node:path';
import { z } from 'zod';
import { storageSettingsFromAppSettings, type StorageSettings } from '../azure/storageSettings';
import { AppError } from '../core/errors';

/**
 * The Function App's settings, parsed once at start-up (STYLE: parse the environment
 * once, then pass values down). Nothing below functions/ reads process.env.
 */
const AppSettingsSchema = z.object({
  ELSPETH_SUITES_ROOT: z.string().min(1).optional(),
  ELSPETH_CONTAINER: z.string().regex(/^(?!.*--)[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, 'must be a valid blob container name').default('elspeth'),
  ELSPETH_SCHEDULE: z.string().optional(),
  ELSPETH_SCHEDULED_SUITES: z.string().optional(),
  ELSPETH_SCHEDULED_SUITE: z.string().optional(),
  ELSPETH_SCHEDULED_PROFILE: z.string().optional(),
  ELSPETH_MAX_SUITE_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(20 * 1024 * 1024),
  ELSPETH_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Read where runs are validated (orchestration/suiteCode.ts); parsed here so a typo ('yes') stops start-up.
  ELSPETH_ALLOW_SUITE_CODE: z.enum(['true', 'false']).optional(),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().optional(),
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: z.string().optional(),
});

export interface ScheduledSuite {
  suite: string;
  profile?: string;
}

export interface AppSettings {
  suitesRoot: string;
  container: string;
  /** What the timer runs, in order (ELSPETH_SCHEDULED_SUITES, or the older ELSPETH_SCHEDULED_SUITE/_PROFILE). */
  scheduledSuites: ScheduledSuite[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** The largest suite `PUT /api/suites/{sha256}` accepts, in bytes. */
  maxSuiteBytes: number;
  appInsightsConnectionString?: string;
  /** `Authorization=AAD;ClientId=<id>`: telemetry is sent with that managed identity. */
  appInsightsAuthenticationString?: string;
  storage: StorageSettings;
  /** The whole environment snapshot, for plugins' `*_env` options. */
  env: Readonly<Record<string, string | undefined>>;
}

/** The app root is three levels above dist/src/functions/. */
export const APP_ROOT = path.resolve(__dirname, '..', '..', '..');

export function parseAppSettings(env: Readonly<Record<string, string | undefined>>): AppSettings {
  // An app setting that exists but is empty means "not set" (portal forms leave them so).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const result = AppSettingsSchema.safeParse(present);
  if (!result.success) {
    // Fail start-up naming each setting (values are not echoed: some settings hold secrets).
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new AppError('CONFIG_INVALID', `Invalid app settings: ${problems.join('; ')}`, { details: { problems } });
  }
  const parsed = result.data;
  const settings: AppSettings = {
    suitesRoot: path.resolve(APP_ROOT, parsed.ELSPETH_SUITES_ROOT ?? 'samples'),
    container: parsed.ELSPETH_CONTAINER,
    logLevel: parsed.ELSPETH_LOG_LEVEL,
    maxSuiteBytes: parsed.ELSPETH_MAX_SUITE_BYTES,
    scheduledSuites: scheduledSuitesOf(parsed),
    storage: storageSettingsFromAppSettings(env, usesOwnStorage(env) ? 'ELSPETH_STORAGE' : 'AzureWebJobsStorage'),
    env,
  };
  if (parsed.APPLICATIONINSIGHTS_CONNECTION_STRING) settings.appInsightsConnectionString = parsed.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (parsed.APPLICATIONINSIGHTS_AUTHENTICATION_STRING) settings.appInsightsAuthenticationString = parsed.APPLICATIONINSIGHTS_AUTHENTICATION_STRING;
  return settings;
}

/** `a, b@nightly`: suite names, each with an optional profile after `@`. */
function scheduledSuitesOf(parsed: z.infer<typeof AppSettingsSchema>): ScheduledSuite[] {
  if (!parsed.ELSPETH_SCHEDULED_SUITES) {
    if (!parsed.ELSPETH_SCHEDULED_SUITE) return [];
    return [{ suite: parsed.ELSPETH_SCHEDULED_SUITE, ...(parsed.ELSPETH_SCHEDULED_PROFILE ? { profile: parsed.ELSPETH_SCHEDULED_PROFILE } : {}) }];
  }
  return parsed.ELSPETH_SCHEDULED_SUITES.split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [suite = '', profile] = entry.split('@').map((part) => part.trim());
      return profile ? { suite, profile } : { suite };
    });
}

/** ELSPETH_STORAGE in either form: a connection string or identity-based `ELSPETH_STORAGE__*` settings. */
function usesOwnStorage(env: Readonly<Record<string, string | undefined>>): boolean {
  return Object.entries(env).some(([key, value]) => (key === 'ELSPETH_STORAGE' || key.startsWith('ELSPETH_STORAGE__')) && value?.trim());
}
