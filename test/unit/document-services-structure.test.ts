import assert from 'node:assert/strict';
import type { DocumentSymbol, SelectionRange } from 'vscode-languageserver/node';
import {
  DOCUMENT_SEMANTIC_TOKENS_LEGEND,
  documentSymbols,
  documentTokens,
  foldingRanges,
  parseDocument,
  selectionRanges,
  semanticTokens,
  semanticTokensRange,
} from '../../server/src/features/document';
import { SEMANTIC_TOKENS_LEGEND } from '../../server/src/features/expression';
import { fixture, positionOf, slice } from '../fixtures/document-services/support';

const text = fixture('contoso.entramap');
const doc = parseDocument(text, 'entramap');

/** `name [kind] detail` per symbol, indented by depth. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name} [${s.kind}]${s.detail ? ` ${s.detail}` : ''}`, ...outline(s.children ?? [], depth + 1)]);
}

function chain(s: SelectionRange | undefined, source: string): string[] {
  const out: string[] = [];
  for (let r = s; r; r = r.parent) out.push(slice(source, r.range));
  return out;
}

describe('document services: structure', () => {
  describe('document symbols', () => {
    it('outlines app → mappings → scope → filters → clauses, and attribute mappings by target', () => {
      assert.deepEqual(outline(documentSymbols(doc)), [
        'Personify Inc [4] template personify',
        '  Users [5] User → User',
        '    scope [19] 2 filters',
        '      Engineering [23] filter',
        '        department EQUALS "Engineering" [17]',
        '        accountEnabled IS TRUE [17]',
        '      Retail managers [23] filter',
        '        department EQUALS "Retail" [17]',
        '        jobTitle Includes "Manager" [17]',
        '    userName [7] ← [userPrincipalName] · match 1',
        '    active [7] ← Switch([IsSoftDeleted], , "False", "True", "True", "False")',
        '    displayName [7] ← Join(" ", [givenName], [surname])',
        '    emails[type eq "work"].value [7] ← ToLower([mail])',
        '    name.givenName [7] ← [givenName]',
        '    name.familyName [7] ← [surname]',
        '    title [7] ← [jobTitle]',
        '    preferredLanguage [7] ← "en-US"',
        '    externalId [7] ← [mailNickname] · match 2',
        '    urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department [7] ← IgnoreFlowIfNullOrEmpty([department])',
        '    urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager [7] ← [manager]',
        '    nickName [7] ← Redact([mailNickname])',
        '    locale [7] ← none',
      ]);
    });

    it('selects names and keeps every selection range inside its range', () => {
      const [app] = documentSymbols(doc);
      assert.equal(slice(text, app.selectionRange), '"Personify Inc"');
      const users = app.children![0];
      assert.equal(slice(text, users.selectionRange), '"Users"');
      assert.equal(slice(text, users.children![1].selectionRange), 'userName');
      const check = (s: DocumentSymbol) => {
        const r = s.range;
        const sel = s.selectionRange;
        const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
        assert.ok(before(r.start, sel.start) && before(sel.end, r.end), `${s.name}: selection outside range`);
        (s.children ?? []).forEach(check);
      };
      documentSymbols(doc).forEach(check);
    });

    it('outlines rules and directories of Graph JSON', () => {
      const json = parseDocument(fixture('contoso.schema.json'), 'graph-json');
      assert.deepEqual(outline(documentSymbols(json)), [
        'USER_OUTBOUND_USER [3] Azure Active Directory → customappsso',
        '  Provision users [5] User → User',
        '    scope [19] 1 filter',
        '      Sales [23] filter',
        '        department EQUALS "Sales" [17]',
        '    userName [7] ← [userPrincipalName] · match 1',
        '    emails[type eq "work"].value [7] ← Join("@", [mail], "x")',
        '    urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:badge [7] ← [extension_0123456789abcdef0123456789abcdef_badge]',
        'directories [3] 2',
        '  Azure Active Directory [2]',
        '    User [5] 5 attributes',
        '      userPrincipalName [8] String',
        '      mail [8] String',
        '      department [8] String',
        '      accountEnabled [8] Boolean',
        '      extension_0123456789abcdef0123456789abcdef_badge [8] String',
        '  customappsso [2]',
        '    User [5] 3 attributes',
        '      userName [8] String, required',
        '      emails[type eq "work"].value [8] String',
        '      urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:badge [8] String',
      ]);
    });

    it('outlines a half-written document', () => {
      const d = parseDocument('mapping "m" {\n  source User\n  userName <- Join(\n', 'entramap');
      assert.deepEqual(outline(documentSymbols(d)), ['m [5] User → ?', '  userName [7] ← Join(']);
    });
  });

  describe('folding ranges', () => {
    it('folds blocks up to their closing brace, multi-line expressions and comment runs', () => {
      const d = parseDocument('# one\n# two\nmapping "m" {\n  scope {\n    filter "f" {\n      a IS TRUE\n    }\n  }\n  x <- Join(",",\n      [a])\n}\n', 'entramap');
      assert.deepEqual(foldingRanges(d), [
        { startLine: 0, endLine: 1, kind: 'comment' },
        { startLine: 2, endLine: 9 },
        { startLine: 3, endLine: 6 },
        { startLine: 4, endLine: 5 },
        { startLine: 8, endLine: 9 },
      ]);
    });

    it('folds an unclosed block to its last statement', () => {
      const d = parseDocument('mapping "m" {\n  source User\n  target User\n', 'entramap');
      assert.deepEqual(foldingRanges(d), [{ startLine: 0, endLine: 2 }]);
    });

    it('folds the objects and arrays of Graph JSON', () => {
      const d = parseDocument('{\n  "a": [\n    1\n  ],\n  "b": {}\n}\n', 'graph-json');
      assert.deepEqual(foldingRanges(d), [
        { startLine: 0, endLine: 4 },
        { startLine: 1, endLine: 2 },
      ]);
    });
  });

  describe('selection ranges', () => {
    it('expands from a value filter to the line, the mapping block and the file', () => {
      const [s] = selectionRanges(doc, [positionOf(text, 'type eq "work"', 10)]);
      const c = chain(s, text);
      assert.deepEqual(c.slice(0, 6), ['"work"', 'type eq "work"', '[type eq "work"]', 'emails[type eq "work"]', 'emails[type eq "work"].value', 'emails[type eq "work"].value <- ToLower([mail])']);
      assert.match(c[6], /^mapping "Users" \{/);
      assert.equal(c[7], text);
    });

    it('expands inside expressions with the expression services', () => {
      const [s] = selectionRanges(doc, [positionOf(text, '[givenName],', 3)]);
      assert.deepEqual(chain(s, text).slice(0, 4), ['givenName', '[givenName]', '" ",\n      [givenName],\n      [surname]', 'Join(" ",\n      [givenName],\n      [surname])']);
    });

    it('expands scoping clauses', () => {
      const [s] = selectionRanges(doc, [positionOf(text, 'Includes', 2)]);
      assert.deepEqual(chain(s, text).slice(0, 2), ['Includes', 'jobTitle Includes "Manager"']);
      assert.match(chain(s, text)[2], /^filter "Retail managers" \{/);
    });
  });

  describe('semantic tokens', () => {
    const tokensOf = (line: number) =>
      documentTokens(doc)
        .filter((t) => t.line === line)
        .sort((a, b) => a.character - b.character)
        .map((t) => `${text.split('\n')[line].slice(t.character, t.character + t.length)}:${[t.type, ...t.modifiers].join('.')}`);

    it('extends the expression legend', () => {
      assert.deepEqual(DOCUMENT_SEMANTIC_TOKENS_LEGEND.tokenTypes.slice(0, SEMANTIC_TOKENS_LEGEND.tokenTypes.length), SEMANTIC_TOKENS_LEGEND.tokenTypes);
      assert.deepEqual(DOCUMENT_SEMANTIC_TOKENS_LEGEND.tokenModifiers, ['defaultLibrary', 'declaration']);
    });

    it('colours statements by their role', () => {
      assert.deepEqual(tokensOf(1), ['app:keyword', '"Personify Inc":string', 'template:keyword', 'personify:type']);
      assert.deepEqual(tokensOf(6), ['actions:keyword', 'create:enumMember', 'update:enumMember']);
      assert.deepEqual(tokensOf(12), ['accountEnabled:property', 'IS TRUE:operator']);
      assert.deepEqual(tokensOf(20), ['userName:property.declaration', '<-:operator', '[userPrincipalName]:property', 'match:keyword', '1:number', '# required:comment']);
      assert.deepEqual(tokensOf(25), [
        'emails:property.declaration',
        'type:property',
        'eq:operator',
        '"work":string',
        'value:property.declaration',
        '<-:operator',
        'ToLower:function.defaultLibrary',
        '[mail]:property',
      ]);
      assert.deepEqual(tokensOf(28), ['title:property.declaration', '<-:operator', '[jobTitle]:property', 'default:keyword', '"Staff":string', 'on:keyword', 'create:keyword']);
      assert.deepEqual(tokensOf(30).slice(-3), ['@graph:decorator', '"exportMissingReferences":property', 'true:keyword']);
      assert.deepEqual(tokensOf(31).slice(0, 2), ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:namespace', 'department:property.declaration']);
    });

    it('treats keywords as names where a name is expected', () => {
      const d = parseDocument('mapping "m" {\n  source <- [default]\n}\n', 'entramap');
      const toks = documentTokens(d).filter((t) => t.line === 1).map((t) => `${t.character}:${t.type}`);
      assert.deepEqual(toks, ['2:property', '9:operator', '12:property']);
    });

    it('encodes the whole document and ranges', () => {
      const full = semanticTokens(doc).data;
      assert.equal(full.length % 5, 0);
      assert.ok(full.length > 400);
      const range = semanticTokensRange(doc, { start: { line: 20, character: 0 }, end: { line: 20, character: 60 } }).data;
      // line delta 20, character 2, length 8, type property, modifier declaration
      assert.deepEqual(range.slice(0, 5), [20, 2, 8, 1, 2]);
      assert.equal(range.length, 6 * 5);
    });

    it('covers the expressions of Graph JSON only', () => {
      const json = fixture('contoso.schema.json');
      const j = parseDocument(json, 'graph-json');
      const lines = json.split('\n');
      const toks = documentTokens(j).map((t) => lines[t.line].slice(t.character, t.character + t.length));
      assert.deepEqual(toks, ['[userPrincipalName]', 'Join', '\\"@\\"', '[mail]', '\\"x\\"', '[extension_0123456789abcdef0123456789abcdef_badge]']);
    });
  });
});
