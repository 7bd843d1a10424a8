#!/usr/bin/env node
// The e2e tier (`npm test`, `npm run test:e2e`): the extension in a real VS Code extension host.
//
// 1. installs the host if missing (test/e2e/host/install-host.sh: code-server + playwright-core
//    into .vscode-host, chromium from apt; about 1 s when already there);
// 2. builds the client, server and suite bundles when a source is newer than its bundle;
// 3. runs the suite (test/out/e2e/suite/index.js) twice with test/e2e/host/run-ext-tests.mjs,
//    each time on a fresh copy of test/e2e/fixtures/ws:
//      trusted    the main tests (a trusted workspace)
//      untrusted  Restricted Mode (workspace trust on, folder untrusted): ENTRAMAP_E2E_MODE=untrusted
//    then the person-like check (test/e2e/e2e-check.mjs): the packaged VSIX installed into a
//    fresh host and used through the workbench UI, with screenshots in test-results/e2e/:
//      person     one test per check it prints
// 4. relays the output and ends with one `tests: N passed, N failed` line for test/run.mjs.
//
// Options: --verbose (stream code-server and browser logs), --keep (keep temp dirs),
// --session trusted|untrusted|person (run some sessions). On machines that can download VS Code,
// test/e2e/run-electron.mjs runs the same suite with @vscode/test-electron.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
process.chdir(root);

const { values: o } = parseArgs({
  options: {
    verbose: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    session: { type: 'string', multiple: true },
  },
});

const HOST_DIR = '.vscode-host';
const SUITE = 'test/out/e2e/suite/index.js';
const FIXTURE = 'test/e2e/fixtures/ws';
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function fail(message) {
  console.error(`[e2e] ${message}`);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

// ---- 1. the host --------------------------------------------------------------------------------
const install = spawnSync('bash', ['test/e2e/host/install-host.sh', HOST_DIR], { stdio: 'inherit' });
if (install.status !== 0) fail(`installing the VS Code host failed (exit ${install.status}); see above`);

// ---- 2. bundles ---------------------------------------------------------------------------------
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const bundles = ['client/out/extension.js', 'server/out/server.js', SUITE];
const sources = Math.max(newest('client/src'), newest('server/src'), newest('test/e2e/suite'), statSync('package.json').mtimeMs);
if (bundles.some((b) => !existsSync(b) || statSync(b).mtimeMs < sources)) {
  console.log('[e2e] building the client, server and suite bundles');
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=extension,server,index'], { stdio: 'inherit' });
  if (build.status !== 0) fail('the build failed; see above');
}

// ---- 3. sessions --------------------------------------------------------------------------------
const sessions = [
  { name: 'trusted', args: [] },
  { name: 'untrusted', args: ['--untrusted', '--env', 'ENTRAMAP_E2E_MODE=untrusted'] },
  { name: 'person', script: 'test/e2e/e2e-check.mjs' },
].filter((s) => !o.session || o.session.includes(s.name));

function runSession(session) {
  if (session.script) return runScript(session);
  const workspace = mkdtempSync(join(tmpdir(), `entramap-e2e-${session.name}-`));
  cpSync(FIXTURE, workspace, { recursive: true });
  const args = [
    'test/e2e/host/run-ext-tests.mjs',
    '--host-dir', HOST_DIR,
    '--extensionDevelopmentPath', '.',
    '--extensionTestsPath', SUITE,
    '--workspace', workspace,
    ...session.args,
    ...(o.verbose ? ['--verbose'] : []),
    ...(o.keep ? ['--keep'] : []),
  ];
  console.log(`\n[e2e] session "${session.name}" (workspace ${workspace})`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString();
      out += text;
      // the suite's own summary line is relayed under another name: ours comes last
      process.stdout.write(text.replace(/^tests: (\d+) passed, (\d+) failed/gm, `[e2e] ${session.name}: $1 passed, $2 failed`));
    });
    child.on('close', (code) => {
      if (!o.keep) rmSync(workspace, { recursive: true, force: true });
      const m = [...out.matchAll(/^tests: (\d+) passed, (\d+) failed/gm)].pop();
      const passed = m ? Number(m[1]) : 0;
      let failed = m ? Number(m[2]) : 0;
      if (code !== 0 && failed === 0) failed = 1; // the host failed before or after the tests
      resolve({ passed, failed });
    });
  });
}

/** A script that prints its own `tests: N passed, N failed` line (the person-like check). */
function runScript(session) {
  console.log(`\n[e2e] session "${session.name}" (${session.script})`);
  const args = [session.script, '--host-dir', HOST_DIR, ...(o.verbose ? ['--verbose'] : []), ...(o.keep ? ['--keep'] : [])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString();
      out += text;
      process.stdout.write(text.replace(/^tests: (\d+) passed, (\d+) failed/gm, `[e2e] ${session.name}: $1 passed, $2 failed`));
    });
    child.on('close', (code) => {
      const m = [...out.matchAll(/^tests: (\d+) passed, (\d+) failed/gm)].pop();
      const passed = m ? Number(m[1]) : 0;
      let failed = m ? Number(m[2]) : 0;
      if (code !== 0 && failed === 0) failed = 1;
      resolve({ passed, failed });
    });
  });
}

let passed = 0;
let failed = 0;
for (const s of sessions) {
  const r = await runSession(s);
  passed += r.passed;
  failed += r.failed;
}
console.log(`[e2e] done in ${secs()}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
