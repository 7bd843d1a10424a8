import assert from 'node:assert/strict';
import { DocumentHighlightKind } from 'vscode-languageserver/node';
import { documentHighlights, inlayHints, selectionRange } from '../../server/src/features/expression';

function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, `no cursor marker in ${marked}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** Highlights as `text@start(kind)`. */
function highlights(marked: string): string[] {
  const { text, offset } = at(marked);
  return documentHighlights(text, offset).map((h) => `${text.slice(h.start, h.end)}@${h.start}(${h.kind === DocumentHighlightKind.Read ? 'read' : 'text'})`);
}

/** The selection chain as the covered texts, innermost first. */
function selections(marked: string): string[] {
  const { text, offset } = at(marked);
  const out: string[] = [];
  for (let r: ReturnType<typeof selectionRange> | undefined = selectionRange(text, offset); r; r = r.parent) out.push(text.slice(r.start, r.end));
  return out;
}

/** The text with each hint written in, as `«label»`. */
function hinted(text: string, options?: Parameters<typeof inlayHints>[2], range?: { start: number; end: number }): string {
  let out = text;
  for (const h of inlayHints(text, range, options).slice().reverse()) out = `${out.slice(0, h.offset)}«${h.label}${h.paddingRight ? ' ' : ''}»${out.slice(h.offset)}`;
  return out;
}

describe('expression services: highlights, selection ranges, inlay hints', () => {
  describe('document highlights', () => {
    it('pairs parentheses', () => {
      assert.deepEqual(highlights('Join(".", Left([a], 1)|)'), ['(@4(text)', ')@22(text)']);
      assert.deepEqual(highlights('Join(".", Left|([a], 1))'), ['Left@10(text)']);
      assert.deepEqual(highlights('Join(".", Left(|[a], 1))'), ['[a]@15(read)']);
      assert.deepEqual(highlights('Join(".", Left([a], 1|))'), ['(@14(text)', ')@21(text)']);
      assert.deepEqual(highlights('Join(|'), ['(@4(text)']);
    });

    it('marks the same attribute everywhere in the expression (case-sensitively)', () => {
      assert.deepEqual(highlights('IIF([mail] = "", [up|n], Join(",", [mail], [upn], [UPN]))'), ['[upn]@17(read)', '[upn]@42(read)']);
    });

    it('marks every call of the same function, whatever its casing', () => {
      assert.deepEqual(highlights('Join(".", join(|"", [a]), Left([b], 1))'.replace('join(|', 'jo|in(')), ['Join@0(text)', 'join@10(text)']);
      assert.deepEqual(highlights('Foo|(Foo(1), foo(2))'), ['Foo@0(text)', 'Foo@4(text)']);
    });

    it('has nothing for constants, white space and empty text', () => {
      assert.deepEqual(highlights('Join("|.", [a])'), []);
      assert.deepEqual(highlights('|'), []);
      assert.deepEqual(highlights('Join(".",  | [a])'), []);
    });
  });

  describe('selection ranges', () => {
    it('grows from the name inside brackets to the whole expression', () => {
      assert.deepEqual(selections('Join(".", [a], Left([a|b], 1))'), ['ab', '[ab]', '[ab], 1', 'Left([ab], 1)', '".", [a], Left([ab], 1)', 'Join(".", [a], Left([ab], 1))']);
    });

    it('selects string contents, then the string', () => {
      assert.deepEqual(selections('  Join("a|b", [x])  '), ['ab', '"ab"', '"ab", [x]', 'Join("ab", [x])', '  Join("ab", [x])  ']);
    });

    it('goes through a comparison', () => {
      assert.deepEqual(selections('IIF([a] = "x|", 1, 2)'), ['x', '"x"', '[a] = "x"', '[a] = "x", 1, 2', 'IIF([a] = "x", 1, 2)']);
    });

    it('works in unterminated input and empty text', () => {
      assert.deepEqual(selections('Join(".", Left([a|'), ['a', '[a', 'Left([a', '".", Left([a', 'Join(".", Left([a']);
      assert.deepEqual(selections('|'), ['']);
      assert.deepEqual(selections('   |'), ['', '   ']);
    });
  });

  describe('inlay hints', () => {
    it('names the parameters of positional constants', () => {
      assert.equal(hinted('Replace([mail], "@contoso.com", , , "", , )'), 'Replace([mail], «oldValue: »"@contoso.com", , , «replacementValue: »"", , )');
      assert.equal(hinted('Mid([a], 1, 3)'), 'Mid([a], «start: »1, «length: »3)');
      assert.equal(hinted('InStr([a], "b", 1, vbTextCompare)'), 'InStr([a], «value2: »"b", «start: »1, «compareType: »vbTextCompare)');
      assert.equal(hinted('Switch([a], , "k1", "v1")'), 'Switch([a], , «key1: »"k1", «value1: »"v1")');
    });

    it('skips single-argument calls, unknown functions and slots past the last parameter', () => {
      assert.equal(hinted('ToLower("X")'), 'ToLower("X")');
      assert.equal(hinted('Foo("a", "b")'), 'Foo("a", "b")');
      assert.equal(hinted('Left("abc", 1, "x")'), 'Left(«String: »"abc", «NumChars: »1, "x")');
    });

    it('can name every argument and mark empty slots', () => {
      assert.equal(
        hinted('Replace([mobile], , "x", , "", , )', { arguments: 'all', emptySlots: true }),
        'Replace(«source: »[mobile], «oldValue:», «regexPattern: »"x", «regexGroupName:», «replacementValue: »"", «replacementAttributeName:», «template:»)',
      );
      assert.equal(hinted('Append([source], [suffix])', { arguments: 'all' }), 'Append([source], [suffix])');
    });

    it('limits hints to a range', () => {
      const text = 'Join(Mid([a], 1, 2), Mid([b], 3, 4))';
      assert.equal(hinted(text, {}, { start: 20, end: text.length }), 'Join(Mid([a], 1, 2), Mid([b], «start: »3, «length: »4))');
    });

    it('never throws', () => {
      for (const text of ['', 'Replace(', 'Mid(,,,,', 'Switch([a], , ', 'Foo(Mid(']) assert.doesNotThrow(() => inlayHints(text, undefined, { arguments: 'all', emptySlots: true }));
    });
  });
});
