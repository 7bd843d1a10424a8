// `entramap demo`: in-process with a fake io (the four promised actions, exit codes, no token in
// the output, --keep-running), and the built CLI spawned from another working directory.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { request } from 'undici';
import { compactJson, packageRoot, run } from '../../server/src/cli/demo';
import { UsageError } from '../../server/src/cli/io';
import { REPO_ROOT, cliPath, runCli } from '../support/scim-target';

interface FakeIO {
  io: { stdout: (t: string) => void; stderr: (t: string) => void; env: NodeJS.ProcessEnv; cwd: string };
  out: () => string;
  err: () => string;
  /** Resolves once stdout contains `text`. */
  waitFor: (text: string) => Promise<void>;
}

function fakeIO(): FakeIO {
  let out = '';
  let err = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  const check = () => {
    for (const w of waiters.splice(0)) {
      if (out.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  };
  return {
    io: {
      stdout: (t) => {
        out += t;
        check();
      },
      stderr: (t) => {
        err += t;
      },
      // The demo must not depend on the environment (proxies included): give it a hostile one.
      env: { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', SCIM_TOKEN: 'not-the-demo-token' },
      cwd: tmpdir(),
    },
    out: () => out,
    err: () => err,
    waitFor: (text) => new Promise<void>((resolve) => (out.includes(text) ? resolve() : waiters.push({ text, resolve }))),
  };
}

/** The summary rows: `#  user  expected  ✓ action  requests`. */
function summaryRows(out: string): Map<string, { expected: string; ok: boolean; action: string; requests: string }> {
  const rows = new Map<string, { expected: string; ok: boolean; action: string; requests: string }>();
  const summary = out.slice(out.indexOf('── Summary'));
  for (const m of summary.matchAll(/^ {2}\d {2}(\S+@contoso\.com)\s+(\w+)\s+([✓✗]) (\w+)\s+(.*)$/gm)) {
    rows.set(m[1], { expected: m[2], ok: m[3] === '✓', action: m[4], requests: m[5] });
  }
  return rows;
}

describe('entramap demo', function () {
  it('finds the Personify example relative to the package', () => {
    assert.equal(packageRoot(), REPO_ROOT);
    assert.equal(packageRoot(tmpdir()), undefined);
  });

  it('creates, updates, disables and skips as promised, exits 0, and never prints the token', async () => {
    const f = fakeIO();
    const code = await run([], f.io);
    const out = f.out();
    assert.equal(code, 0, `${out}\n${f.err()}`);
    assert.match(out, /✓ Connection OK: http:\/\/127\.0\.0\.1:\d+\/scim\/v2/);
    const rows = summaryRows(out);
    assert.deepEqual(
      [...rows].map(([upn, r]) => [upn, r.expected, r.ok, r.action]),
      [
        ['adele.vance@contoso.com', 'create', true, 'create'],
        ['alex.wilber@contoso.com', 'update', true, 'update'],
        ['diego.siciliani@contoso.com', 'disable', true, 'disable'],
        ['megan.bowen@contoso.com', 'skip', true, 'skip'],
      ],
    );
    assert.equal(rows.get('adele.vance@contoso.com')!.requests, '2  GET (match), POST (create)');
    assert.equal(rows.get('alex.wilber@contoso.com')!.requests, '2  GET (match), PATCH (update)  (+2 earlier)');
    assert.equal(rows.get('megan.bowen@contoso.com')!.requests, '1  GET (match)');
    // Each step prints its trace under its heading.
    for (const [heading, outcome] of [
      ['Step 2 of 5 · Create: adele.vance@contoso.com', 'User adele.vance@contoso.com: CREATE'],
      ['Step 3 of 5 · Update after a change: alex.wilber@contoso.com', 'User alex.wilber@contoso.com: UPDATE'],
      ['Step 4 of 5 · Disable a soft-deleted user: diego.siciliani@contoso.com', 'User diego.siciliani@contoso.com: DISABLE'],
      ['Step 5 of 5 · Skip a user out of scope: megan.bowen@contoso.com', 'User megan.bowen@contoso.com: SKIP'],
    ]) {
      const at = out.indexOf(heading);
      assert.ok(at > 0, `missing heading ${heading}`);
      assert.ok(out.indexOf(outcome, at) > at, `missing trace ${outcome} after ${heading}`);
    }
    assert.match(out, /title: "Marketing Assistant" → "Marketing Manager"/);
    assert.match(out, /active: true → false/);
    // The traces read well: what flows first, the rest under one heading per reason, the scope in words.
    assert.match(out, /\n {8}→ title <- \[jobTitle\] = "Marketing Manager" \(was "Marketing Assistant"\)\n {8}Unchanged \(the target already has these values\): 17\n/);
    assert.match(out, /\n {8}→ active <- Switch\(\[IsSoftDeleted\], , "False", "True", "True", "False"\) = false \(was true\)\n {8}Not sent \(a disable sends only the IsSoftDeleted mappings\): 24\n {12}userName, displayName, title,/);
    assert.equal(out.split('a disable sends only the IsSoftDeleted mappings').length, 2, 'the disable\'s reason is written once');
    assert.doesNotMatch(out, /\(the target already has this value\)/);
    assert.match(out, /\n {8}✗ Not deleted in source system: no \(soft-deleted: in the recycle bin\)\n/);
    assert.match(out, /\n {8}✓ Not deleted in source system: yes\n/);
    assert.doesNotMatch(out, /: "present"|: "soft-deleted"|: "\d of \d passed"/);
    // A create's values are listed once (compute), not again under the action.
    assert.match(out, /\n {4}✓ Perform action: Created user \S+\n {8}Attributes: the 21 marked → under Compute attributes\n/);
    // The names not sent by the disable are wrapped to the demo's 96 columns.
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.includes('Not sent (a disable sends only the IsSoftDeleted mappings)'));
    const names = lines.slice(at + 1, lines.findIndex((l, i) => i > at && !l.startsWith(' '.repeat(12))));
    assert.equal(names.join(' ').split(', ').length, 24);
    for (const line of names) assert.ok(line.length <= 96, `wider than the demo's 96 columns: ${line}`);
    assert.match(out, /alex\.wilber@contoso\.com\s+active true, title "Marketing Manager"/);
    assert.match(out, /diego\.siciliani@contoso\.com\s+active false/);
    assert.match(out, /✓ Every step did what the demo promises/);
    // Nothing secret, and no response bodies: request bodies only, laid out for reading.
    assert.doesNotMatch(out, /Secret Token: {2}\S/);
    assert.doesNotMatch(out, /Authorization|Bearer\s/i);
    assert.doesNotMatch(out, /not-the-demo-token/);
    assert.doesNotMatch(out, /^\s+< /m);
    assert.match(out, /> {3}"emails": \[\{ "primary": true, "type": "work", "value": "adele\.vance@contoso\.com" \}\],/);
    assert.equal(f.err(), '');
  });

  it('exits 1 and says which promise broke when a step does something else', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'entramap-demo-'));
    try {
      cpSync(path.join(REPO_ROOT, 'examples', 'personify'), dir, { recursive: true });
      const file = path.join(dir, 'personify.users.json');
      const users = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
      // Megan becomes an employee: she is created instead of skipped.
      users.find((u) => u.userPrincipalName === 'megan.bowen@contoso.com')!.employeeType = 'Employee';
      writeFileSync(file, JSON.stringify(users));
      const f = fakeIO();
      const code = await run([], f.io, { exampleDir: dir });
      assert.equal(code, 1);
      const out = f.out();
      assert.equal(summaryRows(out).get('megan.bowen@contoso.com')?.ok, false);
      assert.match(out, /✗ The demo did not do what it promises:/);
      assert.match(out, /Step 5 \(megan\.bowen@contoso\.com\): expected the action "skip", got "create"/);
      assert.match(out, /Target: the target should not hold megan\.bowen@contoso\.com/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 with a message when the example cannot be read, and 2 on a bad argument', async () => {
    const f = fakeIO();
    assert.equal(await run([], f.io, { exampleDir: path.join(tmpdir(), 'entramap-no-such-example') }), 1);
    assert.match(f.err(), /entramap demo: cannot read the mapping file .*personify\.entramap/);
    await assert.rejects(run(['--keep-runing'], fakeIO().io), (e: unknown) => e instanceof UsageError && /unknown option "--keep-runing"/.test(e.message));
    await assert.rejects(run(['extra'], fakeIO().io), (e: unknown) => e instanceof UsageError && /unexpected argument "extra"/.test(e.message));
  });

  it('--keep-running leaves the target up with its URL and token until stopped', async () => {
    const f = fakeIO();
    const stop = new AbortController();
    const done = run(['--keep-running'], f.io, { signal: stop.signal });
    await f.waitFor('Press Ctrl-C to stop the target.');
    const out = f.out();
    const url = /Tenant URL: {4}(http:\/\/127\.0\.0\.1:\d+\/scim\/v2)/.exec(out)?.[1];
    const token = /Secret Token: {2}(\S+)/.exec(out)?.[1];
    assert.ok(url && token, out);
    const res = await request(`${url}/Users?sortBy=userName`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 200);
    const body = (await res.body.json()) as { Resources: Array<{ userName: string }> };
    assert.deepEqual(
      body.Resources.map((u) => u.userName),
      ['adele.vance@contoso.com', 'alex.wilber@contoso.com', 'diego.siciliani@contoso.com'],
    );
    stop.abort();
    assert.equal(await done, 0);
    assert.match(f.err(), /stop request: stopping the target/);
    await assert.rejects(request(`${url}/Users`, { headers: { authorization: `Bearer ${token}` } }), /ECONNREFUSED|other side closed|SocketError/);
  });

  it('the built CLI runs the demo from any working directory', async function () {
    const cli = cliPath();
    if (!existsSync(cli)) {
      console.log(`      ${cli} is missing (build with "node esbuild.mjs"): skipping the built-CLI demo test`);
      this.skip();
    }
    const cwd = mkdtempSync(path.join(tmpdir(), 'entramap-demo-cwd-'));
    try {
      // runCli kills the child if it is still running when the tests end.
      const { code, stdout: out, stderr } = await runCli(['demo'], { cwd, env: { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' } });
      assert.equal(code, 0, `${out}\n${stderr}`);
      const rows = summaryRows(out);
      assert.equal(rows.size, 4);
      assert.ok([...rows.values()].every((r) => r.ok && r.expected === r.action), out);
      assert.match(out, /Mapping: {2}examples\/personify\/personify\.entramap/);
      assert.match(out, /node .*cli\.js demo --keep-running/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('compactJson', () => {
  it('keeps what fits on one line and breaks the rest, as valid JSON with the same content', () => {
    const value = { schemas: ['urn:a'], Operations: [{ op: 'replace', path: 'title', value: 'Marketing Manager' }], note: 'a [ b ] c' };
    const text = compactJson(value, 72);
    assert.deepEqual(JSON.parse(text), value);
    assert.equal(
      text,
      [
        '{',
        '  "schemas": ["urn:a"],',
        '  "Operations": [',
        '    { "op": "replace", "path": "title", "value": "Marketing Manager" }',
        '  ],',
        '  "note": "a [ b ] c"',
        '}',
      ].join('\n'),
    );
    assert.equal(compactJson({ a: [1, 2], b: {}, c: [] }), '{ "a": [1, 2], "b": {}, "c": [] }');
    assert.equal(compactJson('a "quoted"\nstring'), '"a \\"quoted\\"\\nstring"');
    assert.equal(compactJson(null), 'null');
  });
});
