/**
 * Criteria named like integers ("2", "1") keep the order they were configured in, as the
 * original's Python dicts keep it: the record's first response, metrics.score (the last
 * criterion's), score_extractor's scores and flags, the csv columns and the analytics score
 * table. A JS object alone would list "1" and "2" before "q", in numeric order.
 */
import { evaluateRow, type RowEvaluator } from '../../../src/core/engine/evaluateRow';
import { firstResponse, responsesInOrder } from '../../../src/core/engine/responseOrder';
import { keyOrderOf } from '../../../src/core/data/keyOrder';
import { parseOrderedJson, stringifyOrdered } from '../../../src/core/data/orderedJson';
import { createLlmCaller } from '../../../src/core/llm/pipeline';
import { retryPolicyFrom } from '../../../src/core/llm/retryPolicy';
import type { LlmClient } from '../../../src/core/llm/types';
import { compileTemplate } from '../../../src/core/prompts';
import { buildResultsTable } from '../../../src/core/reports/resultsTable';
import { scoreTable } from '../../../src/core/analytics/scoreTable';
import type { ExperimentRecord } from '../../../src/core/engine/records';
import { createScoreExtractor } from '../../../src/plugins/row/scoreExtractor';
import { toAnalyticsRecord, toStoredOutcome, fromStoredOutcome } from '../../../src/orchestration/runtime/storedRecords';
import { createFakeClock } from '../../fakes/pluginDeps';

const NAMES = ['2', 'q', '1'];
const SCORES: Record<string, number> = { '2': 4, q: 2, '1': 5 };

function evaluator(): RowEvaluator {
  const clock = createFakeClock();
  const client: LlmClient = {
    name: 'fake',
    async generate(request) {
      const name = String(request.metadata.criteria);
      const score = Object.hasOwn(SCORES, name) ? SCORES[name]! : 0;
      return { content: `{"score": ${score}}`, metrics: { score } };
    },
  };
  const extractor = createScoreExtractor({ key: 'score', parse_json_content: true, allow_missing: false, threshold: 3, threshold_mode: 'gte', flag_field: 'score_flags' } as never);
  return {
    experiment: 'exp',
    system: compileTemplate('Grade {{ APPID }}.'),
    user: compileTemplate('{{ APPID }}'),
    criteria: NAMES.map((name) => ({ name, template: compileTemplate('Question {{ criteria }}'), defaults: {} })),
    promptDefaults: {},
    call: createLlmCaller({ experiment: 'exp', client, middlewares: [], validators: [], policy: retryPolicyFrom({ max_attempts: 1 }), clock, random: () => 0.5 }),
    rowPlugins: [extractor],
    securityLevel: 'official',
    runId: 'run-1',
    clock,
  };
}

describe('criteria named like integers', () => {
  let record: ExperimentRecord;
  beforeAll(async () => {
    record = (await evaluateRow(evaluator(), { APPID: 'A-1' }, 0)) as ExperimentRecord;
    expect(record.status).toBe('ok');
  });

  it('keep their configured order in the record', () => {
    expect(keyOrderOf(record.responses!)).toEqual(NAMES);
    expect(record.response.content).toBe('{"score": 4}'); // the first criterion's, "2"
    expect(record.metrics.score).toBe(5); // the last criterion's, "1"
    expect(keyOrderOf(record.metrics.scores as object)).toEqual(NAMES);
    expect(keyOrderOf(record.metrics.score_flags as object)).toEqual(NAMES);
  });

  it('keep it in the csv columns', () => {
    const table = buildResultsTable([record], { includeMetrics: true, includeRetry: false });
    expect(table.columns.filter((column) => /^llm_|^metric_scores_|^metric_score_flags_/.test(column))).toEqual([
      'llm_content', 'llm_2', 'llm_q', 'llm_1',
      'metric_scores_2', 'metric_scores_q', 'metric_scores_1',
      'metric_score_flags_2', 'metric_score_flags_q', 'metric_score_flags_1',
    ]);
  });

  it('keep it through a stored batch line and the analytics copy', () => {
    const stored = fromStoredOutcome(parseOrderedJson(stringifyOrdered(toStoredOutcome(record))) as ExperimentRecord) as ExperimentRecord;
    expect(keyOrderOf(stored.responses!)).toEqual(NAMES);
    expect(stored.response).toBe(firstResponse(stored.responses!));
    expect(responsesInOrder(stored.responses!).map((response) => response.content)).toEqual(['{"score": 4}', '{"score": 2}', '{"score": 5}']);
    const analytics = toAnalyticsRecord(stored);
    expect(keyOrderOf(analytics.responses!)).toEqual(NAMES);
    expect(scoreTable([analytics]).order).toEqual(NAMES);
  });
});

describe('a criterion named __proto__', () => {
  it('is a plain key of the responses, not their prototype', async () => {
    const base = evaluator();
    const named = { ...base, criteria: ['__proto__', '2'].map((name) => ({ name, template: compileTemplate('Question {{ criteria }}'), defaults: {} })) };
    const record = (await evaluateRow(named, { APPID: 'A-1' }, 0)) as ExperimentRecord;
    expect(record.status).toBe('ok');
    expect(Object.getPrototypeOf(record.responses)).toBe(Object.prototype);
    expect(keyOrderOf(record.responses!)).toEqual(['__proto__', '2']);
    expect(keyOrderOf(record.metrics.scores as object)).toEqual(["__proto__", "2"]);
  });
});
