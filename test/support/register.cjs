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

// ESM-only dependencies (chevrotain 11 exports only an `import` condition) cannot be require()d
// by the transpiled CommonJS sources. Bundle each once into a CommonJS file under
// node_modules/.cache/entramap (keyed by the package version) and resolve to it. The shipped
// bundles do not need this: esbuild resolves ESM itself.
const path = require('node:path');
const Module = require('node:module');
const ESM_ONLY = ['chevrotain'];
const root = path.join(__dirname, '..', '..');
const cjsCopies = new Map();
function cjsCopy(name) {
  let file = cjsCopies.get(name);
  if (file) return file;
  const pkgDir = path.join(root, 'node_modules', name);
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  file = path.join(root, 'node_modules', '.cache', 'entramap', `${name}-${pkg.version}.cjs`);
  if (!fs.existsSync(file)) {
    const entry = typeof pkg.exports === 'object' && pkg.exports['.'] && pkg.exports['.'].import
      ? pkg.exports['.'].import
      : pkg.module || pkg.main;
    require('esbuild').buildSync({
      entryPoints: [path.join(pkgDir, typeof entry === 'string' ? entry : entry.default)],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      outfile: file,
      logLevel: 'silent',
    });
  }
  cjsCopies.set(name, file);
  return file;
}
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolve(request, parent, ...rest) {
  if (ESM_ONLY.includes(request)) return cjsCopy(request);
  return resolveFilename.call(this, request, parent, ...rest);
};

process.setSourceMapsEnabled(true);
