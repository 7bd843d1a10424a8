import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../server/src/cli/scope';
import { CliIO, UsageError } from '../../server/src/cli/io';

interface Captured {
  io: CliIO;
  out: () => string;
  err: () => string;
}

function fakeIO(cwd: string): Captured {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, cwd },
    out: () => out,
    err: () => err,
  };
}

const clause = (a: string, o: string, ...values: string[]) => ({ sourceOperandName: a, operatorName: o, targetOperand: { values } });

describe('cli: entramap scope', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'entramap-scope-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function batch(content: string | unknown, args: string[] = []) {
    writeFileSync(join(dir, 'batch.json'), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    const c = fakeIO(dir);
    const code = await run(['--batch', 'batch.json', ...args], c.io);
    return { code, stdout: c.out(), stderr: c.err(), json: () => JSON.parse(c.out()) };
  }

  it('evaluates every item in order and prints verdicts', async () => {
    const sales = { groups: [{ name: 'Sales', clauses: [clause('department', 'EQUALS', 'Sales')] }] };
    const r = await batch([
      { scope: sales, user: { department: 'Sales' } },
      { scope: sales, user: { department: 'sales' } },
      { scope: null, user: {} },
    ]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    const out = r.json();
    assert.equal(out.length, 3);
    assert.deepEqual(out[0], {
      inScope: true,
      groups: [
        {
          name: 'Sales',
          result: true,
          clauses: [{ attribute: 'department', operator: 'EQUALS', values: ['Sales'], actual: 'Sales', result: true }],
        },
      ],
    });
    assert.equal(out[1].inScope, false);
    assert.equal(out[1].groups[0].clauses[0].actual, 'sales');
    assert.deepEqual(out[2], { inScope: true, groups: [] });
    assert.ok(r.stdout.endsWith('\n'));
  });

  it('turns an unknown operator into an error element and goes on', async () => {
    const r = await batch([
      { scope: { groups: [{ name: 'x', clauses: [clause('department', 'EQUAL', 'Sales')] }] }, user: { department: 'Sales' } },
      { scope: { groups: [{ name: 'y', clauses: [clause('department', 'IS NOT NULL')] }] }, user: { department: 'Sales' } },
    ]);
    assert.equal(r.code, 0);
    const out = r.json();
    assert.equal(out[0].error.code, 'ESF001');
    assert.match(out[0].error.message, /scope\/groups\/0\/clauses\/0\/operatorName: .*did you mean "EQUALS"/);
    assert.deepEqual(Object.keys(out[0]), ['error']);
    assert.equal(out[1].inScope, true);
  });

  it('turns malformed filters, undocumented operators and non-object users into error elements', async () => {
    const r = await batch([
      { scope: { groups: [{ name: 'x', clauses: [{ sourceOperandName: 'department' }] }] }, user: {} },
      { scope: { groups: [{ name: 'x', clauses: [clause('employeeId', 'Less_Than', '5')] }] }, user: { employeeId: '1' } },
      { scope: null, user: 'ann@contoso.com' },
      { scope: 'everyone', user: {} },
    ]);
    assert.equal(r.code, 0);
    const out = r.json();
    assert.deepEqual(
      out.map((o: { error?: { code: string } }) => o.error?.code),
      ['ESF013', 'ESF003', 'ESF021', 'ESF013'],
    );
  });

  it('keeps warnings out of the way: a clause with a non-integer value is evaluated as false with a note', async () => {
    const r = await batch([
      { scope: { groups: [{ name: 'ids', clauses: [clause('employeeId', 'Greater_Than', '1,000')] }] }, user: { employeeId: '5000' } },
    ]);
    const out = r.json();
    assert.equal(out[0].inScope, false);
    assert.match(out[0].groups[0].clauses[0].note, /not an integer/);
  });

  it('exits 2 with line:column on a JSON syntax error', async () => {
    const r = await batch('[\n  { "scope": null, "user": {} },\n  { "scope": null "user": {} }\n]');
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^entramap scope: batch\.json:3:19: JSON syntax error: expected ","\n$/);
  });

  it('exits 2 naming the item that lacks scope or user', async () => {
    const r = await batch([{ scope: null, user: {} }, { scope: null, user: {} }, { user: {} }]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /batch\.json:\d+:\d+: item 3: missing scope/);
    const u = await batch([{ scope: null }]);
    assert.match(u.stderr, /item 1: missing user/);
    const n = await batch([{ scope: null, user: {} }, 42]);
    assert.match(n.stderr, /item 2: expected an object with "scope" and "user", found a number/);
  });

  it('exits 2 when the file is not an array, empty, missing or a directory', async () => {
    const obj = await batch({ scope: null, user: {} });
    assert.equal(obj.code, 2);
    assert.match(obj.stderr, /expected a JSON array .* found an object/);
    const empty = await batch('  \n');
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /is empty/);
    const c = fakeIO(dir);
    assert.equal(await run(['--batch', 'nope.json'], c.io), 2);
    assert.match(c.err(), /cannot read nope\.json: no such file/);
    mkdirSync(join(dir, 'sub'));
    const d = fakeIO(dir);
    assert.equal(await run(['--batch', 'sub'], d.io), 2);
    assert.match(d.err(), /it is a directory/);
    assert.doesNotMatch(c.err() + d.err(), /\n\s+at /, 'no stack trace');
  });

  it('rejects comments and trailing commas (the file is JSON)', async () => {
    const r = await batch('[ { "scope": null, "user": {} }, ]');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /JSON syntax error/);
    const c = await batch('// hi\n[]');
    assert.equal(c.code, 2);
    assert.match(c.stderr, /comments are not allowed/);
  });

  it('accepts an empty batch and a byte-order mark', async () => {
    const r = await batch('\ufeff[]');
    assert.equal(r.code, 0);
    assert.deepEqual(r.json(), []);
  });

  it('reports usage errors as UsageError (the dispatcher prints them and exits 2)', async () => {
    const c = fakeIO(dir);
    await assert.rejects(run([], c.io), (e: Error) => e instanceof UsageError && e.message === 'missing --batch FILE');
    await assert.rejects(run(['--batch', 'a.json', 'extra'], c.io), (e: Error) => e instanceof UsageError && /unexpected argument "extra"/.test(e.message));
    await assert.rejects(run(['--users', 'x'], c.io), (e: Error) => e instanceof UsageError && /unknown option "--users"/.test(e.message));
    await assert.rejects(run(['--batch='], c.io), (e: Error) => e instanceof UsageError && /needs a file name/.test(e.message));
    assert.equal(c.out() + c.err(), '');
  });
});
