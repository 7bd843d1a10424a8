#!/usr/bin/env node
// The one test command: `npm test` (all tiers) or `npm test -- unit lsp` (some tiers).
// Each tier runs in its own process and reports `tests: N passed, N failed`; this script sums
// them and its last line is the plain summary `N passed, N failed` (exit 1 when anything failed).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const mocha = (dir, extra = []) => [
  process.execPath,
  [
    'node_modules/mocha/bin/mocha.js',
    '--require', 'test/support/register.cjs',
    '--reporter', 'test/support/summary-reporter.cjs',
    '--timeout', '20000',
    '--recursive', '--extension', 'ts',
    ...extra,
    dir,
  ],
];

/** Tiers in run order. `needsBuild`: uses the bundles in server/out or client/out. */
const tiers = {
  types: { cmd: [process.execPath, ['node_modules/typescript/bin/tsc', '-b']], single: 'type check (tsc -b)' },
  unit: { cmd: mocha('test/unit') },
  lsp: { cmd: mocha('test/lsp'), needsBuild: true, when: 'test/lsp' },
  provisioning: { cmd: mocha('test/provisioning', ['--timeout', '60000']), needsBuild: true, when: 'test/provisioning' },
  e2e: {
    cmd: [process.execPath, ['test/e2e/run.mjs']],
    needsBuild: true,
    when: 'test/e2e/run.mjs',
  },
};

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of asked) {
  if (!tiers[name]) {
    console.error(`unknown test tier "${name}"; tiers: ${Object.keys(tiers).join(', ')}`);
    process.exit(2);
  }
}
const selected = Object.entries(tiers).filter(
  ([name, t]) => (asked.length ? asked.includes(name) : true) && (!t.when || existsSync(t.when)),
);

/** A tier that prints its result line must exit soon after: open handles would hang CI. */
const EXIT_GRACE_MS = 30_000;
/** No tier may run longer than this (the e2e tier, the slowest, takes 1-2 minutes). */
const TIER_LIMIT_MS = 20 * 60_000;

/** The running tier's process group, stopped with us on Ctrl-C (it runs in its own group). */
let current;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (current) {
      try {
        process.kill(-current.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    process.exit(130);
  });
}

function run(cmd, args, { capture = true } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env, detached: true });
    current = child;
    let out = '';
    let stuck = '';
    let graceTimer;
    const kill = (why) => {
      stuck = why;
      try {
        process.kill(-child.pid, 'SIGKILL'); // the whole process group: servers it started too
      } catch {
        child.kill('SIGKILL');
      }
    };
    const limitTimer = setTimeout(() => kill(`still running after ${TIER_LIMIT_MS / 60000} minutes`), TIER_LIMIT_MS);
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      if (capture) out = (out + chunk.toString()).slice(-20000);
      if (!graceTimer && /^tests: \d+ passed, \d+ failed\s*$/m.test(out)) {
        graceTimer = setTimeout(() => kill(`reported its result but did not exit within ${EXIT_GRACE_MS / 1000} s (open handles?)`), EXIT_GRACE_MS);
      }
    });
    child.on('error', (err) => resolve({ code: 127, out: String(err) }));
    child.on('close', (code, signal) => {
      current = undefined;
      clearTimeout(limitTimer);
      clearTimeout(graceTimer);
      if (stuck) console.error(`\n${cmd === process.execPath ? args[0] : cmd}: ${stuck}; stopped it`);
      resolve({ code: stuck ? 1 : code ?? (signal ? 128 : 1), out });
    });
  });
}

let passed = 0;
let failed = 0;
const lines = [];

if (selected.some(([, t]) => t.needsBuild)) {
  console.log('\n=== build ===');
  const b = await run(process.execPath, ['esbuild.mjs']);
  if (b.code !== 0) {
    failed++;
    lines.push('build: FAILED');
  }
}

for (const [name, tier] of selected) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const { code, out } = await run(...tier.cmd);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (tier.single) {
    if (code === 0) passed++;
    else failed++;
    lines.push(`${name}: ${code === 0 ? 'passed' : 'FAILED'} (${secs} s)`);
    continue;
  }
  const matches = [...out.matchAll(/^tests: (\d+) passed, (\d+) failed\s*$/gm)];
  if (matches.length === 0) {
    failed++;
    lines.push(`${name}: no result line (exit ${code}) - counted as 1 failure (${secs} s)`);
    continue;
  }
  const last = matches[matches.length - 1];
  const p = Number(last[1]);
  let f = Number(last[2]);
  if (code !== 0 && f === 0) f = 1; // a crash after the summary still fails the tier
  passed += p;
  failed += f;
  lines.push(`${name}: ${p} passed, ${f} failed (${secs} s)`);
}

console.log('\n=== summary ===');
for (const l of lines) console.log(l);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
