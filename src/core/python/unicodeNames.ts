/**
 * Python's `\N{NAME}` lookup as the unicode-escape codec does it (CPython's unicodedata
 * `_getcode`): table names and aliases case-insensitively; Hangul syllables and CJK unified
 * ideographs computed, uppercase only (`\N{hangul syllable gag}` fails in Python too); named
 * sequences refused. The table (unicodeNames.generated.ts, ~180 kB of base64) is inflated on
 * the first lookup only, so templates without `\N` never pay for it.
 */
import { inflateSync } from 'node:zlib';
import { PACKED_NAMES, RANGED_NAMES } from './unicodeNames.generated';

let byName: Map<string, number> | undefined;

function table(): Map<string, number> {
  if (byName !== undefined) return byName;
  byName = new Map();
  let code = -1;
  for (const line of inflateSync(Buffer.from(PACKED_NAMES, 'base64')).toString('latin1').split('\n')) {
    const semicolon = line.indexOf(';');
    code += 1 + (semicolon < 0 ? 0 : parseInt(line.slice(0, semicolon), 16));
    byName.set(line.slice(semicolon + 1), code);
  }
  return byName;
}

export function lookupUnicodeName(name: string): string | undefined {
  const code = hangulSyllable(name) ?? unifiedIdeograph(name) ?? rangedName(name.toUpperCase()) ?? table().get(name.toUpperCase());
  return code === undefined ? undefined : String.fromCodePoint(code);
}

function inRanges(code: number, ranges: ReadonlyArray<[number, number]>): boolean {
  return ranges.some(([first, last]) => code >= first && code <= last);
}

/** `CJK UNIFIED IDEOGRAPH-4E00`: 4 or 5 uppercase hex digits of a unified ideograph. */
function unifiedIdeograph(name: string): number | undefined {
  const match = /^CJK UNIFIED IDEOGRAPH-([0-9A-F]{4,5})$/.exec(name);
  if (match === null) return undefined;
  const code = parseInt(match[1]!, 16);
  return inRanges(code, RANGED_NAMES['CJK UNIFIED IDEOGRAPH']!) ? code : undefined;
}

/** Table names made of a prefix and the code (`CJK COMPATIBILITY IDEOGRAPH-F900`): any case. */
function rangedName(upper: string): number | undefined {
  const match = /^(.*)-([0-9A-F]{4,5})$/.exec(upper);
  if (match === null || match[1] === 'CJK UNIFIED IDEOGRAPH') return undefined;
  const ranges = RANGED_NAMES[match[1]!];
  const code = parseInt(match[2]!, 16);
  return ranges !== undefined && match[2] === code.toString(16).toUpperCase().padStart(4, '0') && inRanges(code, ranges) ? code : undefined;
}

const JAMO_L = ['G', 'GG', 'N', 'D', 'DD', 'R', 'M', 'B', 'BB', 'S', 'SS', '', 'J', 'JJ', 'C', 'K', 'T', 'P', 'H'];
const JAMO_V = ['A', 'AE', 'YA', 'YAE', 'EO', 'E', 'YEO', 'YE', 'O', 'WA', 'WAE', 'OE', 'YO', 'U', 'WEO', 'WE', 'WI', 'YU', 'EU', 'YI', 'I'];
const JAMO_T = ['', 'G', 'GG', 'GS', 'N', 'NJ', 'NH', 'D', 'L', 'LG', 'LM', 'LB', 'LS', 'LT', 'LP', 'LH', 'M', 'B', 'BS', 'S', 'SS', 'NG', 'J', 'C', 'K', 'T', 'P', 'H'];

/** The longest jamo name at `at` (CPython's find_syllable), or -1. */
function longestJamo(text: string, at: number, names: readonly string[]): { index: number; length: number } {
  let best = { index: -1, length: -1 };
  names.forEach((jamo, index) => {
    if (jamo.length > best.length && text.startsWith(jamo, at)) best = { index, length: jamo.length };
  });
  return best;
}

/** `HANGUL SYLLABLE GAG`: initial, medial and final jamo short names, uppercase. */
function hangulSyllable(name: string): number | undefined {
  const prefix = 'HANGUL SYLLABLE ';
  if (!name.startsWith(prefix)) return undefined;
  let at = prefix.length;
  const parts = [JAMO_L, JAMO_V, JAMO_T].map((names) => {
    const found = longestJamo(name, at, names);
    at += Math.max(found.length, 0);
    return found.index;
  });
  if (at !== name.length || parts.includes(-1)) return undefined;
  const [l, v, t] = parts as [number, number, number];
  return 0xac00 + (l * 21 + v) * 28 + t;
}
