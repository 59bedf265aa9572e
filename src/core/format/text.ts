/** Text of a value that should be a scalar: strings and numbers as they are, objects as JSON. */
export function scalarText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'undefined':
      return '';
    case 'function':
      return '<function>';
    default:
      return value === null ? '' : JSON.stringify(value);
  }
}
