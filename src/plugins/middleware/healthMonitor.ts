import { z } from 'zod';
import type { LlmResponse } from '../../core/llm/types';
import { definePlugin, type LlmMiddleware } from '../../core/plugins/kinds';
import type { Clock, Logger } from '../../core/ports';
import { options } from '../../core/plugins/registry';
import { channelLog } from './channelLog';

export const HealthMonitorOptionsSchema = options({
  /** Seconds between heartbeats; 0 logs one after every call. */
  heartbeat_interval: z.number().min(0).default(60),
  /** How many recent latencies the heartbeat summarises. */
  stats_window: z.number().int().min(1).default(50),
  channel: z.string().min(1).default('dmp.health'),
  include_latency: z.boolean().default(true),
});
export type HealthMonitorOptions = z.infer<typeof HealthMonitorOptionsSchema>;

/** A response the endpoint marked as failed (`error` on the response or in its metrics). */
function carriesError(response: LlmResponse): boolean {
  return Boolean((response as { error?: unknown }).error ?? response.metrics?.error);
}

/**
 * docs/original-behaviour.md §5.2 `health_monitor`: counts calls and failures and logs a heartbeat with latency stats.
 * Fixed against the original: thrown errors count as failures, and in-flight calls are keyed
 * by request id and attempt, so a middleware that copies the request cannot lose them.
 */
export function createHealthMonitor(config: HealthMonitorOptions, deps: { logger: Logger; clock: Clock }): LlmMiddleware & { heartbeat(): Record<string, number> } {
  const log = channelLog(deps.logger, config.channel);
  const inFlight = new Map<string, number>();
  const latencies: number[] = [];
  let requests = 0;
  let failures = 0;
  let lastHeartbeat = deps.clock.now();

  const heartbeat = (): Record<string, number> => {
    const fields: Record<string, number> = { requests, failures, in_flight: inFlight.size };
    if (requests > 0) fields.failure_rate = failures / requests;
    if (latencies.length > 0) {
      fields.latency_count = latencies.length;
      fields.latency_avg = latencies.reduce((sum, value) => sum + value, 0) / latencies.length;
      fields.latency_min = Math.min(...latencies);
      fields.latency_max = Math.max(...latencies);
    }
    return fields;
  };

  const finish = (key: string, failed: boolean) => {
    const now = deps.clock.now();
    const started = inFlight.get(key);
    inFlight.delete(key);
    requests += 1;
    if (failed) failures += 1;
    if (config.include_latency && started !== undefined) {
      latencies.push((now - started) / 1000);
      if (latencies.length > config.stats_window) latencies.shift();
    }
    if (config.heartbeat_interval === 0 || now - lastHeartbeat >= config.heartbeat_interval * 1000) {
      lastHeartbeat = now;
      log.info('health heartbeat', { event: 'health_heartbeat', ...heartbeat() });
    }
  };

  let sequence = 0;
  return {
    name: 'health_monitor',
    heartbeat,
    async send(request, next) {
      // The attempt number makes retries distinct; the counter keeps concurrent duplicates apart.
      const key = `${request.requestId}#${JSON.stringify(request.metadata.attempt ?? null)}#${(sequence += 1)}`;
      inFlight.set(key, deps.clock.now());
      let response: LlmResponse;
      try {
        response = await next(request);
      } catch (error) {
        finish(key, true);
        throw error;
      }
      finish(key, carriesError(response));
      return response;
    },
  };
}

export const healthMonitorMiddleware = definePlugin({
  name: 'health_monitor',
  kind: 'middleware',
  description: 'Counts calls, failures and latency and logs a periodic heartbeat.',
  configSchema: HealthMonitorOptionsSchema,
  create: (config, deps) => createHealthMonitor(config, deps),
});
