import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../server/src/cli/convert';
import { CliIO, UsageError } from '../../server/src/cli/io';

function fakeIO(cwd: string): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env: {},
    cwd,
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
  };
  return io;
}

const fixtures = join(__dirname, '..', 'fixtures');

describe('entramap convert', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'entramap-convert-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('converts Graph JSON to .entramap on stdout, and back to the same JSON', async () => {
    copyFileSync(join(fixtures, 'graph', 'scim-users-groups.json'), join(dir, 'schema.json'));
    const io = fakeIO(dir);
    assert.equal(await run(['schema.json', '--to', 'entramap'], io), 0);
    assert.equal(io.err, '');
    assert.match(io.out, /^rule "USER_OUTBOUND_USER" \{\n/);
    writeFileSync(join(dir, 'app.entramap'), io.out);
    const io2 = fakeIO(dir);
    assert.equal(await run(['app.entramap', '--to=graph-json', '-o', 'back.json'], io2), 0);
    assert.equal(io2.out, '');
    assert.deepStrictEqual(JSON.parse(readFileSync(join(dir, 'back.json'), 'utf8')), JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8')));
  });

  it('detects the input kind by content when the extension says nothing', async () => {
    writeFileSync(join(dir, 'schema.txt'), '\uFEFF  {"synchronizationRules": [], "directories": []}');
    const io = fakeIO(dir);
    assert.equal(await run(['schema.txt', '--to', 'entramap'], io), 0);
    assert.equal(io.out, '');
    writeFileSync(join(dir, 'mapping.txt'), 'mapping {\n  source User\n  target User\n}\n');
    const io2 = fakeIO(dir);
    assert.equal(await run(['mapping.txt', '--to', 'graph-json'], io2), 0);
    assert.equal(JSON.parse(io2.out).synchronizationRules[0].objectMappings[0].sourceObjectName, 'User');
  });

  it('prints diagnostics as file:line:col and writes nothing when the file has errors', async () => {
    writeFileSync(join(dir, 'bad.entramap'), 'mapping {\n  source User\n  target User\n  mail <- Join(".", [a]\n  x <- [y] match one\n}\n');
    const io = fakeIO(dir);
    assert.equal(await run(['bad.entramap', '--to', 'graph-json', '-o', 'out.json'], io), 1);
    assert.equal(io.out, '');
    assert.equal(existsSync(join(dir, 'out.json')), false);
    assert.deepEqual(io.err.trimEnd().split('\n'), [
      "bad.entramap:4:24: error EPX004: Missing ')' to close the call to Join.",
      "bad.entramap:5:18: error EMF015: 'match' takes an integer: the matching precedence (1 is tried first).",
      'entramap convert: bad.entramap has 2 errors; nothing written',
    ]);
  });

  it('converts despite warnings, and shows them', async () => {
    writeFileSync(join(dir, 's.json'), '{"synchronizationRules": [], "directories": [], "directories": []}');
    const io = fakeIO(dir);
    assert.equal(await run(['s.json', '--to', 'entramap'], io), 0);
    assert.match(io.err, /^s\.json:1:30: warning EGJ009: /);
  });

  it('exits 2 for a missing or unreadable file', async () => {
    const io = fakeIO(dir);
    assert.equal(await run(['nope.json', '--to', 'entramap'], io), 2);
    assert.equal(io.err, 'entramap convert: cannot read nope.json: no such file\n');
    const io2 = fakeIO(dir);
    assert.equal(await run(['.', '--to', 'entramap'], io2), 2);
    assert.match(io2.err, /is a directory/);
  });

  it('throws UsageError (exit 2 through the dispatcher) for bad arguments', async () => {
    writeFileSync(join(dir, 'a.entramap'), '');
    const cases: [string[], RegExp][] = [
      [['a.entramap'], /missing --to/],
      [['a.entramap', '--to', 'yaml'], /--to must be entramap or graph-json/],
      [['--to', 'graph-json'], /missing input FILE/],
      [['a.entramap', 'b', '--to', 'graph-json'], /one input file/],
      [['a.entramap', '--to', 'entramap', '-x'], /unknown option "-x"/],
      [['a.entramap', '--to', 'entramap', '-o'], /needs a value/],
    ];
    for (const [argv, message] of cases) {
      const io = fakeIO(dir);
      await assert.rejects(run(argv, io), (err: Error) => err instanceof UsageError && message.test(err.message), argv.join(' '));
      assert.equal(io.out + io.err, '');
    }
  });

  it('writes .entramap output to a file with -o', async () => {
    copyFileSync(join(fixtures, 'entramap', 'personify.entramap'), join(dir, 'p.entramap'));
    const io = fakeIO(dir);
    assert.equal(await run(['p.entramap', '--to', 'entramap', '-o', join(dir, 'formatted.entramap')], io), 0);
    const formatted = readFileSync(join(dir, 'formatted.entramap'), 'utf8');
    assert.match(formatted, /^# Personify Inc: users and groups\./);
    assert.match(formatted, /\n  title <- \[jobTitle\] default "Staff" on create\n/);
  });
});
