import { csvSink } from '../../../src/plugins/sink/csv';
import { bodiesOf } from '../../core/artifacts/memoryArtifactWriter';
import { baselinePayload } from '../../core/reports/payloadFixtures';
import { setUpSink } from './sinkHarness';

const HEADER_ALL =
  'APPID,title,llm_content,llm_analysis,llm_prioritization,metric_score,metric_scores_analysis,metric_scores_prioritization,' +
  'metric_score_flags_analysis,metric_score_flags_prioritization,retry_attempts,retry_max_attempts,retry_history';
const HISTORY_OK = '"[{""attempt"":1,""status"":""success"",""duration"":0.5}]"';
const FAILURES =
  'APPID,title,error,error_code,criteria,timestamp,retry_attempts,retry_max_attempts,retry_history\n' +
  'APP-003,"\'=HYPERLINK(""x"")",rate limited,LLM_RATE_LIMITED,,1767225600,3,3,"[{""attempt"":1,""status"":""error"",""duration"":0.1,""error"":""rate limited""}]"\n';

describe('csv sink', () => {
  it('writes row fields, model outputs, flattened metrics and retries, plus a failures file', async () => {
    const { sink, writer, ctx } = setUpSink(csvSink, { path: './outputs/sample_suite/latest_results.csv' });
    await sink.write(baselinePayload(), ctx);
    expect(bodiesOf(writer)).toEqual({
      'outputs/sample_suite/latest_results.csv': [
        HEADER_ALL,
        `APP-001,"Onboarding, ""fast""","{""score"": 0.5}","{""score"": 0.5}","{""score"": 0.8}",0.8,0.5,0.8,False,True,1,3,${HISTORY_OK}`,
        `APP-002,'-2 risk,"{""score"": 0.7}","{""score"": 0.7}","{""score"": 0.8}",0.8,0.7,0.8,True,True,2,3,${HISTORY_OK}`,
        '',
      ].join('\n'),
      'outputs/sample_suite/latest_results_failures.csv': FAILURES,
    });
    expect(writer.files.get('outputs/sample_suite/latest_results.csv')!.contentType).toBe('text/csv');
  });

  it('writes only the original columns when metrics and retries are off, and can leave formulas alone', async () => {
    const { sink, writer, ctx } = setUpSink(csvSink, { path: 'r.csv', include_metrics: false, include_retry: false, sanitize_formulas: false });
    const payload = { ...baselinePayload(), failures: [] };
    await sink.write(payload, ctx);
    expect(bodiesOf(writer)).toEqual({
      'r.csv': [
        'APPID,title,llm_content,llm_analysis,llm_prioritization',
        'APP-001,"Onboarding, ""fast""","{""score"": 0.5}","{""score"": 0.5}","{""score"": 0.8}"',
        'APP-002,-2 risk,"{""score"": 0.7}","{""score"": 0.7}","{""score"": 0.8}"',
        '',
      ].join('\n'),
    });
  });

  it('produces the csv artifact with its blob and level', async () => {
    const { sink, ctx } = setUpSink(csvSink, { path: 'r.csv' });
    expect(sink.produces!()).toEqual([{ name: 'csv', type: 'file/csv', alias: 'csv', persist: true }]);
    expect(sink.collectArtifacts!()).toEqual({});
    await sink.write(baselinePayload(), ctx);
    expect(sink.collectArtifacts!()).toEqual({
      csv: {
        id: '',
        type: 'file/csv',
        path: 'runs/run-1/exp/r.csv',
        metadata: { path: 'r.csv', blob: 'runs/run-1/exp/r.csv', content_type: 'text/csv', security_level: 'official' },
        persist: true,
        security_level: 'official',
      },
    });
  });

  it.each([
    ['the results file', ['r.csv']],
    ['the failures file', ['r_failures.csv']],
  ])('with overwrite false refuses when %s exists, before writing anything', async (_name, existing) => {
    const { sink, writer, ctx } = setUpSink(csvSink, { path: 'r.csv', overwrite: false }, existing);
    await expect(sink.write(baselinePayload(), ctx)).rejects.toMatchObject({
      code: 'SINK_FAILED',
      message: `CSV sink will not overwrite existing file '${existing[0]}' (overwrite: false)`,
    });
    expect(writer.files.size).toBe(0);
  });

  it('overwrites by default', async () => {
    const { sink, writer, ctx } = setUpSink(csvSink, { path: 'r.csv' }, ['r.csv']);
    await sink.write(baselinePayload(), ctx);
    expect([...writer.files.keys()]).toEqual(['r.csv', 'r_failures.csv']);
  });

  it.each([
    [{ path: '/tmp/r.csv' }, "must be a relative path, not an absolute one: '/tmp/r.csv'"],
    [{ path: '../r.csv' }, "must not contain '..': '../r.csv'"],
    [{ path: 'r\u0000.csv' }, "must not contain a NUL character: 'r\u0000.csv'"],
    [{ path: 'aggregates.json' }, "must not start with 'aggregates.json': the run keeps its own files there (batches, aggregates.json, comparison.json): 'aggregates.json'"],
    [{ path: 'Batches/x.csv' }, "must not start with 'Batches': the run keeps its own files there (batches, aggregates.json, comparison.json): 'Batches/x.csv'"],
  ])('rejects %j when the configuration is validated', (options, message) => {
    expect(csvSink.configSchema.safeParse(options).error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[['path'], message]]);
  });

  it.each([[{}], [{ path: 'r.csv', extra: 1 }], [{ path: 'r.csv', on_error: 'ignore' }]])('schema rejects %j', (options) => {
    expect(csvSink.configSchema.safeParse(options).success).toBe(false);
  });

  it('defaults match the original plus the later options', () => {
    expect(csvSink.configSchema.parse({ path: 'r.csv' })).toEqual({
      path: 'r.csv',
      overwrite: true,
      include_metrics: true,
      include_retry: true,
      sanitize_formulas: true,
      on_error: 'abort',
    });
  });

  it('writes an empty file for an empty payload', async () => {
    const { sink, writer, ctx } = setUpSink(csvSink, { path: 'r.csv' });
    await sink.write({ ...baselinePayload(), results: [], failures: [] }, ctx);
    expect(bodiesOf(writer)).toEqual({ 'r.csv': '' });
  });
});
