import { createSinkBinding } from '../../../src/core/artifacts/createSinkBinding';
import { runSinkPipeline } from '../../../src/core/artifacts/pipeline';
import { createRegistry } from '../../../src/core/plugins/registry';
import { sinkPlugins } from '../../../src/plugins/sink';
import { createMemoryLogger, createTestDeps } from '../../fakes/pluginDeps';
import { createFakeSink } from '../../core/artifacts/fakeSinks';
import { createMemoryArtifactWriter } from '../../core/artifacts/memoryArtifactWriter';
import { variantPayload } from '../../core/reports/payloadFixtures';

const SAMPLE_OPTIONS: Record<string, Record<string, unknown>> = {
  csv: { path: 'out/results.csv' },
  local_bundle: { base_path: 'out/bundles' },
  analytics_report: { base_path: 'out/reports' },
  excel_workbook: { base_path: 'out/xlsx' },
  zip_bundle: { base_path: 'out/zips' },
  file_copy: { destination: 'out/copy.csv' },
  signed_artifact: { base_path: 'out/signed', key: 'k' },
  github_repo: { owner: 'o', repo: 'r' },
  azure_devops_repo: { organization: 'o', project: 'p', repository: 'r' },
};

describe('sinkPlugins', () => {
  it('lists every built-in sink, azure_blob included', () => {
    expect(sinkPlugins.map((plugin) => plugin.name).sort()).toEqual([
      'analytics_report',
      'azure_blob',
      'azure_devops_repo',
      'csv',
      'excel_workbook',
      'file_copy',
      'github_repo',
      'local_bundle',
      'signed_artifact',
      'zip_bundle',
    ]);
    expect(sinkPlugins.every((plugin) => plugin.kind === 'sink')).toBe(true);
  });

  it.each(Object.entries(SAMPLE_OPTIONS))('%s: sample options parse, unknown keys fail, create yields a sink', (name, sample) => {
    const plugin = sinkPlugins.find((candidate) => candidate.name === name)!;
    expect(plugin.configSchema.safeParse(sample).success).toBe(true);
    expect(plugin.configSchema.safeParse({ ...sample, on_error: 'skip' }).success).toBe(true);
    expect(plugin.configSchema.safeParse({ ...sample, bogus: true }).success).toBe(false);
    const sink = plugin.create(plugin.configSchema.parse(sample) as never, createTestDeps());
    expect(typeof sink.write).toBe('function');
  });
});

describe('built-in sinks in the pipeline', () => {
  it('runs csv and analytics_report before a sink that consumes their outputs', async () => {
    const registry = createRegistry(sinkPlugins);
    const deps = createTestDeps();
    const zip = createFakeSink('zip', { consumes: ['@analytics', { token: 'file/csv', mode: 'all' }] });
    const defs = [
      { name: 'csv', options: SAMPLE_OPTIONS.csv! },
      { name: 'analytics_report', options: SAMPLE_OPTIONS.analytics_report!, securityLevel: 'official' },
    ];
    const bindings = [createSinkBinding({ name: 'zip', options: {} }, zip, 0), ...defs.map((def, index) => createSinkBinding(def, registry.create('sink', def, deps), index + 1))];
    const result = await runSinkPipeline(bindings, variantPayload(true), {
      writer: createMemoryArtifactWriter(),
      runId: 'run-1',
      experiment: 'variant_a',
      securityLevel: 'official',
      timestamp: '20260101T120000Z',
      logger: createMemoryLogger(),
    });
    expect(result.order).toEqual(['csv:1', 'analytics_report:2', 'zip:0']);
    expect(result.artifacts.map(({ id, type, produced_by }) => ({ id, type, produced_by }))).toEqual([
      { id: 'csv:1:csv', type: 'file/csv', produced_by: 'csv:1' },
      { id: 'analytics_report:2:analytics_report', type: 'file/json', produced_by: 'analytics_report:2' },
      { id: 'analytics_report:2:analytics_report_md', type: 'file/markdown', produced_by: 'analytics_report:2' },
    ]);
    const consumed = zip.calls[0]!.consumed;
    expect({ analytics: consumed['@analytics']!.map((a) => a.path), csv: consumed['file/csv']!.map((a) => a.path) }).toEqual({
      analytics: ['runs/run-1/exp/out/reports/analytics_report.json'],
      csv: ['runs/run-1/exp/out/results.csv'],
    });
  });
});
