/** The prompt engine: a sandboxed Jinja2 subset compatible with the original's templates. */
export { compileTemplate } from './compile';
export type { CompiledTemplate, CompileOptions } from './compile';
export { convertLegacyPlaceholders } from './legacy';
