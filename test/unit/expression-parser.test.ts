import assert from 'node:assert/strict';
import { parseExpression, MAX_EXPRESSION_LENGTH } from '../../server/src/language/expression/parser';
import { walk, nodeAt, Expr, CallExpr, ParseResult } from '../../server/src/language/expression/ast';
import { codeInfo } from '../../server/src/diagnostics/codes';

/** A compact, readable rendering of a tree: Join(".", [givenName], <empty>, 12, &HF, cmp(=)). */
function show(e: Expr | null): string {
  if (!e) return 'null';
  switch (e.kind) {
    case 'call':
      return `${e.name}(${e.args.map((a) => (a.value ? show(a.value) : '<empty>')).join(', ')}${e.rparen === undefined ? '' : ')'}`;
    case 'attribute':
      return `[${e.name}${e.closed ? ']' : ''}`;
    case 'string':
      return JSON.stringify(e.value) + (e.closed ? '' : '<unterminated>');
    case 'number':
      return e.text;
    case 'hex':
      return `${e.text}=${e.value}`;
    case 'identifier':
      return `#${e.name}`;
    case 'comparison':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'missing':
      return '<missing>';
  }
}

/** Diagnostics as `CODE [start,end) covered-text`. */
function diags(r: ParseResult): string[] {
  return r.errors.map((d) => `${d.code} [${d.start},${d.end}) ${JSON.stringify(r.text.slice(d.start, d.end))}`);
}

function ok(text: string): Expr {
  const r = parseExpression(text);
  assert.deepEqual(r.errors, [], `unexpected diagnostics for ${text}: ${JSON.stringify(r.errors)}`);
  assert.ok(r.expr);
  return r.expr;
}

describe('expression parser', () => {
  describe('valid syntax (spec section 2)', () => {
    const cases: [string, string][] = [
      ['Join(".", [givenName], [surname])', 'Join(".", [givenName], [surname])'],
      ['[mail]', '[mail]'],
      ['"Company name: \\"Contoso\\""', '"Company name: \\"Contoso\\""'],
      ['"C:\\\\temp"', '"C:\\\\temp"'],
      ['Switch([IsSoftDeleted], , "False", "True", "True", "False")', 'Switch([IsSoftDeleted], <empty>, "False", "True", "True", "False")'],
      ['Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )', 'Replace([BusinessTitle], "Product Developer", <empty>, <empty>, "Software Engineer", <empty>, <empty>)'],
      ['DateFromNum(129699324000000000)', 'DateFromNum(129699324000000000)'],
      ['DateAdd("d", -10, CDate([StatusHireDate]))', 'DateAdd("d", -10, CDate([StatusHireDate]))'],
      ['BitAnd(&HF, &HF7)', 'BitAnd(&HF=15, &HF7=247)'],
      ['InStr("repEated","e",3,vbBinaryCompare)', 'InStr("repEated", "e", 3, #vbBinaryCompare)'],
      ['IIF([country]="USA",[country],[department])', 'IIF(([country] = "USA"), [country], [department])'],
      ['CBool([a] <> [b])', 'CBool(([a] <> [b]))'],
      ['IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True")', 'IIF((DateDiff("d", Now(), CDate([StatusHireDate])) > 5), "False", "True")'],
      ['IIF(Len([x])>="10", 1, 2)', 'IIF((Len([x]) >= "10"), 1, 2)'],
      ['IIF([a]<=[b], 1, 2)', 'IIF(([a] <= [b]), 1, 2)'],
      ['IIF([a]<[b], 1, 2)', 'IIF(([a] < [b]), 1, 2)'],
      ['Guid()', 'Guid()'],
      ['[extension_53c9e2c0e1234_acmeCostCenter]', '[extension_53c9e2c0e1234_acmeCostCenter]'],
      ['[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department]', '[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department]'],
      ['[employeeOrgData.costCenter]', '[employeeOrgData.costCenter]'],
      ['  \n\tToLower( [mail] )\r\n', 'ToLower([mail])'],
      ['""', '""'],
      ['F(,)', 'F(<empty>, <empty>)'],
      ['F( )', 'F()'],
      ['Join("", 1000, [x])', 'Join("", 1000, [x])'],
      ['-9223372036854775809', '-9223372036854775809'],
    ];
    for (const [input, expected] of cases) {
      it(input.trim(), () => {
        assert.equal(show(ok(input)), expected);
      });
    }

    it('multi-line Switch keeps exact offsets', () => {
      const text = 'Switch([state],\n  "Australia/Sydney",\n  "QLD", "Australia/Brisbane")';
      const e = ok(text) as CallExpr;
      assert.equal(e.args.length, 4);
      const q = e.args[2].value!;
      assert.equal(text.slice(q.start, q.end), '"QLD"');
      assert.deepEqual(e.commas.map((c) => text[c]), [',', ',', ',']);
      assert.equal(text[e.rparen!], ')');
      assert.equal(text.slice(e.nameSpan.start, e.nameSpan.end), 'Switch');
    });

    it('string values decode only \\" and \\\\ and keep other pairs verbatim', () => {
      const r = parseExpression('"\\\\+(?<isdCode>\\\\d* )"');
      assert.equal(r.expr!.kind, 'string');
      assert.equal((r.expr as { value: string }).value, '\\+(?<isdCode>\\d* )');
      assert.deepEqual(r.errors, []);
    });

    it('empty slots record the gap between separators', () => {
      const text = 'Switch([a], , "x", "y")';
      const e = ok(text) as CallExpr;
      assert.equal(e.args[1].value, null);
      assert.equal(e.args[1].start, text.indexOf(',') + 1);
      assert.equal(e.args[1].end, text.indexOf(',', text.indexOf(',') + 1));
    });

    it('a trailing empty slot exists; a call that stops early has fewer slots', () => {
      assert.equal((ok('Replace([mail], "@x.com", , ,"", ,)') as CallExpr).args.length, 7);
      assert.equal((ok('InStr("The quick brown fox","quick")') as CallExpr).args.length, 2);
    });

    it('attribute names keep dots, colons, underscores and GUID-like ids verbatim', () => {
      const e = ok('[extension_00aa00aabb11cc22dd3344ee44ee44ee_costCenter]');
      assert.equal(e.kind === 'attribute' && e.name, 'extension_00aa00aabb11cc22dd3344ee44ee44ee_costCenter');
    });

    it('the hex value can exceed 53 bits', () => {
      const e = ok('&HFFFFFFFFFFFFFFFF');
      assert.equal(e.kind === 'hex' && e.value, 0xffffffffffffffffn);
    });
  });

  describe('syntax errors: every one, with exact ranges', () => {
    const cases: [string, string[]][] = [
      ['', ['EPX007 [0,0) ""']],
      ['   ', ['EPX007 [3,3) ""']],
      ['"abc', ['EPX002 [0,4) "\\"abc"']],
      ['[abc', ['EPX003 [0,4) "[abc"']],
      ['Join(".", [a]', ['EPX004 [13,13) ""']],
      ['Join(".", [a] [b])', ['EPX015 [14,17) "[b]"']],
      ['[a] [b]', ['EPX006 [4,7) "[b]"']],
      ['[a])', ['EPX006 [3,4) ")"']],
      ['IIF([a]="x" AND [b]="y", "1", "0")', ['EPX014 [12,15) "AND"']],
      ['IIF([a]="x" Or [b]="y", "1", "0")', ['EPX014 [12,14) "Or"']],
      ['IIF([a] = [b] = [c], "1", "0")', ['EPX011 [14,15) "="']],
      ['IIF([a] = , "1", "0")', ['EPX005 [8,9) "="']],
      ['IIF(= "x", "1", "0")', ['EPX005 [4,5) "="']],
      ['Mid("a\\d", 1, 2)', ['EPX009 [6,8) "\\\\d"']],
      ['Not(True)', ['EPX010 [4,8) "True"']],
      ['Join(",", givenName)', ['EPX010 [10,19) "givenName"']],
      ['[]', ['EPX013 [0,2) "[]"']],
      ['[ mail ]', ['EPX012 [0,8) "[ mail ]"']],
      ['[a] != "x"', ['EPX001 [4,5) "!"']],
      ['BitAnd(&H, 1)', ['EPX001 [7,9) "&H"']],
      ['Join(“.”, [a])', ['EPX001 [5,8) "“.”"']],
      ['F("a", "b"', ['EPX004 [10,10) ""']],
      ['F(G(H([x]', ['EPX004 [9,9) ""']],
      [', [a]', ['EPX006 [0,1) ","']],
      ['([a])', ['EPX017 [0,5) "([a])"']],
      ['Join(".", ([a]), [b])', ['EPX017 [10,15) "([a])"']],
      ['[a] ( [b]', ['EPX017 [4,9) "( [b]"', 'EPX004 [9,9) ""']],
    ];
    for (const [input, expected] of cases) {
      it(JSON.stringify(input), () => {
        const got = diags(parseExpression(input));
        for (const e of expected) assert.ok(got.includes(e), `expected ${e} in ${JSON.stringify(got, null, 1)}`);
        // nothing unexpected beyond the listed codes' families
        for (const g of got) assert.ok(codeInfo(g.slice(0, 6)), `unknown code in ${g}`);
      });
    }

    it('reports every error of one input in a single pass', () => {
      const text = 'Join(".", [a [b], "x,\n Foo(1 2), True) junk )';
      const r = parseExpression(text);
      const codes = r.errors.map((d) => d.code);
      // "x, is unterminated (ends at the line break); Foo lacks the comma before it; so does 2;
      // True and junk are bare words; junk and the last ) come after the expression.
      assert.deepEqual(codes, ['EPX002', 'EPX015', 'EPX015', 'EPX010', 'EPX010', 'EPX006', 'EPX006']);
      for (let i = 1; i < r.errors.length; i++) assert.ok(r.errors[i - 1].start <= r.errors[i].start, 'sorted by position');
    });

    it('an expression over 10,000 characters is an error from character 10,000 on', () => {
      const text = `Join(",", ${Array.from({ length: 1000 }, (_, i) => `"v${i}"`).join(', ')}, [${'x'.repeat(MAX_EXPRESSION_LENGTH)}])`;
      const r = parseExpression(text);
      const d = r.errors.find((e) => e.code === 'EPX008');
      assert.ok(d);
      assert.equal(d.start, MAX_EXPRESSION_LENGTH);
      assert.equal(d.end, text.length);
      assert.equal(r.expr!.kind, 'call');
    });

    it('a missing comma keeps both arguments in the tree', () => {
      const r = parseExpression('Join(".", [a] [b])');
      assert.equal(show(r.expr), 'Join(".", [a], [b])');
    });

    it('an unterminated call still yields its arguments', () => {
      const r = parseExpression('Switch([state], "x", "QLD"');
      assert.equal(show(r.expr), 'Switch([state], "x", "QLD"');
    });

    it('AND keeps the left condition in the tree and the right one in trailing', () => {
      const r = parseExpression('IIF([a]="x" AND [b]="y", "1", "0")');
      assert.equal(show(r.expr), 'IIF(([a] = "x"), "1", "0")');
      assert.equal(r.trailing?.length, 1);
      assert.equal(show(r.trailing![0]), '([b] = "y")');
    });

    it('an unterminated string stops at the end of its line', () => {
      const r = parseExpression('Join("x,\n [a])');
      assert.ok(diags(r).includes('EPX002 [5,8) "\\"x,"'), JSON.stringify(diags(r)));
      assert.equal(show(r.expr), 'Join("x,"<unterminated>, [a])');
    });
  });

  describe('tokens and lookups', () => {
    it('classifies tokens for highlighting', () => {
      const r = parseExpression('IIF([a]="x", Count([p]), vbTextCompare) &H1F -3');
      assert.deepEqual(
        r.tokens.map((t) => t.kind),
        ['function', 'lparen', 'attribute', 'operator', 'string', 'comma', 'function', 'lparen', 'attribute', 'rparen', 'comma', 'identifier', 'rparen', 'hex', 'number'],
      );
    });

    it('nodeAt finds the innermost node at a cursor', () => {
      const text = 'Join(".", ToLower([givenName]), [surname])';
      const r = parseExpression(text);
      const path = nodeAt(r.expr, text.indexOf('givenName') + 2);
      assert.deepEqual(path.map((n) => n.kind), ['call', 'call', 'attribute']);
    });

    it('walk visits every node once', () => {
      let n = 0;
      walk(parseExpression('IIF([a]=Mid([b],1,2),"x",Join("",[c],[d]))').expr, () => {
        n++;
      });
      assert.equal(n, 12);
    });
  });

  describe('fuzz: never throws, always a tree and diagnostics with valid ranges', () => {
    // Deterministic PRNG so a failure is reproducible.
    let seed = 0x2f6e2b1;
    const rand = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const pieces = ['Join(', 'Switch(', 'IIF(', ')', '(', ',', ', ,', '[mail]', '[', ']', '"', '"x"', '\\', '\\"', '=', '<>', '>=',
      ' AND ', 'vbTextCompare', 'True', '&H', '&HFF', '-', '12', '-7', ' ', '\n', '“', '!', '#', '[a b]', 'Mid([x], 1, 3)', '""'];
    const seeds = [
      'Join(".", [givenName], [surname])',
      'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
      'IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True")',
    ];

    function check(text: string): void {
      let r: ParseResult;
      try {
        r = parseExpression(text);
      } catch (err) {
        assert.fail(`parser threw on ${JSON.stringify(text)}: ${err}`);
      }
      if (text.trim() !== '') assert.ok(r.expr !== null || r.errors.length > 0, `no tree and no error for ${JSON.stringify(text)}`);
      for (const d of r.errors) {
        assert.ok(d.start >= 0 && d.start <= d.end && d.end <= text.length, `bad range ${JSON.stringify(d)} in ${JSON.stringify(text)}`);
        assert.ok(codeInfo(d.code), `unknown code ${d.code}`);
        // every token sequence is handled by the grammar: Chevrotain's own recovery never speaks
        assert.ok(!/Expecting|NotAllInputParsed|Redundant input/.test(d.message), `raw parser message ${JSON.stringify(d)} for ${JSON.stringify(text)}`);
      }
      walk(r.expr, (n) => {
        assert.ok(n.start >= 0 && n.start <= n.end && n.end <= text.length, `bad node span ${n.kind} in ${JSON.stringify(text)}`);
      });
    }

    it('random token soup (3,000 inputs)', () => {
      for (let i = 0; i < 3000; i++) {
        let s = '';
        const n = 1 + Math.floor(rand() * 25);
        for (let j = 0; j < n; j++) s += pick(pieces);
        check(s);
      }
    });

    it('mutations of valid expressions (3,000 inputs)', () => {
      for (let i = 0; i < 3000; i++) {
        let s = pick(seeds);
        const edits = 1 + Math.floor(rand() * 4);
        for (let j = 0; j < edits; j++) {
          const at = Math.floor(rand() * (s.length + 1));
          const op = rand();
          if (op < 0.4) s = s.slice(0, at) + s.slice(at + 1);
          else if (op < 0.8) s = s.slice(0, at) + pick(pieces) + s.slice(at);
          else s = s.slice(0, at);
        }
        check(s);
      }
    });

    it('random characters (1,000 inputs)', () => {
      for (let i = 0; i < 1000; i++) {
        let s = '';
        const n = Math.floor(rand() * 60);
        for (let j = 0; j < n; j++) s += String.fromCharCode(rand() < 0.9 ? 32 + Math.floor(rand() * 95) : Math.floor(rand() * 0x3000));
        check(s);
      }
    });

    it('merges the missing ) of nested unclosed calls into one diagnostic', () => {
      const r = parseExpression('F(G(H([x]');
      assert.deepEqual(r.errors.map((d) => d.message), ["Missing 3 ')' to close the calls to F, G, H."]);
    });

    it('nesting deeper than the limit is reported once and skipped; the rest is parsed', () => {
      const text = `A(${'F('.repeat(250)}x${')'.repeat(250)}, [b])`;
      const r = parseExpression(text);
      assert.deepEqual(r.errors.map((d) => d.code), ['EPX016']);
      // A( is level 1, the F( calls levels 2..251: the 51 calls past level 200 are skipped.
      assert.equal(r.errors[0].start, 2 + 2 * 199);
      assert.equal(r.errors[0].end, text.indexOf('x') + 1 + 51);
      const a = r.expr as CallExpr;
      assert.equal(show(a.args[1].value), '[b]');
    });

    it('hostile shapes stay linear enough to finish (deep nesting, thousands of [ and ")', () => {
      check('F('.repeat(2000));
      check('['.repeat(5000));
      check('"'.repeat(5001));
      check('[a'.repeat(3000) + ']');
      check('Join(' + '[a], '.repeat(3000) + ')');
      check(')'.repeat(3000));
    });
  });
});
