import { z } from 'zod';
import { AppError } from '../../../core/errors';
import type { ExperimentPayload } from '../../../core/engine/records';
import type { SinkContext } from '../../../core/plugins/kinds';
import { normalizeRelativePath } from '../../../core/artifacts/paths';
import { sinkCommonOptions } from '../../../core/artifacts/sinkOptions';
import { compactToIso } from '../../../core/artifacts/timestamps';
import { toJsonText } from '../../../core/reports/json';
import { bundleManifest } from './bundleParts';

/** Options both repository sinks take (docs/original-behaviour.md §2.12); `dry_run` stays the default. */
export const repoCommonOptions = {
  branch: z.string().min(1).default('main'),
  path_template: z.string().min(1).default('experiments/{experiment}/{timestamp}'),
  commit_message_template: z.string().min(1).default('Add experiment results for {experiment}'),
  include_manifest: z.boolean().default(true),
  /** True unless the run is started with --live-outputs. */
  dry_run: z.boolean().default(true),
  ...sinkCommonOptions,
};

export interface RepoFile {
  path: string;
  content: string;
  contentType: string;
}

export interface RepoCommit {
  context: Record<string, string>;
  message: string;
  files: RepoFile[];
}

/** `{name}` placeholders from the run context; an unknown name is an error that names it. */
export function renderTemplate(template: string, context: Record<string, string>, option: string): string {
  return template.replace(/\{([^{}]*)\}/g, (_match, name: string) => {
    if (Object.hasOwn(context, name)) return context[name]!;
    throw new AppError('CONFIG_INVALID', `Sink option '${option}' uses '{${name}}'; available: ${Object.keys(context).sort().join(', ')}`, { details: { option, placeholder: name } });
  });
}

/** results.json (the payload) and manifest.json under the rendered path prefix. */
export function buildRepoCommit(payload: ExperimentPayload, ctx: SinkContext, options: { path_template: string; commit_message_template: string; include_manifest: boolean }): RepoCommit {
  const generatedAt = compactToIso(ctx.timestamp);
  const context = { experiment: ctx.experiment, timestamp: ctx.timestamp, run_id: ctx.runId, date: generatedAt.slice(0, 10), security_level: ctx.securityLevel };
  const prefix = normalizeRelativePath(renderTemplate(options.path_template, context, 'path_template'), 'path_template');
  const files: RepoFile[] = [{ path: `${prefix}/results.json`, content: toJsonText(payload, { sortKeys: true }), contentType: 'application/json' }];
  if (options.include_manifest) files.push({ path: `${prefix}/manifest.json`, content: toJsonText(bundleManifest(payload, generatedAt), { sortKeys: true }), contentType: 'application/json' });
  return { context, message: renderTemplate(options.commit_message_template, context, 'commit_message_template'), files };
}

/** What a dry run would have pushed, written beside the other reports instead of pushing. */
export async function writeDryRunPlan(sinkName: string, commit: RepoCommit, ctx: SinkContext): Promise<Record<string, unknown>> {
  const plan = {
    context: commit.context,
    commit_message: commit.message,
    files: commit.files.map((file) => ({ path: file.path, size: Buffer.byteLength(file.content), content_type: file.contentType })),
    dry_run: true,
  };
  await ctx.writer.write(`dry_run/${sinkName}.json`, toJsonText(plan), 'application/json');
  return plan;
}

/** A token named by `token_env`; a live push without one fails before any call. */
export function requireToken(env: Readonly<Record<string, string | undefined>>, tokenEnv: string, sink: string): string {
  const token = env[tokenEnv];
  if (token === undefined || token === '') {
    throw new AppError('CONFIG_INVALID', `${sink} pushes for real (--live-outputs) but the environment variable ${tokenEnv} (token_env) is not set`, { details: { option: 'token_env', env: tokenEnv } });
  }
  return token;
}

/** A failed API call, with its status and a bounded, token-free excerpt of the body. */
export async function apiFailure(service: string, response: Response): Promise<AppError> {
  const body = (await response.text().catch(() => '')).slice(0, 500);
  return new AppError('SINK_FAILED', `${service} API call failed (${response.status}): ${body}`, { details: { status: response.status }, retryable: response.status >= 500 || response.status === 429 });
}
