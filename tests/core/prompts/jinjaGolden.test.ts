/**
 * Conformance with real Jinja2 3.1 configured as the original engine (StrictUndefined,
 * trim_blocks, lstrip_blocks, no autoescape). fixtures/jinjaGolden.json is produced by
 * fixtures/generateJinjaGolden.py; each case holds Jinja's output (or error) and
 * meta.find_undeclared_variables minus the original's skipped names.
 */
import { compileTemplate } from '../../../src/core/prompts';
import golden from './fixtures/jinjaGolden.json';

interface GoldenCase {
  id: string;
  template: string;
  context: Record<string, unknown>;
  output?: string;
  requiredFields?: string[];
  error?: string;
  compileError?: string;
  message?: string;
  line?: number | null;
}

const cases = golden as GoldenCase[];

/**
 * Where the goldens' Jinja (Debian's 3.1.2) differs from the 3.1.6 the original ran: 3.1.6
 * answers int's default for an infinity, 3.1.2 raises OverflowError. This engine follows 3.1.6.
 */
const VERSION_DIVERGENCES = new Set(['int_of_inf']);

function attempt(run: () => unknown): { value?: unknown; error?: { code?: unknown; details?: unknown } } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: error as { code?: unknown; details?: unknown } };
  }
}

const rendered = cases.filter((c) => c.output !== undefined);
const renderErrors = cases.filter((c) => c.error !== undefined && !VERSION_DIVERGENCES.has(c.id));
const compileErrors = cases.filter((c) => c.compileError !== undefined);

describe('Jinja 3.1 golden cases', () => {
  it('covers every kind of case', () => {
    expect({ rendered: rendered.length > 100, renderErrors: renderErrors.length > 20, compileErrors: compileErrors.length > 10 }).toEqual({
      rendered: true,
      renderErrors: true,
      compileErrors: true,
    });
  });

  it.each(rendered.map((c) => [c.id, c] as const))('%s renders as Jinja does', (_id, c) => {
    const template = compileTemplate(c.template);
    expect({ output: template.render(c.context), requiredFields: template.requiredFields }).toEqual({
      output: c.output,
      requiredFields: c.requiredFields,
    });
  });

  it.each(renderErrors.map((c) => [c.id, c] as const))('%s fails to render as Jinja does', (_id, c) => {
    const template = compileTemplate(c.template);
    expect(template.requiredFields).toEqual(c.requiredFields ?? []);
    expect(attempt(() => template.render(c.context)).error?.code).toBe('PROMPT_RENDER_FAILED');
  });

  it.each(compileErrors.map((c) => [c.id, c] as const))('%s is rejected at compile time on the same line', (_id, c) => {
    const { error } = attempt(() => compileTemplate(c.template, { name: 'golden' }));
    expect({ code: error?.code, details: error?.details }).toEqual({
      code: 'PROMPT_TEMPLATE_INVALID',
      details: { template: 'golden', line: c.line },
    });
  });
});
