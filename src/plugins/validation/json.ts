import { z } from 'zod';
import { AppError } from '../../core/errors';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

export const JsonValidatorOptionsSchema = options({
  ensure_object: z.boolean().default(false),
});
export type JsonValidatorOptions = z.infer<typeof JsonValidatorOptionsSchema>;

function failed(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { retryable: true, details: { validator: 'json' } });
}

export const jsonValidator = definePlugin({
  name: 'json',
  kind: 'validation',
  description: 'The response must be valid JSON; with `ensure_object`, a JSON object.',
  configSchema: JsonValidatorOptionsSchema,
  create(config) {
    return {
      name: 'json',
      validate(response) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(response.content ?? '');
        } catch (error) {
          throw failed(`Response is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (config.ensure_object && (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))) {
          throw failed('JSON response must be an object');
        }
      },
    };
  },
});
