import assert from 'node:assert/strict';
import { formatDocument, formatRange, formattedText, keepsComments, ParsedDocument, parseDocument, sameMeaning } from '../../server/src/features/document';
import { blocksFormatting } from '../../server/src/features/document/formatting';
import { diffEdits, applyOffsetEdits } from '../../server/src/features/document/diff';
import { parseMappingDocument } from '../../server/src/language/mapping';
import { parseGraphSchema } from '../../server/src/schema';
import { applyTextEdits, entramapCorpus, graphCorpus } from '../fixtures/document-services/support';

function format(text: string): string | null {
  const edits = formatDocument(parseDocument(text, 'entramap'));
  return edits === null ? null : applyTextEdits(text, edits);
}

describe('document services: formatting', () => {
  describe('every .entramap of the examples and fixtures', () => {
    for (const { name, text } of entramapCorpus()) {
      it(`keeps the meaning and every comment of ${name}, and is idempotent`, () => {
        const doc = parseDocument(text, 'entramap');
        const out = format(text);
        if (out === null) {
          assert.ok(doc.diagnostics.some(blocksFormatting), 'refused without a syntax error');
          return;
        }
        assert.equal(out, formattedText(doc), 'the edits give the formatted text');
        const again = parseMappingDocument(out);
        assert.deepEqual(again.diagnostics.filter(blocksFormatting), []);
        assert.ok(sameMeaning(doc.model.json, again.model.json), 'the model changed');
        assert.ok(keepsComments(doc.model.comments, again.model.comments), 'a comment was lost');
        assert.equal(again.model.comments.length >= doc.model.comments.length, true);
        assert.equal(format(out), out, 'formatting twice changes more');
      });
    }

    it('refuses only the file with syntax errors', () => {
      const refused = entramapCorpus().filter((c) => format(c.text) === null).map((c) => c.name);
      assert.deepEqual(refused, ['test/fixtures/entramap/converted/edge-cases.entramap']);
    });
  });

  describe('layout', () => {
    it('writes the canonical layout, expressions included', () => {
      const messy = [
        '# users',
        'app   "X"    template scim',
        'mapping "m" {',
        '      target User',
        ' source User  # where from',
        '   userName   <-  [userPrincipalName]   match 1',
        '        displayName <- Join(" ",[givenName],   [surname])',
        '  scope {',
        '  filter "f" {',
        '  department   EQUALS   Sales',
        '   }',
        '  }',
        '  # end of mapping',
        '}',
      ].join('\n');
      assert.equal(
        format(messy),
        [
          '# users',
          'app "X" template scim',
          '',
          'mapping "m" {',
          '  source User  # where from',
          '  target User',
          '  actions create update delete',
          '',
          '  scope {',
          '    filter "f" {',
          '      department EQUALS "Sales"',
          '    }',
          '  }',
          '',
          '  userName <- [userPrincipalName] match 1',
          '  displayName <- Join(" ", [givenName], [surname])',
          '  # end of mapping',
          '}',
          '',
        ].join('\n'),
      );
    });

    it('breaks long expressions into a layout the format reads back', () => {
      const long = `mapping "m" {\n  source User\n  target User\n  mailNickname <- Join("@", NormalizeDiacritics(StripSpaces(Join(".", [givenName], [surname]))), "contoso.com") default "x"\n}\n`;
      const out = format(long)!;
      assert.equal(
        out.split('\n').slice(5, 10).join('\n'),
        ['  mailNickname <- Join(', '    "@",', '    NormalizeDiacritics(StripSpaces(Join(".", [givenName], [surname]))),', '    "contoso.com"', '  ) default "x"'].join('\n'),
      );
      assert.equal(format(out), out);
    });

    it('re-indents multi-line expressions written at the wrong depth', () => {
      const text = 'mapping "m" {\nsource User\ntarget User\nx <- Join(",",\n        [a],\n        [b])\n}\n';
      const out = format(text)!;
      assert.equal(out.split('\n').slice(3, 7).join('\n'), '  actions create update delete\n\n  x <- Join(",", [a], [b])\n}');
    });

    it('keeps CRLF line ends', () => {
      const out = format('mapping "m" {\r\n source User\r\n target User\r\n}\r\n')!;
      assert.equal(out, 'mapping "m" {\r\n  source User\r\n  target User\r\n  actions create update delete\r\n}\r\n');
    });

    it('returns no edits for a formatted document', () => {
      const text = 'app "X" template scim\n\nmapping "m" {\n  source User\n  target User\n  actions create update delete\n\n  userName <- [userPrincipalName] match 1\n}\n';
      assert.deepEqual(formatDocument(parseDocument(text, 'entramap')), []);
    });

    it('returns minimal edits', () => {
      const text = 'mapping "m" {\n  source User\n  target User\n  actions create update delete\n\n  a <- [a]\n  b <-   [b]\n  c <- [c]\n}\n';
      const edits = formatDocument(parseDocument(text, 'entramap'))!;
      assert.deepEqual(edits, [{ range: { start: { line: 6, character: 7 }, end: { line: 6, character: 9 } }, newText: '' }]);
    });

    it("reuses the caller's parse, and its diagnostics decide", () => {
      const text = 'mapping "m" {\n source User\n target User\n}\n';
      const parsed = parseMappingDocument(text);
      const doc = new ParsedDocument(text, 'entramap', parsed);
      assert.equal(doc.model, parsed.model);
      assert.equal(formatDocument(doc)!.length > 0, true);
      const broken = new ParsedDocument(text, 'entramap', { model: parsed.model, diagnostics: [{ code: 'EMF003', severity: 'error', message: 'x', range: { start: 0, end: 1 } }] });
      assert.equal(formatDocument(broken), null);
    });

    it('refuses documents with syntax errors', () => {
      assert.equal(formatDocument(parseDocument('mapping "m" {\n  x <- Join(\n}\n', 'entramap')), null);
      assert.equal(formatDocument(parseDocument('mapping "m" {\n  source User\n', 'entramap')), null);
      assert.equal(formatDocument(parseDocument('mapping "m" {\n  x <- [a] match one\n}\n', 'entramap')), null);
    });
  });

  describe('range formatting', () => {
    const text = 'mapping "m" {\n source User\n      target User\n  a <- Join(",",[a])\n      b <-   [b]\n}\n';
    const doc = parseDocument(text, 'entramap');

    it('re-indents and formats the statements in the range only', () => {
      const edits = formatRange(doc, { start: { line: 2, character: 0 }, end: { line: 3, character: 30 } })!;
      assert.equal(applyTextEdits(text, edits), 'mapping "m" {\n source User\n  target User\n  a <- Join(",", [a])\n      b <-   [b]\n}\n');
    });

    it('never reorders or drops statements', () => {
      const all = formatRange(doc, { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } })!;
      const out = applyTextEdits(text, all);
      assert.equal(out, 'mapping "m" {\n  source User\n  target User\n  a <- Join(",", [a])\n  b <-   [b]\n}\n');
      assert.ok(sameMeaning(doc.model.json, parseMappingDocument(out).model.json));
    });

    it('moves the continuation lines of multi-line values with their statement', () => {
      const t = 'mapping "m" {\n      x <- [a] @graph {\n          "exportMissingReferences": true\n      }\n}\n';
      const d = parseDocument(t, 'entramap');
      const out = applyTextEdits(t, formatRange(d, { start: { line: 1, character: 0 }, end: { line: 3, character: 7 } })!);
      assert.equal(out, 'mapping "m" {\n  x <- [a] @graph {\n      "exportMissingReferences": true\n  }\n}\n');
      assert.ok(sameMeaning(d.model.json, parseMappingDocument(out).model.json));
    });

    it('keeps the meaning of every corpus file formatted as one range', () => {
      for (const { name, text: t } of entramapCorpus()) {
        const d = parseDocument(t, 'entramap');
        const edits = formatRange(d, { start: { line: 0, character: 0 }, end: d.lines.positionAt(t.length) });
        if (edits === null) continue;
        const out = applyTextEdits(t, edits);
        const again = parseMappingDocument(out);
        assert.deepEqual(again.diagnostics.filter(blocksFormatting), [], name);
        assert.ok(sameMeaning(d.model.json, again.model.json), name);
        assert.ok(keepsComments(d.model.comments, again.model.comments), name);
      }
    });
  });

  describe('Graph JSON', () => {
    it('formats only the expressions, each on one line', () => {
      const json = '{\n  "synchronizationRules": [{"objectMappings": [{"attributeMappings": [\n    {"targetAttributeName": "a", "source": {"expression": "Join(\\",\\",[a],   [b])", "name": "Join", "type": "Function"}}\n  ]}]}]\n}\n';
      const doc = parseDocument(json, 'graph-json');
      const edits = formatDocument(doc)!;
      assert.equal(applyTextEdits(json, edits), json.replace('Join(\\",\\",[a],   [b])', 'Join(\\",\\", [a], [b])'));
    });

    it('keeps the meaning of every Graph fixture', () => {
      for (const { name, text } of graphCorpus()) {
        const doc = parseDocument(text, 'graph-json');
        const edits = formatDocument(doc);
        if (edits === null) {
          assert.ok(doc.diagnostics.some(blocksFormatting), name);
          continue;
        }
        const out = applyTextEdits(text, edits);
        assert.ok(sameMeaning(doc.model.json, parseGraphSchema(out).model.json), name);
        assert.deepEqual(formatDocument(parseDocument(out, 'graph-json')), [], `${name}: twice`);
      }
    });
  });

  describe('minimal edits', () => {
    it('turns one text into another with narrowed hunks', () => {
      const a = 'one\ntwo\nthree\nfour\n';
      const b = 'one\n2\nthree\nfour\nfive\n';
      const edits = diffEdits(a, b);
      assert.deepEqual(edits, [
        { start: 4, end: 7, newText: '2' },
        { start: 19, end: 19, newText: 'five\n' },
      ]);
      assert.equal(applyOffsetEdits(a, edits), b);
    });

    it('stays correct on random texts', () => {
      let seed = 3;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const pieces = ['a\n', 'b\n', 'c\n', 'dd\n', 'x', '\r\n', 'e\r\n'];
      for (let t = 0; t < 2000; t++) {
        const make = () => Array.from({ length: Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
        const a = make();
        const b = make();
        const edits = diffEdits(a, b, t % 2 ? 2 : 2000);
        assert.equal(applyOffsetEdits(a, edits), b);
        for (let i = 1; i < edits.length; i++) assert.ok(edits[i].start >= edits[i - 1].end);
      }
    });
  });
});
