import { AppError } from '../../core/errors';
import { PLUGIN_KINDS, type PluginKind } from '../../core/plugins/kinds';
import { unknownNameMessage } from '../../core/plugins/didYouMean';
import { createBuiltinRegistry } from '../../plugins';
import { EXIT, type CliIo } from '../io';
import { showPlugins } from './pluginShow';

const USAGE = 'Usage: elspeth plugins list [kind]\n       elspeth plugins show <name|kind/name>\n';

/** `elspeth plugins list [kind]` (every plugin) and `plugins show <name>` (one plugin's options). */
export async function pluginsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [action, kind, ...extra] = argv;
  if (action === '--help' || action === '-h') {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (action === 'show' && kind !== undefined && extra.length === 0) {
    io.stdout(showPlugins(createBuiltinRegistry(), kind));
    return EXIT.ok;
  }
  if (action !== 'list' || extra.length > 0) throw new AppError('REQUEST_INVALID', `usage:\n${USAGE.trimEnd()}`);
  if (kind !== undefined && !PLUGIN_KINDS.includes(kind as PluginKind)) throw new AppError('REQUEST_INVALID', unknownNameMessage('plugin kind', kind, PLUGIN_KINDS));
  const registry = createBuiltinRegistry();
  const kinds = kind ? [kind as PluginKind] : [...PLUGIN_KINDS];
  const rows = kinds.flatMap((k) => registry.names(k).map((name) => [k, name, registry.get(k, name).description] as const));
  const kindWidth = Math.max(4, ...rows.map(([k]) => k.length));
  const nameWidth = Math.max(4, ...rows.map(([, name]) => name.length));
  io.stdout(`${'KIND'.padEnd(kindWidth)}  ${'NAME'.padEnd(nameWidth)}  DESCRIPTION\n`);
  for (const [k, name, description] of rows) io.stdout(`${k.padEnd(kindWidth)}  ${name.padEnd(nameWidth)}  ${firstSentence(description)}\n`);
  return EXIT.ok;
}

function firstSentence(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
