// Formatting and code actions over the real protocol: the canonical layout (idempotent, every
// comment kept, refused on syntax errors), range formatting, dynamic registration for .entramap
// only in VS Code-like clients; quick fixes for the published diagnostics with their `data`
// intact (did-you-mean, casing, the missing required mapping), applied one after the other until
// the server reports the document clean; `source.formatDocument`.
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { formatDiagnostics, readFixture } from './support/fixtures';
import { applyEdits, codeActions, format, formatRange, VSCODE_CAPABILITIES, whole } from './support/editor';
import { TestServer, withServer } from './support/server';

const MESSY = `# Contoso users (a comment that must survive)
app   "Contoso"   template scim
mapping "Users" {
    target User
  source User   # where they come from
      userName<-[userPrincipalName]   match 1
  # the display name
  displayName <-   Join( " " ,[givenName],[surname] )
  active <- Switch([IsSoftDeleted],,"False","True","True","False")
}
`;

const FORMATTED = `# Contoso users (a comment that must survive)
app "Contoso" template scim

mapping "Users" {
  source User  # where they come from
  target User
  actions create update delete

  userName <- [userPrincipalName] match 1
  # the display name
  displayName <- Join(" ", [givenName], [surname])
  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")
}
`;

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

async function diagnosticsNow(s: TestServer, uri: string): Promise<Diagnostic[]> {
  return (await s.waitForDiagnostics(uri, { timeoutMs: 15_000 })).diagnostics;
}

describe('lsp: formatting and code actions', function () {
  this.timeout(60_000);

  it('formats to the canonical layout, keeps every comment, and is idempotent', async () => {
    await withServer({}, async (s) => {
      assert.equal(s.initializeResult.capabilities.documentFormattingProvider, true, 'static for clients without dynamic registration');
      const doc = await s.openDoc('messy.entramap', MESSY);
      const edits = (await format(s, doc.uri))!;
      assert.ok(edits.length > 0);
      const out = applyEdits(MESSY, edits);
      assert.equal(out, FORMATTED);
      const again = await s.setText(doc.uri, out);
      assert.deepEqual(await format(s, again.uri), [], 'formatting the result changes nothing');
      assert.deepEqual(await diagnosticsNow(s, doc.uri), [], 'and it is still clean');
    });
  });

  it('formats a range: re-indents and formats the statements in it, nothing else', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('range.entramap', MESSY);
      const range = { start: { line: 7, character: 0 }, end: { line: 7, character: 60 } };
      const out = applyEdits(MESSY, (await formatRange(s, doc.uri, range))!);
      const lines = out.split('\n');
      // the statement is re-indented and its expression formatted (the blanks before it are not the expression's)
      assert.equal(lines[7], '  displayName <-   Join(" ", [givenName], [surname])');
      assert.equal(lines[5], '      userName<-[userPrincipalName]   match 1', 'outside the range');
      assert.equal(lines[1], MESSY.split('\n')[1]);
    });
  });

  it('refuses to format a document with syntax errors (no edits)', async () => {
    await withServer({}, async (s) => {
      const broken = MESSY.replace('mapping "Users" {', 'mapping "Users {');
      const doc = await s.openDoc('broken.entramap', broken);
      assert.equal(await format(s, doc.uri), null);
    });
  });

  it('registers formatting for .entramap only when the client registers dynamically (VS Code)', async () => {
    await withServer({ capabilities: VSCODE_CAPABILITIES }, async (s) => {
      await s.serverInfo();
      await s.waitFor(() => s.registrations.includes('textDocument/rangeFormatting'));
      assert.ok(s.registrations.includes('textDocument/formatting'));
      const c = s.initializeResult.capabilities;
      assert.equal(c.documentFormattingProvider, undefined, 'no static provider: JSON files keep their own formatter');
      assert.equal(c.documentRangeFormattingProvider, undefined);
      assert.deepEqual(c.codeActionProvider, { codeActionKinds: ['quickfix', 'source.formatDocument'] });
    });
  });

  it('offers the quick fixes of the published diagnostics, with their data intact', async () => {
    await withServer({}, async (s) => {
      const text = readFixture('fixes.entramap');
      const doc = await s.openDoc('fixes.entramap', text);
      const diagnostics = await diagnosticsNow(s, doc.uri);
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['EMP021', 'EPX101', 'EPX103', 'EMP001'],
        formatDiagnostics(diagnostics).join('\n'),
      );
      const titles: Record<string, string[]> = {};
      for (const d of diagnostics) {
        const actions = await codeActions(s, doc.uri, d.range, [d]);
        titles[String(d.code)] = actions.map((a) => `${a.isPreferred ? '* ' : ''}${a.title}`);
        for (const a of actions) assert.deepEqual(a.diagnostics, [d], 'each fix names its diagnostic, data and all');
      }
      assert.deepEqual(titles, {
        EMP021: ["* Add 'name.familyName <- [surname]'"],
        EPX101: ["* Change to 'Join'"],
        EPX103: ["* Write 'ToUpper'"],
        EMP001: ["* Change to 'mail'"],
      });
      // the missing mapping's fix comes from the checker's data: an insertion as an LSP range
      const emp021 = diagnostics.find((d) => d.code === 'EMP021')!;
      const data = emp021.data as { attribute: string; mappingLine: string; edits: { range: unknown; newText: string }[] };
      assert.equal(data.attribute, 'name.familyName');
      assert.equal(data.mappingLine, 'name.familyName <- [surname]');
      assert.deepEqual(data.edits, [{ range: { start: { line: 15, character: 0 }, end: { line: 15, character: 0 } }, newText: '  name.familyName <- [surname]\n' }]);
    });
  });

  it('applies the preferred fix of each problem in turn until the document is clean', async () => {
    await withServer({ settings: { diagnostics: { delay: 0 } } }, async (s) => {
      let text = readFixture('fixes.entramap');
      const doc = await s.openDoc('apply.entramap', text);
      let diagnostics = await diagnosticsNow(s, doc.uri);
      for (let round = 0; diagnostics.length; round++) {
        assert.ok(round < 10, `still ${formatDiagnostics(diagnostics).join('\n')}`);
        const d = diagnostics[0];
        const fix = (await codeActions(s, doc.uri, d.range, [d])).find((a) => a.isPreferred);
        assert.ok(fix, `a preferred fix for ${formatDiagnostics([d])}`);
        text = applyEdits(text, editsOf(fix, doc.uri));
        await s.setText(doc.uri, text);
        diagnostics = await diagnosticsNow(s, doc.uri);
      }
      assert.match(text, /displayName <- Join\(" ", \[givenName\], \[surname\]\)/);
      assert.match(text, /title <- ToUpper\(\[jobTitle\]\)/);
      assert.match(text, /emails\[type eq "work"\]\.value <- \[mail\]/);
      assert.match(text, /name\.givenName <- \[givenName\]\n {2}name\.familyName <- \[surname\]\n\}/);
    });
  });

  it('offers "Format document" as a source action, only when source actions are asked for', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('source-action.entramap', MESSY);
      const none = await codeActions(s, doc.uri, whole(MESSY), []);
      assert.deepEqual(none, []);
      const [action] = await codeActions(s, doc.uri, whole(MESSY), [], ['source.formatDocument']);
      assert.equal(action.title, 'Format document');
      assert.equal(action.kind, 'source.formatDocument');
      assert.equal(applyEdits(MESSY, editsOf(action, doc.uri)), FORMATTED);
      assert.equal((await codeActions(s, doc.uri, whole(MESSY), [], ['source'])).length, 1, 'source covers source.formatDocument');
    });
  });
});
