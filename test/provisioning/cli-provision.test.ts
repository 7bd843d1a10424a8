// `entramap provision`: the exact contract — flags, JSON shape, exit codes, text trace, mapping
// diagnostics before any request, unreadable files — in process through the command's `run`,
// and once through the built CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CliIO, UsageError } from '../../server/src/cli/io';
import { run } from '../../server/src/cli/provision';
import { modelToGraphJson, formatGraphJson } from '../../server/src/schema/write';
import { startFaultServer } from '../support/fault-server';
import { groups, INITIAL_PASSWORD, MAPPING, mappingModel, tempFiles, users } from '../support/provisioning-fixtures';
import { cliPath, REPO_ROOT, TestTarget, useTarget } from '../support/scim-target';

interface Result {
  code: number;
  out: string;
  err: string;
}

/** `run` with the dispatcher's handling of usage errors (stderr, exit 2). */
async function provision(argv: string[], env: Record<string, string>, cwd: string): Promise<Result> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env, cwd };
  let code: number;
  try {
    code = await run(argv, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err += `entramap provision: ${e.message}\n`;
    code = 2;
  }
  return { code, out, err };
}

const CONTOSO = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User';

/** The fixture mapping, naming the target schema file contoso-schema.json (next to it), plus one line. */
function withSchema(line: string): string {
  return MAPPING.replace('app "Contoso SCIM" template scim', 'app "Contoso SCIM" template scim schema "contoso-schema.json"').replace(
    '  displayName <- [displayName]\n',
    `  displayName <- [displayName]\n  ${line}\n`,
  );
}

describe('entramap provision', () => {
  const h = useTarget();
  let files: ReturnType<typeof tempFiles>;
  before(() => {
    const graph = formatGraphJson(modelToGraphJson(mappingModel())!);
    files = tempFiles({
      'app.entramap': MAPPING,
      'app.json': graph,
      'users.json': JSON.stringify(users(), null, 2),
      'graph-users.json': JSON.stringify({ value: users() }),
      'groups.json': JSON.stringify(groups()),
      'broken.entramap': MAPPING.replace('userName <- [userPrincipalName] match 1', 'userName <- Join(".", [givenName] match 1'),
      'bad-call.entramap': MAPPING.replace('displayName <- [displayName]', 'displayName <- Join([givenName])'),
      'twice.entramap': MAPPING.replace('displayName <- [displayName]', 'displayName <- [displayName]\n  displayName <- [mail]'),
      'warning.entramap': MAPPING.replace('displayName <- [displayName]', 'displayName <- join(" ", [givenName], [surname])'),
      'contoso-schema.json': JSON.stringify({ id: CONTOSO, name: 'ContosoUser', attributes: [{ name: 'badge', type: 'string' }] }),
      'schema-ok.entramap': withSchema(`${CONTOSO}:badge <- [employeeId]`),
      'schema-bad.entramap': withSchema(`${CONTOSO}:nickname <- [mailNickname]`),
      'not-array.json': '{"users": 1}',
      'bad.json': '[{"objectId": ',
    });
  });
  after(() => files.cleanup());

  const env = (t: TestTarget) => ({ SCIM_TOKEN: t.token });
  const base = (t: TestTarget, mapping = 'app.entramap') => ['--mapping', mapping, '--users', 'users.json', '--url', t.url];

  it('--json: creates a user; exit 0; the trace has the contract shape', async () => {
    const r = await provision([...base(h.target), '--user', 'bob@contoso.com', '--json'], env(h.target), files.dir);
    assert.equal(r.code, 0, r.err + r.out);
    const trace = JSON.parse(r.out);
    assert.equal(trace.action, 'create');
    assert.deepEqual(trace.steps.map((s: { name: string }) => s.name), ['import', 'scope', 'match', 'compute', 'action']);
    for (const s of trace.steps) {
      assert.ok(['success', 'skipped', 'failed'].includes(s.status));
      assert.equal(typeof s.details, 'object');
    }
    for (const q of trace.requests) {
      assert.deepEqual(['body', 'method', 'response', 'status', 'url'].filter((k) => k in q), ['body', 'method', 'response', 'status', 'url']);
      assert.match(q.url, /^http:\/\/127\.0\.0\.1:\d+\/scim\/v2\//);
    }
    const post = trace.requests.find((q: { method: string }) => q.method === 'POST');
    assert.equal(post.status, 201);
    assert.equal(post.body.active, true, 'active is a JSON Boolean in a create');
    assert.ok(!r.out.includes(h.target.token) && !r.out.includes(INITIAL_PASSWORD));
  });

  it('none when the target already holds every value; the manager is sent as the manager\'s target id', async () => {
    // bob exists from the previous test; alice's manager is bob.
    const created = await provision([...base(h.target), '--user', 'alice@contoso.com', '--json'], env(h.target), files.dir);
    assert.equal(created.code, 0, created.err);
    const t1 = JSON.parse(created.out);
    const bobRes = await h.target.request('GET', `/Users?filter=${encodeURIComponent('userName eq "bob@contoso.com"')}`);
    const bobId = bobRes.body.Resources[0].id;
    const ref = t1.requests.find((q: { method: string; purpose?: string }) => q.method === 'PATCH' && q.purpose === 'reference');
    assert.equal(ref.body.Operations[0].value, bobId);
    const again = await provision([...base(h.target), '--user', '11111111-0000-0000-0000-000000000001', '--json'], env(h.target), files.dir);
    assert.equal(again.code, 0);
    const t2 = JSON.parse(again.out);
    assert.equal(t2.action, 'none');
    assert.ok(t2.requests.every((q: { method: string }) => q.method === 'GET'), 'no write sent');
  });

  it('disable for a soft-deleted user; skip (exit 0) for a user out of scope', async () => {
    await h.target.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'dave@contoso.com', active: true });
    const off = await provision([...base(h.target), '--user', 'dave@contoso.com', '--json'], env(h.target), files.dir);
    assert.equal(off.code, 0);
    const trace = JSON.parse(off.out);
    assert.equal(trace.action, 'disable');
    const patch = trace.requests.find((q: { method: string }) => q.method === 'PATCH');
    assert.deepEqual(patch.body.Operations, [{ op: 'replace', path: 'active', value: false }]);
    const skip = await provision([...base(h.target), '--user', 'carol@contoso.com', '--json'], env(h.target), files.dir);
    assert.equal(skip.code, 0);
    assert.equal(JSON.parse(skip.out).action, 'skip');
  });

  it('text mode: the same trace for a person, with marks and indented requests', async () => {
    const r = await provision([...base(h.target), '--user', 'carol@contoso.com'], env(h.target), files.dir);
    assert.equal(r.code, 0);
    assert.match(r.out, /^User carol@contoso\.com: SKIP \(EntrySynchronizationSkipped\)\n/);
    assert.match(r.out, /\n {2}✓ Determine scope: Out of scope: no scoping filter passed\n {6}✓ Active in source system: yes\n {6}✓ Not deleted in source system: yes\n {6}✓ Assigned to application: yes\n {6}✓ Scope sync all: no \(assigned users and groups only\)\n {6}✗ Scoping filters: 0 of 1 passed\n/);
    assert.match(r.out, /\n {10}✗ department EQUALS "Engineering" \(value: "Sales"\)\n/);
    assert.match(r.out, /\n {2}– Perform action: Out of scope/);
    assert.match(r.out, /\n {2}Requests:\n {4}GET http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\?filter=userName eq "carol@contoso\.com" → 200/);
  });

  it('--dry-run: the write is shown, marked not sent, and nothing changes', async () => {
    const r = await provision([...base(h.target), '--user', 'u-x', '--dry-run', '--json'], env(h.target), files.dir);
    assert.equal(r.code, 1, 'u-x is not a source user: the import step fails');
    const before = (await h.target.request('GET', '/Users')).body.totalResults;
    await h.target.request('DELETE', `/Users/${(await h.target.request('GET', `/Users?filter=${encodeURIComponent('userName eq "bob@contoso.com"')}`)).body.Resources[0].id}`);
    const dry = await provision([...base(h.target), '--user', 'bob@contoso.com', '--dry-run', '--json'], env(h.target), files.dir);
    assert.equal(dry.code, 0, dry.err);
    const trace = JSON.parse(dry.out);
    assert.equal(trace.dryRun, true);
    const post = trace.requests.find((q: { method: string }) => q.method === 'POST');
    assert.equal(post.sent, false);
    assert.equal(post.status, null);
    assert.equal((await h.target.request('GET', '/Users')).body.totalResults, before - 1);
  });

  it('accepts Graph schema JSON and Graph\'s { "value": [...] } users', async () => {
    const r = await provision(['--mapping', 'app.json', '--users', 'graph-users.json', '--url', h.target.url, '--user', 'bob@contoso.com', '--json'], env(h.target), files.dir);
    assert.equal(r.code, 0, r.err);
    assert.ok(['create', 'update', 'none'].includes(JSON.parse(r.out).action));
  });

  it('provisions a group with --groups/--group', async () => {
    const r = await provision([...base(h.target), '--groups', 'groups.json', '--group', 'Engineering Team', '--json'], env(h.target), files.dir);
    assert.equal(r.code, 0, r.err + r.out);
    const trace = JSON.parse(r.out);
    assert.equal(trace.object.type, 'Group');
    assert.equal(trace.members.length, 3);
  });

  it('exit 1 with the failed step and why, printed, when the server answers garbage', async () => {
    const faults = await startFaultServer({ rules: [{ action: { kind: 'garbage' } }] });
    try {
      const r = await provision(['--mapping', 'app.entramap', '--users', 'users.json', '--url', faults.url, '--user', 'bob@contoso.com'], { SCIM_TOKEN: 'tok-12345' }, files.dir);
      assert.equal(r.code, 1);
      assert.match(r.out, /^User bob@contoso\.com: FAILED at match between source and target\n/);
      assert.match(r.out, /\n {2}✗ Match between source and target: Not a SCIM answer: the answer is binary data/);
      assert.match(r.out, /\n {6}Fix: The endpoint must answer with SCIM JSON/);
    } finally {
      await faults.close();
    }
  });

  it('a mapping file with errors: diagnostics on stderr, exit 1, nothing sent', async () => {
    const before = h.target.requests.length;
    const r = await provision([...base(h.target, 'broken.entramap'), '--user', 'bob@contoso.com', '--json'], env(h.target), files.dir);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /^broken\.entramap:\d+:\d+: error EPX\d+: /m);
    assert.match(r.err, /nothing was sent/);
    assert.equal(h.target.requests.length, before);
  });

  it('semantic expression errors (a wrong argument count) also stop the run before any request', async () => {
    const before = h.target.requests.length;
    const r = await provision([...base(h.target, 'bad-call.entramap'), '--user', 'bob@contoso.com'], env(h.target), files.dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /^bad-call\.entramap:\d+:\d+: error EPX104: Join needs at least 2 arguments/m);
    assert.equal(h.target.requests.length, before);
  });

  it('the errors of entramap check stop the run (a target mapped twice); warnings do not', async () => {
    const before = h.target.requests.length;
    const r = await provision([...base(h.target, 'twice.entramap'), '--user', 'bob@contoso.com'], env(h.target), files.dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /^twice\.entramap:\d+:\d+: error EMP020: displayName is already mapped/m);
    assert.match(r.err, /twice\.entramap has 1 error; nothing was sent/);
    assert.equal(h.target.requests.length, before);
    const warned = await provision([...base(h.target, 'warning.entramap'), '--user', 'bob@contoso.com', '--json'], env(h.target), files.dir);
    assert.equal(warned.code, 0, warned.err);
    assert.equal(warned.err, '');
  });

  it('reads `app ... schema FILE` next to the mapping file, as entramap check does', async () => {
    const bad = await provision(['--mapping', files.file('schema-bad.entramap'), '--users', 'users.json', '--url', h.target.url, '--user', 'bob@contoso.com'], env(h.target), files.dir);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /schema-bad\.entramap:\d+:\d+: error EMP010: "nickname" is not an attribute of the schema urn:ietf:params:scim:schemas:extension:Contoso:2\.0:User/);
    // Relative to the mapping file, not to the working directory.
    const ok = await provision(['--mapping', files.file('schema-ok.entramap'), '--users', 'users.json', '--url', h.target.url, '--user', 'bob@contoso.com', '--json'], env(h.target), files.dir);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(ok.err, '');
  });

  it('exit 2 for unreadable files and usage errors; the token never printed', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--mapping', 'nope.entramap', '--users', 'users.json', '--url', h.target.url, '--user', 'x'], /cannot read the mapping file nope\.entramap: no such file/],
      [['--mapping', 'app.entramap', '--users', 'not-array.json', '--url', h.target.url, '--user', 'x'], /must hold a JSON array/],
      [['--mapping', 'app.entramap', '--users', 'bad.json', '--url', h.target.url, '--user', 'x'], /not valid JSON/],
      [['--mapping', 'app.entramap', '--users', 'users.json', '--url', h.target.url], /missing --user/],
      [['--mapping', 'app.entramap', '--users', 'users.json', '--user', 'x'], /missing --url/],
      [['--mapping', 'app.entramap', '--users', 'users.json', '--url', h.target.url, '--user', 'x', '--timeout', '-1'], /--timeout needs a positive number/],
    ];
    for (const [argv, message] of cases) {
      const r = await provision(argv, env(h.target), files.dir);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, message);
      assert.ok(!r.err.includes(h.target.token));
    }
    const noToken = await provision([...base(h.target), '--user', 'bob@contoso.com'], {}, files.dir);
    assert.equal(noToken.code, 2);
    assert.match(noToken.err, /SCIM_TOKEN is not set/);
  });

  it('runs through the built CLI', async function () {
    if (!existsSync(cliPath())) {
      console.log(`      ${cliPath()} is not built: skipping (npm test builds it first)`);
      this.skip();
    }
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [cliPath(), 'provision', ...base(h.target), '--user', 'carol@contoso.com', '--json'], {
        cwd: files.dir,
        env: { PATH: process.env.PATH ?? '', SCIM_TOKEN: h.target.token },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, out, err }));
    });
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).action, 'skip');
    void REPO_ROOT;
  });
});
