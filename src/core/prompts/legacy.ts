/**
 * Legacy `{FIELD}` placeholders (docs/original-behaviour.md §1.7): a template with neither `{{` nor `{%` has every
 * `{identifier}` rewritten to `{{ identifier }}`. The identifier pattern is the original's
 * ASCII one, so JSON such as `{"score": 1}` is left alone.
 */
const LEGACY_PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g;

export function convertLegacyPlaceholders(text: string): string {
  if (text.includes('{{') || text.includes('{%')) return text;
  return text.replace(LEGACY_PLACEHOLDER, (_match, name: string) => `{{ ${name} }}`);
}
