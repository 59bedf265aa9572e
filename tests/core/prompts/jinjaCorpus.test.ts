/**
 * The differential corpus (issue 11): fixtures/jinjaCorpus.json holds templates prompt authors
 * write, each rendered by real Jinja2 set up as the original set it up (written by
 * fixtures/generateJinjaCorpus.py with Debian's python3). Every case must render the same
 * text, or fail the same way (compile or render), except the ones listed below with their
 * reason; docs/prompt-templates.md lists the same differences.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrderedJson } from '../../../src/core/data/orderedJson';
import { compileTemplate } from '../../../src/core/prompts';

// Read keeping each mapping's written key order, as data enters a run (core/data/keyOrder.ts).
const corpus = parseOrderedJson(readFileSync(join(__dirname, 'fixtures', 'jinjaCorpus.json'), 'utf8'));

interface CorpusCase {
  id: string;
  env: 'prompt' | 'plain';
  template: string;
  context: Record<string, unknown>;
  output?: string;
  error?: string;
  compileError?: string;
  message?: string;
}

/** Deliberate differences: the sandbox refuses what Python would reach. */
export const DELIBERATE: Record<string, string> = {
  s_format_attr_refused: 'str.format may not traverse attributes ({0.__class__}): the classic sandbox escape',
  s_format_index_refused: 'str.format may not index into arguments ({0[0]})',
};

/** Not implemented yet (docs/prompt-templates.md, "Known differences"). */
export const NOT_YET: Record<string, string> = {};

function outcome(c: CorpusCase): { output?: string; fails?: 'compile' | 'render' } {
  let template;
  try {
    template = compileTemplate(c.template, { name: c.id, environment: c.env });
  } catch {
    return { fails: 'compile' };
  }
  try {
    return { output: template.render(c.context) };
  } catch (error) {
    if ((error as { code?: string }).code !== 'PROMPT_RENDER_FAILED') throw error;
    return { fails: 'render' };
  }
}

function expected(c: CorpusCase): { output?: string; fails?: 'compile' | 'render' } {
  if (c.compileError !== undefined) return { fails: 'compile' };
  if (c.error !== undefined) return { fails: 'render' };
  return { output: c.output! };
}

const cases = (corpus as { cases: CorpusCase[] }).cases;
const compared = cases.filter((c) => DELIBERATE[c.id] === undefined && NOT_YET[c.id] === undefined);

describe('differential corpus against Jinja2', () => {
  it('compares most of the corpus', () => {
    expect({ cases: cases.length >= 200, compared: compared.length / cases.length >= 0.95 }).toEqual({ cases: true, compared: true });
  });

  it.each(compared.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expect(outcome(c)).toEqual(expected(c));
  });

  it.each(Object.keys(DELIBERATE).map((id) => [id] as const))('%s is refused by the sandbox', (id) => {
    expect(outcome(cases.find((c) => c.id === id)!)).toEqual({ fails: 'render' });
  });
});
