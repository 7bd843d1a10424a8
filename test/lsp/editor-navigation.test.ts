// Navigation over the real protocol: go to definition of a catalogue attribute opens the app
// template's line that maps it (`entramap-template:/personify.entramap`, whose text the server
// serves with entraProvisioning/templateContent), of a locally defined attribute its
// definition; references and document highlights of source attributes and target paths.
import assert from 'node:assert/strict';
import type { Location, LocationLink } from 'vscode-languageserver-protocol';
import { TEMPLATE_SCHEME, TemplateContentRequest } from '../../server/src/protocol';
import { TEMPLATE_SCHEME as SERVICE_SCHEME } from '../../server/src/features/document';
import { readFixture, textOf } from './support/fixtures';
import { definition, find, highlights, references, VSCODE_CAPABILITIES } from './support/editor';
import { withServer } from './support/server';

const TEXT = readFixture('editor.entramap');

describe('lsp: definition, references, highlights', function () {
  this.timeout(30_000);

  it('declares the providers; the template scheme is the services\' one', async () => {
    await withServer({}, async (s) => {
      const c = s.initializeResult.capabilities;
      assert.equal(c.definitionProvider, true);
      assert.equal(c.referencesProvider, true);
      assert.equal(c.documentHighlightProvider, true);
      assert.equal(TEMPLATE_SCHEME, SERVICE_SCHEME);
    });
  });

  it('goes from a target path into the app template, whose content the server serves', async () => {
    await withServer({ capabilities: VSCODE_CAPABILITIES }, async (s) => {
      const doc = await s.openDoc('editor.entramap', TEXT);
      const [link] = (await definition(s, doc.uri, find(TEXT, 'emails[type', 3))) as LocationLink[];
      assert.equal(link.targetUri, 'entramap-template:/personify.entramap');
      assert.equal(textOf(TEXT, link.originSelectionRange!), 'emails[type eq "work"].value');
      const template = await s.request<string | null>(TemplateContentRequest.method, { uri: link.targetUri });
      assert.ok(template?.startsWith('# '), 'the template text');
      assert.equal(textOf(template!, link.targetRange), 'emails[type eq "work"].value <- [mail]');
      assert.equal(textOf(template!, link.targetSelectionRange), 'emails[type eq "work"].value');
      // a source attribute: the first template line that reads it
      const [source] = (await definition(s, doc.uri, find(TEXT, '[jobTitle]', 3))) as LocationLink[];
      assert.equal(source.targetUri, 'entramap-template:/personify.entramap');
      assert.equal(textOf(template!, source.targetSelectionRange), 'jobTitle');
      assert.equal(textOf(TEXT, source.originSelectionRange!), 'jobTitle');
      // nothing to go to on a keyword
      assert.equal(await definition(s, doc.uri, find(TEXT, 'actions', 2)), null);
    });
  });

  it('answers plain Locations to a client without link support, and null for unknown templates', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('editor.entramap', TEXT);
      const [loc] = (await definition(s, doc.uri, find(TEXT, 'name.givenName', 6))) as Location[];
      assert.equal(loc.uri, 'entramap-template:/personify.entramap');
      const template = (await s.request<string>(TemplateContentRequest.method, { uri: loc.uri }))!;
      assert.equal(textOf(template, loc.range), 'name.givenName');
      assert.equal(await s.request(TemplateContentRequest.method, { uri: 'entramap-template:/nope.entramap' }), null);
      assert.equal(await s.request(TemplateContentRequest.method, { uri: 'file:///etc/passwd' }), null);
      for (const id of ['scim', 'genesys', 'mypolicies']) {
        assert.match((await s.request<string>(TemplateContentRequest.method, { uri: `${TEMPLATE_SCHEME}:/${id}.entramap` }))!, /\bmapping\b/);
      }
    });
  });

  it('finds every reference of a source attribute and highlights it', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('editor.entramap', TEXT);
      const refs = (await references(s, doc.uri, find(TEXT, '[givenName]', 3)))!;
      assert.deepEqual(
        refs.map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${textOf(TEXT, r.range)}`),
        ['19:29 givenName', '21:22 givenName'],
      );
      assert.ok(refs.every((r) => r.uri === doc.uri));
      const marks = (await highlights(s, doc.uri, find(TEXT, '[surname]', 2)))!;
      assert.deepEqual(
        marks.map((h) => `${h.range.start.line + 1}:${h.range.start.character + 1} ${textOf(TEXT, h.range)} ${h.kind}`),
        ['19:42 surname 2', '22:23 surname 2'],
      );
      // a function: its calls in the expression
      const join = (await highlights(s, doc.uri, find(TEXT, 'Join(', 2)))!;
      assert.deepEqual(join.map((h) => `${h.range.start.line + 1}:${h.range.start.character + 1} ${textOf(TEXT, h.range)} ${h.kind}`), ['19:18 Join 1']);
    });
  });

  it('finds the references of a scoping attribute across the scope and the mappings', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('editor.entramap', TEXT);
      const refs = (await references(s, doc.uri, find(TEXT, 'employeeType', 3)))!;
      assert.deepEqual(refs.map((r) => textOf(TEXT, r.range)), ['employeeType']);
    });
  });
});
