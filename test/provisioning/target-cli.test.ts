// `entramap target serve`: the built CLI as a child process (URL on the first stdout line,
// token sources, request log, clean stop on SIGTERM/SIGINT, port in use, bad arguments), and
// the command's run() in-process.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEV_TOKEN, run } from '../../server/src/cli/target';
import { CliIO, UsageError } from '../../server/src/cli/io';
import { ensureCli, runCli, scimRequest, spawnTargetCli } from '../support/scim-target';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** An environment without SCIM_TOKEN, whatever the test process has. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!('SCIM_TOKEN' in extra)) delete e.SCIM_TOKEN;
  return e;
}

describe('entramap target serve (the built CLI)', function () {
  let dir: string;
  before(async () => {
    await ensureCli();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'entramap-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the SCIM URL as the first and only stdout line, and uses the SCIM_TOKEN token', async () => {
    const server = await spawnTargetCli([], { env: env({ SCIM_TOKEN: 'env-secret-42' }) });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
      assert.equal(server.stdout(), `${server.url}\n`);
      const ok = await scimRequest(server.url, 'env-secret-42', 'GET', `/Users?filter=${encodeURIComponent('userName eq "x"')}`);
      assert.equal(ok.status, 200);
      assert.equal((await scimRequest(server.url, DEV_TOKEN, 'GET', '/Users')).status, 401);
    } finally {
      const exit = await server.stop();
      assert.deepEqual(exit, { code: 0, signal: null });
    }
    assert.equal(server.stdout(), `${server.url}\n`, 'nothing else is written to stdout');
    assert.match(server.stderr(), /Secret Token: from SCIM_TOKEN/);
    assert.ok(!server.stderr().includes('env-secret-42'), 'the token is never printed');
    assert.doesNotMatch(server.stderr(), /warning/);
  });

  it('prefers --token to SCIM_TOKEN', async () => {
    const server = await spawnTargetCli(['--token', 'flag-secret'], { env: env({ SCIM_TOKEN: 'env-secret' }) });
    try {
      assert.equal((await scimRequest(server.url, 'flag-secret', 'GET', '/Users')).status, 200);
      assert.equal((await scimRequest(server.url, 'env-secret', 'GET', '/Users')).status, 401);
    } finally {
      await server.stop();
    }
    assert.ok(!server.stderr().includes('flag-secret'));
  });

  it('falls back to the documented development token with a warning on stderr', async () => {
    const server = await spawnTargetCli([], { env: env() });
    try {
      assert.equal((await scimRequest(server.url, DEV_TOKEN, 'GET', '/Users')).status, 200);
    } finally {
      await server.stop();
    }
    assert.match(server.stderr(), new RegExp(`warning: no --token and no SCIM_TOKEN, so the development token "${DEV_TOKEN}" is in use`));
  });

  it('logs one line per request on stderr, without the token', async () => {
    const server = await spawnTargetCli(['--token', 'log-secret'], { env: env() });
    try {
      await scimRequest(server.url, 'log-secret', 'POST', '/Users', { schemas: [USER], userName: 'logged' });
      await scimRequest(server.url, 'wrong', 'GET', '/Groups');
    } finally {
      await server.stop();
    }
    const lines = server.stderr().split('\n');
    assert.ok(lines.includes('POST /scim/v2/Users 201'), server.stderr());
    assert.ok(lines.includes('GET /scim/v2/Groups 401'), server.stderr());
    assert.ok(!server.stderr().includes('log-secret'));
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops on ${signal} with exit code 0 once requests and store writes are finished`, async () => {
      const file = path.join(dir, 'store.json');
      const server = await spawnTargetCli(['--store', file, '--token', 't'], { env: env() });
      const acknowledged: string[] = [];
      let signalled = false;
      const requests = Array.from({ length: 30 }, (_, i) =>
        scimRequest(server.url, 't', 'POST', '/Users', { schemas: [USER], userName: `u${i}` }).then(
          (r) => {
            if (r.status === 201) acknowledged.push(r.body.id);
            if (!signalled) {
              signalled = true;
              server.child.kill(signal);
            }
          },
          () => undefined, // refused once the server has stopped listening
        ),
      );
      await Promise.all(requests);
      if (!signalled) server.child.kill(signal); // (only if no request got an answer)
      const exit = await server.exited;
      assert.deepEqual(exit, { code: 0, signal: null }, server.stderr());
      assert.match(server.stderr(), new RegExp(`${signal}: stopping`));
      assert.match(server.stderr(), /stopped\n$/);
      const stored = new Set(JSON.parse(readFileSync(file, 'utf8')).Users.map((u: { id: string }) => u.id));
      assert.ok(acknowledged.length >= 1);
      for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged user ${id} was stored`);
    });
  }

  it('exits 1 with a clear message when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['target', 'serve', '--port', String(port)], { env: env() });
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use; choose another with --port N`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('exits 1 naming the store file when it is corrupt', async () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{"Users": [');
    const r = await runCli(['target', 'serve', '--port', '0', '--store', file], { env: env() });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.includes(`store file ${file} is corrupt: not valid JSON`), r.stderr);
  });

  it('exits 2 with the usage on bad arguments', async () => {
    for (const argv of [
      ['target'],
      ['target', 'start'],
      ['target', 'serve', '--port', 'http'],
      ['target', 'serve', '--port', '65536'],
      ['target', 'serve', '--port'],
      ['target', 'serve', '--token', ''],
      ['target', 'serve', '--verbose'],
      ['target', 'serve', 'extra'],
    ]) {
      const r = await runCli(argv, { env: env() });
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /usage: entramap target serve \[--port N\] \[--token T\] \[--store FILE\]/);
    }
  });
});

describe('entramap target serve (in-process)', () => {
  function captureIO(envVars: NodeJS.ProcessEnv = {}): { io: CliIO; out: string[]; err: string[]; firstLine: Promise<string> } {
    const out: string[] = [];
    const err: string[] = [];
    let resolveLine!: (l: string) => void;
    const firstLine = new Promise<string>((r) => (resolveLine = r));
    const io: CliIO = {
      stdout: (t) => {
        out.push(t);
        if (out.length === 1) resolveLine(t);
      },
      stderr: (t) => void err.push(t),
      env: envVars,
      cwd: tmpdir(),
    };
    return { io, out, err, firstLine };
  }

  it('serves until stopped, then resolves 0', async () => {
    const { io, out, err, firstLine } = captureIO({ SCIM_TOKEN: 'inproc' });
    const stop = new AbortController();
    const done = run(['serve', '--port', '0'], io, { signal: stop.signal });
    const url = (await firstLine).trim();
    assert.equal((await scimRequest(url, 'inproc', 'GET', '/ServiceProviderConfig')).status, 200);
    stop.abort();
    assert.equal(await done, 0);
    assert.deepEqual(out, [`${url}\n`]);
    assert.match(err.join(''), /stop request: stopping/);
    await assert.rejects(scimRequest(url, 'inproc', 'GET', '/Users'), 'the port is closed');
  });

  it('throws UsageError for bad arguments (the dispatcher exits 2 on those, see above)', async () => {
    const { io, out } = captureIO();
    await assert.rejects(run([], io), (e: unknown) => e instanceof UsageError && /missing subcommand: serve/.test(e.message));
    await assert.rejects(run(['serve', '--port', '-1'], io), (e: unknown) => e instanceof UsageError && /--port must be an integer from 0 to 65535/.test(e.message));
    await assert.rejects(run(['serve', '--store', ' '], io), (e: unknown) => e instanceof UsageError && /--store must name a file/.test(e.message));
    await assert.rejects(run(['serve', '--port', '0', '--port', '1'], io), (e: unknown) => e instanceof UsageError && /given twice/.test(e.message));
    assert.deepEqual(out, [], 'nothing is printed before the arguments are valid');
  });
});
