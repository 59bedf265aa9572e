import { runSinkPipeline } from '../../../src/core/artifacts/pipeline';
import type { SinkBinding, SinkPipelineOptions } from '../../../src/core/artifacts/bindingTypes';
import type { ExperimentPayload } from '../../../src/core/engine/records';
import { createMemoryLogger } from '../../fakes/pluginDeps';
import { baselinePayload } from '../reports/payloadFixtures';
import { bindingOf, createFakeSink, type FakeSink } from './fakeSinks';
import { createMemoryArtifactWriter } from './memoryArtifactWriter';

function optionsFor(level = 'official'): SinkPipelineOptions & { logger: ReturnType<typeof createMemoryLogger> } {
  return {
    writer: createMemoryArtifactWriter(),
    runId: 'run-1',
    experiment: 'baseline',
    securityLevel: level,
    timestamp: '2026-01-01T12:30:05.000Z',
    logger: createMemoryLogger(),
  };
}

function payloadAt(level: string): ExperimentPayload {
  const payload = baselinePayload();
  return { ...payload, metadata: { ...payload.metadata, security_level: level } };
}

const csvOut = { name: 'csv', type: 'file/csv', alias: 'csv' };
const jsonOut = { name: 'report', type: 'file/json', alias: 'analytics' };

describe('runSinkPipeline ordering', () => {
  it.each<[string, () => SinkBinding[], string[]]>([
    ['independent sinks keep config order', () => [bindingOf('a', 0, createFakeSink('a')), bindingOf('b', 1, createFakeSink('b'))], ['a:0', 'b:1']],
    [
      'a consumer configured first runs after its producer (alias token)',
      () => [bindingOf('zip', 0, createFakeSink('zip', { consumes: ['@csv'] })), bindingOf('csv', 1, createFakeSink('csv', { produces: [csvOut] }))],
      ['csv:1', 'zip:0'],
    ],
    [
      'type tokens order by artifact type',
      () => [
        bindingOf('zip', 0, createFakeSink('zip', { consumes: ['file/json'] })),
        bindingOf('other', 1, createFakeSink('other')),
        bindingOf('report', 2, createFakeSink('report', { produces: [jsonOut] })),
      ],
      ['other:1', 'report:2', 'zip:0'],
    ],
    [
      'an alias token also matches a descriptor by name',
      () => [bindingOf('zip', 0, createFakeSink('zip', { consumes: ['@report'] })), bindingOf('report', 1, createFakeSink('report', { produces: [jsonOut] }))],
      ['report:1', 'zip:0'],
    ],
    [
      'configured artifacts wire sinks too',
      () => [
        bindingOf('zip', 0, createFakeSink('zip'), { artifacts: { consumes: [{ token: '@csv', mode: 'all' }] } }),
        bindingOf('csv', 1, createFakeSink('csv'), { artifacts: { produces: [csvOut] } }),
      ],
      ['csv:1', 'zip:0'],
    ],
    ['a sink consuming its own output is not a cycle', () => [bindingOf('self', 0, createFakeSink('self', { produces: [csvOut], consumes: ['@csv'] }))], ['self:0']],
    [
      'ties among ready sinks go to the lowest config index',
      () => [
        bindingOf('c', 2, createFakeSink('c', { consumes: ['@csv'] })),
        bindingOf('b', 1, createFakeSink('b', { consumes: ['@csv'] })),
        bindingOf('a', 0, createFakeSink('a', { produces: [csvOut] })),
      ],
      ['a:0', 'b:1', 'c:2'],
    ],
  ])('%s', async (_name, bindings, order) => {
    const result = await runSinkPipeline(bindings(), baselinePayload(), optionsFor());
    expect(result.order).toEqual(order);
  });

  it.each<[string, () => SinkBinding[], string, string]>([
    [
      'a cycle',
      () => [
        bindingOf('a', 0, createFakeSink('a', { produces: [csvOut], consumes: ['file/json'] })),
        bindingOf('b', 1, createFakeSink('b', { produces: [jsonOut], consumes: ['@csv'] })),
      ],
      'ARTIFACT_GRAPH_INVALID',
      'Sink artifact dependencies contain a cycle or unresolved reference',
    ],
    [
      'an alias nobody produces',
      () => [bindingOf('zip', 0, createFakeSink('zip', { consumes: ['@nothing'] }))],
      'ARTIFACT_GRAPH_INVALID',
      "Sink 'zip:0' consumes '@nothing', but no sink produces an artifact with that name or alias",
    ],
    [
      'an invalid produced type',
      () => [bindingOf('r', 0, createFakeSink('r', { produces: [{ name: 'r', type: 'application/json' }] }))],
      'CONFIG_INVALID',
      "Artifact 'r' of sink 'r:0' has type 'application/json'; types must start with 'file/' or 'data/' and include a subtype",
    ],
    [
      'a type without a subtype',
      () => [bindingOf('r', 0, createFakeSink('r'), { artifacts: { produces: [{ name: 'r', type: 'file/' }] } })],
      'CONFIG_INVALID',
      "Artifact 'r' of sink 'r:0' has type 'file/'; types must start with 'file/' or 'data/' and include a subtype",
    ],
    [
      'malformed artifacts config',
      () => [bindingOf('r', 0, createFakeSink('r'), { artifacts: { consumes: [{ mode: 'all' }] } })],
      'CONFIG_INVALID',
      "Invalid artifacts for sink 'r:0': consumes.0: needs 'token' or 'name'",
    ],
  ])('rejects %s', async (_name, bindings, code, message) => {
    await expect(runSinkPipeline(bindings(), baselinePayload(), optionsFor())).rejects.toMatchObject({ code, message });
  });

  it('ignores an invalid type token with a warning, as the original ignored it silently', async () => {
    const options = optionsFor();
    const result = await runSinkPipeline([bindingOf('a', 0, createFakeSink('a', { consumes: ['csv'] }))], baselinePayload(), options);
    expect(result.order).toEqual(['a:0']);
    expect(options.logger.entries.filter((entry) => entry.level === 'warn')).toEqual([
      { level: 'warn', message: '[sinks] ignoring invalid artifact token', context: { sinkId: 'a:0', token: 'csv' } },
    ]);
  });
});

describe('runSinkPipeline artifacts', () => {
  function wiredSinks(consumerMode: 'single' | 'all'): { consumer: FakeSink; bindings: SinkBinding[] } {
    const consumer = createFakeSink('zip', { consumes: [{ token: '@csv', mode: consumerMode }, 'file/json'] });
    return {
      consumer,
      bindings: [
        bindingOf('csv', 0, createFakeSink('csv', { produces: [csvOut] })),
        bindingOf('second', 1, createFakeSink('second', { produces: [{ name: 'csv', type: 'file/csv' }] })),
        bindingOf('zip', 2, consumer),
      ],
    };
  }

  it.each<['single' | 'all', string[]]>([
    ['single', ['csv:0:csv']],
    ['all', ['csv:0:csv', 'second:1:csv']],
  ])('mode %s hands over the matching artifacts under both @alias and the bare name', async (mode, ids) => {
    const { consumer, bindings } = wiredSinks(mode);
    await runSinkPipeline(bindings, baselinePayload(), optionsFor());
    const consumed = consumer.calls[0]!.consumed;
    expect(Object.keys(consumed)).toEqual(['@csv', 'csv', 'file/json']);
    expect(consumed['@csv']!.map((artifact) => artifact.id)).toEqual(ids);
    expect(consumed.csv).toEqual(consumed['@csv']);
    expect(consumed['file/json']).toEqual([]);
  });

  it('lists written files and registered artifacts with ids, producers and levels', async () => {
    const { bindings } = wiredSinks('single');
    const result = await runSinkPipeline(bindings, baselinePayload(), optionsFor());
    expect(result).toEqual({
      order: ['csv:0', 'second:1', 'zip:2'],
      files: [
        { sinkId: 'csv:0', relativePath: 'csv.txt', blobName: 'runs/run-1/exp/csv.txt', contentType: 'text/plain' },
        { sinkId: 'second:1', relativePath: 'second.txt', blobName: 'runs/run-1/exp/second.txt', contentType: 'text/plain' },
        { sinkId: 'zip:2', relativePath: 'zip.txt', blobName: 'runs/run-1/exp/zip.txt', contentType: 'text/plain' },
      ],
      artifacts: [
        { id: 'csv:0:csv', type: 'file/csv', path: 'runs/run-1/exp/csv.txt', metadata: {}, persist: false, produced_by: 'csv:0', security_level: 'official' },
        { id: 'second:1:csv', type: 'file/csv', path: 'runs/run-1/exp/second.txt', metadata: {}, persist: false, produced_by: 'second:1', security_level: 'official' },
      ],
      skipped: [],
    });
  });

  it('passes the compact timestamp and the data level to sinks', async () => {
    const sink = createFakeSink('a');
    await runSinkPipeline([bindingOf('a', 0, sink)], payloadAt('secret'), optionsFor('official'));
    expect(sink.calls.map(({ runId, experiment, securityLevel, timestamp }) => ({ runId, experiment, securityLevel, timestamp }))).toEqual([
      { runId: 'run-1', experiment: 'baseline', securityLevel: 'secret', timestamp: '20260101T123005Z' },
    ]);
  });
});
