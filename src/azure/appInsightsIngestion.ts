/**
 * A small Application Insights ingestion client: custom events and metrics as track
 * envelopes posted to `<IngestionEndpoint>/v2.1/track`. It replaces the `applicationinsights`
 * SDK (most of the deployment zip's size and of its cold start) for the two calls the app
 * makes. With `APPLICATIONINSIGHTS_AUTHENTICATION_STRING=Authorization=AAD;ClientId=<id>` each
 * post carries an Entra token of that managed identity, which an Application Insights
 * resource with local authentication disabled requires (docs/deploy.md).
 */
import type { TokenCredential } from '@azure/identity';
import { AppError } from '../core/errors';
import { parseConnectionString } from './connectionString';

/** The audience Azure Monitor ingestion accepts tokens for. */
export const MONITOR_SCOPE = 'https://monitor.azure.com/.default';

export interface IngestionTarget {
  instrumentationKey: string;
  /** `<IngestionEndpoint>/v2.1/track`. */
  trackUrl: string;
}

/** The parts of a connection string that ingestion needs; throws CONFIG_INVALID naming what is missing. */
export function ingestionTargetOf(connectionString: string): IngestionTarget {
  const pairs = parseConnectionString(connectionString);
  const instrumentationKey = pairs.get('instrumentationkey');
  if (!instrumentationKey) throw new AppError('CONFIG_INVALID', 'APPLICATIONINSIGHTS_CONNECTION_STRING has no InstrumentationKey');
  const endpoint = pairs.get('ingestionendpoint') ?? 'https://dc.services.visualstudio.com/';
  return { instrumentationKey, trackUrl: new URL('v2.1/track', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).toString() };
}

export interface AuthenticationSetting {
  /** True for `Authorization=AAD`: tokens are required. */
  entra: boolean;
  /** The user-assigned managed identity to use (`ClientId=`). */
  clientId?: string;
}

/** `APPLICATIONINSIGHTS_AUTHENTICATION_STRING`, the setting the Functions host reads too. */
export function parseAuthenticationString(value: string | undefined): AuthenticationSetting {
  if (!value?.trim()) return { entra: false };
  const pairs = parseConnectionString(value);
  const authorization = pairs.get('authorization');
  if (authorization?.toUpperCase() !== 'AAD') {
    throw new AppError('CONFIG_INVALID', "APPLICATIONINSIGHTS_AUTHENTICATION_STRING must be 'Authorization=AAD' (optionally with ';ClientId=<id>')");
  }
  const clientId = pairs.get('clientid');
  return clientId ? { entra: true, clientId } : { entra: true };
}

export type Envelope = Record<string, unknown>;

export function eventEnvelope(target: IngestionTarget, time: Date, name: string, properties: Record<string, string>, tags: Record<string, string>): Envelope {
  return envelope(target, time, 'Event', { baseType: 'EventData', baseData: { ver: 2, name, properties } }, tags);
}

export function metricEnvelope(target: IngestionTarget, time: Date, name: string, value: number, properties: Record<string, string>, tags: Record<string, string>): Envelope {
  return envelope(target, time, 'Metric', { baseType: 'MetricData', baseData: { ver: 2, metrics: [{ name, value, count: 1 }], properties } }, tags);
}

function envelope(target: IngestionTarget, time: Date, kind: string, data: Record<string, unknown>, tags: Record<string, string>): Envelope {
  return { name: `Microsoft.ApplicationInsights.${kind}`, time: time.toISOString(), iKey: target.instrumentationKey, tags, data };
}

export interface PostEnvelopesOptions {
  target: IngestionTarget;
  fetch: typeof fetch;
  credential?: TokenCredential;
}

/** Posts one batch; resolves with the HTTP status (2xx accepted), never with the body. */
export async function postEnvelopes(envelopes: readonly Envelope[], options: PostEnvelopesOptions): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.credential) {
    const token = await options.credential.getToken(MONITOR_SCOPE);
    if (!token) throw new AppError('CONFIG_INVALID', 'No Entra token for Azure Monitor ingestion');
    headers.authorization = `Bearer ${token.token}`;
  }
  const response = await options.fetch(options.target.trackUrl, { method: 'POST', headers, body: JSON.stringify(envelopes) });
  await response.arrayBuffer();
  return response.status;
}
