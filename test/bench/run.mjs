#!/usr/bin/env node
// `npm run bench`: bundles every test/bench/*.bench.ts with esbuild (as the shipped server and CLI
// are bundled, so the figures are those of the real code) and runs them in name order.
// Benchmarks print numbers and goals; they never pass or fail on time.
import { build } from 'esbuild';
import { readdirSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const outDir = join(root, '.bench');
const require = createRequire(import.meta.url);
process.chdir(root);

const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: files.map((f) => join(here, f)),
  outdir: outDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // as esbuild.mjs: jsonc-parser's UMD `main` cannot be bundled
  mainFields: ['module', 'main'],
  sourcemap: 'inline',
  logLevel: 'error',
  external: ['vscode-json-languageservice', 'newman'],
});
console.log(`entramap benchmarks (node ${process.version}, ${process.platform}/${process.arch})`);
for (const f of files) {
  const mod = require(join(outDir, f.replace(/\.ts$/, '.js')));
  if (typeof mod.run === 'function') await mod.run();
}
