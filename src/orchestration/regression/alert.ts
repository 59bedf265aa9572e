import type { RunServices } from '../services';
import { TELEMETRY_EVENTS, WEBHOOK_SETTING } from './events';
import { degradedLines, webhookBody, type RegressionAlert } from './webhookPayload';

/** What raising an alert did; stored with the comparison (never the webhook URL: it is a secret). */
export interface AlertRecord {
  event: string;
  webhook: { status: 'sent' | 'failed' | 'not_configured'; httpStatus?: number; attempts?: number; error?: string };
}

const WEBHOOK_ATTEMPTS = 3;
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * A degraded scheduled run: the telemetry event the infra alert rule counts, then the
 * optional webhook. Neither may fail the run: a webhook that cannot be reached is retried
 * twice (429, 5xx, network errors) and then recorded as failed.
 */
export async function raiseRegressionAlert(services: RunServices, alert: RegressionAlert): Promise<AlertRecord> {
  services.telemetry.trackEvent(TELEMETRY_EVENTS.regression, {
    suite: alert.suite,
    runId: alert.runId,
    slot: alert.slot,
    reference: alert.regression.reference,
    referenceKind: alert.regression.referenceKind,
    experiment: alert.regression.experiment,
    degraded: degradedLines(alert.regression).join('; '),
  });
  await services.telemetry.flush();
  const url = services.env[WEBHOOK_SETTING]?.trim();
  const webhook = url ? await postWebhook(services, url, alert) : { status: 'not_configured' as const };
  services.logger.warn('[regression] scheduled suite regressed', { suite: alert.suite, runId: alert.runId, reference: alert.regression.reference, webhook: webhook.status });
  return { event: TELEMETRY_EVENTS.regression, webhook };
}

async function postWebhook(services: RunServices, url: string, alert: RegressionAlert): Promise<AlertRecord['webhook']> {
  if (!/^https?:\/\//i.test(url)) {
    // An unresolved Key Vault reference (`@Microsoft.KeyVault(...)`) reads as text, not a URL.
    return { status: 'failed', error: `${WEBHOOK_SETTING} is not an http(s) URL (an unresolved Key Vault reference?)` };
  }
  const body = JSON.stringify(webhookBody(url, alert));
  let last: AlertRecord['webhook'] = { status: 'failed' };
  for (let attempt = 1; attempt <= WEBHOOK_ATTEMPTS; attempt += 1) {
    try {
      const response = await services.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { status: 'sent', httpStatus: response.status, attempts: attempt };
      last = { status: 'failed', httpStatus: response.status, attempts: attempt };
      if (response.status !== 429 && response.status < 500) return last;
    } catch (error) {
      // The message of a fetch error can carry the URL; keep only its kind.
      last = { status: 'failed', attempts: attempt, error: error instanceof Error ? error.name : 'error' };
    }
    if (attempt < WEBHOOK_ATTEMPTS) await services.clock.sleep(1000 * attempt);
  }
  return last;
}
