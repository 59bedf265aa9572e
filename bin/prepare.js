#!/usr/bin/env node
'use strict';
// `prepare` (run by npm ci / npm install): build dist/ when the TypeScript compiler is
// installed. `npm install --omit=dev` (a production install) has no compiler and needs no
// build: it then says so and succeeds instead of failing on a missing `tsc`.
const { spawnSync } = require('node:child_process');

try {
  require.resolve('typescript/package.json', { paths: [process.cwd()] });
} catch {
  process.stdout.write('prepare: TypeScript is not installed (production install); skipping the build\n');
  process.exit(0);
}
const npm = process.env.npm_execpath;
const result = npm
  ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit' })
  : spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
