/** The suite-level rows and tables of docs/original-behaviour.md §5.1, built from what the hooks receive. */
import type { ExperimentPayload } from '../../core/engine/records';
import type { AzureEventSink } from './azureEventSink';

export const experimentFields = (meta: Record<string, unknown>) => ({
  temperature: meta.temperature ?? null,
  max_tokens: meta.max_tokens ?? null,
  is_baseline: meta.is_baseline ?? false,
});

/** A JSON string with sorted keys, so tables read the same whatever order keys were set in. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

const scalarOrJson = (value: unknown) => (value !== null && typeof value === 'object' ? sortedJson(value) : value);

export function emitSuiteLoaded(sink: AzureEventSink, experiments: Record<string, unknown>[], preflight: Record<string, unknown>, timestamp: string): void {
  sink.metric('experiment_count', experiments.length);
  for (const experiment of experiments) {
    sink.row('experiments', { experiment: experiment.experiment ?? experiment.name, ...experimentFields(experiment), timestamp });
  }
  sink.row('suite_preflight', { ...preflight, timestamp });
}

export interface ExperimentCompleteOptions {
  logMetrics: boolean;
  timestamp: string;
}

export function emitExperimentComplete(sink: AzureEventSink, name: string, payload: ExperimentPayload, meta: Record<string, unknown>, options: ExperimentCompleteOptions): void {
  const cost = payload.cost_summary ?? payload.metadata.cost_summary ?? {};
  const fields: Record<string, unknown> = {
    experiment: name,
    timestamp: options.timestamp,
    rows: payload.results.length,
    failures: payload.failures.length,
    ...experimentFields(meta),
  };
  for (const [key, value] of Object.entries(cost)) fields[`cost_${key}`] = value;
  fields.aggregates = sortedJson(payload.aggregates ?? {});
  // Ids and errors only: row content is user data and stays out of telemetry.
  fields.failures_detail = JSON.stringify(payload.failures.slice(0, 3).map((f) => ({ index: f.index, id: f.id, error: f.error, error_code: f.error_code })));
  sink.row('experiment_complete', fields);
  if (!options.logMetrics) return;
  const columns = Object.fromEntries(Object.entries(payload.aggregates ?? {}).map(([plugin, value]) => [plugin, [scalarOrJson(value)]]));
  sink.table(`experiment_${name}_aggregates`, columns);
}

export function emitBaselineComparison(sink: AzureEventSink, name: string, comparisons: Record<string, unknown>): void {
  for (const [plugin, result] of Object.entries(comparisons)) {
    const entries = result !== null && typeof result === 'object' ? Object.entries(result as Record<string, unknown>) : [['value', result] as const];
    sink.table(`baseline_${name}_${plugin}`, Object.fromEntries(entries.map(([key, value]) => [key, [scalarOrJson(value)]])));
  }
}
