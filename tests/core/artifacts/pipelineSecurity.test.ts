import { runSinkPipeline } from '../../../src/core/artifacts/pipeline';
import type { SinkBinding, SinkPipelineOptions } from '../../../src/core/artifacts/bindingTypes';
import { AppError } from '../../../src/core/errors';
import type { ExperimentPayload } from '../../../src/core/engine/records';
import { createMemoryLogger } from '../../fakes/pluginDeps';
import { baselinePayload } from '../reports/payloadFixtures';
import { bindingOf, createFakeSink } from './fakeSinks';
import { createMemoryArtifactWriter } from './memoryArtifactWriter';

function optionsFor(level: string): SinkPipelineOptions & { logger: ReturnType<typeof createMemoryLogger> } {
  return {
    writer: createMemoryArtifactWriter(),
    runId: 'run-1',
    experiment: 'baseline',
    securityLevel: level,
    timestamp: '20260101T000000Z',
    logger: createMemoryLogger(),
  };
}

function payloadAt(level: string): ExperimentPayload {
  const payload = baselinePayload();
  return { ...payload, metadata: { ...payload.metadata, security_level: level } };
}

const csvOut = { name: 'csv', type: 'file/csv', alias: 'csv' };

describe('runSinkPipeline clearance', () => {
  it.each<[string, string, () => SinkBinding[], string]>([
    [
      'a consumer cleared lower than its producer',
      'official',
      () => [
        bindingOf('csv', 0, createFakeSink('csv', { produces: [csvOut] }), { securityLevel: 'secret' }),
        bindingOf('zip', 1, createFakeSink('zip', { consumes: ['@csv'] }), { securityLevel: 'official' }),
      ],
      "Sink 'zip:1' cannot depend on 'csv:0' due to security level mismatch",
    ],
    [
      'an artifact stamped above the consumer clearance',
      'official',
      () => [
        bindingOf('csv', 0, createFakeSink('csv', { produces: [csvOut], artifactLevel: 'secret' })),
        bindingOf('zip', 1, createFakeSink('zip', { consumes: ['@csv'] })),
      ],
      "Sink 'zip:1' with clearance 'official' cannot consume artifact 'csv:0:csv' at level 'secret'",
    ],
    [
      'a sink explicitly cleared below the run',
      'secret',
      () => [bindingOf('csv', 0, createFakeSink('csv'), { securityLevel: 'OFFICIAL ' })],
      "Sink 'csv:0' with clearance 'official' cannot receive data at level 'secret'",
    ],
  ])('refuses %s', async (_name, runLevel, bindings, message) => {
    const built = bindings();
    await expect(runSinkPipeline(built, payloadAt(runLevel), optionsFor(runLevel))).rejects.toMatchObject({ code: 'ARTIFACT_PERMISSION_DENIED', message });
  });

  it('refuses before write, even with on_error skip', async () => {
    const sink = createFakeSink('csv');
    const binding = bindingOf('csv', 0, sink, { securityLevel: 'official', onError: 'skip' });
    await expect(runSinkPipeline([binding], payloadAt('top-secret'), optionsFor('official'))).rejects.toMatchObject({
      code: 'ARTIFACT_PERMISSION_DENIED',
      message: "Sink 'csv:0' with clearance 'official' cannot receive data at level 'top-secret'",
    });
    expect(sink.calls).toEqual([]);
  });

  it('judges the data by the stricter of the run level and the payload level', async () => {
    const binding = bindingOf('csv', 0, createFakeSink('csv'), { securityLevel: 'official' });
    await expect(runSinkPipeline([binding], payloadAt('official'), optionsFor('secret'))).rejects.toMatchObject({
      code: 'ARTIFACT_PERMISSION_DENIED',
    });
  });

  it('clears sinks without a level for the run, so a classified run works by default', async () => {
    const bindings = [
      bindingOf('csv', 0, createFakeSink('csv', { produces: [csvOut] })),
      bindingOf('zip', 1, createFakeSink('zip', { consumes: ['@csv'] })),
    ];
    const result = await runSinkPipeline(bindings, payloadAt('secret'), optionsFor('secret'));
    expect(result.artifacts.map(({ id, security_level }) => ({ id, security_level }))).toEqual([{ id: 'csv:0:csv', security_level: 'secret' }]);
  });

  it('rejects an unknown clearance', async () => {
    const binding = bindingOf('csv', 0, createFakeSink('csv'), { securityLevel: 'restricted' });
    await expect(runSinkPipeline([binding], payloadAt('official'), optionsFor('official'))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});

describe('runSinkPipeline on_error', () => {
  it('skip logs a warning, records the failure and runs the remaining sinks', async () => {
    const options = optionsFor('official');
    const after = createFakeSink('after');
    const bindings = [bindingOf('csv', 0, createFakeSink('csv', { fail: new Error('disk full') }), { onError: 'skip' }), bindingOf('after', 1, after)];
    const result = await runSinkPipeline(bindings, baselinePayload(), options);
    expect(result.skipped).toEqual([{ sinkId: 'csv:0', error: { code: 'INTERNAL', message: 'disk full', retryable: false } }]);
    expect(after.calls).toHaveLength(1);
    expect(options.logger.entries.filter((entry) => entry.level === 'warn')).toEqual([
      {
        level: 'warn',
        message: 'csv sink failed; skipping: disk full',
        context: { runId: 'run-1', experiment: 'baseline', sinkId: 'csv:0', errorCode: 'INTERNAL' },
      },
    ]);
  });

  it.each<[string, Error, { code: string; message: string }]>([
    ['wraps a plain error as SINK_FAILED', new Error('disk full'), { code: 'SINK_FAILED', message: "Sink 'csv:0' failed: disk full" }],
    ['keeps an AppError as it is', new AppError('STORAGE_FAILED', 'blob down'), { code: 'STORAGE_FAILED', message: 'blob down' }],
  ])('abort %s', async (_name, error, expected) => {
    const after = createFakeSink('after');
    const bindings = [bindingOf('csv', 0, createFakeSink('csv', { fail: error })), bindingOf('after', 1, after)];
    await expect(runSinkPipeline(bindings, baselinePayload(), optionsFor('official'))).rejects.toMatchObject(expected);
    expect(after.calls).toEqual([]);
  });

  it('stops a sink from writing outside the run folder', async () => {
    const escaping = bindingOf('bad', 0, {
      write: async (_payload, ctx) => {
        await ctx.writer.write('../../elsewhere.txt', 'x', 'text/plain');
      },
    });
    await expect(runSinkPipeline([escaping], baselinePayload(), optionsFor('official'))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: "Sink option 'relativePath' must not contain '..': '../../elsewhere.txt'",
    });
  });
});
