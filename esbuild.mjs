// Bundles the three faces of entramap: the VS Code client, the language server and the CLI,
// plus the extension-host test suite. `node esbuild.mjs [--production] [--watch] [--only=a,b]`
// (`--only` picks bundles by output name: extension, server, cli, index).
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Print esbuild problems in the `tsc`-like shape VS Code problem matchers read. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of [...result.errors, ...result.warnings]) {
        const where = location ? `${location.file}:${location.line}:${location.column}: ` : '';
        console.error(`${where}${text}`);
      }
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Prefer ES module builds: jsonc-parser's UMD `main` requires files esbuild cannot see.
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  legalComments: 'none',
  define: { __ENTRAMAP_VERSION__: JSON.stringify(pkg.version) },
  plugins: [problemMatcher],
};

const targets = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' },
  {
    entryPoints: ['server/src/cli.ts'],
    outfile: 'server/out/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
];
// The extension-host test suite (mocha inside VS Code); only when its sources exist.
if (existsSync('test/e2e/suite/index.ts')) {
  targets.push({
    entryPoints: ['test/e2e/suite/index.ts'],
    outfile: 'test/out/e2e/suite/index.js',
    external: ['vscode'],
    minify: false,
    sourcemap: true,
  });
}

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const selected = only ? targets.filter((t) => only.some((name) => t.outfile.endsWith(`/${name}.js`))) : targets;
const contexts = await Promise.all(selected.map((t) => esbuild.context({ ...common, ...t })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.all(contexts.map((c) => c.rebuild().catch((e) => e)));
  await Promise.all(contexts.map((c) => c.dispose()));
  const failed = results.filter((r) => r instanceof Error || (r.errors && r.errors.length));
  if (failed.length) {
    console.error(`build failed (${failed.length} bundle(s))`);
    process.exit(1);
  }
  if (existsSync('server/out/cli.js')) chmodSync('server/out/cli.js', 0o755);
}
