import { azureDevopsRepoSink } from '../../../src/plugins/sink/azureDevopsRepo';
import { githubRepoSink } from '../../../src/plugins/sink/githubRepo';
import type { SinkContext } from '../../../src/core/plugins/kinds';
import { createMemoryArtifactWriter } from '../../core/artifacts/memoryArtifactWriter';
import { variantPayload } from '../../core/reports/payloadFixtures';
import { createTestDeps } from '../../fakes/pluginDeps';
import { startAzureDevopsStandIn, startGithubStandIn, type RepoStandIn } from '../../fakes/repoApiStandIns';

const TOKEN = 'tok-123';

function context(): SinkContext & { writer: ReturnType<typeof createMemoryArtifactWriter> } {
  return { runId: 'run-1', experiment: 'variant_a', writer: createMemoryArtifactWriter('runs/run-1/variant_a'), consumed: {}, securityLevel: 'official', timestamp: '20260101T120000Z' };
}

const deps = (env: Record<string, string> = { GITHUB_TOKEN: TOKEN, AZURE_DEVOPS_PAT: TOKEN }) => createTestDeps({ env, fetch: (input, init) => fetch(input, init) });

describe('github_repo', () => {
  let api: RepoStandIn;
  beforeEach(async () => (api = await startGithubStandIn(TOKEN)));
  afterEach(() => api.close());

  it('is a dry run by default: writes the plan, sends nothing', async () => {
    const ctx = context();
    const sink = githubRepoSink.create(githubRepoSink.configSchema.parse({ owner: 'o', repo: 'r', base_url: api.url }), deps());
    await sink.write(variantPayload(true), ctx);
    expect(api.requests).toEqual([]);
    expect(JSON.parse(ctx.writer.files.get('dry_run/github_repo.json')!.body)).toEqual({
      context: { experiment: 'variant_a', timestamp: '20260101T120000Z', run_id: 'run-1', date: '2026-01-01', security_level: 'official' },
      commit_message: 'Add experiment results for variant_a',
      files: [
        { path: 'experiments/variant_a/20260101T120000Z/results.json', size: expect.any(Number), content_type: 'application/json' },
        { path: 'experiments/variant_a/20260101T120000Z/manifest.json', size: expect.any(Number), content_type: 'application/json' },
      ],
      dry_run: true,
    });
  });

  it('creates then updates files through the contents API when live', async () => {
    const options = githubRepoSink.configSchema.parse({ owner: 'acme', repo: 'evals', base_url: api.url, dry_run: false, path_template: 'runs/{experiment}' });
    const payload = variantPayload(true);
    await githubRepoSink.create(options, deps()).write(payload, context());
    await githubRepoSink.create(options, deps()).write(payload, context());
    expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /repos/acme/evals/contents/runs/variant_a/results.json?ref=main',
      'PUT /repos/acme/evals/contents/runs/variant_a/results.json',
      'GET /repos/acme/evals/contents/runs/variant_a/manifest.json?ref=main',
      'PUT /repos/acme/evals/contents/runs/variant_a/manifest.json',
      'GET /repos/acme/evals/contents/runs/variant_a/results.json?ref=main',
      'PUT /repos/acme/evals/contents/runs/variant_a/results.json',
      'GET /repos/acme/evals/contents/runs/variant_a/manifest.json?ref=main',
      'PUT /repos/acme/evals/contents/runs/variant_a/manifest.json',
    ]);
    expect((api.requests[5]!.body as { sha?: string }).sha).toMatch(/^[0-9a-f]{40}$/);
    expect(JSON.parse(api.files.get('runs/variant_a/results.json')!)).toEqual(JSON.parse(JSON.stringify(payload)));
  });

  it('fails with the status and body of a refused call, never the token', async () => {
    const options = githubRepoSink.configSchema.parse({ owner: 'o', repo: 'r', base_url: api.url, dry_run: false });
    const error: unknown = await githubRepoSink.create(options, deps({ GITHUB_TOKEN: 'wrong-token' })).write(variantPayload(true), context()).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'SINK_FAILED', message: 'GitHub API call failed (401): {"message":"Bad credentials"}', details: { status: 401 } });
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain('wrong-token');
  });

  it('refuses to push live without a token, before any call', async () => {
    const options = githubRepoSink.configSchema.parse({ owner: 'o', repo: 'r', base_url: api.url, dry_run: false });
    await expect(githubRepoSink.create(options, deps({})).write(variantPayload(true), context())).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(api.requests).toEqual([]);
  });

  it('names an unknown placeholder in a template', async () => {
    const options = githubRepoSink.configSchema.parse({ owner: 'o', repo: 'r', path_template: 'x/{experimnt}' });
    await expect(githubRepoSink.create(options, deps()).write(variantPayload(true), context())).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: "Sink option 'path_template' uses '{experimnt}'; available: date, experiment, run_id, security_level, timestamp",
    });
  });
});

describe('azure_devops_repo', () => {
  let api: RepoStandIn;
  beforeEach(async () => (api = await startAzureDevopsStandIn(TOKEN)));
  afterEach(() => api.close());

  const live = (extra: Record<string, unknown> = {}) =>
    azureDevopsRepoSink.configSchema.parse({ organization: 'org', project: 'proj', repository: 'repo', base_url: api.url, dry_run: false, ...extra });

  it('pushes one commit: branch ref, item checks, then add; a second push edits', async () => {
    await azureDevopsRepoSink.create(live(), deps()).write(variantPayload(true), context());
    await azureDevopsRepoSink.create(live(), deps()).write(variantPayload(true), context());
    const base = '/org/proj/_apis/git/repositories/repo';
    expect(api.requests.slice(0, 4).map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET ${base}/refs?filter=heads%2Fmain&api-version=7.1-preview`,
      `GET ${base}/items?path=%2Fexperiments%2Fvariant_a%2F20260101T120000Z%2Fresults.json&includeContentMetadata=true&api-version=7.1-preview`,
      `GET ${base}/items?path=%2Fexperiments%2Fvariant_a%2F20260101T120000Z%2Fmanifest.json&includeContentMetadata=true&api-version=7.1-preview`,
      `POST ${base}/pushes?api-version=7.1-preview`,
    ]);
    const pushes = api.requests.filter((request) => request.path.includes('/pushes')).map((request) => request.body as { commits: { changes: { changeType: string }[] }[] });
    expect(pushes.map((body) => body.commits[0]!.changes.map((change) => change.changeType))).toEqual([['add', 'add'], ['edit', 'edit']]);
    expect([...api.files.keys()]).toEqual(['experiments/variant_a/20260101T120000Z/results.json', 'experiments/variant_a/20260101T120000Z/manifest.json']);
  });

  it('fails clearly for a branch that does not exist, before pushing', async () => {
    await expect(azureDevopsRepoSink.create(live({ branch: 'release' }), deps()).write(variantPayload(true), context())).rejects.toMatchObject({
      code: 'SINK_FAILED',
      message: "Branch 'release' not found in repo",
    });
    expect(api.requests.some((request) => request.path.includes('/pushes'))).toBe(false);
  });

  it('is a dry run by default', async () => {
    const ctx = context();
    const options = azureDevopsRepoSink.configSchema.parse({ organization: 'org', project: 'proj', repository: 'repo', base_url: api.url });
    await azureDevopsRepoSink.create(options, deps()).write(variantPayload(true), ctx);
    expect(api.requests).toEqual([]);
    expect(JSON.parse(ctx.writer.files.get('dry_run/azure_devops_repo.json')!.body)).toMatchObject({ dry_run: true, commit_message: 'Add experiment results for variant_a' });
  });
});
