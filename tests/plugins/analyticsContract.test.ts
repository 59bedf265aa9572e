import { aggregatorPlugins } from '../../src/plugins/aggregator';
import { baselinePlugins } from '../../src/plugins/baseline';
import { rowPlugins } from '../../src/plugins/row';
import { createRegistry } from '../../src/core/plugins/registry';
import { createTestDeps } from '../fakes/pluginDeps';

const METHOD = { row: 'processRow', aggregator: 'finalize', baseline: 'compare' } as const;
const all = [...rowPlugins, ...aggregatorPlugins, ...baselinePlugins];
/** Plugins whose options have no defaults (prompt_variants: a second model and a template). */
const REQUIRED_OPTIONS: Record<string, Record<string, unknown>> = {
  prompt_variants: { llm: { plugin: 'mock' }, prompt_template: 'Rephrase {{ user_prompt }}' },
  gold_match: { expected_field: 'label' },
  llm_judge: { llm: { plugin: 'mock' } },
  llm_pairwise_judge: { llm: { plugin: 'mock' } },
  custom_scorer: { module: 'tests/fixtures/scorers/answerLength.js' },
};
const fakeLlm = { name: 'fake', generate: () => Promise.resolve({ content: '', metrics: {} }) };

describe('analytics plugin contract', () => {
  it('registers every original name (and the scorers) once per kind', () => {
    const registry = createRegistry(all);
    expect(registry.names('row')).toEqual(['custom_scorer', 'gold_match', 'llm_judge', 'llm_pairwise_judge', 'noop', 'score_extractor']);
    expect(registry.names('aggregator')).toEqual([
      'classification_metrics', 'cost_summary', 'latency_summary', 'noop', 'pairwise_summary', 'prompt_variants', 'rationale_analysis', 'score_agreement', 'score_power', 'score_recommendation', 'score_stats', 'score_variant_ranking',
    ]);
    expect(registry.names('baseline')).toEqual([
      'category_effects', 'criteria_effects', 'noop', 'outlier_detection', 'referee_alignment', 'row_count', 'score_assumptions', 'score_bayes',
      'score_cliffs_delta', 'score_delta', 'score_distribution', 'score_flip_analysis', 'score_practical', 'score_significance', 'score_verdict',
    ]);
  });

  it.each(all.map((plugin) => [plugin.kind, plugin.name, plugin] as const))('%s %s: defaults parse, unknown keys fail, create() gives the interface', (kind, name, plugin) => {
    const required = REQUIRED_OPTIONS[name] ?? {};
    expect(plugin.configSchema.safeParse(required).success).toBe(true);
    expect(plugin.configSchema.safeParse({ ...required, not_an_option: 1 }).success).toBe(false);
    const create = plugin.create as unknown as (options: unknown, deps: unknown) => Record<string, unknown>;
    const instance = create(plugin.configSchema.parse(required), createTestDeps({ createLlm: () => fakeLlm }));
    expect(instance.name).toBe(name);
    expect(typeof instance[METHOD[kind]]).toBe('function');
    expect(plugin.description.length).toBeGreaterThan(10);
  });
});
