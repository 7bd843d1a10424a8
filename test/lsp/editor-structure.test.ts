// The document's structure over the real protocol: document symbols (the tree), folding ranges,
// selection ranges, and semantic tokens (full and range, decoded with the legend the server
// declares).
import assert from 'node:assert/strict';
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-protocol';
import { DOCUMENT_SEMANTIC_TOKENS_LEGEND } from '../../server/src/features/document';
import { readFixture, textOf } from './support/fixtures';
import { decodeTokens, find, folding, selection, symbols, tokens, tokensRange } from './support/editor';
import { withServer } from './support/server';

const TEXT = readFixture('editor.entramap');

const KIND = new Map(Object.entries(SymbolKind).map(([name, value]) => [value as number, name]));

function tree(list: DocumentSymbol[], depth = 0): string[] {
  return list.flatMap((s) => [`${'  '.repeat(depth)}${KIND.get(s.kind)} ${s.name}${s.detail ? ` (${s.detail})` : ''}`, ...tree(s.children ?? [], depth + 1)]);
}

describe('lsp: symbols, folding, selection, semantic tokens', function () {
  this.timeout(30_000);

  it('declares the providers and the semantic token legend', async () => {
    await withServer({}, async (s) => {
      const c = s.initializeResult.capabilities;
      assert.equal(c.documentSymbolProvider, true);
      assert.equal(c.foldingRangeProvider, true);
      assert.equal(c.selectionRangeProvider, true);
      assert.deepEqual(c.semanticTokensProvider, { legend: DOCUMENT_SEMANTIC_TOKENS_LEGEND, full: true, range: true });
      assert.deepEqual(DOCUMENT_SEMANTIC_TOKENS_LEGEND.tokenTypes, [
        'function', 'property', 'string', 'regexp', 'number', 'enumMember', 'operator', 'invalid', 'keyword', 'comment', 'namespace', 'type', 'decorator',
      ]);
    });
  });

  it('answers the symbol tree: app, mapping, scope, filter, clauses, attribute mappings', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('editor.entramap', TEXT);
      const list = (await symbols(s, doc.uri)) as DocumentSymbol[];
      assert.deepEqual(tree(list), [
        'Package Personify Inc (template personify)',
        '  Class Users to Personify (User → User)',
        '    Object scope (1 filter)',
        '      Struct Employees (filter)',
        '        Boolean employeeType EQUALS "Employee"',
        '        Boolean department IS NOT NULL',
        '    Property userName (← [userPrincipalName] · match 1)',
        '    Property active (← Switch([IsSoftDeleted], , "False", "True", "True", "False"))',
        '    Property displayName (← Join(" ", [givenName], [surname]))',
        '    Property emails[type eq "work"].value (← [mail])',
        '    Property name.givenName (← [givenName])',
        '    Property name.familyName (← [surname])',
        '    Property title (← ToUpper([jobTitle]))',
        '    Property externalId (← [objectId])',
      ]);
      const displayName = list[0].children![0].children!.find((c) => c.name === 'displayName')!;
      assert.equal(textOf(TEXT, displayName.selectionRange), 'displayName');
      assert.equal(textOf(TEXT, displayName.range), 'displayName <- Join(" ", [givenName], [surname])');
    });
  });

  it('folds the blocks and expands a selection from an attribute to the whole document', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('editor.entramap', TEXT);
      assert.deepEqual(await folding(s, doc.uri), [
        { startLine: 3, endLine: 23 },
        { startLine: 8, endLine: 13 },
        { startLine: 10, endLine: 12 },
      ]);
      const [chain] = (await selection(s, doc.uri, [find(TEXT, 'givenName], [surname]', 2)]))!;
      const texts: string[] = [];
      for (let r: typeof chain | undefined = chain; r; r = r.parent) texts.push(textOf(TEXT, r.range));
      assert.deepEqual(texts.slice(0, 5), ['givenName', '[givenName]', '" ", [givenName], [surname]', 'Join(" ", [givenName], [surname])', 'displayName <- Join(" ", [givenName], [surname])']);
      assert.ok(texts[5].startsWith('mapping "Users to Personify" {') && texts[5].endsWith('}'));
      assert.equal(texts[6], TEXT);
    });
  });

  it('colours keywords, names, comments and expressions (full document and a range)', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('editor.entramap', TEXT);
      const full = decodeTokens(TEXT, (await tokens(s, doc.uri))!.data, DOCUMENT_SEMANTIC_TOKENS_LEGEND);
      assert.deepEqual(full.slice(0, 6), [
        '1:1 "# Personify Inc: the editor features fixture (completion, hover, hints, navigation, formatting)" comment',
        '2:1 "app" keyword',
        '2:5 "\\"Personify Inc\\"" string',
        '2:21 "template" keyword',
        '2:30 "personify" type',
        '4:1 "mapping" keyword',
      ]);
      assert.deepEqual(
        full.filter((t) => t.startsWith('12:') || t.startsWith('13:')),
        ['12:7 "employeeType" property', '12:20 "EQUALS" operator', '12:27 "Employee" string', '13:7 "department" property', '13:18 "IS NOT NULL" operator'],
      );
      const range = { start: { line: 18, character: 0 }, end: { line: 19, character: 0 } };
      assert.deepEqual(decodeTokens(TEXT, (await tokensRange(s, doc.uri, range))!.data, DOCUMENT_SEMANTIC_TOKENS_LEGEND), [
        '19:3 "displayName" property.declaration',
        '19:15 "<-" operator',
        '19:18 "Join" function.defaultLibrary',
        '19:23 "\\" \\"" string',
        '19:28 "[givenName]" property',
        '19:41 "[surname]" property',
      ]);
      assert.equal(full.length, 65);
    });
  });
});
