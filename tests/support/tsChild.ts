/**
 * Test code run in a child process: plain `node` cannot load TypeScript, so the child first
 * registers a loader that transpiles each `.ts` file (no type check) with the project's
 * TypeScript, then loads the loopback guard. Append what the child should run; pass
 * `tsChildEnv()` in its environment.
 */
import path from 'node:path';

export const TS_CHILD_PRELUDE = `
const fs = require('node:fs');
const ts = require(process.env.CHILD_TYPESCRIPT);
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
require(process.env.CHILD_GUARD);
`;

export function tsChildEnv(): Record<string, string> {
  return { CHILD_TYPESCRIPT: require.resolve('typescript'), CHILD_GUARD: path.join(__dirname, 'loopbackOnly.ts') };
}
