import { thrownBy } from '../../fakes/thrownBy';
import { normalizeRelativePath } from '../../../src/core/artifacts/paths';
import { localBundleSink } from '../../../src/plugins/sink/localBundle';
import { baselinePayload } from '../../core/reports/payloadFixtures';
import { setUpSink } from './sinkHarness';

describe('local_bundle sink', () => {
  it('writes a timestamped folder named after the experiment with manifest and results', async () => {
    const { sink, writer, ctx } = setUpSink(localBundleSink, { base_path: './outputs/bundles' });
    const payload = baselinePayload();
    await sink.write(payload, ctx);
    expect([...writer.files.keys()]).toEqual(['outputs/bundles/baseline_20260101T120000Z/manifest.json', 'outputs/bundles/baseline_20260101T120000Z/results.json']);
    const manifest = writer.files.get('outputs/bundles/baseline_20260101T120000Z/manifest.json')!;
    expect(manifest.contentType).toBe('application/json');
    expect(JSON.parse(manifest.body)).toEqual({
      generated_at: '2026-01-01T12:00:00Z',
      rows: 2,
      metadata: payload.metadata,
      aggregates: payload.aggregates,
      cost_summary: payload.cost_summary,
      columns: ['APPID', 'title'],
    });
    expect(writer.files.get('outputs/bundles/baseline_20260101T120000Z/results.json')!.body).toBe(`${JSON.stringify(payload, null, 2)}\n`);
  });

  it('honours bundle_name, timestamped false, custom names and the optional CSV', async () => {
    const { sink, writer, ctx } = setUpSink(localBundleSink, {
      base_path: 'b',
      bundle_name: 'nightly',
      timestamped: false,
      write_json: false,
      write_csv: true,
      manifest_name: 'm.json',
      csv_name: 'rows.csv',
    });
    await sink.write({ ...baselinePayload(), aggregates: {}, cost_summary: undefined }, ctx);
    expect([...writer.files.keys()]).toEqual(['b/nightly/m.json', 'b/nightly/rows.csv']);
    expect(JSON.parse(writer.files.get('b/nightly/m.json')!.body)).not.toHaveProperty('aggregates');
    expect(writer.files.get('b/nightly/rows.csv')!.body.split('\n')[0]).toBe(
      'APPID,title,llm_content,llm_analysis,llm_prioritization,metric_score,metric_scores_analysis,metric_scores_prioritization,' +
        'metric_score_flags_analysis,metric_score_flags_prioritization,retry_attempts,retry_max_attempts,retry_history',
    );
  });

  it('writes null for non-finite numbers in JSON', async () => {
    const { sink, writer, ctx } = setUpSink(localBundleSink, { base_path: 'b', timestamped: false });
    const payload = baselinePayload();
    payload.aggregates = { score_practical: { analysis: { number_needed_to_treat: Infinity, mean: Number.NaN } } };
    await sink.write(payload, ctx);
    const results = JSON.parse(writer.files.get('b/baseline/results.json')!.body);
    expect(results.aggregates).toEqual({ score_practical: { analysis: { number_needed_to_treat: null, mean: null } } });
  });

  it.each([
    [{ base_path: '../up' }, 'base_path'],
    [{ base_path: 'batches' }, 'base_path'],
    [{ base_path: 'ok', bundle_name: '/abs' }, 'bundle_name'],
    [{ base_path: 'ok', results_name: '../r.json' }, 'results_name'],
  ])('rejects %j when the configuration is validated, naming the option', (options, option) => {
    expect(localBundleSink.configSchema.safeParse(options).error?.issues.map((issue) => issue.path)).toEqual([[option]]);
  });

  it('still refuses a bundle named after an experiment that would escape its folder', () => {
    expect(thrownBy(() => normalizeRelativePath('..', 'bundle_name'))).toMatchObject({ code: 'CONFIG_INVALID', details: { option: 'bundle_name' } });
  });

  it('defaults match the original', () => {
    expect(localBundleSink.configSchema.parse({ base_path: 'b' })).toEqual({
      base_path: 'b',
      timestamped: true,
      write_json: true,
      write_csv: false,
      manifest_name: 'manifest.json',
      results_name: 'results.json',
      csv_name: 'results.csv',
      on_error: 'abort',
    });
  });
});
