/**
 * Python's `\N{NAME}` lookup (case-insensitive), for the blocks in unicodeNames.generated.ts.
 * A name outside them is refused like an unknown name, so a template never renders
 * something other than what Python would: it fails to compile instead.
 */
import { UNICODE_NAME_LINES } from './unicodeNames.generated';

let byName: Map<string, number> | undefined;

export function lookupUnicodeName(name: string): string | undefined {
  if (byName === undefined) {
    byName = new Map(UNICODE_NAME_LINES.split('\n').map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(colon + 1), parseInt(line.slice(0, colon), 16)] as const;
    }));
  }
  const code = byName.get(name.toUpperCase());
  return code === undefined ? undefined : String.fromCodePoint(code);
}
