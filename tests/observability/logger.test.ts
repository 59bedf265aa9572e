import { createConsoleLogger, createJsonLogger, redact } from '../../src/observability/logger';

describe('log redaction', () => {
  it.each([
    ['api_key', true],
    ['apiKey', true],
    ['connection_string', true],
    ['AccountKey', true],
    ['authorization', true],
    ['access_token', true],
    ['token', true],
    ['sas_token', true],
    ['prompt_tokens', false],
    ['max_tokens', false],
    ['estimated_tokens', false],
    ['experiment', false],
  ])('%s redacted: %s', (key, secret) => {
    expect(redact({ [key]: 'value' })).toEqual({ [key]: secret ? '***' : 'value' });
  });

  it('redacts nested keys and writes one JSON object per line', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (line) => lines.push(line), now: () => new Date('2026-01-01T00:00:00Z') });
    logger.info('[component] happened', { runId: 'r1', storage: { connection_string: 'DefaultEndpointsProtocol=...' } });
    logger.debug('hidden below info');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { time: '2026-01-01T00:00:00.000Z', level: 'info', message: '[component] happened', runId: 'r1', storage: { connection_string: '***' } },
    ]);
  });

  it('prints human lines for the CLI at warn and above by default', () => {
    const lines: string[] = [];
    const logger = createConsoleLogger({ write: (line) => lines.push(line) });
    logger.info('not shown');
    logger.warn('[plan] something', { rows: 3, api_key: 'sk-1' });
    expect(lines).toEqual(['warn  [plan] something rows=3 api_key=***']);
  });
});
