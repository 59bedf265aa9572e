import type { PluginDef } from '../plugins/pluginDef';
import type { InputPolicy } from './inputPolicy';
import type { CheckpointConfig, ConcurrencyConfig, Criterion, RetryConfig } from './layer';

/** One experiment with every setting decided. JSON-safe: it is stored in `plan.json`. */
export interface ResolvedExperiment {
  name: string;
  isBaseline: boolean;
  description?: string;
  hypothesis?: string;
  author: string;
  tags: string[];
  /** Sent to the model on every call (docs/original-behaviour.md §12.2 item 16); undefined in single-run mode. */
  temperature?: number;
  maxTokens?: number;
  configFile: string;
  promptPack?: string;
  prompts: { system: string; user: string };
  promptFields?: string[];
  criteria: Criterion[];
  promptDefaults: Record<string, unknown>;
  llm: PluginDef;
  rowPlugins: PluginDef[];
  aggregatorPlugins: PluginDef[];
  baselinePlugins: PluginDef[];
  validationPlugins: PluginDef[];
  llmMiddlewares: PluginDef[];
  earlyStopPlugins: PluginDef[];
  sinks: PluginDef[];
  rateLimiter?: PluginDef;
  costTracker?: PluginDef;
  concurrency: ConcurrencyConfig;
  retry: RetryConfig;
  checkpoint?: CheckpointConfig;
  securityLevel: string;
}

export interface ResolvedRun {
  mode: 'suite' | 'single';
  /** Suite folder name, or the profile name in single-run mode. */
  suite: string;
  profile: string;
  settingsFile: string;
  suiteRoot?: string;
  /** Directory relative data paths resolve against (the settings file's folder). */
  baseDir: string;
  /** Where inputs may be read from (the suite folder unless the CLI chose `--input-root`). */
  inputs: InputPolicy;
  datasource: PluginDef;
  experiments: ResolvedExperiment[];
  baseline: string;
  /** Overrides of the batch layout the engine derives from `max_workers` (docs/concurrency.md). */
  orchestration: { batchSize?: number; maxBatchesInFlight?: number };
  budget?: { maxCost: number; currency: string; order: BudgetOrder };
  /** Set when the run answers identical requests from the shared response cache. */
  cache?: { ttlSeconds: number };
}

/** `balanced`: experiments advance together row by row; `in_order`: one experiment after another. */
export type BudgetOrder = 'balanced' | 'in_order';
