import { AppError } from '../errors';

type Decoder = (bytes: Uint8Array) => string;

/** Python codec names as users write them in `encoding:` (case and `_`/`-` insensitive). */
const DECODERS: Record<string, Decoder> = {
  utf8: (bytes) => whatwgDecode('utf-8', bytes),
  utf8sig: (bytes) => whatwgDecode('utf-8', bytes),
  utf16: (bytes) => whatwgDecode(startsWithBigEndianBom(bytes) ? 'utf-16be' : 'utf-16le', bytes),
  utf16le: (bytes) => whatwgDecode('utf-16le', bytes),
  utf16be: (bytes) => whatwgDecode('utf-16be', bytes),
  // WHATWG's "latin1" is really windows-1252; Python's latin-1 is ISO-8859-1, decoded by code unit.
  latin1: decodeIso88591,
  iso88591: decodeIso88591,
  l1: decodeIso88591,
  cp1252: decodeCp1252,
  windows1252: decodeCp1252,
  ascii: decodeAscii,
  usascii: decodeAscii,
};

export const SUPPORTED_ENCODINGS = ['utf-8', 'utf-8-sig', 'utf-16', 'utf-16-le', 'utf-16-be', 'latin-1', 'cp1252', 'ascii'];

/** True when `decodeText` knows the encoding name. */
export function isSupportedEncoding(encoding: string): boolean {
  return DECODERS[normalizeEncodingName(encoding)] !== undefined;
}

/** Decodes bytes strictly (invalid bytes are an error, as in Python) and drops a leading BOM. */
export function decodeText(bytes: Uint8Array, encoding: string, source: string): string {
  const decoder = DECODERS[normalizeEncodingName(encoding)];
  if (!decoder) {
    throw new AppError('DATASOURCE_FAILED', `${source}: unknown encoding '${encoding}'. Supported: ${SUPPORTED_ENCODINGS.join(', ')}`, {
      details: { source, encoding },
    });
  }
  try {
    return stripBom(decoder(bytes));
  } catch (error) {
    const offset = invalidByteOffset(bytes, normalizeEncodingName(encoding));
    const line = offset === undefined ? undefined : lineOfByte(bytes, offset);
    const where = offset === undefined ? '' : ` line ${line!}: byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at offset ${offset}:`;
    throw new AppError('DATASOURCE_FAILED', `${source}:${where} the file is not valid ${encoding} text`, {
      details: { source, encoding, ...(offset === undefined ? {} : { line, offset }) },
      cause: error,
    });
  }
}

/** Where decoding failed, for the encodings whose lines are bytes (UTF-8 and ASCII). */
function invalidByteOffset(bytes: Uint8Array, encoding: string): number | undefined {
  if (encoding === 'utf8' || encoding === 'utf8sig') return firstInvalidUtf8(bytes);
  if (encoding === 'ascii' || encoding === 'usascii') {
    const bad = bytes.findIndex((byte) => byte > 0x7f);
    return bad === -1 ? undefined : bad;
  }
  return undefined;
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
    }
    // Overlong three/four-byte forms, surrogates and code points above U+10FFFF.
    const second = bytes[i + 1] ?? 0;
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f) || (lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return undefined;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function normalizeEncodingName(encoding: string): string {
  return encoding.toLowerCase().replace(/[-_\s]/g, '');
}

function whatwgDecode(label: string, bytes: Uint8Array): string {
  return new TextDecoder(label, { fatal: true }).decode(bytes);
}

function startsWithBigEndianBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xfe && bytes[1] === 0xff;
}

function decodeIso88591(bytes: Uint8Array): string {
  const parts: string[] = [];
  const step = 8192;
  for (let offset = 0; offset < bytes.length; offset += step) {
    parts.push(String.fromCharCode(...bytes.subarray(offset, offset + step)));
  }
  return parts.join('');
}

function decodeAscii(bytes: Uint8Array): string {
  const bad = bytes.findIndex((byte) => byte > 0x7f);
  if (bad !== -1) throw new RangeError(`byte 0x${bytes[bad]!.toString(16)} at position ${bad} is not ASCII`);
  return decodeIso88591(bytes);
}

/** Bytes 0x80-0x9F of windows-1252 (Node's TextDecoder treats the label as latin-1); 0 = undefined in Python's codec. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

function decodeCp1252(bytes: Uint8Array): string {
  const text = decodeIso88591(bytes);
  return text.replace(/[\u0080-\u009f]/g, (char) => {
    const mapped = CP1252_HIGH[char.charCodeAt(0) - 0x80]!;
    if (mapped === 0) throw new RangeError(`byte 0x${char.charCodeAt(0).toString(16)} is undefined in cp1252`);
    return String.fromCharCode(mapped);
  });
}
