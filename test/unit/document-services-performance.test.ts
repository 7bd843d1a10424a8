import assert from 'node:assert/strict';
import {
  codeActions,
  completion,
  definition,
  documentHighlights,
  documentSymbols,
  foldingRanges,
  formatRange,
  hover,
  inlayHints,
  parseDocument,
  ParsedDocument,
  references,
  selectionRanges,
  semanticTokensRange,
} from '../../server/src/features/document';

// A 10,000-mapping document: every request after the parse is bounded (generous limits: this is a
// guard against accidental quadratic work, not a benchmark; `npm run bench` prints figures).
describe('document services: a 10,000-mapping document', function () {
  this.timeout(60000);
  let doc: ParsedDocument;
  const user = { sampleUser: { givenName: 'Adele', surname: 'Vance', department: 'Sales' } };

  before(() => {
    const lines = ['app "Big" template scim', '', 'mapping "m" {', '  source User', '  target User', '  actions create update delete', '', '  scope {', '    filter "f" {', '      department EQUALS "Sales"', '    }', '  }', ''];
    for (let i = 0; i < 10000; i++) lines.push(`  urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:a${i} <- Join(" ", [givenName], [surname]) default "d${i}"`);
    lines.push('}', '');
    doc = parseDocument(lines.join('\n'), 'entramap');
  });

  function within(ms: number, f: () => unknown): void {
    const t = Date.now();
    f();
    const took = Date.now() - t;
    assert.ok(took < ms, `took ${took} ms (limit ${ms})`);
  }

  const middle = { line: 5013, character: 80 };

  it('answers positional requests without walking the document', () => {
    doc.statements; // the statement index is built once per version
    within(1500, () => completion(doc, middle, user));
    within(1500, () => completion(doc, { line: 5013, character: 2 }, user));
    within(500, () => hover(doc, { line: 5013, character: 80 }, user));
    within(500, () => definition(doc, { line: 5013, character: 86 }, { uri: 'u' }));
    within(500, () => documentHighlights(doc, middle));
    within(500, () => selectionRanges(doc, [middle]));
    within(500, () => codeActions(doc, { start: middle, end: middle }, { diagnostics: [] }, { uri: 'u' }));
  });

  it('evaluates only the visible range', () => {
    let hints = 0;
    within(500, () => (hints = inlayHints(doc, { start: { line: 5000, character: 0 }, end: { line: 5050, character: 0 } }, user).length));
    assert.equal(hints, 50 * 2, 'a value and one parameter name per line');
    within(500, () => semanticTokensRange(doc, { start: { line: 5000, character: 0 }, end: { line: 5050, character: 0 } }));
    within(1500, () => formatRange(doc, { start: { line: 5000, character: 0 }, end: { line: 5050, character: 0 } }));
  });

  it('builds whole-document answers in linear time', () => {
    within(3000, () => documentSymbols(doc));
    within(3000, () => foldingRanges(doc));
    within(3000, () => references(doc, { line: 5013, character: 86 }, { uri: 'u' }));
  });
});
