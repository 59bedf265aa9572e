/** Patterns of storage secrets that may appear in SDK messages, URLs or connection strings. */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/(AccountKey=)[^;\s]+/gi, '$1<redacted>'],
  [/(SharedAccessSignature=)[^;\s]+/gi, '$1<redacted>'],
  [/([?&]sig=)[^&\s;"']+/gi, '$1<redacted>'],
  [/(Authorization:\s*)[^\r\n]+/gi, '$1<redacted>'],
];

/** Removes account keys and SAS signatures from text meant for errors or logs. */
export function redactStorageSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** A URL with its query string (SAS token) removed. */
export function withoutQuery(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? url : url.slice(0, index);
}
