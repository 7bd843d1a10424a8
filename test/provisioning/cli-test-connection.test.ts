// `entramap test-connection`: the exact contract — flags, JSON shape, exit codes, text report —
// and that the token is never printed. In process through the command's `run` (usage errors are
// thrown as UsageError, which the dispatcher turns into exit 2), and once through the built CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CliIO, UsageError } from '../../server/src/cli/io';
import { run } from '../../server/src/cli/test-connection';
import { FaultServer, startFaultServer } from '../support/fault-server';
import { cliPath, REPO_ROOT, useTarget } from '../support/scim-target';

/** `run` with the dispatcher's handling of usage errors (message on stderr, exit 2). */
async function main(argv: string[], io: CliIO): Promise<number> {
  const [, ...rest] = argv;
  try {
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`entramap test-connection: ${err.message}\nusage: entramap test-connection --url TENANT_URL [--token-env NAME] [--timeout SECONDS] [--json]\n`);
      return 2;
    }
    throw err;
  }
}

/** Runs the built CLI; resolves with its exit code and output. */
function spawnCli(argv: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath(), ...argv], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

interface Captured {
  io: CliIO;
  out(): string;
  err(): string;
}

function capture(env: Record<string, string>): Captured {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env, cwd: process.cwd() },
    out: () => out,
    err: () => err,
  };
}

describe('entramap test-connection', () => {
  const h = useTarget();

  it('--json: exit 0 and the contract fields when the connection works', async () => {
    const c = capture({ SCIM_TOKEN: h.target.token });
    const code = await main(['test-connection', '--url', h.target.url, '--json'], c.io);
    assert.equal(code, 0, c.err());
    const r = JSON.parse(c.out());
    assert.equal(r.ok, true);
    assert.equal(r.category, null);
    assert.equal(typeof r.message, 'string');
    assert.ok(Array.isArray(r.requests) && r.requests.length >= 1);
    for (const q of r.requests) {
      assert.equal(typeof q.method, 'string');
      assert.match(q.url, /^http:\/\/127\.0\.0\.1:\d+\/scim\/v2\//);
      assert.ok(typeof q.status === 'number' || q.status === null);
    }
    assert.equal(r.requests[0].method, 'GET');
    assert.match(decodeURIComponent(r.requests[0].url), /\/Users\?filter=userName eq "[0-9a-f-]{36}"$/);
    assert.ok(!c.out().includes(h.target.token) && !c.err().includes(h.target.token));
  });

  it('--json: exit 1 and the category when the token is wrong; the token is not printed', async () => {
    const c = capture({ MY_TOKEN: 'wrong-token-value-42' });
    const code = await main(['test-connection', '--url', h.target.url, '--token-env', 'MY_TOKEN', '--json'], c.io);
    assert.equal(code, 1);
    const r = JSON.parse(c.out());
    assert.equal(r.ok, false);
    assert.equal(r.category, 'credentials');
    assert.equal(r.requests[0].status, 401);
    assert.ok(!c.out().includes('wrong-token-value-42'));
  });

  it('text mode: a readable report with the fix', async () => {
    const c = capture({ SCIM_TOKEN: h.target.token });
    const code = await main(['test-connection', '--url', `${h.target.url}/nope`], c.io);
    assert.equal(code, 1);
    const text = c.out();
    assert.match(text, /^✗ Connection failed \(url\): http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/nope\n/);
    assert.match(text, /\n {2}Fix: Check the path of the Tenant URL/);
    assert.match(text, /\nRequests:\n {2}GET http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/nope\/Users\?filter=userName eq "[0-9a-f-]{36}" → 404 \(\d+ ms\)\n/);
    const ok = capture({ SCIM_TOKEN: h.target.token });
    assert.equal(await main(['test-connection', '--url', h.target.url], ok.io), 0);
    assert.match(ok.out(), /^✓ Connection OK: /);
    assert.match(ok.out(), /ServiceProviderConfig: patch yes, filter yes/);
  });

  it('exit 2 with a clear message when the token variable is missing or empty', async () => {
    const missing = capture({});
    assert.equal(await main(['test-connection', '--url', h.target.url], missing.io), 2);
    assert.match(missing.err(), /environment variable SCIM_TOKEN is not set/);
    assert.equal(missing.out(), '');
    const named = capture({});
    assert.equal(await main(['test-connection', '--url', h.target.url, '--token-env', 'ACME_TOKEN'], named.io), 2);
    assert.match(named.err(), /ACME_TOKEN is not set/);
    const empty = capture({ SCIM_TOKEN: '  ' });
    assert.equal(await main(['test-connection', '--url', h.target.url], empty.io), 2);
    assert.match(empty.err(), /SCIM_TOKEN is empty/);
  });

  it('exit 2 on usage errors: no --url, a bad --timeout, an unknown flag', async () => {
    for (const argv of [[], ['--url', h.target.url, '--timeout', 'soon'], ['--url', h.target.url, '--timeout', '0'], ['--url', h.target.url, '--verbose']]) {
      const c = capture({ SCIM_TOKEN: h.target.token });
      assert.equal(await main(['test-connection', ...argv], c.io), 2, argv.join(' '));
      assert.match(c.err(), /usage: entramap test-connection --url TENANT_URL/);
    }
  });

  describe('--timeout', () => {
    let server: FaultServer | undefined;
    after(async () => server?.close());

    it('bounds each request', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'hang' } }] });
      const c = capture({ SCIM_TOKEN: 'tok-1234567' });
      const started = Date.now();
      const code = await main(['test-connection', '--url', server.url, '--timeout', '0.3', '--json'], c.io);
      assert.equal(code, 1);
      const r = JSON.parse(c.out());
      assert.equal(r.category, 'timeout');
      assert.match(r.message, /within 300 ms/);
      assert.ok(Date.now() - started < 10_000);
    });
  });
});

describe('entramap test-connection (built CLI)', () => {
  const h = useTarget();

  it('is routed by the dispatcher: exit 0, 1 and 2', async function () {
    if (!existsSync(cliPath())) {
      console.log(`      ${cliPath()} is not built: skipping (npm test builds it first)`);
      this.skip();
    }
    const ok = await spawnCli(['test-connection', '--url', h.target.url, '--json'], { SCIM_TOKEN: h.target.token });
    assert.equal(ok.code, 0, ok.err);
    assert.equal(JSON.parse(ok.out).ok, true);
    const bad = await spawnCli(['test-connection', '--url', h.target.url, '--json'], { SCIM_TOKEN: 'nope-nope-nope' });
    assert.equal(bad.code, 1);
    assert.equal(JSON.parse(bad.out).category, 'credentials');
    const usage = await spawnCli(['test-connection', '--url', h.target.url], {});
    assert.equal(usage.code, 2);
    assert.match(usage.err, /SCIM_TOKEN is not set/);
    assert.ok(!`${ok.out}${ok.err}`.includes(h.target.token));
  });
});
