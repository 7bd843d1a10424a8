// Every function of the reference (spec section 4) with its documented worked examples and the
// edge cases entramap decides (docs/evaluation.md). Expressions are written as TypeScript strings,
// so a regex backslash, doubled in the expression language, appears as four backslashes here.
import assert from 'node:assert/strict';
import { compileExpression, evaluate, EvalContext, EvalOutcome, ErrorOutcome } from '../../server/src/evaluate/compile';
import { JsonOut, toJson } from '../../server/src/evaluate/values';

const NOW = new Date('2024-05-01T12:00:00Z');

function run(expr: string, source: Record<string, unknown> = {}, extra: Partial<EvalContext> = {}): EvalOutcome {
  return evaluate(compileExpression(expr), { source, now: NOW, ...extra });
}

function value(expr: string, source: Record<string, unknown> = {}, extra: Partial<EvalContext> = {}): JsonOut {
  const o = run(expr, source, extra);
  if (o.kind !== 'value') assert.fail(`${expr}: expected a value, got ${JSON.stringify(o)}`);
  return toJson(o.value);
}

function error(expr: string, code: string, source: Record<string, unknown> = {}, extra: Partial<EvalContext> = {}): ErrorOutcome {
  const o = run(expr, source, extra);
  if (o.kind !== 'error') assert.fail(`${expr}: expected error ${code}, got ${JSON.stringify(o.kind === 'value' ? toJson(o.value) : o)}`);
  const e = o;
  assert.equal(e.code, code, `${expr}: ${e.message}`);
  return e;
}

/** The text of [start, end) of an error in its expression. */
function at(expr: string, e: ErrorOutcome): string {
  return expr.slice(e.start, e.end);
}

/** A deterministic [0, 1) generator (xorshift32). */
function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

describe('evaluate: text functions', () => {
  describe('Append', () => {
    it('appends the suffix (doc examples)', () => {
      assert.equal(value('Append([userPrincipalName], ".test")', { userPrincipalName: 'John.Doe@contoso.com' }), 'John.Doe@contoso.com.test');
      assert.equal(value('Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))', { givenName: 'John', surname: 'Doe' }), 'JohDoe');
    });
    it('gives null for a null source and treats a null suffix as ""', () => {
      assert.equal(value('Append([missing], ".test")'), null);
      assert.equal(value('Append("a", [missing])'), 'a');
    });
  });

  describe('Join', () => {
    it('skips empty and null sources (doc example)', () => {
      assert.equal(value('Join(", ", "", [surname], [givenName])', { surname: 'Doe', givenName: 'John' }), 'Doe, John');
      assert.equal(value('Join(", ", [middle], [surname], "", [givenName])', { surname: 'Doe', givenName: 'John' }), 'Doe, John');
    });
    it('flattens multi-valued sources, skipping their empty values', () => {
      assert.equal(value('Join(";", [proxyAddresses], "x")', { proxyAddresses: ['SMTP:a@x', '', 'smtp:b@x'] }), 'SMTP:a@x;smtp:b@x;x');
    });
    it('accepts numbers and Booleans as sources', () => {
      assert.equal(value('Join("", 1000, "a")'), '1000a');
      assert.equal(value('Join("/", [IsSoftDeleted], [n])', { IsSoftDeleted: false, n: 42 }), 'False/42');
    });
    it('gives null when every source is null, "" when something was present but empty', () => {
      assert.equal(value('Join(",", [a], [b])'), null);
      assert.equal(value('Join(",", [a], [b])', { a: '' }), '');
      assert.equal(value('Join(",", "", "")'), '');
    });
    it('treats a null separator as ""', () => {
      assert.equal(value('Join([sep], "a", "b")'), 'ab');
    });
    it('rejects a complex source', () => {
      error('Join(",", [appRoleAssignments])', 'EVL004', { appRoleAssignments: [{ appRoleId: '1', appRoleValue: 'A' }] });
    });
  });

  describe('Left', () => {
    it('takes the first characters (doc example)', () => {
      assert.equal(value('Left("John Doe", 3)'), 'Joh');
    });
    it('follows the documented edge cases', () => {
      assert.equal(value('Left("John", 0)'), '');
      assert.equal(value('Left("John", -1)'), 'John');
      assert.equal(value('Left([missing], 2)'), '');
      assert.equal(value('Left("Jo", 5)'), 'Jo');
    });
    it('reads the count from text as .NET does and reports bad counts', () => {
      assert.equal(value('Left("John", [n])', { n: ' 2 ' }), 'Jo');
      assert.equal(value('Left("John", "&H2")'), 'Jo');
      const e = error('Left("John", "1.5")', 'EVL002');
      assert.equal(at('Left("John", "1.5")', e), '"1.5"');
      assert.match(e.message, /Left's NumChars \(2nd argument\)/);
      error('Left("John", [n])', 'EVL004');
      error('Left("John", 99999999999)', 'EVL003');
    });
  });

  describe('Mid', () => {
    it('takes a 1-based range, stopping at the end', () => {
      assert.equal(value('Mid([userPrincipalName], 1, 8)', { userPrincipalName: 'john.doe@contoso.com' }), 'john.doe');
      assert.equal(value('Mid("abcdef", 2, 3)'), 'bcd');
      assert.equal(value('Mid("abc", 2, 10)'), 'bc');
      assert.equal(value('Mid("abc", 1, 0)'), '');
    });
    it('gives "" past the end and null for a null source', () => {
      assert.equal(value('Mid("abc", 4, 1)'), '');
      assert.equal(value('Mid([x], 1, 2)'), null);
    });
    it('rejects a start below 1 and a negative length', () => {
      assert.match(error('Mid("abc", 0, 1)', 'EVL003').message, /at least 1.*Positions start at 1/);
      error('Mid("abc", 1, -1)', 'EVL003');
    });
  });

  describe('Word', () => {
    it('splits on any delimiter character (doc examples)', () => {
      assert.equal(value('Word("The quick brown fox",3," ")'), 'brown');
      assert.equal(value('Word("This,string!has&many separators",3,",!&#")'), 'has');
    });
    it('follows the documented edge cases', () => {
      assert.equal(value('Word("a b", 0, " ")'), '');
      assert.equal(value('Word("a b", -2, " ")'), '');
      assert.equal(value('Word([missing], 1, " ")'), '');
      assert.equal(value('Word("a b", 3, " ")'), '');
      assert.equal(value('Word("", 1, " ")'), '');
    });
    it('skips empty words between consecutive delimiters', () => {
      assert.equal(value('Word("a  ,b", 2, " ,")'), 'b');
      assert.equal(value('Word(" lead", 1, " ")'), 'lead');
    });
    it('keeps the whole string as one word without delimiters', () => {
      assert.equal(value('Word("a b", 1, "")'), 'a b');
    });
  });

  describe('InStr', () => {
    it('finds 1-based positions (doc examples)', () => {
      assert.equal(value('InStr("The quick brown fox","quick")'), 5);
      assert.equal(value('InStr("repEated","e",3,vbBinaryCompare)'), 7);
    });
    it('is case-sensitive by default and case-insensitive with vbTextCompare', () => {
      assert.equal(value('InStr("Hello","L")'), 0);
      assert.equal(value('InStr("Hello","L",1,vbTextCompare)'), 3);
      assert.equal(value('InStr("Hello","L", ,VBTEXTCOMPARE)'), 3);
      assert.equal(value('InStr("repEated","e",3,vbTextCompare)'), 4);
      assert.equal(value('InStr("ＡＢＣ","b",1,vbTextCompare)'), 2);
      assert.equal(value('InStr("Hello","L",1,[mode])', { mode: 'vbTextCompare' }), 3);
    });
    it('follows VB for empty strings and starts past the end', () => {
      assert.equal(value('InStr("abc","z")'), 0);
      assert.equal(value('InStr("abc","")'), 1);
      assert.equal(value('InStr("abc","",2)'), 2);
      assert.equal(value('InStr("","a")'), 0);
      assert.equal(value('InStr("abc","c",5)'), 0);
      assert.equal(value('InStr([x],"a")'), null);
    });
    it('rejects a start below 1 and an unknown compare type', () => {
      error('InStr("abc","a",0)', 'EVL003');
      error('InStr("abc","a",1,[mode])', 'EVL018', { mode: 'ordinal' });
      error('InStr("abc","a",1,vbDatabaseCompare)', 'EPX010');
    });
  });

  describe('Item', () => {
    const src = { proxyAddresses: ['SMTP:john.doe@contoso.com', 'smtp:jdoe@contoso.com'], mail: 'm@x' };
    it('picks 1-based values', () => {
      assert.equal(value('Item([proxyAddresses], 1)', src), 'SMTP:john.doe@contoso.com');
      assert.equal(value('Item([proxyAddresses], 2)', src), 'smtp:jdoe@contoso.com');
    });
    it('gives null past the end or for null, treats a single value as a list of one', () => {
      assert.equal(value('Item([proxyAddresses], 3)', src), null);
      assert.equal(value('Item([none], 1)', src), null);
      assert.equal(value('Item([mail], 1)', src), 'm@x');
      assert.equal(value('Item([mail], 2)', src), null);
    });
    it('rejects index 0', () => {
      assert.match(error('Item([proxyAddresses], 0)', 'EVL003', src).message, /Item\(x, 1\) is the first value/);
    });
  });

  describe('Split', () => {
    it('splits and trims (doc example)', () => {
      assert.deepEqual(value('Split([extensionAttribute5], ",")', { extensionAttribute5: 'PermissionSetOne, PermissionSetTwo' }), [
        'PermissionSetOne',
        'PermissionSetTwo',
      ]);
    });
    it('drops empty pieces and gives null when nothing is left', () => {
      assert.deepEqual(value('Split("a,, b ,", ",")'), ['a', 'b']);
      assert.equal(value('Split(" , ", ",")'), null);
      assert.equal(value('Split([none], ",")'), null);
    });
    it('matches a multi-character delimiter as a whole', () => {
      assert.deepEqual(value('Split("a||b|c", "||")'), ['a', 'b|c']);
    });
    it('keeps the source whole without a delimiter', () => {
      assert.deepEqual(value('Split(" a,b ", "")'), ['a,b']);
    });
  });

  describe('StripSpaces', () => {
    it('removes U+0020 only', () => {
      assert.equal(value('StripSpaces("Mary Ann Smith")'), 'MaryAnnSmith');
      assert.equal(value('StripSpaces([x])', { x: 'a\tb\u00a0c d' }), 'a\tb\u00a0cd');
      assert.equal(value('StripSpaces([x])'), null);
    });
  });

  describe('RemoveDuplicates', () => {
    it('keeps the first of equal values, ordinally', () => {
      assert.deepEqual(value('RemoveDuplicates([p])', { p: ['a', 'b', 'a', 'A', 'b'] }), ['a', 'b', 'A']);
      assert.deepEqual(value('RemoveDuplicates([p])', { p: 'x' }), ['x']);
      assert.equal(value('RemoveDuplicates([p])'), null);
    });
  });

  describe('Count', () => {
    it('counts values; null is 0, a single value 1', () => {
      assert.equal(value('Count([proxyAddresses])', { proxyAddresses: ['a', 'b'] }), 2);
      assert.equal(value('Count([proxyAddresses])'), 0);
      assert.equal(value('Count([proxyAddresses])', { proxyAddresses: [] }), 0);
      assert.equal(value('Count([mail])', { mail: 'x' }), 1);
      assert.equal(value('Count([appRoleAssignments])', { appRoleAssignments: [{ appRoleId: '1' }, { appRoleId: '2' }] }), 2);
    });
  });

  describe('CStr', () => {
    it('turns numbers, Booleans, dates and references into text', () => {
      assert.equal(value('CStr([dn])', { dn: 'cn=Joe,dc=contoso,dc=com' }), 'cn=Joe,dc=contoso,dc=com');
      assert.equal(value('CStr(5)'), '5');
      assert.equal(value('CStr([IsSoftDeleted])', { IsSoftDeleted: true }), 'True');
      assert.equal(value('CStr([manager])', { manager: { id: '0f1e2d3c' } }), '0f1e2d3c');
      assert.equal(value('CStr(CDate("2020-03-16T07:00:00Z"))'), '3/16/2020 7:00:00 AM');
      assert.equal(value('CStr([x])'), null);
      error('CStr([p])', 'EVL004', { p: ['a', 'b'] });
    });
  });

  describe('BitAnd', () => {
    it('ANDs hex constants (doc example)', () => {
      assert.equal(value('BitAnd(&HF, &HF7)'), 7);
    });
    it('handles decimals, text, 64-bit and two-complement hex', () => {
      assert.equal(value('BitAnd(12, 10)'), 8);
      assert.equal(value('BitAnd("&HFF", 4095)'), 255);
      assert.equal(value('BitAnd([uac], 2)', { uac: 514 }), 2);
      assert.equal(value('BitAnd(129699324000000000, &HFFFFFFFF)'), Number(129699324000000000n & 0xffffffffn));
      assert.equal(value('BitAnd(&HFFFFFFFFFFFFFFFF, 5)'), 5);
      assert.equal(value('BitAnd(-1, 9223372036854775807)'), '9223372036854775807');
    });
    it('gives null for null and rejects what is not a 64-bit integer', () => {
      assert.equal(value('BitAnd([x], 1)'), null);
      error('BitAnd("1.5", 1)', 'EVL002');
      error('BitAnd(99999999999999999999, 1)', 'EVL003');
      error('BitAnd(&H1FFFFFFFFFFFFFFFF, 1)', 'EVL003');
    });
  });

  describe('ConvertToBase64 and ConvertToUTF8Hex', () => {
    it('encode as the docs show', () => {
      assert.equal(value('ConvertToBase64("Hello world!")'), 'SABlAGwAbABvACAAdwBvAHIAbABkACEA');
      assert.equal(value('ConvertToUTF8Hex("Hello world!")'), '48656C6C6F20776F726C6421');
    });
    it('use UTF-16LE / UTF-8 bytes, U+FFFD for lone surrogates, null for null', () => {
      assert.equal(value('ConvertToBase64("é")'), '6QA=');
      assert.equal(value('ConvertToUTF8Hex("é😀")'), 'C3A9F09F9880');
      assert.equal(value('ConvertToUTF8Hex([x])', { x: 'a\ud800' }), '61EFBFBD');
      assert.equal(value('ConvertToBase64([x])', { x: '\udc00' }), '/f8=');
      assert.equal(value('ConvertToBase64([x])'), null);
    });
  });

  describe('NormalizeDiacritics', () => {
    it('normalises names (doc example)', () => {
      assert.equal(value('NormalizeDiacritics([givenName])', { givenName: 'Zoë' }), 'Zoe');
      assert.equal(value('NormalizeDiacritics([x])'), null);
    });
  });

  describe('PCase', () => {
    it('title-cases after lower-casing (doc examples)', () => {
      assert.equal(value('PCase([firstName])', { firstName: 'PABLO GONSALVES (SECOND)' }), 'Pablo Gonsalves (Second)');
      assert.equal(value('PCase([lastName]," \'-")', { lastName: "PINTO-DE'SILVA" }), "Pinto-De'Silva");
      assert.equal(value('PCase(Join(" ",[firstName],[lastName]))', { firstName: 'GREGORY', lastName: 'JAMES' }), 'Gregory James');
    });
    it('uses only the given separators when there are some', () => {
      assert.equal(value('PCase("anne-marie o\'neil", " ")'), "Anne-marie O'neil");
      assert.equal(value('PCase("anne-marie o\'neil")'), "Anne-Marie O'neil");
      assert.equal(value('PCase("ab cd", "")'), 'Ab cd');
      assert.equal(value('PCase([x])'), null);
    });
  });

  describe('ToLower and ToUpper', () => {
    it('lower-case the documented example', () => {
      assert.equal(
        value('ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))', {
          PreferredFirstName: 'John',
          PreferredLastName: 'Smith',
        }),
        'john.smith@contoso.com',
      );
    });
    it('follow the culture', () => {
      assert.equal(value('ToLower("TITLE", "tr-TR")'), 'tıtle');
      assert.equal(value('ToUpper("istanbul", "tr-TR")'), 'İSTANBUL');
      assert.equal(value('ToUpper("i", "az")'), 'İ');
      assert.equal(value('ToUpper("i", "tur")'), 'İ');
      assert.equal(value('ToUpper("ı", "en-US")'), 'I');
      assert.equal(value('ToUpper("ı")'), 'ı');
      assert.equal(value('ToLower("İ")'), 'İ');
      assert.equal(value('ToLower("İ", "en-US")'), 'i');
      assert.equal(value('ToLower("X", "")'), 'x');
      assert.equal(value('ToLower("X", [culture])'), 'x');
    });
    it('map one character to one character', () => {
      assert.equal(value('ToUpper("straße")'), 'STRAßE');
      assert.equal(value('ToLower("ΟΔΟΣ")'), 'οδοσ');
    });
    it('reject an unknown culture', () => {
      const e = error('ToUpper("x", "xx-YY")', 'EVL011');
      assert.equal(at('ToUpper("x", "xx-YY")', e), '"xx-YY"');
      assert.match(error('ToUpper("x", "en_US")', 'EVL011').message, /"en-US"/);
      error('ToUpper("x", [c])', 'EVL011', { c: 'nope-nope-nope' });
    });
    it('give null for null', () => {
      assert.equal(value('ToUpper([x])'), null);
    });
  });
});

describe('evaluate: logic', () => {
  describe('IIF', () => {
    it('chooses by the condition (doc examples)', () => {
      assert.equal(value('IIF([country]="USA",[country],[department])', { country: 'USA', department: 'Sales' }), 'USA');
      assert.equal(value('IIF([country]="USA",[country],[department])', { country: 'Canada', department: 'Sales' }), 'Sales');
      assert.equal(value('IIF([country]="USA",IIF([state]="CA","True","False"),"False")', { country: 'USA', state: 'CA' }), 'True');
      assert.equal(value('IIF([country]="USA","True",IIF([state]="CA","True","False"))', { country: 'Canada', state: 'CA' }), 'True');
    });
    it('fails when an attribute of the condition is null or empty (documented limitation)', () => {
      const expr = 'IIF([country]="USA",[country],[department])';
      const e = error(expr, 'EVL005', { department: 'Sales' });
      assert.equal(at(expr, e), '[country]');
      assert.match(e.message, /Switch\(\[country\], \[country\], "", "fallback"\)/);
      error(expr, 'EVL005', { country: '', department: 'Sales' });
      error('IIF(IsNullOrEmpty([country]),"Other",[country])', 'EVL005', { country: '' });
      error('IIF(IsPresent([country]),[country],"Other")', 'EVL005');
    });
    it('works when the condition attributes have values, whatever the branches hold', () => {
      assert.equal(value('IIF(IsPresent([country]),[country],"Other")', { country: 'NL' }), 'NL');
      assert.equal(value('IIF([country]="USA",[country],[department])', { country: 'NL' }), null);
    });
    it('evaluates both branches (eager): an error in the branch not taken fails', () => {
      error('IIF([k]="text", "x", FormatDateTime([v], , "yyyy-MM-dd", "dd/MM/yyyy"))', 'EVL008', { k: 'text', v: 'not a date' });
    });
    it('supports the documented workaround of moving the guard inside FormatDateTime', () => {
      const expr = 'FormatDateTime(IIF([k]="date", [v], ""), , "yyyy-MM-dd", "dd/MM/yyyy")';
      assert.equal(value(expr, { k: 'date', v: '2024-01-31' }), '31/01/2024');
      assert.equal(value(expr, { k: 'text', v: 'not a date' }), null);
    });
    it('reads True/False text and numbers as conditions and rejects other text', () => {
      assert.equal(value('IIF("true", "y", "n")'), 'y');
      assert.equal(value('IIF(0, "y", "n")'), 'n');
      assert.equal(value('IIF([flag], "y", "n")', { flag: false }), 'n');
      const e = error('IIF("maybe", "y", "n")', 'EVL006');
      assert.match(e.message, /IIF's condition must be True or False/);
    });
    it('compares numbers from DateDiff (doc combined example)', () => {
      const expr =
        'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")';
      assert.equal(value(expr, { Active: '1', StatusHireDate: '2024-05-10' }), 'False');
      assert.equal(value(expr, { Active: '1', StatusHireDate: '2024-05-03' }), 'True');
      assert.equal(value(expr, { Active: '0', StatusHireDate: '2024-05-03' }), 'False');
    });
  });

  describe('comparisons', () => {
    const cmp = (expr: string, source: Record<string, unknown> = {}) => value(`CBool(${expr})`, source);
    it('compare text ordinally and case-sensitively', () => {
      assert.equal(cmp('"abc" = "abc"'), true);
      assert.equal(cmp('"abc" = "ABC"'), false);
      assert.equal(cmp('"abc" <> "ABC"'), true);
      assert.equal(cmp('"10" < "9"'), true);
      assert.equal(cmp('"B" < "a"'), true);
    });
    it('compare numerically when a side is a number', () => {
      assert.equal(cmp('10 < "9"'), false);
      assert.equal(cmp('[n] = "007"', { n: 7 }), true);
      assert.equal(cmp('InStr("abc", "z") < "1"'), true);
      assert.equal(cmp('Count([p]) >= 2', { p: ['a', 'b'] }), true);
      assert.equal(cmp('9007199254740993 > 9007199254740992'), true);
      assert.equal(cmp('[n] <= " 3.5"', { n: 3 }), true);
      const e = error('CBool(5 = "abc")', 'EVL007');
      assert.match(e.message, /numeric text/);
    });
    it('compare Booleans and dates', () => {
      assert.equal(cmp('IsPresent([x]) = "True"', { x: 'v' }), true);
      assert.equal(cmp('IsPresent([x]) = "true"', { x: 'v' }), true);
      assert.equal(cmp('[IsSoftDeleted] = "False"', { IsSoftDeleted: false }), true);
      assert.equal(cmp('CDate("2024-01-01") < CDate("2024-02-01")'), true);
      assert.equal(cmp('CDate("2024-01-01T00:00:00Z") = "1/1/2024 12:00:00 AM"'), true);
      error('CBool(CDate("2024-01-01") = "soon")', 'EVL007');
    });
    it('treat null as "" outside IIF and reject multi-valued operands', () => {
      assert.equal(value('CBool([attribute1] = [attribute2])', { attribute1: 'a', attribute2: 'a' }), true);
      assert.equal(value('CBool([attribute1] = [attribute2])', { attribute1: 'a', attribute2: 'b' }), false);
      assert.equal(cmp('[a] = [b]'), true);
      assert.equal(cmp('[a] = ""'), true);
      error('CBool([p] = "x")', 'EVL007', { p: ['x', 'y'] });
    });
    it('can stand alone (a Boolean result), and turn into "True"/"False" where text is needed', () => {
      assert.equal(value('[a] = "x"', { a: 'x' }), true);
      assert.equal(value('[a] <> "x"', { a: 'x' }), false);
      assert.equal(value('Join("|", [a] = "x", [a] = "y")', { a: 'x' }), 'True|False');
      assert.equal(value('Switch([a] = "x", "?", "True", "yes", "False", "no")', { a: 'y' }), 'no');
    });
  });

  describe('Switch', () => {
    it('returns the value of the first equal key (doc examples)', () => {
      const expr = 'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")';
      assert.equal(value(expr, { state: 'QLD' }), 'Australia/Brisbane');
      assert.equal(value(expr, { state: 'WA' }), 'Australia/Sydney');
      assert.equal(value('Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")', { statusFlag: 'TRUE' }), '1');
    });
    it('lets the "" key catch an empty or null source (doc example)', () => {
      const expr = 'Switch([statusFlag], "Default Value", "true", "1", "", "0")';
      assert.equal(value(expr, { statusFlag: '' }), '0');
      assert.equal(value(expr, {}), '0');
      assert.equal(value(expr, { statusFlag: 'other' }), 'Default Value');
    });
    it('maps IsSoftDeleted for the SCIM active attribute', () => {
      const expr = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';
      assert.equal(value(expr, { IsSoftDeleted: false }), 'True');
      assert.equal(value(expr, { IsSoftDeleted: true }), 'False');
      assert.equal(value(expr, { IsSoftDeleted: 'False' }), 'True');
      assert.equal(value(expr, {}), null, 'omitted default, no key matches: null');
      assert.equal(value(expr, { IsSoftDeleted: 'false' }), null, 'case-sensitive');
    });
    it('compares numbers as text, takes the first duplicate key, evaluates computed keys', () => {
      assert.equal(value('Switch([n], "d", "5", "five")', { n: 5 }), 'five');
      assert.equal(value('Switch("a", "", "a", "1", "a", "2")'), '1');
      assert.equal(value('Switch([x], "d", [y], "match")', { x: 'q', y: 'q' }), 'match');
      assert.equal(value('Switch([x], "d", [y], "match")', { x: 'q', y: 'r' }), 'd');
      assert.equal(value('Switch([x], [fallback], "k", "v")', { x: 'z', fallback: 'F' }), 'F');
    });
    it('supports the documented idioms, read literally', () => {
      // the IIF limitation workaround: "" key for missing values, the source itself as default
      const fallback = 'Switch([country],[country],"","Other")';
      assert.equal(value(fallback, { country: '' }), 'Other');
      assert.equal(value(fallback, {}), 'Other');
      assert.equal(value(fallback, { country: 'NL' }), 'NL');
      // "default on update too" (customize-attributes doc)
      const always = 'Switch(IsPresent([jobTitle]), "DefaultValue", "True", [jobTitle])';
      assert.equal(value(always, { jobTitle: 'Engineer' }), 'Engineer');
      assert.equal(value(always, {}), 'DefaultValue');
      // the IsPresent example compares the *text* of the first test with the others (spec 4.21)
      const managers = 'Switch(IsPresent([directManager]),[directManager], IsPresent([skiplevelManager]),[skiplevelManager], IsPresent([director]),[director])';
      assert.equal(value(managers, { directManager: 'dm', skiplevelManager: 'slm', director: 'dir' }), 'slm');
    });
    it('uses a table for many constant keys', () => {
      const pairs = Array.from({ length: 20 }, (_, i) => `"k${i}", "v${i}"`).join(', ');
      assert.equal(value(`Switch([x], "none", ${pairs})`, { x: 'k17' }), 'v17');
      assert.equal(value(`Switch([x], "none", ${pairs})`, { x: 'k99' }), 'none');
    });
    it('evaluates every value (eager) and rejects multi-valued sources', () => {
      error('Switch("a", "", "a", "1", "b", FormatDateTime("x", , "yyyy", "yyyy"))', 'EVL008');
      error('Switch([p], "", "a", "1")', 'EVL004', { p: ['a', 'b'] });
    });
  });

  describe('Coalesce', () => {
    it('returns the first non-null argument (doc example)', () => {
      assert.equal(value('Coalesce([mail],[userPrincipalName])', { userPrincipalName: 'John.Doe@contoso.com' }), 'John.Doe@contoso.com');
    });
    it('treats "" as a value, skips empty slots, gives null when all are null', () => {
      assert.equal(value('Coalesce("", "x")'), '');
      assert.equal(value('Coalesce([a], , "d")'), 'd');
      assert.equal(value('Coalesce([a], [b])'), null);
      assert.deepEqual(value('Coalesce([p], "x")', { p: ['a'] }), ['a']);
    });
  });

  describe('CBool and Not', () => {
    it('CBool follows VB', () => {
      assert.equal(value('CBool("True")'), true);
      assert.equal(value('CBool("false")'), false);
      assert.equal(value('CBool(0)'), false);
      assert.equal(value('CBool("-3")'), true);
      assert.equal(value('CBool([none])'), false);
      assert.equal(value('CBool([b])', { b: true }), true);
      error('CBool("abc")', 'EVL006');
    });
    it('Not flips True, anything else gives True', () => {
      assert.equal(value('Not("True")'), 'False');
      assert.equal(value('Not("true")'), 'False');
      assert.equal(value('Not("False")'), 'True');
      assert.equal(value('Not("abc")'), 'True');
      assert.equal(value('Not([IsSoftDeleted])', { IsSoftDeleted: true }), 'False');
      assert.equal(value('Not([IsSoftDeleted])', { IsSoftDeleted: false }), 'True');
      assert.equal(value('Not([IsSoftDeleted])'), 'True');
      assert.equal(value('Not(IsPresent([x]))', { x: 'v' }), 'False');
      assert.equal(value('Not(CBool(0))'), 'True');
    });
    it('Not gives the text "True"/"False" (a Boolean string), which still works as a condition', () => {
      assert.equal(value('Not(Not("True"))'), 'True');
      assert.equal(value('IsString(Not("x"))'), true);
      assert.equal(value('CBool(Not("False"))'), true);
      assert.equal(value('IIF(Not([flag]), "on", "off")', { flag: 'False' }), 'on');
      assert.equal(value('Switch(Not([IsSoftDeleted]), "?", "True", "active", "False", "inactive")', { IsSoftDeleted: true }), 'inactive');
      // compared as text: exact letter case, unlike a Boolean such as IsPresent([x]) = "true"
      assert.equal(value('Not([flag]) = "True"', { flag: 'False' }), true);
      assert.equal(value('Not([flag]) = "true"', { flag: 'False' }), false);
      assert.equal(value('Not([flag]) = CBool("true")', { flag: 'False' }), true);
    });
  });

  describe('IsNull, IsNullOrEmpty, IsPresent, IsString', () => {
    it('distinguish null from ""', () => {
      assert.equal(value('IsNull([displayName])'), true);
      assert.equal(value('IsNull([displayName])', { displayName: '' }), false);
      assert.equal(value('IsNullOrEmpty([displayName])', { displayName: '' }), true);
      assert.equal(value('IsNullOrEmpty([displayName])'), true);
      assert.equal(value('IsNullOrEmpty([displayName])', { displayName: 'x' }), false);
      assert.equal(value('IsPresent([jobTitle])', { jobTitle: 'Engineer' }), true);
      assert.equal(value('IsPresent([jobTitle])', { jobTitle: '' }), false);
      assert.equal(value('IsPresent([jobTitle])', { jobTitle: ' ' }), true);
      assert.equal(value('IsNull([p])', { p: [] }), true);
    });
    it('IsString is True for values with a text form', () => {
      assert.equal(value('IsString([displayName])', { displayName: 'x' }), true);
      assert.equal(value('IsString("")'), true);
      assert.equal(value('IsString(5)'), true);
      assert.equal(value('IsString([b])', { b: false }), true);
      assert.equal(value('IsString([none])'), false);
      assert.equal(value('IsString([p])', { p: ['a'] }), false);
    });
  });

  describe('Boolean results', () => {
    it('are JSON Booleans from CBool, IsNull, IsNullOrEmpty, IsPresent, IsString, comparisons and Boolean attributes', () => {
      const src = { flag: true, off: false, name: 'x' };
      for (const [expr, want] of [
        ['CBool([flag])', true],
        ['IsNull([none])', true],
        ['IsNullOrEmpty([name])', false],
        ['IsPresent([name])', true],
        ['IsString([none])', false],
        ['[name] = "x"', true],
        ['[flag]', true],
        ['[off]', false],
        ['Coalesce([none], [off])', false],
        ['IIF([name] = "x", IsPresent([name]), "n")', true],
      ] as const) {
        assert.equal(value(expr, src), want, expr);
      }
    });
    it('are text from Not, and "True"/"False" wherever a Boolean becomes text', () => {
      assert.equal(value('Not([flag])', { flag: true }), 'False');
      assert.equal(value('Not([none])'), 'True');
      assert.equal(value('CStr(IsPresent([x]))', { x: 'v' }), 'True');
      assert.equal(value('Join(",", [flag], IsNull([x]))', { flag: false }), 'False,True');
      assert.equal(value('Append("is ", [flag])', { flag: true }), 'is True');
      assert.deepEqual(value('[p]', { p: [true, 'x'] }), ['True', 'x']);
    });
    it('leave the SCIM active mapping on a JSON Boolean source as text', () => {
      const expr = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';
      assert.equal(value(expr, { IsSoftDeleted: false }), 'True');
      assert.equal(value(expr, { IsSoftDeleted: true }), 'False');
    });
  });

  describe('IgnoreFlowIfNullOrEmpty', () => {
    it('drops the attribute for null and ""', () => {
      const o = run('IgnoreFlowIfNullOrEmpty([department])');
      assert.equal(o.kind, 'noflow');
      assert.match((o as { reason: string }).reason, /\[department\] is null/);
      assert.equal(run('IgnoreFlowIfNullOrEmpty([department])', { department: '' }).kind, 'noflow');
      assert.equal(value('IgnoreFlowIfNullOrEmpty([department])', { department: 'Sales' }), 'Sales');
    });
    it('drops the attribute when an unmatched Switch gives "" (doc example)', () => {
      const expr = 'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))';
      assert.equal(run(expr, { prefix: '9999' }).kind, 'noflow');
      assert.equal(value(expr, { prefix: '3444' }), 'Prof.');
    });
    it('propagates through functions that use it, not through choices that discard it', () => {
      assert.equal(run('ToLower(IgnoreFlowIfNullOrEmpty([x]))').kind, 'noflow');
      assert.equal(run('Join(",", "a", IgnoreFlowIfNullOrEmpty([x]))').kind, 'noflow');
      assert.equal(value('IIF([k]="a", "chosen", ToLower(IgnoreFlowIfNullOrEmpty([x])))', { k: 'a' }), 'chosen');
      assert.equal(run('IIF([k]="a", "chosen", IgnoreFlowIfNullOrEmpty([x]))', { k: 'b' }).kind, 'noflow');
      assert.equal(value('Switch([k], "d", "a", IgnoreFlowIfNullOrEmpty([x]), "b", "B")', { k: 'b' }), 'B');
    });
  });

  describe('Redact', () => {
    it('lets the value flow and marks the outcome redacted', () => {
      const o = run('Redact([userPrincipalName])', { userPrincipalName: 'john.doe@contoso.com' });
      assert.deepEqual(o, { kind: 'value', value: 'john.doe@contoso.com', redacted: true });
      assert.equal(value('Redact("StringToBeRedacted")'), 'StringToBeRedacted');
      const nested = run('Join("-", "a", Redact("secret"))');
      assert.equal(nested.kind === 'value' && nested.redacted, true);
    });
    it('marks Redact in a branch not taken too (eager), and nothing without Redact', () => {
      const c = compileExpression('IIF([r]="y", Redact("s"), "plain")');
      assert.deepEqual(evaluate(c, { source: { r: 'y' } }), { kind: 'value', value: 's', redacted: true });
      assert.deepEqual(evaluate(c, { source: { r: 'n' } }), { kind: 'value', value: 'plain', redacted: true });
      const plain = compileExpression('Join("", [r])');
      evaluate(c, { source: { r: 'y' } });
      assert.equal('redacted' in evaluate(plain, { source: { r: 'y' } }), false);
    });
    it('wraps random passwords (doc example)', () => {
      const o = run('Redact(RandomString(6,3,0,0,3))', {}, { random: seeded(7) });
      assert.equal(o.kind, 'value');
      assert.equal((o as { redacted?: boolean }).redacted, true);
    });
  });

  describe('SelectUniqueValue', () => {
    const expr = `SelectUniqueValue(
      Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"),
      Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com"),
      Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com")
    )`;
    const john = { PreferredFirstName: 'John', PreferredLastName: 'Smith' };
    const takenOf = (...values: string[]) => (c: string) => values.includes(c);
    it('returns the first free candidate (doc example)', () => {
      assert.equal(value(expr, john), 'John.Smith@contoso.com');
      assert.equal(value(expr, john, { isValueTaken: takenOf('John.Smith@contoso.com') }), 'J.Smith@contoso.com');
      assert.equal(value(expr, john, { isValueTaken: takenOf('John.Smith@contoso.com', 'J.Smith@contoso.com') }), 'Jo.Smith@contoso.com');
    });
    it('fails naming every candidate when all are taken', () => {
      const e = error(expr, 'EVL013', john, { isValueTaken: () => true });
      assert.match(e.message, /"John\.Smith@contoso\.com", "J\.Smith@contoso\.com", "Jo\.Smith@contoso\.com"/);
    });
    it('evaluates rules lazily, in order', () => {
      const asked: string[] = [];
      const lazy = 'SelectUniqueValue("a", "b", FormatDateTime("not a date", , "yyyy", "yyyy"))';
      assert.equal(value(lazy, {}, { isValueTaken: (c) => (asked.push(c), c === 'a') }), 'b');
      assert.deepEqual(asked, ['a', 'b']);
      error(lazy, 'EVL008', {}, { isValueTaken: (c) => c === 'a' || c === 'b' });
    });
    it('skips rules without a value and reports a failing hook', () => {
      assert.equal(value('SelectUniqueValue([none], "b")'), 'b');
      assert.equal(value('SelectUniqueValue([none], [other])'), null);
      const e = error('SelectUniqueValue("a", "b")', 'EVL019', {}, {
        isValueTaken: () => {
          throw new Error('directory unreachable');
        },
      });
      assert.match(e.message, /directory unreachable/);
      const p = error('SelectUniqueValue("a", "b")', 'EVL019', {}, { isValueTaken: (async () => false) as unknown as () => boolean });
      assert.match(p.message, /synchronously, not a Promise/);
    });
  });
});

describe('evaluate: Replace', () => {
  it('replaces literal text (doc examples)', () => {
    assert.equal(value('Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )', { BusinessTitle: 'Product Developer' }), 'Software Engineer');
    assert.equal(value('Replace([mail], "@contoso.com", , ,"", ,)', { mail: 'john.doe@contoso.com' }), 'john.doe');
    assert.equal(value('Replace([preferredLanguage], "-", , , "_", , )', { preferredLanguage: 'EN-US' }), 'EN_US');
  });
  it('replaces every occurrence, case-sensitively, with $ taken literally', () => {
    assert.equal(value('Replace("a-b-A-b", "b", , , "$1", , )'), 'a-$1-A-$1');
    assert.equal(value('Replace("aaa", "aa", , , "b", , )'), 'ba');
    assert.equal(value('Replace([x], "a", , , "b", , )'), null);
    assert.equal(value('Replace("abc", "b", , , [none], , )'), 'ac');
  });
  it('fills a template (doc example)', () => {
    assert.equal(value('Replace([UserID],"<username>", , , , , "<username>@contoso.com")', { UserID: 'jsmith' }), 'jsmith@contoso.com');
    assert.equal(value('Replace([UserID],"<u>", , , , , "<u>.<u>")', { UserID: 'js' }), 'js.js');
    assert.equal(value('Replace([UserID],"<u>", , , , , "x")'), null);
  });
  it('rejects an empty search text', () => {
    const expr = 'Replace("abc", [old], , , "x", , )';
    const e = error(expr, 'EVL017', { old: '' });
    assert.equal(at(expr, e), '[old]');
  });
  it('replaces with a .NET regex and substitutions (doc examples)', () => {
    assert.equal(
      value('Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )', { telephoneNumber: '+91 9998887777' }),
      '9998887777',
    );
    // the doc prints 19998887777, but .NET keeps the "+" the pattern does not match
    assert.equal(value('Replace([mobile], , "[()\\\\s-]+", , "", , )', { mobile: '+1 (999) 888-7777' }), '+19998887777');
    assert.equal(value('Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', { mailNickname: 'john_doe72' }), '72');
    assert.equal(value('Replace("2024-05-01", , "(\\\\d+)-(\\\\d+)-(\\\\d+)", , "$3.$2.$1", , )'), '01.05.2024');
    assert.equal(value('Replace("ab", , "b", , "[$&][$$]", , )'), 'a[b][$]');
  });
  it('replaces a named group inside each match (doc examples)', () => {
    assert.equal(value('Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )', { AddressLineData: '545 Tremont Street' }), '888 Tremont Street');
    assert.equal(value('Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )', { userPrincipalName: 'jsmith@contoso.com' }), 'jsmith');
    assert.equal(value('Replace("a1b2", , "[a-z](?<d>\\\\d)", "d", "#", , )'), 'a#b#');
    assert.equal(value('Replace("a1b2", , "[a-z](\\\\d)", "1", "#", , )'), 'a#b#');
  });
  it('falls back to the replacement attribute (doc example)', () => {
    const expr = 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )';
    assert.equal(value(expr, { telephoneNumber: '', mobile: '+91 8887779999' }), '8887779999');
    assert.equal(value(expr, { mobile: '+91 8887779999' }), '8887779999');
    assert.equal(value(expr, { telephoneNumber: '+1 5550100', mobile: '+91 8887779999' }), '+1 5550100');
    assert.equal(value(expr, { telephoneNumber: '' }), null);
    assert.equal(value(expr, { telephoneNumber: '', mobile: 'no digits' }), null);
  });
  it('accepts the replacement attribute by name', () => {
    const expr = 'Replace([telephoneNumber], , "(?<n>\\\\d+)", "n", , "mobile", )';
    assert.equal(value(expr, { mobile: 'x 123 y' }), '123');
  });
  it('reports a Replace call that matches no mode', () => {
    const e = error('Replace([x], "a", "b", , "c", , )', 'EPX119');
    assert.match(e.message, /cannot both be supplied/);
    error('Replace([x], , , , "c", , )', 'EPX119');
    error('Replace([x], , "a", , , , )', 'EPX119');
  });
  it('reports an invalid constant pattern with the range inside the string', () => {
    const expr = 'Replace([x], , "ab(c", , "", , )';
    const e = error(expr, 'EPX120', { x: 'abc' });
    assert.ok(e.start > expr.indexOf('"ab(c"') && e.end <= expr.indexOf('"ab(c"') + 6, `${e.start}-${e.end}`);
  });
  it('reports an invalid pattern from an attribute at evaluation', () => {
    const expr = 'Replace([x], , [pattern], , "", , )';
    assert.equal(value(expr, { x: 'abc', pattern: 'b' }), 'ac');
    const e = error(expr, 'EVL009', { x: 'abc', pattern: '(' });
    assert.equal(at(expr, e), '[pattern]');
  });
  it('reports a group the pattern does not define', () => {
    error('Replace([x], , "(?<a>.)", "b", "", , )', 'EPX122', { x: 'q' });
    error('Replace([x], , "(?<a>.)", [g], "", , )', 'EVL012', { x: 'q', g: 'b' });
  });
  it('stops a catastrophic pattern with an error, not a hang', () => {
    const started = process.hrtime.bigint();
    const e = error('Replace([x], , "(a+)+$", , "", , )', 'EVL010', { x: `${'a'.repeat(40)}!` });
    assert.match(e.message, /budget/);
    assert.ok(process.hrtime.bigint() - started < 10_000_000_000n);
  });
});

describe('evaluate: dates', () => {
  it('CDate reads .NET date text and gives UTC (doc examples)', () => {
    assert.equal(value('CDate([StatusHireDate])', { StatusHireDate: '2020-03-16-07:00' }), '3/16/2020 7:00:00 AM');
    assert.equal(value('CDate("2021-06-30+08:00")'), '6/29/2021 4:00:00 PM');
    assert.equal(value('CDate("2009-06-15T01:45:30-07:00")'), '6/15/2009 8:45:30 AM');
  });
  it('CDate gives null for null or "" and fails on other text', () => {
    assert.equal(value('CDate([x])'), null);
    assert.equal(value('CDate("")'), null);
    const e = error('CDate([x])', 'EVL008', { x: 'next Tuesday' });
    assert.match(e.message, /next Tuesday/);
  });
  it('DateAdd adds intervals (doc examples)', () => {
    const src = { StatusHireDate: '2012-03-16-07:00' };
    assert.equal(value('DateAdd("d", 7, CDate([StatusHireDate]))', src), '3/23/2012 7:00:00 AM');
    assert.equal(value('DateAdd("d", -10, CDate([StatusHireDate]))', src), '3/6/2012 7:00:00 AM');
    assert.equal(value('DateAdd("ww", 2, CDate([StatusHireDate]))', src), '3/30/2012 7:00:00 AM');
    assert.equal(value('DateAdd("m", 10, CDate([StatusHireDate]))', src), '1/16/2013 7:00:00 AM');
    assert.equal(value('DateAdd("yyyy", 2, CDate([StatusHireDate]))', src), '3/16/2014 7:00:00 AM');
  });
  it('DateAdd clamps month ends, reads text dates and rejects unknown intervals', () => {
    assert.equal(value('DateAdd("m", 1, CDate("2024-01-31T00:00:00Z"))'), '2/29/2024 12:00:00 AM');
    assert.equal(value('DateAdd("n", 90, "2024-01-01T00:00:00Z")'), '1/1/2024 1:30:00 AM');
    assert.equal(value('DateAdd("d", 1, [x])'), null);
    const e = error('DateAdd("q", 1, Now())', 'EVL018');
    assert.match(e.message, /quarter/);
    error('DateAdd([i], 1, Now())', 'EVL018', { i: 'fortnight' });
  });
  it('DateDiff counts as VB does (doc table)', () => {
    assert.equal(value('DateDiff("d", CDate("2021-08-18+08:00"), CDate("2021-08-31+08:00"))'), 13);
    const a = 'CDate("8/25/2021 5:41:18 PM")';
    const b = 'CDate("2012-03-16-07:00")';
    assert.equal(value(`DateDiff("d", ${a}, ${b})`), -3449);
    assert.equal(value(`DateDiff("ww", ${a}, ${b})`), -493);
    assert.equal(value(`DateDiff("m", ${a}, ${b})`), -113);
    assert.equal(value(`DateDiff("yyyy", ${a}, ${b})`), -9);
    assert.equal(value('DateDiff("d", CDate("2021-08-31+08:00"), CDate("2021-08-31+08:00"))'), 0);
    assert.equal(value('DateDiff("h", CDate("2021-08-24"), CDate("2021-08-25"))'), 24);
    assert.equal(value('DateDiff("n", CDate("2021-08-24"), CDate("2021-08-25"))'), 1440);
    assert.equal(value('DateDiff("s", CDate("2021-08-24"), CDate("2021-08-25"))'), 86400);
    assert.equal(value('DateDiff("d", [x], Now())'), null);
  });
  it('DateFromNum and NumFromDate convert AD integer dates', () => {
    assert.equal(value('DateFromNum(129699324000000000)'), '1/1/2012 11:00:00 PM');
    assert.equal(value('DateFromNum([lastLogonTimestamp])', { lastLogonTimestamp: '129699324000000000' }), '1/1/2012 11:00:00 PM');
    assert.equal(value('DateFromNum([lastLogonTimestamp])', { lastLogonTimestamp: 129699324000000000n }), '1/1/2012 11:00:00 PM');
    assert.equal(value('NumFromDate("2012-01-01T23:00:00Z")'), '129699324000000000');
    assert.equal(
      value('NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))', { ContractEndDate: '2020-12-31-08:00' }),
      '132539615990000000',
    );
    assert.match(error('DateFromNum(9223372036854775807)', 'EVL008').message, /never expires/);
    assert.equal(value('NumFromDate([x])'), null);
  });
  it('FormatDateTime parses exactly and re-formats (doc examples)', () => {
    assert.equal(value('FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', { extensionAttribute1: '20150123105347.1Z' }), '2015-01-23');
    assert.equal(value('FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd")', { ContractEndDate: '2020-12-31-08:00' }), '2020-12-31');
    assert.equal(value('FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")', { endDate: '6/30/2021 11:59:00 PM' }), '2021-06-30');
    assert.equal(value('FormatDateTime([d], "32", "dd/MM/yyyy", "yyyy-MM-dd")', { d: '31/01/2024' }), '2024-01-31');
    assert.equal(value('FormatDateTime([d], "AssumeUniversal, AllowWhiteSpaces", "dd/MM/yyyy", "yyyy-MM-dd")', { d: ' 31/01/2024 ' }), '2024-01-31');
  });
  it('FormatDateTime with three arguments reads them as Graph lists them (source, inputFormat, outputFormat)', () => {
    assert.equal(value('FormatDateTime([d], "dd/MM/yyyy", "yyyy-MM-dd")', { d: '31/01/2024' }), '2024-01-31');
    error('FormatDateTime([d], "dd/MM/yyyy", "yyyy-MM-dd")', 'EVL008', { d: 'soon' });
    error('FormatDateTime([d], "yyyy")', 'EPX104', { d: '2024' });
  });
  it('FormatDateTime reports text that does not match and bad styles', () => {
    const expr = 'FormatDateTime([d], , "yyyy-MM-dd", "dd/MM/yyyy")';
    const e = error(expr, 'EVL008', { d: '31/01/2024' });
    assert.equal(at(expr, e), '[d]');
    error('FormatDateTime([d], "Sideways", "yyyy-MM-dd", "dd/MM/yyyy")', 'EVL018', { d: '2024-01-01' });
    assert.equal(value(expr), null);
  });
  it('Now() reads the injected clock, once per evaluation', () => {
    assert.equal(value('Now()'), '5/1/2024 12:00:00 PM');
    assert.equal(value('CBool(Now() = Now())'), true);
    assert.equal(value('DateDiff("s", Now(), CDate("2024-05-01T12:01:00Z"))'), 60);
  });
});

describe('evaluate: generated values', () => {
  it('Guid() gives a lower-case version-4 GUID from the injected randomness', () => {
    const g = value('Guid()', {}, { random: seeded(42) }) as string;
    assert.match(g, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(value('Guid()', {}, { random: seeded(42) }), g, 'same randomness, same GUID');
    assert.notEqual(value('Guid()', {}, { random: seeded(43) }), g);
    const two = value('Join(" ", Guid(), Guid())', {}, { random: seeded(1) }) as string;
    const [a, b] = two.split(' ');
    assert.notEqual(a, b);
  });
  it('Guid() reports a broken random source', () => {
    error('Guid()', 'EVL099', {}, { random: () => 1 });
  });

  const SPECIAL = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/';
  const count = (s: string, test: (c: string) => boolean) => [...s].filter(test).length;
  const isDigit = (c: string) => c >= '0' && c <= '9';
  const isUpper = (c: string) => c >= 'A' && c <= 'Z';
  const isLower = (c: string) => c >= 'a' && c <= 'z';
  const isSpecial = (c: string) => SPECIAL.includes(c);

  it('RandomString meets its minimums (doc examples)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const a = value('RandomString(6,3,0,0,3)', {}, { random: seeded(seed) }) as string;
      assert.equal(a.length, 6);
      assert.ok(count(a, isDigit) >= 3 && count(a, isLower) >= 3, a);
      assert.equal(count(a, isSpecial), 0, a);
      const b = value('RandomString(10,2,2,2,1,"?,")', {}, { random: seeded(seed) }) as string;
      assert.equal(b.length, 10);
      assert.ok(count(b, isDigit) >= 2 && count(b, isSpecial) >= 2 && count(b, isUpper) >= 2 && count(b, isLower) >= 1, b);
      assert.ok(!b.includes('?') && !b.includes(','), b);
      assert.equal(count(b, (c) => isDigit(c) || isSpecial(c) || isUpper(c) || isLower(c)), 10, b);
    }
  });
  it('RandomString spreads its characters (not the minimums first)', () => {
    const firsts = new Set<string>();
    for (let seed = 1; seed <= 100; seed++) firsts.add((value('RandomString(8,4,0,0,4)', {}, { random: seeded(seed) }) as string)[0]);
    assert.ok([...firsts].some(isDigit) && [...firsts].some(isLower));
  });
  it('RandomString rejects impossible requirements', () => {
    assert.match(error('RandomString(5,2,2,2,1)', 'EVL014').message, /less than the 7 characters/);
    error('RandomString(257,0,0,0,0)', 'EVL003');
    error('RandomString(0,0,0,0,0)', 'EVL003');
    error('RandomString(8,-1,0,0,0)', 'EVL003');
    assert.match(error('RandomString(4,1,0,0,0,"0123456789")', 'EVL014').message, /digits/);
    error('RandomString(4,0,0,0,0,[avoid])', 'EVL014', {
      avoid: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    });
    assert.equal((value('RandomString(256,0,0,0,0)', {}, { random: seeded(3) }) as string).length, 256);
  });
});

describe('evaluate: app roles', () => {
  const assignments = [
    { id: 'a1', appRoleId: 'r-admin', appRoleValue: 'Admin', displayName: 'Administrator' },
    { appRoleId: 'r-read', value: 'Reader', displayName: 'Reader role' },
    { appRoleId: 'r-admin', appRoleValue: 'Admin', displayName: 'Administrator' },
    { appRoleId: '00000000-0000-0000-0000-000000000000' },
  ];
  it('SingleAppRoleAssignment gives one role value', () => {
    assert.equal(value('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: assignments }), 'Admin');
    assert.equal(value('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: ['Admin'] }), 'Admin');
    assert.equal(value('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: [{ appRoleId: 'x', displayName: 'Only a name' }] }), 'Only a name');
    assert.equal(value('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: [] }), null);
    assert.equal(value('SingleAppRoleAssignment([appRoleAssignments])'), null);
    assert.equal(value('ToLower(SingleAppRoleAssignment([appRoleAssignments]))', { appRoleAssignments: ['Admin'] }), 'admin');
  });
  it('AppRoleAssignmentsComplex gives every role once, as SCIM role objects', () => {
    assert.deepEqual(value('AppRoleAssignmentsComplex([appRoleAssignments])', { appRoleAssignments: assignments }), [
      { primary: false, type: 'WindowsAzureActiveDirectoryRole', displayName: 'Administrator', value: 'Admin' },
      { primary: false, type: 'WindowsAzureActiveDirectoryRole', displayName: 'Reader role', value: 'Reader' },
    ]);
  });
  it('AssertiveAppRoleAssignmentsComplex gives full role objects', () => {
    assert.deepEqual(value('AssertiveAppRoleAssignmentsComplex([appRoleAssignments])', { appRoleAssignments: assignments.slice(1, 2) }), [
      { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Reader role', value: 'Reader' },
    ]);
    assert.deepEqual(value('AssertiveAppRoleAssignmentsComplex([appRoleAssignments])', { appRoleAssignments: { appRoleId: 'q', appRoleValue: 'Q' } }), [
      { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Q', value: 'Q' },
    ]);
  });
  it('reject values that are not assignments', () => {
    const e = error('AppRoleAssignmentsComplex([appRoleAssignments])', 'EVL015', { appRoleAssignments: [{ appRoleId: 'x', role: 'Admin' }] });
    assert.match(e.message, /Element 1 has neither/);
    error('SingleAppRoleAssignment([appRoleAssignments])', 'EVL015', { appRoleAssignments: 5 });
    error('AppRoleAssignmentsComplex([appRoleAssignments])', 'EVL015', { appRoleAssignments: [{ appRoleValue: 'A' }, ['nested']] });
  });
  it('cannot be used as text', () => {
    error('Join(",", AppRoleAssignmentsComplex([appRoleAssignments]))', 'EVL004', { appRoleAssignments: ['A', 'B'] });
  });
});
