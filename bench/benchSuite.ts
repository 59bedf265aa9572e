import fs from 'node:fs';
import path from 'node:path';
import { applicationsCsv, generateApplications } from './syntheticDataset';

export interface BenchSuiteOptions {
  dir: string;
  rows: number;
  /** The run-wide cap on calls in flight (`concurrency.max_workers`); the layout is derived from it. */
  maxWorkers: number;
  /** A baseline plus this many minus one identical variants (default 1). */
  experiments?: number;
}

/**
 * A suite over the synthetic dataset with default orchestration settings: one model call
 * per row through http_openai to the mock server, score extraction, score_stats, and the
 * CSV and analytics report sinks, so the whole path is measured, not just the model calls.
 */
export function writeBenchSuite(options: BenchSuiteOptions): { settingsFile: string; suiteRoot: string } {
  const suiteRoot = path.join(options.dir, 'bench_suite');
  fs.mkdirSync(suiteRoot, { recursive: true });
  fs.writeFileSync(path.join(suiteRoot, 'applications.csv'), applicationsCsv(generateApplications(options.rows)));
  for (let i = 0; i < (options.experiments ?? 1); i++) {
    const name = i === 0 ? 'baseline' : `variant_${i}`;
    fs.mkdirSync(path.join(suiteRoot, name));
    fs.writeFileSync(path.join(suiteRoot, name, 'config.json'), JSON.stringify({ name, temperature: 0, max_tokens: 64, enabled: true, is_baseline: i === 0 }));
  }
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
  concurrency: { enabled: true, max_workers: ${options.maxWorkers}, backlog_threshold: 1 }
`;
  const settingsFile = path.join(suiteRoot, 'settings.yaml');
  fs.writeFileSync(settingsFile, settings);
  return { settingsFile, suiteRoot };
}
