import { settingsJsonSchema, experimentJsonSchema } from '../../core/config/jsonSchema';
import { AppError } from '../../core/errors';
import { unknownNameMessage } from '../../core/plugins/didYouMean';
import { createBuiltinRegistry } from '../../plugins';
import { EXIT, type CliIo } from '../io';

export const SCHEMA_USAGE = `Usage: elspeth schema [settings|experiment]

Prints the JSON Schema of a settings file (default) or of an experiment's config.json,
generated from the configuration's zod schemas with every registered plugin's options.
The committed copies in schema/ are what samples/*/settings.yaml reference for editors:
  # yaml-language-server: $schema=../../schema/settings.schema.json
`;

const TARGETS = { settings: settingsJsonSchema, experiment: experimentJsonSchema } as const;

/** `elspeth schema [settings|experiment]`: the JSON Schema on stdout. */
export async function schemaCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [target = 'settings', ...extra] = argv;
  if (target === '--help' || target === '-h') {
    io.stdout(SCHEMA_USAGE);
    return EXIT.ok;
  }
  if (!(target in TARGETS)) throw new AppError('REQUEST_INVALID', unknownNameMessage('schema', target, Object.keys(TARGETS)));
  if (extra.length > 0) throw new AppError('REQUEST_INVALID', `unexpected argument '${extra[0]}'\n${SCHEMA_USAGE}`);
  const plugins = createBuiltinRegistry().list();
  io.stdout(`${JSON.stringify(TARGETS[target as keyof typeof TARGETS](plugins), null, 2)}\n`);
  return EXIT.ok;
}
