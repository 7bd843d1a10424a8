// The evaluator's value model, source reading, compilation, outcomes and robustness.
import assert from 'node:assert/strict';
import {
  compileCached, compileExpression, evaluate, evaluateExpression, EvalContext, EvalOutcome, ErrorOutcome, ExpressionCache,
} from '../../server/src/evaluate/compile';
import { fromDate } from '../../server/src/evaluate/datetime';
import { parseExpression } from '../../server/src/language/expression/parser';
import { setAttributeCodegenForTests } from '../../server/src/evaluate/source';
import { formatDouble, fromSource, JsonOut, lookupSource, ReferenceValue, toFlowText, toJson } from '../../server/src/evaluate/values';

const NOW = new Date('2024-05-01T12:00:00Z');

function run(expr: string, source: Record<string, unknown> = {}, extra: Partial<EvalContext> = {}): EvalOutcome {
  return evaluate(compileExpression(expr), { source, now: NOW, ...extra });
}

function value(expr: string, source: Record<string, unknown> = {}): JsonOut {
  const o = run(expr, source);
  if (o.kind !== 'value') assert.fail(`${expr.slice(0, 200)}: expected a value, got ${JSON.stringify(o)}`);
  return toJson(o.value);
}

function error(expr: string, code: string, source: Record<string, unknown> = {}): ErrorOutcome {
  const o = run(expr, source);
  if (o.kind !== 'error') assert.fail(`${expr}: expected error ${code}, got ${o.kind}`);
  assert.equal(o.code, code, o.message);
  return o;
}

describe('evaluate: value model', () => {
  it('keeps null and "" apart', () => {
    assert.equal(value('[x]'), null);
    assert.equal(value('[x]', { x: null }), null);
    assert.equal(value('[x]', { x: '' }), '');
    assert.equal(value('IsNull([x])', { x: '' }), false);
    assert.equal(value('IsNull([x])', { x: null }), true);
  });
  it('reads JSON Booleans as Booleans: JSON true/false in results, "True" / "False" as text', () => {
    assert.equal(value('[IsSoftDeleted]', { IsSoftDeleted: true }), true);
    assert.equal(value('[accountEnabled]', { accountEnabled: false }), false);
    assert.equal(value('CBool([a] = "True")', { a: true }), true);
    assert.equal(value('Join("", [IsSoftDeleted])', { IsSoftDeleted: true }), 'True');
    assert.equal(value('CStr([accountEnabled])', { accountEnabled: false }), 'False');
    assert.equal(value('[IsSoftDeleted] = "True"', { IsSoftDeleted: true }), true);
  });
  it('keeps integers as numbers, beyond 2^53 exactly', () => {
    assert.equal(value('[n]', { n: 42 }), 42);
    assert.equal(value('[n]', { n: 9007199254740993n }), '9007199254740993');
    assert.equal(value('9007199254740993'), '9007199254740993');
    assert.equal(value('-0'), 0);
    assert.equal(value('Join("", [n])', { n: -7 }), '-7');
    assert.equal(value('&HFF'), 255);
  });
  it('turns fractional JSON numbers into their .NET text', () => {
    assert.equal(value('[n]', { n: 1.5 }), '1.5');
    assert.equal(formatDouble(1e21), '1E+21');
    assert.equal(formatDouble(1.5e-7), '1.5E-07');
    assert.equal(formatDouble(-2.5e300), '-2.5E+300');
  });
  it('reads arrays as multi-valued, dropping nulls; an empty array is null', () => {
    assert.deepEqual(value('[p]', { p: ['SMTP:a@x', 'smtp:b@x'] }), ['SMTP:a@x', 'smtp:b@x']);
    assert.deepEqual(value('[p]', { p: ['a', null, 3, true] }), ['a', '3', 'True']);
    assert.equal(value('[p]', { p: [] }), null);
    assert.equal(value('[p]', { p: [null] }), null);
  });
  it('reads objects with an id as references and keeps other objects complex', () => {
    assert.equal(value('[manager]', { manager: { id: '0f1e' } }), '0f1e');
    assert.equal(value('[manager]', { manager: '0f1e' }), '0f1e');
    assert.ok(fromSource({ value: 'v1' }) instanceof ReferenceValue);
    assert.deepEqual(value('[address]', { address: { city: 'Oslo' } }), { city: 'Oslo' });
    error('ToLower([address])', 'EVL004', { address: { city: 'Oslo' } });
  });
  it('accepts Date objects from programmatic callers', () => {
    assert.equal(value('[hired]', { hired: new Date('2020-03-16T07:00:00Z') }), '3/16/2020 7:00:00 AM');
    assert.equal(value('[hired]', { hired: new Date(NaN) }), null);
  });
  it('gives the flow text of single values', () => {
    assert.equal(toFlowText(true), 'True');
    assert.equal(toFlowText(false), 'False');
    assert.equal(toFlowText(12n), '12');
    assert.equal(toFlowText(fromDate(NOW)), '5/1/2024 12:00:00 PM');
    assert.equal(toFlowText(['a']), null);
    assert.equal(toFlowText(null), null);
  });
});

describe('evaluate: attribute lookup', () => {
  it('prefers the exact name, then one case-insensitive match', () => {
    assert.equal(value('[mail]', { mail: 'a', Mail: 'b' }), 'a');
    assert.equal(value('[MAIL]', { mail: 'a' }), 'a');
    assert.deepEqual(lookupSource({ Mail: 1 }, 'mail'), { found: true, raw: 1, key: 'Mail' });
  });
  it('reports several case-insensitive matches', () => {
    const e = error('[MAIL]', 'EVL016', { mail: 'a', Mail: 'b' });
    assert.match(e.message, /"mail", "Mail"/);
  });
  it('matches directory extension names case-sensitively', () => {
    assert.equal(value('[extension_53c9e2c0e_acmeCostCenter]', { extension_53c9e2c0e_acmeCostCenter: 'CC1' }), 'CC1');
    assert.equal(value('[extension_53c9e2c0e_AcmeCostCenter]', { extension_53c9e2c0e_acmeCostCenter: 'CC1' }), null);
  });
  it('reads dotted names and SCIM extension paths from nested objects', () => {
    assert.equal(value('[employeeOrgData.costCenter]', { 'employeeOrgData.costCenter': 'flat' }), 'flat');
    assert.equal(value('[employeeOrgData.costCenter]', { employeeOrgData: { costCenter: 'CC7' } }), 'CC7');
    assert.equal(value('[employeeOrgData.division]', { employeeOrgData: { costCenter: 'CC7' } }), null);
    const urn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    assert.equal(value(`[${urn}:department]`, { [urn]: { department: 'Sales' } }), 'Sales');
    assert.equal(value(`[${urn}:department]`, { [`${urn}:department`]: 'Flat' }), 'Flat');
  });
  it('does not read inherited properties', () => {
    assert.equal(value('[constructor]'), null);
    assert.equal(value('[__proto__]'), null);
    assert.equal(value('[toString]'), null);
    assert.equal(value('[hasOwnProperty]', JSON.parse('{"hasOwnProperty": "own"}')), 'own');
  });
  it('reads the same without generated code (code generation from strings disabled)', () => {
    setAttributeCodegenForTests(false);
    try {
      assert.equal(value('[mail]', { mail: 'a' }), 'a');
      assert.equal(value('[MAIL]', { mail: 'b' }), 'b');
      assert.equal(value('[flag]', { flag: true }), true);
      assert.equal(value('Join("", [flag])', { flag: false }), 'False');
      assert.deepEqual(value('[p]', { p: ['x'] }), ['x']);
      assert.equal(value('[constructor]'), null);
      assert.equal(value('[a.b]', { a: { b: 'nested' } }), 'nested');
    } finally {
      setAttributeCodegenForTests(true);
    }
  });
  it('embeds no expression text in generated code', () => {
    const name = 'x"+(function(){throw new Error("injected")})()+"\\';
    assert.equal(value(`[${name}]`, { [name]: 'safe' }), 'safe');
    assert.equal(value('[a\u2028b]', { 'a\u2028b': 'ls' }), 'ls');
  });
  it('keeps spaces inside the brackets as part of the name', () => {
    assert.equal(value('[ mail ]', { mail: 'a', ' mail ': 'spaced' }), 'spaced');
  });
});

describe('evaluate: compilation problems', () => {
  it('returns the first syntax error with its EPX code and range', () => {
    const e = error('Join(",", [a]', 'EPX004');
    assert.ok(e.end >= e.start);
    error('', 'EPX007');
    error('Join(",", True)', 'EPX010');
  });
  it('evaluates despite syntax warnings', () => {
    assert.equal(value('[ mail ]', { ' mail ': 'x' }), 'x');
  });
  it('reports unknown functions with suggestions, and names outside the reference', () => {
    const e = error('Joinn(",", "a")', 'EPX101');
    assert.match(e.message, /Did you mean Join/);
    assert.deepEqual([e.start, e.end], [0, 5]);
    assert.equal(error('Frobnicate(1)', 'EPX101').message, "Unknown function 'Frobnicate'.");
    assert.match(error('Len([x])', 'EVL001').message, /not a function of Entra's reference/);
  });
  it('checks argument counts against the catalogue', () => {
    assert.match(error('Left("a")', 'EPX104').message, /Left takes 2 arguments, but 1 is given/);
    error('Guid(1)', 'EPX105');
    error('Switch([a], "d", "k")', 'EPX104');
    assert.match(error('Switch([a], "d", "k", "v", "k2")', 'EPX111').message, /key\/value arguments come in groups of 2/);
    error('Join()', 'EPX104');
  });
  it('rejects empty required slots and misplaced bare words', () => {
    const e = error('Left(, 3)', 'EPX106');
    assert.match(e.message, /String \(1st argument\) is required/);
    error('Left(vbTextCompare, 3)', 'EPX107');
  });
  it('resolves function names case-insensitively', () => {
    assert.equal(value('toLower("ABC")'), 'abc');
    assert.equal(value('switch([c], "E", "Company A", "A")', { c: 'Company A' }), 'A');
  });
  it('returns the compile failure on every evaluation', () => {
    const c = compileExpression('Nope()');
    assert.equal(c.failure?.code, 'EPX101');
    assert.deepEqual(evaluate(c, { source: {} }), evaluate(c, { source: { x: 1 } }));
  });
  it('compiles from a parse result or a bare tree', () => {
    const parsed = parseExpression('ToUpper([x])');
    assert.deepEqual(evaluate(compileExpression(parsed), { source: { x: 'a' } }), { kind: 'value', value: 'A' });
    assert.deepEqual(evaluate(compileExpression(parsed.expr!), { source: { x: 'b' } }), { kind: 'value', value: 'B' });
  });
  it('flags non-deterministic expressions', () => {
    assert.equal(compileExpression('Join("", Guid())').nonDeterministic, true);
    assert.equal(compileExpression('Now()').nonDeterministic, true);
    assert.equal(compileExpression('Join("", [a])').nonDeterministic, false);
  });
});

describe('evaluate: outcomes and context', () => {
  it('rejects a source that is not an object', () => {
    const c = compileExpression('[a]');
    for (const source of [null, [], 'text', 5, undefined]) {
      const o = evaluate(c, { source } as unknown as EvalContext);
      assert.equal(o.kind, 'error');
      assert.equal((o as ErrorOutcome).code, 'EVL004');
    }
    assert.equal(evaluate(c, undefined as unknown as EvalContext).kind, 'error');
  });
  it('uses the injected clock, a Date or a date/time value', () => {
    const c = compileExpression('Now()');
    const a = evaluate(c, { source: {}, now: new Date('2030-01-02T03:04:05Z') });
    const b = evaluate(c, { source: {}, now: fromDate(new Date('2030-01-02T03:04:05Z')) });
    assert.equal(a.kind === 'value' && toJson(a.value), '1/2/2030 3:04:05 AM');
    assert.equal(b.kind === 'value' && toJson(b.value), '1/2/2030 3:04:05 AM');
  });
  it('reports an unusable clock', () => {
    assert.equal((evaluate(compileExpression('Now()'), { source: {}, now: new Date(NaN) }) as ErrorOutcome).code, 'EVL008');
  });
  it('gives independent outcomes for repeated and nested evaluations', () => {
    const c = compileExpression('SelectUniqueValue([a], [b])');
    let nested: EvalOutcome | undefined;
    const outer = evaluate(c, {
      source: { a: 'x', b: 'y' },
      isValueTaken: (v) => {
        nested ??= evaluate(c, { source: { a: 'p', b: 'q' } });
        return v === 'x';
      },
    });
    assert.equal(outer.kind === 'value' && outer.value, 'y');
    assert.equal(nested?.kind === 'value' && nested.value, 'p');
    const first = run('[a]', { a: 'same' });
    const second = run('[a]', { a: 'same' });
    assert.deepEqual(first, second);
    const active = compileExpression('Switch([IsSoftDeleted], , "False", "True", "True", "False")');
    const a = evaluate(active, { source: { IsSoftDeleted: false } });
    const b = evaluate(active, { source: { IsSoftDeleted: 'False' } });
    assert.equal(a, b, 'constant results share one outcome');
    assert.ok(Object.isFrozen(a), 'shared outcomes are immutable');
    assert.deepEqual(evaluate(active, { source: { IsSoftDeleted: true } }), { kind: 'value', value: 'False' });
    const not = compileExpression('Not([x])');
    const n1 = evaluate(not, { source: { x: 'True' } });
    assert.equal(n1, evaluate(not, { source: { x: true } }), "Not's \"False\" shares one outcome");
    assert.deepEqual(n1, { kind: 'value', value: 'False' });
    const present = compileExpression('IsPresent([x])');
    assert.equal(evaluate(present, { source: { x: 'a' } }), evaluate(present, { source: { x: 'b' } }), 'Booleans share one outcome');
  });
  it('does not carry redaction or the clock from one evaluation to the next', () => {
    const c = compileExpression('IIF([r]="y", Redact(Join("", Now())), Join("", Now()))');
    const a = evaluate(c, { source: { r: 'y' }, now: new Date('2020-01-01T00:00:00Z') });
    assert.equal(a.kind === 'value' && a.redacted, true);
    const c2 = compileExpression('Join("", Now())');
    evaluate(c2, { source: {}, now: new Date('2020-01-01T00:00:00Z') });
    const b = evaluate(c2, { source: {}, now: new Date('2021-01-01T00:00:00Z') });
    assert.equal(b.kind === 'value' && b.value, '1/1/2021 12:00:00 AM');
  });
});

describe('evaluate: cache', () => {
  it('keeps the most recently used compiled expressions', () => {
    const cache = new ExpressionCache(2);
    const a = cache.get('[a]');
    cache.get('[b]');
    assert.equal(cache.get('[a]'), a, 'hit');
    cache.get('[c]'); // evicts [b], the least recently used
    assert.equal(cache.size, 2);
    assert.equal(cache.get('[a]'), a);
    assert.throws(() => new ExpressionCache(0), RangeError);
    cache.clear();
    assert.equal(cache.size, 0);
  });
  it('evaluateExpression compiles once per text', () => {
    assert.equal(compileCached('ToUpper([zz])'), compileCached('ToUpper([zz])'));
    const o = evaluateExpression('ToUpper([zz])', { source: { zz: 'q' } });
    assert.equal(o.kind === 'value' && o.value, 'Q');
    assert.equal((evaluateExpression(42 as unknown as string, { source: {} }) as ErrorOutcome).code, 'EPX007');
  });
});

describe('evaluate: robustness', () => {
  /** Deterministic token soups and mutations of valid expressions: evaluation never throws. */
  it('never throws on arbitrary input', function () {
    this.timeout(60_000);
    let seed = 0x2468ace;
    const rand = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const names = [
      'Append', 'BitAnd', 'CBool', 'CDate', 'Coalesce', 'ConvertToBase64', 'Count', 'CStr', 'DateAdd', 'DateDiff', 'DateFromNum',
      'FormatDateTime', 'Guid', 'IgnoreFlowIfNullOrEmpty', 'IIF', 'InStr', 'IsNull', 'Item', 'Join', 'Left', 'Mid', 'NormalizeDiacritics',
      'Not', 'Now', 'NumFromDate', 'PCase', 'RandomString', 'Redact', 'RemoveDuplicates', 'Replace', 'SelectUniqueValue',
      'SingleAppRoleAssignment', 'AppRoleAssignmentsComplex', 'Split', 'StripSpaces', 'Switch', 'ToLower', 'ToUpper', 'Word', 'Len',
    ];
    const atoms = ['[a]', '[p]', '[n]', '[b]', '[r]', '[d]', '[none]', '""', '"x"', '"2024-01-01"', '"(a+)+$"', '"&HFF"', '"-1"', '0', '1', '-5', '300', '&HF', '99999999999999999999', 'vbTextCompare'];
    const source = {
      a: 'Ünïcödé Text', p: ['x', 'y', 'x'], n: 7, b: true, r: [{ appRoleId: '1', appRoleValue: 'A' }], d: '2012-03-16-07:00',
    };
    const gen = (depth: number): string => {
      if (depth > 4 || rand() < 0.3) return pick(atoms);
      if (rand() < 0.1) return `${gen(depth + 1)} ${pick(['=', '<>', '<', '>=', '<='])} ${gen(depth + 1)}`;
      const n = Math.floor(rand() * 5);
      const args = Array.from({ length: n }, () => (rand() < 0.1 ? '' : gen(depth + 1)));
      return `${pick(names)}(${args.join(', ')})`;
    };
    const garbage = ['(', ')', ',', '"', '[', ']', '\\', '&H', 'AND', '=', ' '];
    for (let i = 0; i < 3000; i++) {
      let text = gen(0);
      if (i % 3 === 0) {
        const at = Math.floor(rand() * text.length);
        text = text.slice(0, at) + pick(garbage) + text.slice(at + 1);
      }
      let o: EvalOutcome;
      try {
        o = evaluate(compileExpression(text), { source, now: NOW, random: rand, isValueTaken: (v) => v.length % 2 === 0 });
      } catch (e) {
        assert.fail(`threw on ${text}: ${(e as Error).stack}`);
      }
      assert.ok(['value', 'noflow', 'error'].includes(o.kind), text);
      if (o.kind === 'error') {
        assert.match(o.code, /^(EPX|EVL)\d{3}$/, text);
        assert.notEqual(o.code, 'EVL099', `${text}: ${o.message}`);
        assert.ok(o.start >= 0 && o.end >= o.start && o.end <= Math.max(text.length, 1), `${text}: range ${o.start}-${o.end}`);
        assert.ok(o.message.length > 10, text);
      } else if (o.kind === 'value') {
        JSON.stringify(toJson(o.value));
      }
    }
  });
  it('handles deep nesting and long input within the parser limits', () => {
    const deep = `${'ToLower('.repeat(150)}"X"${')'.repeat(150)}`;
    assert.equal(value(deep), 'x');
    const wide = `Join(",", ${Array.from({ length: 1000 }, (_, i) => `"${i}"`).join(', ')})`;
    assert.ok(wide.length < 10_000);
    assert.equal((value(wide) as string).split(',').length, 1000);
    assert.equal((run(`Join(",", "${'x'.repeat(10_000)}")`) as ErrorOutcome).code, 'EPX008');
    const tooDeep = `${'ToLower('.repeat(400)}"X"${')'.repeat(400)}`;
    assert.equal(run(tooDeep).kind, 'error');
  });
});
