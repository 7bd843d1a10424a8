// Graph synchronizationSchema JSON (language `json`, recognised by its content) gets every
// feature that applies, over the real protocol: completion inside `expression` strings (edits
// JSON-escaped) and of operator / attribute values, hover with the sample user's value, signature
// help through escaped quotes, semantic tokens inside expressions only, the symbol tree, inlay
// hints, quick fixes and the expression formatting source action, go to definition into the
// template. Other JSON documents get nothing.
import assert from 'node:assert/strict';
import type { DocumentSymbol, LocationLink, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { DOCUMENT_SEMANTIC_TOKENS_LEGEND } from '../../server/src/features/document';
import { SampleUserNotification, TemplateContentRequest } from '../../server/src/protocol';
import { readFixture, textOf } from './support/fixtures';
import {
  applyEdits,
  codeActions,
  completion,
  decodeTokens,
  definition,
  find,
  folding,
  format,
  hintLabel,
  hover,
  inlayHints,
  openMarked,
  ranked,
  signatureHelp,
  symbols,
  tokens,
  VSCODE_CAPABILITIES,
  whole,
} from './support/editor';
import { withServer } from './support/server';

const JSON_TEXT = readFixture('editor.schema.json');
const [ADELE] = JSON.parse(readFixture('editor.users.json')) as Record<string, unknown>[];

describe('lsp: Graph schema JSON documents', function () {
  this.timeout(30_000);

  it('completes inside expression strings, JSON-escaped, and the values of scoping properties', async () => {
    await withServer({}, async (s) => {
      const doc = await openMarked(s, 'complete.json', JSON_TEXT.replace('"ToUpper([jobTitle])"', '"ToUpper([jo|])"'));
      assert.deepEqual(ranked(await completion(s, doc.uri, doc.at[0], '[')), ['jobTitle']);
      const fn = await openMarked(s, 'complete-fn.json', JSON_TEXT.replace('"ToUpper([jobTitle])"', '"Jo|"'));
      const items = await completion(s, fn.uri, fn.at[0]);
      assert.deepEqual(ranked(items), ['Join', '[jobTitle]']);
      const join = items.find((i) => i.label === 'Join')!;
      assert.equal((join.textEdit as TextEdit).newText, 'Join(${1:separator}, ${2:source1})$0');
      // a constant with quotes is escaped for the JSON string
      const dateAdd = await openMarked(s, 'complete-arg.json', JSON_TEXT.replace('"ToUpper([jobTitle])"', '"DateAdd(|"'));
      const interval = (await completion(s, dateAdd.uri, dateAdd.at[0], '(')).find((i) => i.label === '"yyyy"')!;
      assert.equal((interval.textEdit as TextEdit).newText, '\\"yyyy\\"');
      const op = await openMarked(s, 'complete-op.json', JSON_TEXT.replace('"operatorName": "EQUALS"', '"operatorName": "EQ|"'));
      assert.deepEqual(ranked(await completion(s, op.uri, op.at[0])).slice(0, 3), ['EQUALS', 'NOT EQUALS', 'Includes']);
      // a blank never opens a list in JSON
      const blank = await openMarked(s, 'complete-blank.json', JSON_TEXT.replace('"Join(\\" \\", [givenName], [surname])"', '"Join(\\" \\", |[givenName], [surname])"'));
      assert.deepEqual(await completion(s, blank.uri, blank.at[0], ' '), []);
    });
  });

  it('hovers expressions and targets (with the sample value), gives signature help through escapes', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('editor.schema.json', JSON_TEXT);
      await s.connection.sendNotification(SampleUserNotification.type, { user: ADELE });
      const fn = (await hover(s, doc.uri, find(JSON_TEXT, 'Join(', 1)))?.contents as MarkupContent;
      assert.ok(fn.value.startsWith('```entramap\nJoin(separator: string, ...source: string) -> string\n```'), fn.value);
      assert.ok(fn.value.endsWith('*Evaluates for `Adele Vance` to* `"Adele Vance"`'), fn.value);
      const target = await hover(s, doc.uri, find(JSON_TEXT, '"targetAttributeName": "displayName"', 25));
      assert.ok((target?.contents as MarkupContent).value.endsWith('*Adele Vance* → `"Adele Vance"`'));
      assert.equal(textOf(JSON_TEXT, target!.range!), '"displayName"');
      const sig = await signatureHelp(s, doc.uri, find(JSON_TEXT, '[surname])"'));
      assert.equal(sig?.activeParameter, 2);
      assert.equal(sig?.signatures[0].label, 'Join(separator: string, source1: string, source2: string, ...) -> string');
      assert.equal(await hover(s, doc.uri, find(JSON_TEXT, '"defaultValue"', 2)), null);
    });
  });

  it('shows inlay hints for the sample user beside expressions and scoping', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('editor.schema.json', JSON_TEXT);
      await s.connection.sendNotification(SampleUserNotification.type, { user: ADELE });
      const hints = (await inlayHints(s, doc.uri, whole(JSON_TEXT)))!;
      const values = hints.filter((h) => hintLabel(h).startsWith('→') || /^[✓✗]/.test(hintLabel(h))).map((h) => `${h.position.line + 1}: ${hintLabel(h)}`);
      assert.deepEqual(values, [
        '19: → "adele.vance@contoso.com"',
        '33: → "True"',
        '93: → "Adele Vance"',
        '135: → "adele.vance@contoso.com"',
        '149: → "Adele"',
        '163: → "Vance"',
        '177: → "RETAIL MANAGER"',
        '201: → "0f5e1c2a-1111-4c1e-9a55-000000000001"',
        '213: ✓ in scope',
        '219: ✓',
        '228: ✓',
        '235: ✓ matches',
      ]);
      // the value hint sits right after the expression string
      const first = hints.find((h) => hintLabel(h) === '→ "adele.vance@contoso.com"')!;
      assert.equal(JSON_TEXT.split('\n')[first.position.line].slice(0, first.position.character).trimStart(), '"expression": "[userPrincipalName]",');
    });
  });

  it('colours expressions only, and answers the symbol tree and folding ranges', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('editor.schema.json', JSON_TEXT);
      const decoded = decodeTokens(JSON_TEXT, (await tokens(s, doc.uri))!.data, DOCUMENT_SEMANTIC_TOKENS_LEGEND);
      assert.deepEqual(decoded.slice(0, 3), ['19:32 "[userPrincipalName]" property', '33:32 "Switch" function.defaultLibrary', '33:39 "[IsSoftDeleted]" property']);
      assert.ok(decoded.includes('93:37 "\\\\\\" \\\\\\"" string'), 'an escaped string constant is one token, escapes and all');
      assert.ok(decoded.every((t) => !/ keyword$/.test(t)), 'no tokens outside expressions');
      const tree = (await symbols(s, doc.uri)) as DocumentSymbol[];
      assert.deepEqual(tree.map((t) => t.name), ['Personify Inc', 'rule']);
      const om = tree[1].children![0];
      assert.equal(om.name, 'Users to Personify');
      assert.deepEqual(om.children!.map((c) => c.name), [
        'scope',
        'userName',
        'active',
        'displayName',
        'emails[type eq "work"].value',
        'name.givenName',
        'name.familyName',
        'title',
        'externalId',
      ]);
      const ranges = (await folding(s, doc.uri))!;
      assert.deepEqual(ranges[0], { startLine: 0, endLine: 244 });
      assert.ok(ranges.length > 20);
    });
  });

  it('goes from a target attribute name into the app template', async () => {
    await withServer({ capabilities: VSCODE_CAPABILITIES }, async (s) => {
      const doc = await s.openDoc('editor.schema.json', JSON_TEXT);
      const [link] = (await definition(s, doc.uri, find(JSON_TEXT, '"targetAttributeName": "title"', 25))) as LocationLink[];
      assert.equal(link.targetUri, 'entramap-template:/personify.entramap');
      assert.equal(textOf(JSON_TEXT, link.originSelectionRange!), 'title');
      const template = (await s.request<string>(TemplateContentRequest.method, { uri: link.targetUri }))!;
      assert.equal(textOf(template, link.targetRange), 'title <- [jobTitle]');
    });
  });

  it('fixes an expression inside a JSON string (escaped) and formats expressions onto one line', async () => {
    await withServer({ settings: { diagnostics: { delay: 0 } } }, async (s) => {
      const broken = JSON_TEXT.replace('"ToUpper([jobTitle])"', '"toupper( [jobTitle] )"').replace('"Join(\\" \\", [givenName]', '"Joinn(\\" \\", [givenName]');
      const doc = await s.openDoc('fix.json', broken);
      const { diagnostics } = await s.waitForDiagnostics(doc.uri);
      // EGJ008: the expression no longer matches its source tree (Graph keeps both)
      assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.code === 'EGJ008' ? '' : textOf(broken, d.range)}`), ['EGJ008 ', 'EPX101 Joinn', 'EPX103 toupper']);
      let text = broken;
      for (const d of diagnostics.filter((x) => x.code !== 'EGJ008').reverse()) {
        const fix = (await codeActions(s, doc.uri, d.range, [d])).find((a) => a.isPreferred)!;
        text = applyEdits(text, fix.edit!.changes![doc.uri]);
      }
      assert.ok(text.includes('"Join(\\" \\", [givenName], [surname])"'));
      const v2 = await s.setText(doc.uri, text);
      assert.deepEqual((await s.waitForDiagnostics(doc.uri, { version: v2.version })).diagnostics, []);
      // the blanks inside the call go with Format document (a source action for JSON)
      const [action] = await codeActions(s, doc.uri, whole(text), [], ['source.formatDocument']);
      const formatted = applyEdits(text, action.edit!.changes![doc.uri]);
      assert.equal(formatted, JSON_TEXT);
      // the formatting request gives the same edits (for clients without dynamic registration)
      assert.equal(applyEdits(text, (await format(s, doc.uri))!), JSON_TEXT);
    });
  });

  it('leaves other JSON documents alone', async () => {
    await withServer({}, async (s) => {
      const text = readFixture('not-a-schema.json');
      const doc = await s.openDoc('not-a-schema.json', text);
      assert.deepEqual(await symbols(s, doc.uri), []);
      assert.deepEqual(await tokens(s, doc.uri), { data: [] });
      assert.deepEqual(await inlayHints(s, doc.uri, whole(text)), []);
      assert.equal(await hover(s, doc.uri, { line: 0, character: 2 }), null);
      assert.deepEqual(await completion(s, doc.uri, { line: 0, character: 2 }), []);
    });
  });
});
