// Lets mocha `require()` TypeScript sources directly: each .ts file is transpiled by esbuild
// (no type checking; `npm run check-types` does that) with an inline source map for stack traces.
'use strict';
const { transformSync } = require('esbuild');
const fs = require('node:fs');

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: filename,
  });
  module._compile(code, filename);
};
process.setSourceMapsEnabled(true);
