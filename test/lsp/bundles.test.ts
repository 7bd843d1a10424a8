// The built bundles' shape (esbuild.mjs; this tier builds them first): what is loaded lazily stays
// out of the bundle that loads it, and ships with it.
//  - server/out/server.js holds neither undici nor the provisioning engine: they are in
//    server/out/provisioning.js, which server.js require()s on the first provisioning request;
//  - client/out/extension.js does not hold the trace page (client/out/trace-html.js);
//  - every bundle a shipped bundle require()s exists and is whitelisted in .vscodeignore;
//  - the CLI bundle stays self-contained (undici inside, no lazily loaded bundle).
// Read from each bundle's metafile (`<name>.meta.json`, written by esbuild.mjs next to it), checked
// to belong to the bundle on disk. No sizes here: `node esbuild.mjs --production` enforces the
// size budgets.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }>; imports: { path: string; kind: string; external?: boolean }[] }>;
}

/** The inputs of a built bundle (from its metafile), and the relative files it require()s. */
function bundle(outfile: string): { inputs: string[]; requires: string[] } {
  const file = join(ROOT, outfile);
  const metaFile = file.replace(/\.js$/, '.meta.json');
  assert.ok(existsSync(file), `${outfile} is missing: run "node esbuild.mjs"`);
  assert.ok(existsSync(metaFile), `${outfile} has no metafile next to it: build it with "node esbuild.mjs"`);
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Metafile;
  const output = meta.outputs[outfile];
  assert.ok(output, `${metaFile} does not describe ${outfile}`);
  assert.equal(output.bytes, statSync(file).size, `${metaFile} is stale (not from the build of ${outfile}): rebuild with "node esbuild.mjs"`);
  const inputs = Object.entries(output.inputs)
    .filter(([, i]) => i.bytesInOutput > 0)
    .map(([path]) => path);
  const requires = output.imports
    .filter((i) => i.external && i.kind === 'require-call' && i.path.startsWith('./'))
    .map((i) => posix.join(posix.dirname(outfile), i.path));
  return { inputs, requires };
}

/** Paths whitelisted by .vscodeignore (`**` then `!path` lines). */
function whitelisted(): Set<string> {
  const lines = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split(/\r?\n/);
  return new Set(lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1).trim()));
}

const from = (inputs: string[], prefix: string) => inputs.filter((i) => i.startsWith(prefix));

describe('bundles: lazily loaded code', () => {
  it('server.js holds neither undici nor the provisioning engine, and require()s provisioning.js', () => {
    const server = bundle('server/out/server.js');
    assert.deepEqual(from(server.inputs, 'node_modules/undici/'), [], 'undici is back in server.js: only features/provisioning/engine.ts may reach it, through loadEngine()');
    for (const source of [
      'server/src/features/provisioning/engine.ts',
      'server/src/features/provisioning/scope-check.ts',
      'server/src/provisioning/engine.ts',
      'server/src/provisioning/client.ts',
      'server/src/provisioning/test-connection.ts',
    ]) {
      assert.ok(!server.inputs.includes(source), `${source} is in server.js; it belongs to the lazily loaded provisioning.js`);
    }
    assert.deepEqual(server.requires, ['server/out/provisioning.js']);
  });

  it('provisioning.js holds the engine and undici', () => {
    const provisioning = bundle('server/out/provisioning.js');
    assert.ok(from(provisioning.inputs, 'node_modules/undici/').length > 0);
    assert.ok(provisioning.inputs.includes('server/src/provisioning/engine.ts'));
    assert.deepEqual(provisioning.requires, []);
  });

  it('extension.js does not hold the trace page, and require()s trace-html.js', () => {
    const client = bundle('client/out/extension.js');
    assert.ok(!client.inputs.includes('client/src/views/trace-html.ts'), 'trace-html.ts is in extension.js: only trace-view.ts may reach it, through loadTraceHtml()');
    assert.deepEqual(client.requires, ['client/out/trace-html.js']);
  });

  it('every bundle the shipped bundles require() exists and is packaged (.vscodeignore)', () => {
    const packaged = whitelisted();
    for (const main of ['client/out/extension.js', 'server/out/server.js']) {
      assert.ok(packaged.has(main), `${main} is not whitelisted in .vscodeignore`);
      const pending = [main];
      const seen = new Set<string>();
      while (pending.length) {
        const outfile = pending.pop()!;
        if (seen.has(outfile)) continue;
        seen.add(outfile);
        for (const required of bundle(outfile).requires) {
          assert.ok(existsSync(join(ROOT, required)), `${outfile} require()s ${required}, which was not built`);
          assert.ok(packaged.has(required), `${outfile} require()s ${required}, which .vscodeignore does not whitelist: the VSIX would lack it`);
          assert.equal(dirname(required), dirname(outfile));
          pending.push(required);
        }
      }
    }
  });

  it('cli.js is self-contained: undici inside, no lazily loaded bundle', () => {
    const cli = bundle('server/out/cli.js');
    assert.ok(from(cli.inputs, 'node_modules/undici/').length > 0);
    assert.deepEqual(cli.requires, []);
  });
});
