import { parseMockLlmArgs, runMockLlmCommand } from '../../../src/local/mockLlm';
import { DEFAULT_CONTENT_SAFETY_TERMS } from '../../../src/local/mockLlm/contentSafetyTerms';
import { thrownBy as thrown } from '../../fakes/thrownBy';


describe('parseMockLlmArgs', () => {
  it('reads every flag', () => {
    const argv = [
      '--port', '8089', '--seed', '42', '--latency-ms', '25', '--jitter-ms', '5', '--rate-limit-rate', '0.1',
      '--server-error-rate', '0.05', '--hang-rate', '0.01', '--malformed-rate', '0.02', '--retry-after-ms', '750',
      '--requests-per-minute', '600', '--tokens-per-minute', '90000', '--requests-per-second', '100', '--tokens-per-second', '5000', '--model', 'gpt-mock',
      '--content-filter-term', 'classified', '--content-filter-term', 'top secret',
      '--content-safety-term', 'Violence:kill=6', '--content-safety-term', 'Violence: brawl =4', '--content-safety-term', 'Hate:a=b=2',
    ];
    expect(parseMockLlmArgs(argv)).toEqual({
      help: false,
      options: {
        port: 8089,
        seed: 42,
        latencyMs: 25,
        jitterMs: 5,
        rateLimitRate: 0.1,
        serverErrorRate: 0.05,
        hangRate: 0.01,
        malformedRate: 0.02,
        retryAfterMs: 750,
        requestsPerMinute: 600,
        tokensPerMinute: 90000,
        requestsPerSecond: 100,
        tokensPerSecond: 5000,
        model: 'gpt-mock',
        contentFilterTerms: ['classified', 'top secret'],
        contentSafetyTerms: { Violence: { kill: 6, brawl: 4 }, Hate: { 'a=b': 2 } },
      },
    });
  });

  it('uses defaults with no flags', () => {
    expect(parseMockLlmArgs([])).toEqual({
      help: false,
      options: {
        port: 0,
        seed: 0,
        model: 'mock-gpt',
        latencyMs: 0,
        jitterMs: 0,
        rateLimitRate: 0,
        serverErrorRate: 0,
        hangRate: 0,
        malformedRate: 0,
        retryAfterMs: 1000,
        contentFilterTerms: [],
        contentSafetyTerms: DEFAULT_CONTENT_SAFETY_TERMS,
      },
    });
  });

  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--hang-rate', '2']],
    [['--rate-limit-rate', '0.7', '--server-error-rate', '0.7']],
    [['--unknown']],
    [['positional']],
    [['--seed', '']],
    [['--content-safety-term', 'kill=6']],
    [['--content-safety-term', 'Violence:kill=high']],
    [['--content-safety-term', 'Violence:kill=9']],
    [['--content-safety-term', 'Gore:kill=6']],
  ])('rejects %j with REQUEST_INVALID', (argv) => {
    expect(thrown(() => parseMockLlmArgs(argv))).toMatchObject({ code: 'REQUEST_INVALID' });
  });
});

describe('runMockLlmCommand', () => {
  it('prints the URL, serves until shutdown, then reports and exits 0', async () => {
    const out: string[] = [];
    let stop!: () => void;
    const untilShutdown = new Promise<void>((resolve) => (stop = resolve));
    let url = '';
    const io = {
      out: (line: string) => {
        out.push(line);
        url ||= /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1] ?? '';
      },
      err: (line: string) => out.push(`ERR ${line}`),
      untilShutdown,
    };
    const exit = runMockLlmCommand(['--seed', '9'], io);
    while (!url) await new Promise((resolve) => setTimeout(resolve, 5));
    const health = await fetch(`${url}/healthz`);
    stop();
    expect({ health: health.status, exit: await exit }).toEqual({ health: 200, exit: 0 });
    expect(out[0]).toBe(`Mock LLM listening on ${url} (seed 9)`);
    expect(out[out.length - 1]).toBe('Mock LLM stopped after 0 requests (max 0 in flight, busy 0 ms)');
  });

  it('exits 2 with the usage on bad arguments', async () => {
    const err: string[] = [];
    const code = await runMockLlmCommand(['--port', 'x'], { out: () => undefined, err: (line) => err.push(line), untilShutdown: Promise.resolve() });
    expect(code).toBe(2);
    expect(err[0]).toBe("mock-llm: --port expects a number, got 'x'");
    expect(err[1]).toContain('Usage: elspeth mock-llm');
  });

  it('prints the usage for --help', async () => {
    const out: string[] = [];
    expect(await runMockLlmCommand(['--help'], { out: (line) => out.push(line), err: () => undefined })).toBe(0);
    expect(out.join('\n')).toContain('--rate-limit-rate');
  });
});
