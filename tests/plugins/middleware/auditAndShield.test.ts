import { AppError } from '../../../src/core/errors';
import { findDeniedTerms, maskTerms } from '../../../src/plugins/middleware/promptShield';
import { createMemoryLogger, createTestDeps } from '../../fakes/pluginDeps';
import { answer, middleware, recordingNext, rejection, request } from './helpers';

describe('audit_logger', () => {
  it('logs metadata and metrics at info, prompts and content only at debug when asked', async () => {
    const logger = createMemoryLogger();
    const { next } = recordingNext();
    await middleware('audit_logger', { include_prompts: true }, createTestDeps({ logger })).send(request(), next);
    const ids = { channel: 'dmp.audit', event: 'llm_request', requestId: 'run/exp/0/analysis', experiment: 'exp' };
    expect(logger.entries).toEqual([
      { level: 'info', message: '[dmp.audit] LLM request', context: { ...ids, metadata: { row_id: 'APP-001', criteria: 'analysis', attempt: 1 } } },
      { level: 'debug', message: '[dmp.audit] LLM request prompts', context: { ...ids, system_prompt: 'You grade.', user_prompt: 'Grade APP-001.' } },
      { level: 'info', message: '[dmp.audit] LLM response', context: { ...ids, event: 'llm_response', metrics: { score: 0.8 } } },
      { level: 'debug', message: '[dmp.audit] LLM response content', context: { ...ids, event: 'llm_response', content: '{"score": 0.8}' } },
    ]);
  });

  it('keeps prompts out of the logs by default and logs failures with their code', async () => {
    const logger = createMemoryLogger();
    const { next } = recordingNext(new AppError('LLM_TIMEOUT', 'too slow'));
    await rejection(middleware('audit_logger', { channel: 'elspeth.audit' }, createTestDeps({ logger })).send(request(), next));
    expect(logger.entries.map((e) => [e.level, e.message])).toEqual([
      ['info', '[elspeth.audit] LLM request'],
      ['warn', '[elspeth.audit] LLM request failed'],
    ]);
    expect(logger.entries[1]!.context).toEqual(expect.objectContaining({ errorCode: 'LLM_TIMEOUT', error: 'too slow' }));
    expect(JSON.stringify(logger.entries)).not.toContain('Grade APP-001');
  });
});

describe('prompt_shield', () => {
  const shield = (options: Record<string, unknown>, logger = createMemoryLogger()) => middleware('prompt_shield', options, createTestDeps({ logger }));

  it('aborts with SAFETY_BLOCKED (never retried) on any case of any term', async () => {
    const logger = createMemoryLogger();
    const { seen, next } = recordingNext();
    const error = await rejection(shield({ denied_terms: ['classified', 'top secret'] }, logger).send(request({ userPrompt: 'This is TOP Secret.' }), next));
    expect(error).toEqual(expect.objectContaining({ code: 'SAFETY_BLOCKED', message: "Prompt contains blocked term 'top secret'", retryable: false }));
    expect(seen).toEqual([]);
    expect(logger.entries).toEqual([
      {
        level: 'warn',
        message: "[dmp.prompt_shield] Prompt contains blocked term 'top secret'",
        context: { channel: 'dmp.prompt_shield', event: 'safety_violation', terms: ['top secret'], action: 'abort', requestId: 'run/exp/0/analysis' },
      },
    ]);
  });

  it('masks every occurrence of every term, whatever the case', async () => {
    const { seen, next } = recordingNext();
    await shield({ denied_terms: ['Classified', 'top secret'], on_violation: 'mask' }).send(request({ userPrompt: 'classified, CLASSIFIED and Top Secret' }), next);
    expect(seen.map((r) => r.userPrompt)).toEqual(['[REDACTED], [REDACTED] and [REDACTED]']);
  });

  it('logs and continues in log mode; unknown modes abort', async () => {
    const { seen, next } = recordingNext();
    await shield({ denied_terms: ['secret'], on_violation: 'log' }).send(request({ userPrompt: 'a secret' }), next);
    expect(seen.map((r) => r.userPrompt)).toEqual(['a secret']);
    expect(await rejection(shield({ denied_terms: ['secret'], on_violation: 'shrug' }).send(request({ userPrompt: 'a secret' }), next))).toEqual(
      expect.objectContaining({ code: 'SAFETY_BLOCKED' }),
    );
  });

  it('passes clean prompts through untouched and checks only the user prompt', async () => {
    const { seen, next } = recordingNext();
    const result = await shield({ denied_terms: ['secret'] }).send(request({ systemPrompt: 'secret system' }), next);
    expect(result).toEqual(answer());
    expect(seen).toEqual([request({ systemPrompt: 'secret system' })]);
  });

  it.each([
    ['A $& b', ['a'], '[X] $& b'],
    ['aaa', ['a', 'aa'], '[X][X]'],
  ])('masks %p with terms %p as %p', (text, terms, expected) => {
    expect(maskTerms(text, findDeniedTerms(text, terms), '[X]')).toBe(expected);
  });
});
