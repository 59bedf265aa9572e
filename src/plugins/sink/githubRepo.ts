import { z } from 'zod';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { apiFailure, buildRepoCommit, repoCommonOptions, requireToken, writeDryRunPlan, type RepoFile } from './common/repoFiles';

export const GithubRepoOptionsSchema = options({
  owner: z.string().min(1),
  repo: z.string().min(1),
  token_env: z.string().min(1).default('GITHUB_TOKEN'),
  base_url: z.url().default('https://api.github.com'),
  ...repoCommonOptions,
});
type GithubRepoOptions = z.infer<typeof GithubRepoOptionsSchema>;

/**
 * Commits results.json and manifest.json to a GitHub repository through the contents API
 * (docs/original-behaviour.md §2.12): per file, look up its sha (404: new file), then create or update it.
 * Dry run by default: the plan is written to `dry_run/github_repo.json` and nothing is sent.
 */
export const githubRepoSink = definePlugin({
  name: 'github_repo',
  kind: 'sink',
  description: 'Commits results.json and a manifest to a GitHub repository (contents API); dry run unless --live-outputs.',
  configSchema: GithubRepoOptionsSchema,
  create(config, deps) {
    return {
      records: 'all',
      async write(payload, ctx) {
        const commit = buildRepoCommit(payload, ctx, config);
        if (config.dry_run) {
          await writeDryRunPlan('github_repo', commit, ctx);
          return;
        }
        const token = requireToken(deps.env, config.token_env, 'github_repo');
        for (const file of commit.files) await putFile(deps.fetch, config, token, file, commit.message);
        deps.logger.info('[sinks] github_repo pushed', { runId: ctx.runId, experiment: ctx.experiment, files: commit.files.length });
      },
    };
  },
});

async function putFile(fetchFn: typeof fetch, config: GithubRepoOptions, token: string, file: RepoFile, message: string): Promise<void> {
  const url = `${config.base_url.replace(/\/+$/, '')}/repos/${encodeURIComponent(config.owner)}/${encodeURIComponent(config.repo)}/contents/${file.path.split('/').map(encodeURIComponent).join('/')}`;
  const headers = { Accept: 'application/vnd.github+json', Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const existing = await fetchFn(`${url}?ref=${encodeURIComponent(config.branch)}`, { headers });
  if (existing.status !== 200 && existing.status !== 404) throw await apiFailure('GitHub', existing);
  const sha = existing.status === 200 ? ((await existing.json()) as { sha?: string }).sha : undefined;
  const body = { message, content: Buffer.from(file.content, 'utf8').toString('base64'), branch: config.branch, ...(sha ? { sha } : {}) };
  const response = await fetchFn(url, { method: 'PUT', headers, body: JSON.stringify(body) });
  if (response.status !== 200 && response.status !== 201) throw await apiFailure('GitHub', response);
}
