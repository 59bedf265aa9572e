import { z } from 'zod';
import { AppError } from '../../core/errors';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { apiFailure, buildRepoCommit, repoCommonOptions, requireToken, writeDryRunPlan, type RepoCommit } from './common/repoFiles';

export const AzureDevopsRepoOptionsSchema = options({
  organization: z.string().min(1),
  project: z.string().min(1),
  repository: z.string().min(1),
  token_env: z.string().min(1).default('AZURE_DEVOPS_PAT'),
  api_version: z.string().min(1).default('7.1-preview'),
  base_url: z.url().default('https://dev.azure.com'),
  ...repoCommonOptions,
});
type AzureDevopsRepoOptions = z.infer<typeof AzureDevopsRepoOptionsSchema>;

/**
 * Pushes results.json and manifest.json to an Azure DevOps Git repository as one commit
 * (docs/original-behaviour.md §2.12): read the branch ref, check each file (200: edit, 404: add), push.
 * Dry run by default: the plan is written to `dry_run/azure_devops_repo.json`.
 */
export const azureDevopsRepoSink = definePlugin({
  name: 'azure_devops_repo',
  kind: 'sink',
  description: 'Pushes results.json and a manifest to an Azure DevOps Git repository in one commit; dry run unless --live-outputs.',
  configSchema: AzureDevopsRepoOptionsSchema,
  create(config, deps) {
    return {
      records: 'all',
      async write(payload, ctx) {
        const commit = buildRepoCommit(payload, ctx, config);
        if (config.dry_run) {
          await writeDryRunPlan('azure_devops_repo', commit, ctx);
          return;
        }
        const token = requireToken(deps.env, config.token_env, 'azure_devops_repo');
        await push(deps.fetch, config, token, commit);
        deps.logger.info('[sinks] azure_devops_repo pushed', { runId: ctx.runId, experiment: ctx.experiment, files: commit.files.length });
      },
    };
  },
});

async function push(fetchFn: typeof fetch, config: AzureDevopsRepoOptions, token: string, commit: RepoCommit): Promise<void> {
  const api = `${config.base_url.replace(/\/+$/, '')}/${encodeURIComponent(config.organization)}/${encodeURIComponent(config.project)}/_apis/git/repositories/${encodeURIComponent(config.repository)}`;
  const version = `api-version=${encodeURIComponent(config.api_version)}`;
  const headers = { Authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`, 'Content-Type': 'application/json', Accept: 'application/json' };
  const refs = await fetchFn(`${api}/refs?filter=${encodeURIComponent(`heads/${config.branch}`)}&${version}`, { headers });
  if (refs.status !== 200) throw await apiFailure('Azure DevOps', refs);
  const oldObjectId = ((await refs.json()) as { value?: { objectId?: string }[] }).value?.[0]?.objectId;
  if (oldObjectId === undefined) throw new AppError('SINK_FAILED', `Branch '${config.branch}' not found in ${config.repository}`, { details: { branch: config.branch } });
  const changes = [];
  for (const file of commit.files) {
    const item = await fetchFn(`${api}/items?path=${encodeURIComponent(`/${file.path}`)}&includeContentMetadata=true&${version}`, { headers });
    if (item.status !== 200 && item.status !== 404) throw await apiFailure('Azure DevOps', item);
    changes.push({ changeType: item.status === 200 ? 'edit' : 'add', item: { path: `/${file.path}` }, newContent: { content: file.content, contentType: 'rawtext' } });
  }
  const body = { refUpdates: [{ name: `refs/heads/${config.branch}`, oldObjectId }], commits: [{ comment: commit.message, changes }] };
  const pushed = await fetchFn(`${api}/pushes?${version}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (pushed.status !== 200 && pushed.status !== 201) throw await apiFailure('Azure DevOps', pushed);
}
