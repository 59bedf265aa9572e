import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { main } from '../../src/cli/main';
import { CLOUD_POLICY } from '../../src/functions/settingsCatalogue';
import { validateRequest } from '../../src/orchestration/validateRun';
import { createBuiltinRegistry } from '../../src/plugins';
import { createMemoryIo } from '../cli/cliTestKit';

/**
 * The deploy workflow, the reusable workflow product repositories call and the Azure
 * Pipelines example (issue 8 §5) cannot run here; they are held to the repository instead:
 * every `npm run` names a script of package.json, every elspeth command and flag exists
 * (as the CLI's own --help prints them), the smoke suite validates under the cloud policy,
 * and the shapes that matter (OIDC with no stored secret, staging before production, the
 * JUnit and summary files the gate writes are the ones published) are checked.
 */
const ROOT = path.resolve(__dirname, '../..');
const readYaml = <T>(relative: string) => YAML.parse(fs.readFileSync(path.join(ROOT, relative), 'utf8')) as T;
const text = (relative: string) => fs.readFileSync(path.join(ROOT, relative), 'utf8');

interface Step {
  run?: string;
  script?: string;
  uses?: string;
  task?: string;
  with?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, { default?: unknown; required?: boolean }> } | null>;
  permissions?: Record<string, string>;
  jobs: Record<string, { uses?: string; needs?: string | string[]; with?: Record<string, unknown>; environment?: string; steps?: Step[] }>;
}

const FILES = ['.github/workflows/deploy.yml', '.github/workflows/deploy-environment.yml', '.github/workflows/elspeth-suite.yml', 'samples/pipelines/azure-pipelines.yml'];

/** Every shell script of a workflow or pipeline file. */
function scripts(relative: string): string[] {
  const document = readYaml<{ jobs?: Workflow['jobs']; steps?: Step[] }>(relative);
  const steps = [...Object.values(document.jobs ?? {}).flatMap((job) => job.steps ?? []), ...(document.steps ?? [])];
  return steps.map((step) => step.run ?? step.script).filter((script): script is string => typeof script === 'string');
}

/** The elspeth command lines of a script: `elspeth.js <command> ...`, and bash `args=(<command> ...)` with its `args+=(...)`. */
function elspethInvocations(script: string): { command: string; flags: string[] }[] {
  const lines = script.split('\n');
  const built = lines.filter((line) => /\bargs\+?=\(/.test(line));
  const invocations = lines.filter((line) => /elspeth\.js\s+\w/.test(line)).map((line) => ({ command: /elspeth\.js\s+(\w[\w-]*)/.exec(line)![1]!, flags: flagsOf(line) }));
  const array = built.find((line) => /\bargs=\(/.test(line));
  if (array) invocations.push({ command: /\bargs=\((\w[\w-]*)/.exec(array)![1]!, flags: built.flatMap(flagsOf) });
  return invocations;
}
const flagsOf = (line: string) => [...line.matchAll(/(?:^|\s|\()(--[a-z][a-z-]*)/g)].map((m) => m[1]!);

/** A flag the usage text names as a whole word (`--fail` is not `--fail-on`). */
const names = (usage: string, flag: string) => new RegExp(`${flag}(?![a-z-])`).test(usage);

async function usageOf(command: string): Promise<string | undefined> {
  const io = createMemoryIo(ROOT, {});
  const code = await main([command, '--help'], io);
  return code === 0 ? io.out() : undefined;
}

describe('workflows and pipelines call what exists', () => {
  const packageScripts = Object.keys((JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts);

  it.each(FILES)('%s: every npm run names a package.json script', (file) => {
    const named = scripts(file).flatMap((script) => [...script.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!));
    expect(named.filter((name) => !packageScripts.includes(name))).toEqual([]);
  });

  it.each(FILES.filter((file) => file !== '.github/workflows/deploy.yml'))('%s: every elspeth command and flag exists', async (file) => {
    const invocations = scripts(file).flatMap(elspethInvocations);
    expect(invocations.length).toBeGreaterThan(0);
    for (const { command, flags } of invocations) {
      const usage = await usageOf(command);
      expect({ command, known: usage !== undefined }).toEqual({ command, known: true });
      expect({ command, unknownFlags: flags.filter((flag) => !names(usage!, flag)) }).toEqual({ command, unknownFlags: [] });
    }
  });

  it('the check does catch a command or flag the CLI does not have', async () => {
    const [invocation] = elspethInvocations('node bin/elspeth.js submit --url x --suite y --fail --fail-on-degraded');
    const usage = (await usageOf('submit'))!;
    expect(invocation!.flags.filter((flag) => !names(usage, flag))).toEqual(['--fail', '--fail-on-degraded']);
    expect(await usageOf('sumbit')).toBeUndefined();
  });

  it('the smoke suite the deploy workflow submits is accepted by the app in the cloud', async () => {
    const smoke = /--suite (\S+)/.exec(scripts('.github/workflows/deploy-environment.yml').find((script) => script.includes('elspeth.js submit'))!)![1]!;
    const suiteRoot = path.join(ROOT, smoke);
    const { run, problems } = await validateRequest(
      { runId: 'run-smoke-1', trigger: 'http', suite: 'smoke', settingsFile: path.join(suiteRoot, 'settings.yaml'), suiteRoot, maxRows: 10 },
      { registry: createBuiltinRegistry(), env: {}, cloud: CLOUD_POLICY },
    );
    expect(problems.errors).toEqual([]);
    expect(run).toBeDefined();
  });
});

describe('deploy.yml', () => {
  const deploy = () => readYaml<Workflow>('.github/workflows/deploy.yml');
  const environment = () => readYaml<Workflow>('.github/workflows/deploy-environment.yml');

  it('deploys staging, then production after it, through one reusable job', () => {
    const { jobs } = deploy();
    expect(jobs.staging).toMatchObject({ uses: './.github/workflows/deploy-environment.yml', with: { environment: 'staging' } });
    expect(jobs.production).toMatchObject({ uses: './.github/workflows/deploy-environment.yml', needs: 'staging', with: { environment: 'production' } });
  });

  it('signs in with OIDC federated credentials and stores no secret', () => {
    expect(deploy().permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(environment().permissions).toMatchObject({ 'id-token': 'write' });
    for (const file of ['.github/workflows/deploy.yml', '.github/workflows/deploy-environment.yml']) expect(text(file)).not.toMatch(/secrets\./);
    const all = scripts('.github/workflows/deploy-environment.yml').join('\n');
    expect(all).toMatch(/azd auth login --client-id "\$AZURE_CLIENT_ID" --federated-credential-provider github --tenant-id "\$AZURE_TENANT_ID"/);
    expect(environment().jobs.deploy!.steps!.find((step) => step.uses?.startsWith('azure/login@'))?.with).not.toHaveProperty('creds');
  });

  it('provisions, deploys, then smoke-runs a suite with elspeth submit --wait', () => {
    const order = scripts('.github/workflows/deploy-environment.yml').map((script) => (/azd provision/.test(script) ? 'provision' : /azd deploy/.test(script) ? 'deploy' : /elspeth\.js submit .*--wait/.test(script) ? 'smoke' : undefined)).filter(Boolean);
    expect(order).toEqual(['provision', 'deploy', 'smoke']);
    expect(environment().jobs.deploy!.environment).toBe('${{ inputs.environment }}');
  });
});

describe('the reusable workflow and the Azure Pipelines example', () => {
  it('elspeth-suite.yml is callable, gates on degraded, and publishes the files the gate writes', () => {
    const workflow = readYaml<Workflow>('.github/workflows/elspeth-suite.yml');
    const inputs = workflow.on.workflow_call!.inputs!;
    expect(inputs.suite).toMatchObject({ required: true });
    expect(inputs['fail-on']).toMatchObject({ default: 'degraded' });
    const steps = workflow.jobs.submit!.steps!;
    const submit = steps.find((step) => step.run?.includes('args=(submit'))!.run!;
    expect(submit).toContain('--junit elspeth-junit.xml');
    expect(submit).toContain('--summary elspeth-summary.md');
    expect(steps.find((step) => step.uses?.startsWith('mikepenz/action-junit-report'))?.with).toMatchObject({ report_paths: 'elspeth-junit.xml' });
    expect(steps.some((step) => step.run?.includes('cat elspeth-summary.md >> "$GITHUB_STEP_SUMMARY"'))).toBe(true);
  });

  it('azure-pipelines.yml publishes the JUnit and summary files its submit writes, with the key mapped from a secret variable', () => {
    const pipeline = readYaml<{ steps: Step[] }>('samples/pipelines/azure-pipelines.yml');
    const submit = pipeline.steps.find((step) => step.script?.includes('elspeth.js submit'))!;
    const junit = /--junit (\S+)/.exec(submit.script!)![1]!;
    const summary = /--summary (\S+)/.exec(submit.script!)![1]!;
    expect(submit.script).toContain('--fail-on degraded');
    expect(submit.env).toEqual({ ELSPETH_FUNCTION_KEY: '$(ELSPETH_FUNCTION_KEY)' });
    expect(pipeline.steps.find((step) => step.task === 'PublishTestResults@2')?.inputs).toMatchObject({ testResultsFormat: 'JUnit', testResultsFiles: junit });
    expect(pipeline.steps.some((step) => step.script === `echo "##vso[task.uploadsummary]${summary}"`)).toBe(true);
  });
});
