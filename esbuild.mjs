// Bundles the three faces of entramap: the VS Code client, the language server and the CLI,
// plus the extension-host test suite.
//   node esbuild.mjs [--production] [--watch] [--only=a,b] [--analyze]
// `--only` picks bundles by output name: extension, server, cli, index (a lazily loaded bundle
// comes with the bundle that loads it). `--analyze` prints what is big in each bundle.
//
// Lazily loaded bundles (`lazyModules`): code a bundle needs only when a command runs is bundled
// on its own, next to it, and loaded with `require()` on first use: the provisioning engine with
// undici (server/out/provisioning.js) and the trace page (client/out/trace-html.js). In the
// sources the `require` names the TypeScript module (so tests load it directly); the
// `lazy-modules` plugin below turns it into a `require` of the separate bundle. Every bundle's
// metafile is written next to it (`<name>.meta.json`, never packaged): test/lsp/bundles.test.ts
// reads them to check that nothing lazily loaded is back in a main bundle.
//
// Production bundles have size budgets (the VSIX ships the client, the server and their lazily
// loaded bundles): a production build that goes over one fails.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const analyze = process.argv.includes('--analyze');

/**
 * Modules loaded on first use, each from a bundle of its own: `source` is bundled into `outfile`,
 * and in the bundle `loader` a `require()` of `source` becomes a `require()` of `outfile`.
 * Nothing else may import `source` (an `import` would inline it again; the bundle test checks).
 */
const lazyModules = [
  { source: 'server/src/features/provisioning/engine.ts', outfile: 'server/out/provisioning.js', loader: 'server/out/server.js' },
  { source: 'client/src/views/trace-html.ts', outfile: 'client/out/trace-html.js', loader: 'client/out/extension.js' },
];

/** Size budgets of the production bundles, in bytes (the goals of docs/development.md). */
const budgets = {
  'client/out/extension.js': 400 * 1024,
  'server/out/server.js': 1024 * 1024,
};

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

/** Writes the bundle's metafile next to it (`server/out/server.meta.json`), for the bundle test. */
const metafileWriter = {
  name: 'metafile-writer',
  setup(build) {
    build.onEnd((result) => {
      if (!result.metafile) return;
      const out = build.initialOptions.outfile;
      writeFileSync(out.replace(/\.js$/, '.meta.json'), JSON.stringify(result.metafile));
      if (analyze) console.log(`\n${out}${esbuild.analyzeMetafileSync(result.metafile, { verbose: false })}`);
    });
  },
};

/** `require('./x')` of a lazy module's source, in the bundle that loads it: the separate bundle. */
function lazyModuleLoader(outfile) {
  const mine = lazyModules.filter((m) => m.loader === outfile);
  return {
    name: 'lazy-modules',
    setup(build) {
      if (!mine.length) return;
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = relative(process.cwd(), resolve(args.resolveDir, args.path)).split('\\').join('/');
        const hit = mine.find((m) => target === m.source || target === m.source.replace(/\.ts$/, ''));
        if (!hit) return undefined;
        if (args.kind !== 'require-call') {
          return { errors: [{ text: `${hit.source} is loaded lazily from ${hit.outfile}: use require(), not ${args.kind}, in ${args.importer}` }] };
        }
        return { path: `./${relative(dirname(outfile), hit.outfile).split('\\').join('/')}`, external: true };
      });
    },
  };
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Prefer ES module builds: jsonc-parser's UMD `main` requires files esbuild cannot see.
  mainFields: ['module', 'main'],
  // vscode-languageserver-protocol require()s the types package, whose `require` export is a UMD
  // wrapper; its ES module build (the same code, the package's `import` export) is smaller.
  alias: { 'vscode-languageserver-types': './node_modules/vscode-languageserver-types/lib/esm/main.js' },
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
  logLevel: 'silent',
  legalComments: 'none',
  define: { __ENTRAMAP_VERSION__: JSON.stringify(pkg.version) },
};

const targets = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' },
  {
    entryPoints: ['server/src/cli.ts'],
    outfile: 'server/out/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  ...lazyModules.map((m) => ({ entryPoints: [m.source], outfile: m.outfile, external: ['vscode'], group: m.loader })),
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
const named = (t, name) => basename(t.group ?? t.outfile) === `${name}.js`;
const selected = only ? targets.filter((t) => only.some((name) => named(t, name))) : targets;
const contexts = await Promise.all(
  selected.map(({ group, ...t }) =>
    esbuild.context({ ...common, ...t, plugins: [problemMatcher, metafileWriter, lazyModuleLoader(t.outfile)] }),
  ),
);
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
  if (production) {
    const over = [];
    for (const { outfile } of selected) {
      const size = statSync(outfile).size;
      const budget = budgets[outfile];
      console.log(`${outfile}: ${(size / 1024).toFixed(1)} KB${budget ? ` (budget ${budget / 1024} KB)` : ''}`);
      if (budget && size > budget) over.push(outfile);
    }
    if (over.length) {
      console.error(`over the size budget: ${over.join(', ')} (node esbuild.mjs --production --analyze shows what is big)`);
      process.exit(1);
    }
  }
}
