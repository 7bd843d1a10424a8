// Formatting: baselines under test/baselines/format/<case>/ (input.expr, optional options.json
// with FormatOptions — "maxWidth": null means no limit —, generated formatted.expr), plus the
// properties every formatting must have: idempotent, meaning-preserving, refusing broken input.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyEdits,
  formatExpression,
  formatExpressionEdits,
  FormatOptions,
  sameTree,
} from '../../server/src/features/expression';
import { parseExpression } from '../../server/src/language/expression/parser';
import { assertBaseline } from './helpers/baseline';

const formatDir = join(__dirname, '..', 'baselines', 'format');
const expressionsDir = join(__dirname, '..', 'baselines', 'expressions');

function readInput(file: string): string {
  return readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').replace(/\n$/, '');
}

function readOptions(dir: string): FormatOptions {
  const file = join(dir, 'options.json');
  if (!existsSync(file)) return {};
  const raw = JSON.parse(readFileSync(file, 'utf8')) as FormatOptions & { maxWidth?: number | null };
  return { ...raw, maxWidth: raw.maxWidth === null ? Infinity : raw.maxWidth };
}

/** Format, then check idempotence, the tree, and that the edits produce the same text. */
function checkedFormat(text: string, options: FormatOptions = {}): string | null {
  const out = formatExpression(text, options);
  const edits = formatExpressionEdits(text, options);
  if (out === null) {
    assert.equal(edits, null, `edits for a refused input: ${text}`);
    return null;
  }
  assert.equal(formatExpression(out, options), out, `not idempotent:\n${text}\n→\n${out}`);
  const before = parseExpression(text);
  const after = parseExpression(out);
  assert.ok(before.expr && after.expr && sameTree(before.expr, after.expr, options.canonicalCasing !== false), `meaning changed:\n${text}\n→\n${out}`);
  assert.ok(edits, `no edits for ${text}`);
  assert.equal(applyEdits(text, edits), out, `edits disagree for ${text}`);
  return out;
}

/** Random white space (spaces, tabs, newlines) between the tokens of a valid expression. */
function respace(text: string, seed: number): string {
  const parse = parseExpression(text);
  let s = seed >>> 0;
  const rnd = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const blanks = ['', '', ' ', '  ', '\t', '\n', ' \n  '];
  let out = '';
  let last = 0;
  for (const t of parse.tokens) {
    out += text.slice(last, t.start).trim() === '' ? blanks[Math.floor(rnd() * blanks.length)] : text.slice(last, t.start);
    out += text.slice(t.start, t.end);
    last = t.end;
  }
  return out + text.slice(last);
}

describe('expression services: formatting', () => {
  describe('baselines (test/baselines/format)', () => {
    const cases = readdirSync(formatDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    it('has cases', () => assert.ok(cases.length >= 20));
    for (const name of cases) {
      it(name, () => {
        const dir = join(formatDir, name);
        const input = readInput(join(dir, 'input.expr'));
        const options = readOptions(dir);
        const out = checkedFormat(input, options);
        assertBaseline(join(dir, 'formatted.expr'), out === null ? '// refused: the expression has syntax errors' : out);
      });
    }
  });

  describe('layout rules', () => {
    it('puts ", " between arguments and nothing inside the parentheses', () => {
      assert.equal(formatExpression('Join( "." ,[a],[b] )'), 'Join(".", [a], [b])');
      assert.equal(formatExpression('Guid( )'), 'Guid()');
      assert.equal(formatExpression('IIF([a]="x",[b],[c])'), 'IIF([a] = "x", [b], [c])');
    });

    it('writes empty slots as nothing between commas', () => {
      assert.equal(formatExpression('Switch([a],,"x","y")'), 'Switch([a], , "x", "y")');
      assert.equal(formatExpression('Replace([mail], "@contoso.com", , ,"", ,)'), 'Replace([mail], "@contoso.com", , , "", , )');
      assert.equal(formatExpression('Foo(,[a])'), 'Foo(, [a])');
      assert.equal(formatExpression('Foo(,)'), 'Foo(, )');
    });

    it('fixes the casing of catalogue names only, unless asked not to', () => {
      assert.equal(formatExpression('join(".", len([a]), [A])'), 'Join(".", len([a]), [A])');
      assert.equal(formatExpression('instr("a", "b", 1, VBTEXTCOMPARE)'), 'InStr("a", "b", 1, vbTextCompare)');
      assert.equal(formatExpression('join(".", [a])', { canonicalCasing: false }), 'join(".", [a])');
    });

    it('keeps constants and attribute references exactly as written', () => {
      assert.equal(formatExpression('Join("a  b",&hFf,-10,[ x ],"\\d")'), 'Join("a  b", &hFf, -10, [ x ], "\\d")');
    });

    it('breaks a call that does not fit, one argument per line, Switch by key/value pairs', () => {
      assert.equal(
        formatExpression('Join(".", [givenName], [surname])', { maxWidth: 20 }),
        'Join(\n  ".",\n  [givenName],\n  [surname]\n)',
      );
      assert.equal(
        formatExpression('Switch([a], "d", "k1", "v1", "k2", "v2")', { maxWidth: 20 }),
        'Switch(\n  [a],\n  "d",\n  "k1", "v1",\n  "k2", "v2"\n)',
      );
    });

    it('measures the first line from startColumn and indents continuation lines from baseIndent', () => {
      const text = 'Join(".", [givenName], [surname])';
      assert.equal(formatExpression(text, { maxWidth: 40, startColumn: 0 }), text);
      assert.equal(
        formatExpression(text, { maxWidth: 40, startColumn: 10, baseIndent: '    ', tabSize: 4 }),
        'Join(\n        ".",\n        [givenName],\n        [surname]\n    )',
      );
    });

    it('uses the newline it is given', () => {
      assert.equal(formatExpression('Join(".", [a])', { maxWidth: 5, newline: '\r\n' }), 'Join(\r\n  ".",\r\n  [a]\r\n)');
    });

    it('keeps an expression near the 10,000-character limit on one line rather than push it over', () => {
      const parts: string[] = [];
      while (`Join(", ", ${[...parts, '[attribute]'].join(',')})`.length <= 10_000) parts.push('[attribute]');
      const text = `Join(", ", ${parts.join(',')})`;
      assert.ok(text.length <= 10_000);
      // one line with ", " would be longer than the limit: refused
      assert.equal(formatExpression(text), null);
      const shorter = `Join(", ", ${parts.slice(0, 700).join(',')})`;
      const out = formatExpression(shorter)!;
      assert.ok(shorter.length < 10_000 && out.length <= 10_000 && !out.includes('\n'), String(out.length));
      assert.ok(formatExpression(`Join(", ", ${parts.slice(0, 600).join(',')})`)!.includes('\n'));
    });

    it('removes white space around the expression', () => {
      assert.equal(formatExpression('  [mail] \n'), '[mail]');
    });

    it('refuses input with syntax errors, but not with syntax warnings', () => {
      for (const broken of ['', '   ', 'Join(".", [a]', 'Join(".", "a', '[mail', 'IIF([a] = "x" AND [b] = "y", 1, 2)', 'True', '[a] [b]', 'Join(".",, [a]))', '\u201cx\u201d']) {
        assert.equal(formatExpression(broken), null, JSON.stringify(broken));
        assert.equal(formatExpressionEdits(broken), null, JSON.stringify(broken));
      }
      assert.equal(formatExpression('Replace([a], , "\\d" , , "", , )'), 'Replace([a], , "\\d", , "", , )');
      assert.equal(formatExpression('[ mail ]'), '[ mail ]');
    });
  });

  describe('edits', () => {
    it('are minimal: only the white space and names that change', () => {
      assert.deepEqual(formatExpressionEdits('join( ".",[a] , [b])'), [
        { start: 0, end: 4, newText: 'Join' },
        { start: 5, end: 6, newText: '' },
        { start: 10, end: 10, newText: ' ' },
        { start: 13, end: 14, newText: '' },
      ]);
      assert.deepEqual(formatExpressionEdits('Join(".", [a])'), []);
      assert.deepEqual(formatExpressionEdits('  [a]'), [{ start: 0, end: 2, newText: '' }]);
    });
  });

  describe('properties', () => {
    it('formats every expression baseline input idempotently without changing its meaning', () => {
      const cases = readdirSync(expressionsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
      assert.ok(cases.length > 100);
      let formatted = 0;
      for (const name of cases) {
        const input = readInput(join(expressionsDir, name, 'input.expr'));
        const parse = parseExpression(input);
        for (const options of [{}, { maxWidth: 30 }, { maxWidth: Infinity }, { maxWidth: 1, canonicalCasing: false }] as FormatOptions[]) {
          const out = checkedFormat(input, options);
          if (out === null) {
            assert.ok(parse.errors.length > 0, `${name}: refused without a syntax error`);
            continue;
          }
          formatted++;
          if (options.maxWidth === Infinity) assert.ok(!/\n/.test(out) || /"[^"]*\n/.test(input), `${name}: line break in single-line mode`);
        }
      }
      assert.ok(formatted > 300, `only ${formatted} formatted`);
    });

    it('gives the same layout whatever the input white space', () => {
      const inputs = readdirSync(expressionsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => readInput(join(expressionsDir, d.name, 'input.expr')))
        .filter((t) => formatExpression(t) !== null && !/"[^"]*\n/.test(t));
      for (const [i, input] of inputs.entries()) {
        const expected = formatExpression(input, { maxWidth: 50 });
        for (let seed = 1; seed <= 5; seed++) {
          const variant = respace(input, seed * 7919 + i);
          assert.equal(checkedFormat(variant, { maxWidth: 50 }), expected, `${JSON.stringify(variant)}`);
        }
      }
    });

    it('respects the width wherever a break is possible', () => {
      const text = 'Join(", ", Switch([a], "d", "k1", Replace([b], , "x+", , "y", , ), "k2", "v2"), IIF([c] = "x", ToLower([d]), ToUpper([e])))';
      for (const width of [20, 40, 60, 80, 120]) {
        const out = checkedFormat(text, { maxWidth: width })!;
        for (const lineText of out.split('\n')) {
          // a line may only exceed the width when it is a single unbreakable piece
          if (lineText.length > width) assert.ok(!/\(.*,.*\)/.test(lineText.trim()) || lineText.trim().length > width, `${width}: ${lineText}`);
        }
      }
      assert.equal(checkedFormat(text, { maxWidth: 200 }), text);
    });
  });
});
