/**
 * Times the full analytics stack: every aggregator on baseline and variant, then every
 * baseline comparison, over 100,000 deterministic records with 3 criteria per experiment.
 * Run: npx tsc -p tsconfig.build.json && node dist/bench/analyticsBench.js [records]
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { ExperimentPayload, ExperimentRecord } from '../src/core/engine/records';
import { noopLogger, noopTelemetry } from '../src/core/ports';
import type { PluginDeps } from '../src/core/plugins/kinds';
import { createSeededRandom } from '../src/core/stats/random';
import { aggregatorPlugins } from '../src/plugins/aggregator';
import { baselinePlugins } from '../src/plugins/baseline';
import { createScoreExtractor, scoreExtractor } from '../src/plugins/row/scoreExtractor';

const CRITERIA = ['accuracy', 'clarity', 'relevance'];
const WORDS = ['clearly', 'vague', 'complete', 'perhaps', 'strong', 'missing', 'seems', 'detailed', 'weak', 'thorough'];

const deps: PluginDeps = {
  logger: noopLogger,
  telemetry: noopTelemetry,
  clock: { now: () => 0, sleep: () => Promise.resolve() },
  env: {},
  fetch: () => Promise.reject(new Error('no network in the bench')),
  baseDir: '.',
  createLlm: () => {
    throw new Error('no model in the bench');
  },
};

function makeRecords(count: number, shift: number, seed: number): ExperimentRecord[] {
  const random = createSeededRandom(seed);
  const extractor = createScoreExtractor(scoreExtractor.configSchema.parse({ threshold: 3 }));
  return Array.from({ length: count }, (_, index): ExperimentRecord => {
    const responses = Object.fromEntries(
      CRITERIA.map((criterion) => {
        const score = Math.min(5, Math.max(1, Math.round(3 + shift + (random.next() + random.next() + random.next() - 1.5) * 2)));
        const rationale = `${WORDS[random.nextInt(WORDS.length)]} answer, ${WORDS[random.nextInt(WORDS.length)]} reasoning for ${criterion}`;
        return [criterion, { content: '', metrics: { score, rationale } }];
      }),
    );
    const row = { id: `row-${index}`, category: `cat-${index % 12}`, referee_score: ['yes', 'no', 'partially', 4][index % 4] };
    return {
      status: 'ok',
      index,
      id: row.id,
      row,
      response: responses.accuracy!,
      responses,
      metrics: { ...extractor.processRow(row, responses), prompt_tokens: 100 + (index % 50), completion_tokens: 20, cost: 0.0001, latency_seconds: 0.5 + random.next() },
      metadata: {},
      security_level: 'official',
    };
  });
}

/** A full collection between setup and measurement (exposes V8's gc for this process only). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

function time<T>(label: string, timings: [string, number][], work: () => T): T {
  const start = performance.now();
  const result = work();
  timings.push([label, performance.now() - start]);
  return result;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  const timings: [string, number][] = [];
  const generated = time('generate + score_extractor (both)', timings, () => [makeRecords(count, 0, 1), makeRecords(count, 0.05, 2)]);
  // The aggregate and compare steps read records back from JSONL batches; do the same, so the
  // heap looks like a real run's (flat strings, records laid out as JSON.parse builds them).
  const baselineRecords = time('write and read back as JSONL (both)', timings, () =>
    generated.map((records) => records.map((record) => JSON.stringify(record)).join('\n').split('\n').map((line) => JSON.parse(line) as ExperimentRecord)),
  );
  generated.length = 0;
  const payloads: ExperimentPayload[] = baselineRecords.map((results, i) => ({
    results,
    failures: [],
    aggregates: {},
    metadata: { experiment: i === 0 ? 'baseline' : 'variant', run_id: 'bench', rows: count, row_count: count, failures_count: 0, security_level: 'official', is_baseline: i === 0 },
  }));
  // Collect the generator's garbage first, so the timing covers the analytics alone.
  collectGarbage();
  const analyticsStart = performance.now();
  const cpuStart = process.cpuUsage();
  for (const plugin of aggregatorPlugins) {
    const instance = plugin.create(plugin.configSchema.parse({}), deps);
    for (const payload of payloads) {
      const output = await time(`aggregator ${plugin.name} (${payload.metadata.experiment})`, timings, () => instance.finalize(payload.results));
      if (Object.keys(output).length > 0) payload.aggregates[plugin.name] = output;
    }
  }
  for (const plugin of baselinePlugins) {
    const instance = plugin.create(plugin.configSchema.parse({}), deps);
    time(`baseline ${plugin.name}`, timings, () => instance.compare(payloads[0]!, payloads[1]!));
  }
  const analyticsInMs = performance.now() - analyticsStart;
  const cpu = process.cpuUsage(cpuStart);
  for (const [label, ms] of timings) console.log(`${label.padEnd(52)} ${ms.toFixed(1).padStart(9)} ms`);
  console.log(`${'analytics total (aggregators + baselines)'.padEnd(52)} ${analyticsInMs.toFixed(1).padStart(9)} ms`);
  // CPU time includes the collector's helper threads; on a busy machine wall time runs higher.
  console.log(`${'analytics CPU time (user + system)'.padEnd(52)} ${((cpu.user + cpu.system) / 1000).toFixed(1).padStart(9)} ms`);
  console.log(`records per experiment: ${count}, criteria: ${CRITERIA.length}`);
}

void main();
