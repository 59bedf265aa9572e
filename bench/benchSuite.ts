import fs from 'node:fs';
import path from 'node:path';
import { applicationsCsv, generateApplications } from '../src/local/syntheticDataset';

export interface BenchSuiteOptions {
  dir: string;
  rows: number;
  batchSize: number;
  batchesInFlight: number;
  workersPerBatch: number;
}

/**
 * A one-experiment suite over the synthetic dataset: one model call per row through
 * http_openai to the mock server, score extraction, score_stats, and the CSV and
 * analytics report sinks, so the whole path is measured, not just the model calls.
 */
export function writeBenchSuite(options: BenchSuiteOptions): { settingsFile: string; suiteRoot: string } {
  const suiteRoot = path.join(options.dir, 'bench_suite');
  fs.mkdirSync(path.join(suiteRoot, 'baseline'), { recursive: true });
  fs.writeFileSync(path.join(suiteRoot, 'applications.csv'), applicationsCsv(generateApplications(options.rows)));
  fs.writeFileSync(
    path.join(suiteRoot, 'baseline', 'config.json'),
    JSON.stringify({ name: 'baseline', temperature: 0, max_tokens: 64, enabled: true, is_baseline: true }),
  );
  const settings = `default:
  datasource: { plugin: local_csv, options: { path: applications.csv } }
  llm: { plugin: http_openai, options: { api_base_env: ELSPETH_MOCK_LLM_URL, model: mock, timeout: 30 } }
  sinks:
    - { plugin: csv, options: { path: results.csv } }
    - { plugin: analytics_report, options: { base_path: reports } }
  prompts:
    system: "You review applications and answer with JSON {\\"score\\": <0-1>}."
    user: "Rate {{ APPID }}: {{ title }}. {{ summary }}"
  row_plugins: [{ name: score_extractor }]
  aggregator_plugins: [{ name: score_stats }]
  concurrency: { enabled: true, max_workers: ${options.workersPerBatch}, backlog_threshold: 1 }
  orchestration: { batch_size: ${options.batchSize}, max_batches_in_flight: ${options.batchesInFlight} }
`;
  const settingsFile = path.join(suiteRoot, 'settings.yaml');
  fs.writeFileSync(settingsFile, settings);
  return { settingsFile, suiteRoot };
}
