// What keeps the language server quick and small on large documents (test/bench/50-lsp.bench.ts
// measures it) must not change what it answers: line indexes, positions of diagnostics, moved
// expression sites, the "already mapped" targets of completion and the template entries of hover
// give what the straightforward versions give; and edits do not keep earlier texts alive.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getTemplate } from '../../server/src/catalog/templates';
import { resolveTargetPath } from '../../server/src/catalog/scim-schemas';
import { toRange } from '../../server/src/features/convert';
import { completion, parseDocument, ParsedDocument } from '../../server/src/features/document';
import { templateDocument, templateTargetEntry } from '../../server/src/features/document/templates';
import { ParsedDocumentCache } from '../../server/src/features/documents';
import { parseMappingDocument, parseMappingSegments } from '../../server/src/language/mapping/build';
import { SegmentedText } from '../../server/src/language/mapping/segments';
import { LineIndex } from '../../server/src/model/positions';
import type { ExpressionSite, MappingModel } from '../../server/src/model/types';
import { rng } from '../support/random';

/** A text of `lines` lines of random words, ended by `eol` (or a random mix of LF, CRLF and CR). */
function textWith(lines: number, eol: string | undefined, seed: number): string {
  const r = rng(seed);
  const ends = ['\n', '\r\n', '\r'];
  let out = '';
  for (let i = 0; i < lines; i++) {
    const len = Math.floor(r() * 40);
    for (let j = 0; j < len; j++) out += 'abc ,[]'[Math.floor(r() * 7)];
    out += eol ?? ends[Math.floor(r() * 3)];
    if (r() < 0.05) out += eol ?? ends[Math.floor(r() * 3)]; // empty lines
  }
  return out;
}

function sites(model: MappingModel): ExpressionSite[] {
  const out: ExpressionSite[] = [];
  for (const r of model.rules) for (const om of r.objectMappings) for (const m of om.attributeMappings) if (m.source) out.push(m.source.expression);
  return out;
}

describe('large documents: faster paths answer the same', () => {
  describe('LineIndex', () => {
    for (const [name, eol] of [
      ['LF', '\n'],
      ['CRLF', '\r\n'],
      ['CR', '\r'],
      ['mixed line ends', undefined],
    ] as const) {
      it(`${name}: positions and offsets equal TextDocument's`, () => {
        const text = textWith(300, eol, name.length);
        const index = new LineIndex(text);
        const doc = TextDocument.create('file:///t', 'entramap', 1, text);
        assert.equal(index.lineCount, doc.lineCount);
        for (let line = 0; line < index.lineCount; line++) assert.equal(index.lineStart(line), doc.offsetAt({ line, character: 0 }));
        if (eol !== '\n') return; // TextDocument moves offsets inside a CRLF before the CR; LineIndex does not
        for (let o = -2; o <= text.length + 2; o++) assert.deepEqual(index.positionAt(o), doc.positionAt(o), `offset ${o}`);
      });
    }
  });

  describe('diagnostic ranges (features/convert.ts)', () => {
    it('a large LF text: the same positions as TextDocument, also after the document changed', () => {
      const text = textWith(20_000, '\n', 7);
      assert.ok(text.length >= 128 * 1024);
      const doc = TextDocument.create('file:///big.entramap', 'entramap', 1, text);
      const reference = TextDocument.create('file:///ref.entramap', 'entramap', 1, text);
      const r = rng(3);
      const check = () => {
        const n = doc.getText().length;
        for (let i = 0; i < 2000; i++) {
          const a = Math.floor(r() * (n + 20)) - 10;
          const b = a + Math.floor(r() * 200) - 50;
          assert.deepEqual(toRange(doc, a, b), { start: reference.positionAt(Math.max(0, Math.min(a, b))), end: reference.positionAt(Math.max(Math.max(0, Math.min(a, b)), b)) });
        }
      };
      check();
      const edit = [{ range: { start: { line: 100, character: 0 }, end: { line: 140, character: 0 } }, text: 'one\ntwo\n' }];
      TextDocument.update(doc, edit, 2);
      TextDocument.update(reference, edit, 2);
      check();
    });

    it('a large CRLF text: TextDocument answers (positions inside a CRLF differ)', () => {
      const text = textWith(20_000, '\r\n', 8);
      const doc = TextDocument.create('file:///crlf.entramap', 'entramap', 1, text);
      const reference = TextDocument.create('file:///ref.entramap', 'entramap', 1, text);
      const cr = text.indexOf('\r');
      for (const o of [0, cr, cr + 1, cr + 2, text.length - 1, text.length]) {
        assert.deepEqual(toRange(doc, o, o).start, reference.positionAt(o));
      }
    });
  });

  describe('incremental parses', () => {
    it('moved expression sites map offsets like the sites of a fresh parse', () => {
      const lines = ['app "A" template scim', 'mapping "m" {', '  source User', '  target User'];
      for (let i = 0; i < 200; i++) lines.push(`  urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:a${i} <- Join(" ", [givenName], "x${i}") default "d"`);
      lines.push('}', '');
      let text = lines.join('\n');
      let seg = SegmentedText.of(text);
      parseMappingSegments(seg);
      const r = rng(11);
      for (let k = 0; k < 30; k++) {
        const at = text.indexOf('\n', Math.floor(r() * text.length)) + 1;
        text = k % 3 === 2 ? text.slice(0, at) + text.slice(text.indexOf('\n', at) + 1) : text.slice(0, at) + `  title <- Join("-", [city${k}])\n` + text.slice(at);
        seg = seg.update(text);
        const incremental = sites(parseMappingSegments(seg).model);
        const fresh = sites(parseMappingDocument(text).model);
        assert.equal(incremental.length, fresh.length);
        incremental.forEach((s, i) => {
          const f = fresh[i];
          assert.deepEqual(s.range, f.range);
          assert.equal(s.text, f.text);
          for (const o of [-1, 0, 3, s.text.length, s.text.length + 5]) assert.equal(s.toDocumentOffset(o), f.toDocumentOffset(o));
        });
      }
    });

    for (const [name, line] of [
      ['long lines', (i: number) => `  urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:a${i} <- [givenName]`],
      ['short lines', (i: number) => `  displayName${i} <- [mail]`],
    ] as const) {
      it(`edits do not keep the texts of earlier versions alive (${name})`, function () {
        this.timeout(60_000);
        setFlagsFromString('--expose-gc');
        const gc = runInNewContext('gc') as () => void;
        const lines = Array.from({ length: 20_000 }, (_, i) => line(i));
        let text = `app "A"\nmapping "m" {\n  source User\n  target User\n${lines.join('\n')}\n}\n`;
        const size = text.length / (1024 * 1024);
        let seg = SegmentedText.of(text);
        parseMappingSegments(seg);
        gc();
        const before = process.memoryUsage().heapUsed;
        // each edit touches another line: its segments come from that version's text
        for (let k = 0; k < 25; k++) {
          const at = text.indexOf('<- [', Math.floor((k / 25) * text.length));
          text = `${text.slice(0, at)}<- [m${k}]${text.slice(text.indexOf('\n', at))}`;
          seg = seg.update(text);
          parseMappingSegments(seg);
        }
        gc();
        const grown = (process.memoryUsage().heapUsed - before) / (1024 * 1024);
        // keeping the 25 texts would add 25 times their size
        assert.ok(grown < 5 * size + 2, `the heap grew by ${grown.toFixed(1)} MB over 25 edits of a ${size.toFixed(1)} MB text`);
      });
    }
  });

  describe('completion of target paths after edits', () => {
    const head = 'app "A" template scim\nmapping "m" {\n  source User\n  target User\n';
    const targets = (doc: ParsedDocument, line: number) =>
      completion(doc, { line, character: 2 }, {}).items.map((i) => i.label).filter((l) => ['userName', 'displayName', 'title'].includes(l));

    it('offers what the current version does not map, through the versions of one document', () => {
      const cache = new ParsedDocumentCache();
      const versions = [
        `${head}  userName <- [userPrincipalName]\n  displayName <- [displayName]\n  \n}\n`,
        `${head}  userName <- [userPrincipalName]\n  \n}\n`, // displayName removed
        `${head}  userName <- [userPrincipalName]\n  title <- [jobTitle]\n  \n}\n`,
        `${head}  UserName <- [userPrincipalName]\n  title <- [jobTitle]\n  \n}\n`, // another spelling of the same path
        `${head}  displayName <- [userPrincipalName]\n  title <- [jobTitle]\n  \n}\n`, // the line now maps another path
      ];
      const expected = [['title'], ['displayName', 'title'], ['displayName'], ['displayName'], ['userName']];
      versions.forEach((text, i) => {
        const doc = cache.get(TextDocument.create('file:///c.entramap', 'entramap', i + 1, text), 'entramap')!;
        const line = text.split('\n').findIndex((l) => l === '  ');
        assert.deepEqual(targets(doc, line).sort(), expected[i], `version ${i + 1}`);
        assert.deepEqual(targets(parseDocument(text, 'entramap'), line).sort(), expected[i], `version ${i + 1}, fresh`);
      });
    });

    it('a path mapped twice stays mapped while the cursor is on one of its lines', () => {
      const text = `${head}  userName <- [userPrincipalName]\n  userName <- [mail]\n}\n`;
      const doc = parseDocument(text, 'entramap');
      const names = (line: number) => completion(doc, { line, character: 4 }, {}).items.map((i) => i.label);
      assert.ok(!names(4).includes('userName'));
      assert.ok(!names(5).includes('userName'));
      const single = parseDocument(`${head}  userName <- [userPrincipalName]\n}\n`, 'entramap');
      assert.ok(completion(single, { line: 4, character: 4 }, {}).items.some((i) => i.label === 'userName'), 'its own line does not count');
    });
  });

  describe('template entries of hover (features/document/templates.ts)', () => {
    it('find the entry the template maps a path with, for every spelling, asked again and again', () => {
      const template = getTemplate('scim')!;
      const t = templateDocument(template);
      const om = t.doc.model.rules[0].objectMappings[0];
      const object = om.targetObjectName?.toLowerCase() === 'group' ? 'Group' : 'User';
      const keyOf = (name: string) => {
        const r = resolveTargetPath(name, { resourceType: object, extensions: template.facts.extensionSchemas });
        return r.ok ? r.path.key : name.toLowerCase();
      };
      const straight = (path: string) => om.attributeMappings.find((m) => m.targetAttributeName && keyOf(m.targetAttributeName) === keyOf(path));
      const paths = [
        ...om.attributeMappings.map((m) => m.targetAttributeName!),
        'USERNAME',
        'urn:ietf:params:scim:schemas:core:2.0:User:userName',
        'nickName',
        'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:a1',
        'no.such.path',
      ];
      for (let round = 0; round < 2; round++) {
        for (const p of paths) assert.equal(templateTargetEntry(t, om.targetObjectName, p), straight(p), p);
      }
    });
  });
});
