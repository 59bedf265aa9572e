import { createHmac } from 'node:crypto';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { createSinkBinding } from '../../../src/core/artifacts/createSinkBinding';
import { runSinkPipeline } from '../../../src/core/artifacts/pipeline';
import type { PluginDef } from '../../../src/core/plugins/pluginDef';
import { createRegistry } from '../../../src/core/plugins/registry';
import { sinkPlugins } from '../../../src/plugins/sink';
import { signedArtifactSink } from '../../../src/plugins/sink/signedArtifact';
import { createMemoryLogger, createTestDeps } from '../../fakes/pluginDeps';
import { createMemoryArtifactWriter } from '../../core/artifacts/memoryArtifactWriter';
import { variantPayload } from '../../core/reports/payloadFixtures';

const registry = createRegistry(sinkPlugins);

/** The real pipeline over real sinks, writing to memory. */
async function runSinks(defs: PluginDef[], runLevel = 'official', env: Record<string, string> = {}) {
  const writer = createMemoryArtifactWriter('runs/run-1/variant_a');
  const deps = createTestDeps({ env });
  const bindings = defs.map((def, index) => createSinkBinding(def, registry.create('sink', def, deps), index));
  const result = await runSinkPipeline(bindings, variantPayload(true), { writer, runId: 'run-1', experiment: 'variant_a', securityLevel: runLevel, timestamp: '20260101T120000Z', logger: createMemoryLogger() });
  return { writer, result };
}

describe('zip_bundle', () => {
  it('bundles results, manifest, CSV and the artifacts it consumes from other sinks', async () => {
    const { writer, result } = await runSinks([
      { name: 'zip_bundle', options: { base_path: 'bundles', include_csv: true }, artifacts: { consumes: ['@csv', '@analytics'] } },
      { name: 'csv', options: { path: 'results.csv' } },
      { name: 'analytics_report', options: { base_path: 'reports', formats: ['json'] } },
    ]);
    expect(result.order).toEqual(['csv:1', 'analytics_report:2', 'zip_bundle:0']);
    const entries = unzipSync(new Uint8Array(writer.bytes.get('bundles/variant_a_20260101T120000Z.zip')!));
    expect(Object.keys(entries).sort()).toEqual(['analytics_report.json', 'manifest.json', 'results.csv', 'results.json', 'results_1.csv']);
    expect(strFromU8(entries['results_1.csv']!)).toBe(writer.files.get('results.csv')!.body);
    expect(JSON.parse(strFromU8(entries['manifest.json']!))).toMatchObject({ generated_at: '2026-01-01T12:00:00Z', rows: 2 });
    expect(result.artifacts.find((artifact) => artifact.type === 'file/zip')).toMatchObject({ id: 'zip_bundle:0:zip', security_level: 'official' });
  });
});

describe('file_copy', () => {
  it('copies the one artifact it consumes and re-exposes it with its type', async () => {
    const { writer, result } = await runSinks([
      { name: 'csv', options: { path: 'results.csv' } },
      { name: 'file_copy', options: { destination: 'published/latest.csv' }, artifacts: { consumes: ['@csv'] } },
    ]);
    expect(writer.files.get('published/latest.csv')).toEqual(writer.files.get('results.csv'));
    expect(result.artifacts.find((artifact) => artifact.produced_by === 'file_copy:1')).toMatchObject({ type: 'file/csv', path: 'runs/run-1/variant_a/published/latest.csv' });
  });

  it('refuses several inputs and having none', async () => {
    await expect(
      runSinks([
        { name: 'csv', options: { path: 'a.csv' } },
        { name: 'analytics_report', options: { base_path: 'r', formats: ['json', 'md'] } },
        { name: 'file_copy', options: { destination: 'x' }, artifacts: { consumes: ['@csv', '@analytics'] } },
      ]),
    ).rejects.toMatchObject({ code: 'SINK_FAILED', message: expect.stringMatching(/^file_copy copies exactly one artifact; it got 2/) });
    await expect(runSinks([{ name: 'file_copy', options: { destination: 'x' } }])).rejects.toMatchObject({ code: 'SINK_FAILED' });
  });
});

describe('signed_artifact', () => {
  it.each([
    ['algorithm', 'hmac-sha512', 'sha512'],
    ['hash_algorithm', 'hmac-sha512', 'sha512'],
    [undefined, undefined, 'sha256'],
  ])('signs results.json so a plain HMAC verifies it (option %s)', async (option, value, hash) => {
    const options = { base_path: 'signed', timestamped: false, key_env: 'SIGNING_KEY', ...(option ? { [option]: value } : {}) };
    const { writer } = await runSinks([{ name: 'signed_artifact', options }], 'official', { SIGNING_KEY: 'sekrit' });
    const results = writer.bytes.get('signed/variant_a/results.json')!;
    const signature = JSON.parse(writer.files.get('signed/variant_a/signature.json')!.body) as { signature: string; algorithm: string; target: string };
    expect(signature).toMatchObject({ algorithm: `hmac-${hash}`, target: 'results.json' });
    expect(signature.signature).toBe(createHmac(hash, 'sekrit').update(results).digest('base64'));
    const manifest = JSON.parse(writer.files.get('signed/variant_a/manifest.json')!.body);
    expect(manifest.signature).toEqual({ algorithm: `hmac-${hash}`, value: signature.signature, target: 'results.json' });
    expect(manifest.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects two different algorithms and a missing key, naming the variable', () => {
    expect(signedArtifactSink.configSchema.safeParse({ base_path: 'x', algorithm: 'hmac-sha256', hash_algorithm: 'hmac-sha512' }).error?.issues[0]?.message).toBe(
      "'algorithm' and 'hash_algorithm' name different algorithms; give one",
    );
    expect(() => signedArtifactSink.create(signedArtifactSink.configSchema.parse({ base_path: 'x' }), createTestDeps())).toThrow(
      "Signing key not provided; set 'key' or the environment variable ELSPETH_SIGNING_KEY",
    );
  });
});

describe('excel_workbook', () => {
  it('writes Results (row.<field> columns), Manifest and Aggregates sheets, formulas neutralised', async () => {
    const { writer, result } = await runSinks([{ name: 'excel_workbook', options: { base_path: 'xlsx', timestamped: false } }]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(writer.bytes.get('xlsx/variant_a.xlsx')! as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Results', 'Manifest', 'Aggregates']);
    const results = workbook.getWorksheet('Results')!;
    const headers = (results.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(['id', 'index', 'metrics', 'row.APPID', 'row.title', 'status']));
    expect(results.rowCount).toBe(3);
    const titles = [2, 3].map((row) => results.getRow(row).getCell(headers.indexOf('row.title') + 1).value);
    expect(titles).toEqual(['Onboarding, "fast"', "'-2 risk"]);
    expect(workbook.getWorksheet('Aggregates')!.getRow(2).values).toEqual([undefined, 'score_stats', expect.stringContaining('"criteria"')]);
    expect(result.artifacts[0]).toMatchObject({ type: 'file/xlsx', id: 'excel_workbook:0:excel' });
  });
});

describe('security levels across sinks', () => {
  it('stamps artifacts with the data level; a consumer below it is refused', async () => {
    await expect(
      runSinks(
        [
          { name: 'csv', options: { path: 'r.csv' }, securityLevel: 'secret' },
          { name: 'zip_bundle', options: { base_path: 'z' }, securityLevel: 'official', artifacts: { consumes: ['@csv'] } },
        ],
        'official',
      ),
    ).rejects.toMatchObject({ code: 'ARTIFACT_PERMISSION_DENIED', message: "Sink 'zip_bundle:1' cannot depend on 'csv:0' due to security level mismatch" });
  });

  it('refuses a sink whose clearance is below the run data level before it writes', async () => {
    await expect(runSinks([{ name: 'excel_workbook', options: { base_path: 'x' }, securityLevel: 'official' }], 'secret')).rejects.toMatchObject({
      code: 'ARTIFACT_PERMISSION_DENIED',
      message: "Sink 'excel_workbook:0' with clearance 'official' cannot receive data at level 'secret'",
    });
  });

  it('propagates the level: a zip of secret data is secret, and a cleared consumer takes it', async () => {
    const { result } = await runSinks(
      [
        { name: 'csv', options: { path: 'r.csv' } },
        { name: 'zip_bundle', options: { base_path: 'z' }, artifacts: { consumes: ['@csv'] } },
        { name: 'file_copy', options: { destination: 'pub/bundle.zip' }, securityLevel: 'secret', artifacts: { consumes: ['file/zip'] } },
      ],
      'secret',
    );
    expect(result.artifacts.map(({ produced_by, security_level }) => [produced_by, security_level])).toEqual([
      ['csv:0', 'secret'],
      ['zip_bundle:1', 'secret'],
      ['file_copy:2', 'secret'],
    ]);
  });
});
