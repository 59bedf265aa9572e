import { z } from 'zod';
import type { PluginDef } from '../../core/plugins/pluginDef';

/** A model named inside another plugin's options (llm_guard, prompt_variants): `{plugin, options}`. */
export const LlmDefinitionSchema = z
  .strictObject({
    plugin: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .refine((def) => def.plugin !== undefined || def.name !== undefined, { message: "an LLM definition needs 'plugin' (or 'name')" });

export type LlmDefinition = z.infer<typeof LlmDefinitionSchema>;

export function toLlmPluginDef(def: LlmDefinition): PluginDef {
  return { name: (def.plugin ?? def.name)!, options: def.options };
}
