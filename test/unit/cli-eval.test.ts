// `entramap eval`: single and batch mode through `run` with a fake io, usage errors through the
// dispatcher, and the bundled CLI spawned as a user runs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';
import { loadBatch, parseIsoDateTime, pointer, run } from '../../server/src/cli/eval';
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
    io: { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, cwd },
    out: () => out,
    err: () => err,
  };
}

describe('entramap eval', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'entramap-eval-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };

  async function single(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const c = fakeIO(dir);
    const code = await run(argv, c.io);
    return { code, out: c.out(), err: c.err() };
  }

  async function viaMain(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const c = fakeIO(dir);
    const code = await main(['eval', ...argv], c.io);
    return { code, out: c.out(), err: c.err() };
  }

  describe('single expression', () => {
    it('prints the value as JSON', async () => {
      const r = await single(['ToLower(Join("@", [givenName], "contoso.com"))', '--source', '{"givenName":"JOHN"}']);
      assert.deepEqual(r, { code: 0, out: '"john@contoso.com"\n', err: '' });
    });
    it('prints Booleans as true/false, numbers as numbers, lists as arrays, dates as Entra text', async () => {
      assert.equal((await single(['IsPresent([x])'])).out, 'false\n');
      assert.equal((await single(['Count([p])', '--source', '{"p":["a","b"]}'])).out, '2\n');
      assert.equal((await single(['Split("a,b", ",")'])).out, '[\n  "a",\n  "b"\n]\n');
      assert.equal((await single(['DateAdd("d", 1, CDate("2024-02-28"))'])).out, '"2/29/2024 12:00:00 AM"\n');
      assert.equal((await single(['NumFromDate("2012-01-01T23:00:00Z")'])).out, '"129699324000000000"\n');
      assert.equal((await single(['[missing]'])).out, 'null\n');
    });
    it('prints Boolean results (CBool, IsNull, comparisons, Boolean attributes) as JSON Booleans; Not and Switch as text', async () => {
      const out = async (expr: string, source = '{}') => (await single([expr, '--source', source])).out;
      assert.equal(await out('CBool([a] = [b])', '{"a":"x","b":"x"}'), 'true\n');
      assert.equal(await out('CBool("0")'), 'false\n');
      assert.equal(await out('IsNull([displayName])'), 'true\n');
      assert.equal(await out('IsNullOrEmpty([displayName])', '{"displayName":"Ann"}'), 'false\n');
      assert.equal(await out('IsString(5)'), 'true\n');
      assert.equal(await out('[department] = "Sales"', '{"department":"Sales"}'), 'true\n');
      assert.equal(await out('Count([p]) > 2', '{"p":["a"]}'), 'false\n');
      assert.equal(await out('[accountEnabled]', '{"accountEnabled":true}'), 'true\n');
      assert.equal(await out('[IsSoftDeleted]', '{"IsSoftDeleted":false}'), 'false\n');
      assert.equal(await out('Not([IsSoftDeleted])', '{"IsSoftDeleted":false}'), '"True"\n');
      assert.equal(await out('Not([IsSoftDeleted])', '{"IsSoftDeleted":"True"}'), '"False"\n');
      assert.equal(await out('Switch([IsSoftDeleted], , "False", "True", "True", "False")', '{"IsSoftDeleted":false}'), '"True"\n');
      assert.equal(await out('Switch([IsSoftDeleted], , "False", "True", "True", "False")', '{"IsSoftDeleted":true}'), '"False"\n');
      assert.equal(await out('Join("", IsPresent([x]))'), '"False"\n');
    });
    it('keeps every digit of big integers in the source', async () => {
      const r = await single(['BitAnd([v], 9223372036854775807)', '--source', '{"v": 9223372036854775806}']);
      assert.equal(r.out, '"9223372036854775806"\n');
    });
    it('reads the source from a file and uses --now', async () => {
      const file = write('user.json', '\ufeff{ "StatusHireDate": "2024-05-10" }');
      const r = await single(['DateDiff("d", Now(), CDate([StatusHireDate]))', '--source-file', file, '--now', '2024-05-01T12:00:00Z']);
      assert.deepEqual(r, { code: 0, out: '8\n', err: '' });
      assert.equal((await single(['Now()', '--now', '2024-05-01T14:30:00+02:00'])).out, '"5/1/2024 12:30:00 PM"\n');
      assert.equal((await single(['Now()', '--now=2024-05-01'])).out, '"5/1/2024 12:00:00 AM"\n');
    });
    it('prints null and says why when the attribute does not flow', async () => {
      const r = await single(['IgnoreFlowIfNullOrEmpty([department])']);
      assert.equal(r.code, 0);
      assert.equal(r.out, 'null\n');
      assert.match(r.err, /does not flow: IgnoreFlowIfNullOrEmpty: \[department\] is null/);
    });
    it('notes redaction on stderr', async () => {
      const r = await single(['Redact("secret")']);
      assert.equal(r.out, '"secret"\n');
      assert.match(r.err, /\[Redact\]/);
    });
    it('reports evaluation and syntax errors with their code and position, exit 1', async () => {
      const r = await single(['IIF([country]="USA","a","b")']);
      assert.equal(r.code, 1);
      assert.equal(r.out, '');
      assert.match(r.err, /^entramap eval: error EVL005: IIF's condition uses \[country\]/);
      assert.match(r.err, /\n  IIF\(\[country\]="USA","a","b"\)\n      \^{9}\n$/);
      const p = await single(['Join(",", [a]']);
      assert.equal(p.code, 1);
      assert.match(p.err, /error EPX004/);
    });
    it('rejects bad usage (exit 2, message, usage line)', async () => {
      const cases: [string[], RegExp][] = [
        [[], /missing EXPRESSION/],
        [['[a]', '[b]'], /unexpected argument "\[b\]"/],
        [['[a]', '--source', '{"a":1}', '--source-file', 'x.json'], /either --source or --source-file/],
        [['[a]', '--source', '{"a":'], /--source:1:6: JSON syntax error/],
        [['[a]', '--source', '[1]'], /must be a JSON object/],
        [['[a]', '--now', 'yesterday'], /--now "yesterday": expected an ISO 8601/],
        [['[a]', '--now', '2024-02-30'], /day 30 does not exist/],
        [['[a]', '--frobnicate'], /unknown option "--frobnicate"/],
      ];
      for (const [argv, message] of cases) {
        const r = await viaMain(argv);
        assert.equal(r.code, 2, argv.join(' '));
        assert.match(r.err, message);
        assert.match(r.err, /usage: entramap eval EXPRESSION/);
        assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
      }
      await assert.rejects(run([], fakeIO(dir).io), UsageError);
    });
    it('reports an unreadable source file (exit 2)', async () => {
      const r = await single(['[a]', '--source-file', 'nope.json']);
      assert.equal(r.code, 2);
      assert.match(r.err, /cannot read nope\.json: no such file/);
    });
  });

  describe('--batch', () => {
    it('evaluates every item in order', async () => {
      const file = write(
        'batch.json',
        JSON.stringify([
          { expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', source: { IsSoftDeleted: true } },
          { expression: 'IgnoreFlowIfNullOrEmpty([department])', source: {} },
          { expression: 'Join(",", [a]', source: {} },
          { expression: 'IIF([x]="1","a","b")', source: {} },
          { expression: 'Now()', source: {}, now: '2030-01-01T00:00:00Z' },
          { expression: 'Split([p], ";")', source: { p: 'a; b' } },
          { expression: 'Count([p])', source: { p: ['1', '2', '3'] } },
          {
            expression: 'SelectUniqueValue(Join("@", [g], "x.com"), Join("@", Mid([g], 1, 1), "x.com"))',
            source: { g: 'John' },
            existingTargetValues: ['JOHN@x.com'],
          },
          { expression: '[missing]', source: {} },
          { expression: 'DateFromNum([t])' },
        ]).replace('"source":{}}]', '"source":{"t":129699324000000000}}]'),
      );
      const c = fakeIO(dir);
      const code = await run(['--batch', file], c.io);
      assert.equal(code, 0);
      assert.equal(c.err(), '');
      const results = JSON.parse(c.out());
      assert.deepEqual(results.slice(0, 2), [{ value: 'False' }, { flow: false }]);
      assert.equal(results[2].error.code, 'EPX004');
      assert.equal(results[3].error.code, 'EVL005');
      assert.equal(typeof results[3].error.message, 'string');
      assert.deepEqual(Object.keys(results[3]), ['error']);
      assert.deepEqual(Object.keys(results[3].error), ['code', 'message']);
      assert.deepEqual(results.slice(4), [
        { value: '1/1/2030 12:00:00 AM' },
        { value: ['a', 'b'] },
        { value: 3 },
        { value: 'J@x.com' },
        { value: null },
        { value: null },
      ]);
    });
    it('gives Boolean results as JSON Booleans and Not / Switch results as text', async () => {
      const file = write(
        'booleans.json',
        JSON.stringify([
          { expression: 'CBool([a] = [b])', source: { a: 'x', b: 'y' } },
          { expression: 'IsNull([displayName])', source: {} },
          { expression: 'IsPresent([displayName])', source: { displayName: 'Ann' } },
          { expression: '[n] >= 10', source: { n: 12 } },
          { expression: '[IsSoftDeleted]', source: { IsSoftDeleted: true } },
          { expression: 'Not([IsSoftDeleted])', source: { IsSoftDeleted: true } },
          { expression: 'Not(IsNull([x]))', source: {} },
          { expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', source: { IsSoftDeleted: false } },
        ]),
      );
      const c = fakeIO(dir);
      assert.equal(await run(['--batch', file], c.io), 0);
      assert.equal(c.err(), '');
      assert.deepEqual(JSON.parse(c.out()), [
        { value: false },
        { value: true },
        { value: true },
        { value: true },
        { value: true },
        { value: 'False' },
        { value: 'False' },
        { value: 'True' },
      ]);
    });
    it('keeps big integers of item sources exact', async () => {
      const file = write('big.json', '[{"expression": "DateFromNum([t])", "source": {"t": 129699324000000000}}, {"expression": "[n]", "source": {"n": 12345678901234567890}}]');
      const c = fakeIO(dir);
      assert.equal(await run(['--batch', file], c.io), 0);
      assert.deepEqual(JSON.parse(c.out()), [{ value: '1/1/2012 11:00:00 PM' }, { value: '12345678901234567890' }]);
    });
    it('warns about unknown item properties', async () => {
      const file = write('typo.json', '[{"expression": "\\"x\\"", "source": {}, "expresion": 1}]');
      const c = fakeIO(dir);
      assert.equal(await run(['--batch', file], c.io), 0);
      assert.match(c.err(), /typo\.json:1:40: item 1: unknown property "expresion" is ignored/);
      assert.deepEqual(JSON.parse(c.out()), [{ value: 'x' }]);
    });
    it('rejects a malformed file with a message naming the problem (exit 2)', async () => {
      const cases: [string, RegExp][] = [
        ['[\n  {"expression": "x",\n  "source": {}\n', /bad\.json:4:1: JSON syntax error: expected "\]"|bad\.json:\d+:\d+: JSON syntax error/],
        ['{"expression": "[a]"}', /bad\.json:1:1: expected a JSON array/],
        ['[{"expression": "[a]", "source": {}}, 5]', /bad\.json:1:39: item 2: expected an object/],
        ['[{"expression": 5, "source": {}}]', /item 1: "expression" must be a string, found a number/],
        ['[{"source": {}}]', /item 1: missing "expression"/],
        ['[{"expression": "[a]", "source": []}]', /item 1: "source" must be a JSON object/],
        ['[{"expression": "[a]", "source": {}, "now": "tomorrow"}]', /item 1: "now" "tomorrow": expected an ISO 8601/],
        ['[{"expression": "[a]", "source": {}, "now": 5}]', /item 1: "now" must be an ISO 8601 date\/time string/],
        ['[{"expression": "[a]", "source": {}, "existingTargetValues": "a"}]', /"existingTargetValues" must be an array of strings/],
        ['[{"expression": "[a]", "source": {}, "existingTargetValues": ["a", 1]}]', /"existingTargetValues" must contain only strings/],
        ['[{"expression": "[a]", "expression": "[b]"}]', /"expression" is given twice/],
        ['[{"expression": "[a]"} // comment\n]', /comments are not allowed/],
        ['  ', /bad\.json is empty/],
      ];
      for (const [text, message] of cases) {
        const file = write('bad.json', text);
        const c = fakeIO(dir);
        const code = await run(['--batch', file], c.io);
        assert.equal(code, 2, text);
        assert.match(c.err(), message, text);
        assert.equal(c.out(), '');
      }
    });
    it('reports a missing file and misused options', async () => {
      const c = fakeIO(dir);
      assert.equal(await run(['--batch', 'absent.json'], c.io), 2);
      assert.match(c.err(), /cannot read absent\.json: no such file/);
      for (const argv of [['--batch', 'b.json', '[a]'], ['--batch', 'b.json', '--now', '2024-01-01'], ['--batch', '']]) {
        const r = await viaMain(argv);
        assert.equal(r.code, 2, argv.join(' '));
      }
    });
    it('evaluates an empty batch to an empty array', async () => {
      const c = fakeIO(dir);
      assert.equal(await run(['--batch', write('empty.json', '[]')], c.io), 0);
      assert.equal(c.out(), '[]\n');
    });
    it('exposes the loader for other tools', () => {
      const r = loadBatch('[{"expression":"[a]","source":{"a":"x"},"now":"2024-01-01T00:00:00Z"}]', 'mem');
      assert.ok(r.ok);
      if (r.ok) assert.equal(r.items[0].now?.toISOString(), '2024-01-01T00:00:00.000Z');
    });
  });

  describe('error pointer', () => {
    it('puts carets under the failing part, on its line, windowed when long', () => {
      assert.equal(pointer('Left("a", x)', 5, 8), '  Left("a", x)\n       ^^^\n');
      assert.equal(pointer('Switch([a],\n  "d",\n  [b)', 21, 24), '  (line 3, column 3)\n    [b)\n    ^^^\n');
      const long = `Join(",", ${'"x", '.repeat(60)}Bad())`;
      const shown = pointer(long, long.indexOf('Bad'), long.indexOf('Bad') + 3);
      const [line, carets] = shown.split('\n');
      assert.ok(line.startsWith('  ...'));
      assert.equal(line.indexOf('Bad'), carets.indexOf('^'));
      assert.equal(pointer('', 0, 0), '  \n  ^\n');
    });
  });

  describe('ISO 8601 for --now', () => {
    it('accepts dates, times and offsets; no offset means UTC', () => {
      const iso = (t: string) => {
        const d = parseIsoDateTime(t);
        return typeof d === 'string' ? d : d.toISOString();
      };
      assert.equal(iso('2024-05-01'), '2024-05-01T00:00:00.000Z');
      assert.equal(iso('2024-05-01T08:30'), '2024-05-01T08:30:00.000Z');
      assert.equal(iso('2024-05-01T08:30:15.1234567Z'), '2024-05-01T08:30:15.123Z');
      assert.equal(iso('2024-05-01T08:30:00-0230'), '2024-05-01T11:00:00.000Z');
      assert.equal(iso('0001-01-01T00:00:00Z'), '0001-01-01T00:00:00.000Z');
      assert.equal(iso('2024-02-29'), '2024-02-29T00:00:00.000Z');
      for (const bad of ['2023-02-29', '2024-13-01', '2024-01-01T24:00', '2024-01-01T10:00+15:00', '0000-01-01', 'May 1']) {
        assert.equal(typeof parseIsoDateTime(bad), 'string', bad);
      }
    });
  });

  describe('the bundled CLI', function () {
    this.timeout(60_000);
    let cli: string;
    let outDir: string;
    before(async () => {
      // Build only the CLI: other commands still under construction are left external (they are
      // not loaded by `eval`), so this test does not depend on the whole project building.
      const esbuild = await import('esbuild');
      outDir = mkdtempSync(join(tmpdir(), 'entramap-cli-'));
      cli = join(outDir, 'cli.js');
      const root = join(__dirname, '..', '..');
      await esbuild.build({
        entryPoints: [join(root, 'server', 'src', 'cli.ts')],
        outfile: cli,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        logLevel: 'silent',
        define: { __ENTRAMAP_VERSION__: '"test"' },
        plugins: [
          {
            name: 'missing-commands',
            setup(build) {
              build.onResolve({ filter: /^\.\/cli\/[a-z-]+$/ }, (args) => {
                if (!args.importer.endsWith(join('server', 'src', 'cli.ts'))) return undefined;
                const file = join(args.resolveDir, `${args.path}.ts`);
                return existsSync(file) ? undefined : { path: args.path, external: true };
              });
            },
          },
        ],
      });
    });
    after(() => rmSync(outDir, { recursive: true, force: true }));

    const exec = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });

    it('evaluates, fails and explains usage with the documented exit codes', () => {
      const ok = exec(['eval', 'ToUpper([x])', '--source', '{"x":"é"}']);
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(ok.stdout, '"É"\n');
      const bad = exec(['eval', 'Mid("abc", 0, 1)']);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /error EVL003/);
      assert.equal(bad.stdout, '');
      const usage = exec(['eval']);
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /missing EXPRESSION/);
      const file = write('cli-batch.json', '[{"expression":"Join(\\".\\", [a], [b])","source":{"a":"x","b":"y"}}]');
      const batch = exec(['eval', '--batch', file]);
      assert.equal(batch.status, 0, batch.stderr);
      assert.deepEqual(JSON.parse(batch.stdout), [{ value: 'x.y' }]);
    });
  });
});
