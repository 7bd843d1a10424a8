import assert from 'node:assert/strict';
import {
  definition,
  documentHighlights,
  parseDocument,
  references,
  signatureHelp,
  templateDocumentContent,
  templateIdOf,
  templateUri,
  TEMPLATE_SCHEME,
} from '../../server/src/features/document';
import { getTemplate } from '../../server/src/catalog/templates';
import { fixture, positionOf, rangeText, slice } from '../fixtures/document-services/support';

const URI = 'file:///w/doc';

describe('document services: navigation', () => {
  const text = fixture('contoso.entramap');
  const doc = parseDocument(text, 'entramap');
  const json = fixture('contoso.schema.json');
  const jdoc = parseDocument(json, 'graph-json');

  describe('template documents', () => {
    it('serves the templates under their own scheme', () => {
      assert.equal(TEMPLATE_SCHEME, 'entramap-template');
      assert.equal(templateUri('personify'), 'entramap-template:/personify.entramap');
      assert.equal(templateIdOf('entramap-template:/personify.entramap'), 'personify');
      assert.equal(templateDocumentContent('entramap-template:/personify.entramap'), getTemplate('personify')!.text);
      assert.equal(templateDocumentContent('entramap-template:/nope.entramap'), undefined);
      assert.equal(templateDocumentContent('file:///x.entramap'), undefined);
    });
  });

  describe('definition', () => {
    it("goes from a catalogue source attribute to the template line that maps it", () => {
      const [link] = definition(doc, positionOf(text, '[jobTitle]', 3), { uri: URI })!;
      assert.equal(slice(text, link.originSelectionRange!), 'jobTitle');
      assert.equal(link.targetUri, 'entramap-template:/personify.entramap');
      const t = getTemplate('personify')!.text;
      assert.equal(slice(t, link.targetRange), 'title <- [jobTitle]');
      assert.equal(slice(t, link.targetSelectionRange), 'jobTitle');
    });

    it('goes from a target path to its template line', () => {
      const [link] = definition(doc, positionOf(text, 'name.familyName', 6), { uri: URI })!;
      assert.equal(slice(text, link.originSelectionRange!), 'name.familyName');
      const t = getTemplate('personify')!.text;
      assert.equal(slice(t, link.targetRange), 'name.familyName <- [surname]');
      assert.equal(slice(t, link.targetSelectionRange), 'name.familyName');
    });

    it('goes from a scoping operand to the template as well', () => {
      const [link] = definition(doc, positionOf(text, 'jobTitle Includes', 2), { uri: URI })!;
      assert.equal(slice(getTemplate('personify')!.text, link.targetSelectionRange), 'jobTitle');
    });

    it('has no definition for names the catalogue does not know', () => {
      const d = parseDocument('mapping "m" {\n  source User\n  target User\n  x <- [nothing]\n}\n', 'entramap');
      assert.equal(definition(d, positionOf(d.text, 'nothing', 1), { uri: URI }), null);
      assert.equal(definition(doc, positionOf(text, 'Switch', 1), { uri: URI }), null);
    });

    it('goes to the directory definitions of Graph JSON', () => {
      const src = definition(jdoc, positionOf(json, '[mail]', 2), { uri: URI })!;
      assert.equal(src[0].targetUri, URI);
      assert.equal(slice(json, src[0].targetSelectionRange), 'mail');
      assert.equal(slice(json, src[0].targetRange), '{ "name": "mail", "type": "String" }');
      const target = definition(jdoc, positionOf(json, '"targetAttributeName": "urn', 26), { uri: URI })!;
      assert.equal(slice(json, target[0].originSelectionRange!), 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:badge');
      assert.equal(slice(json, target[0].targetSelectionRange), 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:badge');
      assert.equal(rangeText(target[0].targetSelectionRange), '25:23-25:84');
      const operand = definition(jdoc, positionOf(json, '"sourceOperandName": "department"', 24), { uri: URI })!;
      assert.equal(slice(json, operand[0].targetRange), '{ "name": "department", "type": "String" }');
    });

    it('goes to directories kept in an .entramap @graph', () => {
      const t = [
        'rule "r" {',
        '  source "Azure Active Directory"',
        '  target customappsso',
        '  mapping "m" {',
        '    source User',
        '    target User',
        '    badge <- [extension_1_badge]',
        '  }',
        '}',
        '@graph {"directories": [{"name": "Azure Active Directory", "objects": [{"name": "User", "attributes": [{"name": "extension_1_badge", "type": "String"}]}]}]}',
        '',
      ].join('\n');
      const d = parseDocument(t, 'entramap');
      const [link] = definition(d, positionOf(t, 'extension_1_badge]', 2), { uri: URI })!;
      assert.equal(link.targetUri, URI);
      assert.equal(slice(t, link.targetSelectionRange), 'extension_1_badge');
      assert.equal(link.targetSelectionRange.start.line, 9);
    });
  });

  describe('references and highlights', () => {
    it('finds every use of a source attribute: expressions and clauses', () => {
      const refs = references(doc, positionOf(text, '[department]', 2), { uri: URI, includeDeclaration: true });
      assert.deepEqual(
        refs.map((r) => `${rangeText(r.range)} ${slice(text, r.range)}`),
        ['11:6-11:16 department', '15:6-15:16 department', '31:100-31:110 department'],
      );
    });

    it('finds the mappings of a target attribute however its path is written', () => {
      const t = 'mapping "m" {\n  source User\n  target User\n  userName <- [a]\n  USERNAME <- [b]\n  urn:ietf:params:scim:schemas:core:2.0:User:userName <- [c]\n}\n';
      const d = parseDocument(t, 'entramap');
      const refs = references(d, positionOf(t, 'userName <-', 2), { uri: URI });
      assert.deepEqual(refs.map((r) => slice(t, r.range)), ['userName', 'USERNAME', 'urn:ietf:params:scim:schemas:core:2.0:User:userName']);
    });

    it('includes the definition on request', () => {
      const withDecl = references(jdoc, positionOf(json, '[mail]', 2), { uri: URI, includeDeclaration: true });
      const without = references(jdoc, positionOf(json, '[mail]', 2), { uri: URI, includeDeclaration: false });
      assert.equal(withDecl.length, without.length + 1);
      assert.deepEqual(without.map((r) => slice(json, r.range)), ['mail']);
    });

    it('highlights reads, writes and the definition', () => {
      const hs = documentHighlights(jdoc, positionOf(json, '"sourceOperandName": "department"', 24));
      assert.deepEqual(hs.map((h) => `${slice(json, h.range)}:${h.kind}`), ['department:1', 'department:2']);
    });

    it("highlights an expression's parentheses and functions", () => {
      const hs = documentHighlights(doc, positionOf(text, '[surname])', 10));
      assert.deepEqual(hs.map((h) => rangeText(h.range)), ['22:21-22:22', '24:15-24:16']);
      assert.deepEqual(documentHighlights(doc, positionOf(text, 'Join(" ",', 1)).map((h) => slice(text, h.range)), ['Join']);
    });
  });

  describe('signature help', () => {
    it('answers inside expressions of both formats', () => {
      const s = signatureHelp(doc, positionOf(text, '[surname])', 0));
      assert.equal(s?.signatures[0].label.startsWith('Join('), true);
      assert.equal(s?.activeParameter, 2);
      assert.equal(signatureHelp(doc, positionOf(text, 'mapping', 2)), null);
      const j = signatureHelp(jdoc, positionOf(json, '[mail], \\"x', 1));
      assert.equal(j?.signatures[0].label.startsWith('Join('), true);
    });
  });
});
