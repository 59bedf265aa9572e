import fs from 'node:fs';
import path from 'node:path';
import { applicationsCsv, generateApplications } from './syntheticDataset';

export interface QuotaSuiteOptions {
  dir: string;
  rows: number;
  /** Calls in flight at most, run-wide. */
  maxWorkers: number;
  /** The declared quota's limiter, or none (adaptive concurrency). */
  limiter?: 'adaptive' | 'shared';
  /** Requests per second the limiter is told (the mock's quota). */
  quota?: number;
  cache: boolean;
  label: string;
}

/**
 * The quota bench's suite: one experiment, one call per row through http_openai to the mock
 * model (temperature 0, so the cache may answer), score extraction and statistics, a CSV.
 * `max_workers` is the run-wide cap on calls in flight; the engine derives the batch layout.
 */
export function writeQuotaSuite(options: QuotaSuiteOptions): { settingsFile: string; suiteRoot: string } {
  const suiteRoot = path.join(options.dir, 'quota_suite');
  fs.mkdirSync(path.join(suiteRoot, 'baseline'), { recursive: true });
  fs.writeFileSync(path.join(suiteRoot, 'rows.csv'), applicationsCsv(generateApplications(options.rows)));
  fs.writeFileSync(path.join(suiteRoot, 'baseline', 'config.json'), JSON.stringify({ name: 'baseline', temperature: 0, max_tokens: 32, enabled: true, is_baseline: true }));
  const perMinute = (options.quota ?? 100) * 60;
  const limiter = options.limiter ? `  rate_limiter: { plugin: ${options.limiter}, options: { requests_per_minute: ${perMinute} } }\n` : '';
  const settings = `default:
  datasource: { plugin: local_csv, options: { path: rows.csv } }
  llm: { plugin: http_openai, options: { api_base_env: ELSPETH_MOCK_LLM_URL, model: mock, timeout: 30 } }
  sinks: [{ plugin: csv, options: { path: results.csv } }]
  prompts: { system: "Score applications.", user: "{{ APPID }}: {{ title }}. {{ summary }}" }
  row_plugins: [{ name: score_extractor }]
  aggregator_plugins: [{ name: score_stats }]
  retry: { max_attempts: 6, initial_delay: 0.05, backoff_multiplier: 2, max_delay: 2, jitter: 0.2 }
${limiter}  concurrency: { enabled: true, max_workers: ${options.maxWorkers}, backlog_threshold: 1 }
${options.cache ? '  cache: { enabled: true, ttl: 3600 }\n' : ''}`;
  const settingsFile = path.join(suiteRoot, 'settings.yaml');
  fs.writeFileSync(settingsFile, settings);
  return { settingsFile, suiteRoot };
}
