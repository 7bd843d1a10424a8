// The editor features in a real VS Code extension host, through VS Code's own provider commands
// (what the editor itself calls): completion, hover, signature help, symbols, formatting, code
// actions, definition into a template document (served by the extension's content provider),
// semantic tokens, and inline values after "Select Sample User" (with its argument), plus the
// settings and the toggle command that turn them off.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeOf, diagnosticsOf, fixture, open, waitFor } from './helpers';

function hintText(h: vscode.InlayHint): string {
  return typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
}

const labelOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);

function markdownOf(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

async function position(uri: vscode.Uri, needle: string, delta = 0): Promise<vscode.Position> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" in ${uri.path}`);
  return doc.positionAt(at + delta);
}

async function hintsOf(uri: vscode.Uri): Promise<string[]> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, range);
  return hints.map((h) => `${h.position.line + 1}: ${hintText(h)}`);
}

suite('Editor features', () => {
  const editor = () => fixture('editor.entramap');

  suiteSetup(async () => {
    await open('editor.entramap');
    const { languageClient } = await api();
    await languageClient.whenRunning();
    // the document is analysed: the server has it
    await diagnosticsOf(editor(), (d) => d.length === 0, 'editor.entramap to be clean');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('entraProvisioning.selectSampleUser', { clear: true });
    await vscode.workspace.getConfiguration('entraProvisioning').update('inlayHints.enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  test('completion: functions and attributes in an expression, target paths at a line start', async () => {
    const uri = editor();
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, await position(uri, '[givenName]', 4));
    const labels = list.items.map(labelOf);
    // the server keeps only what can match the typed word ("giv")
    assert.deepEqual(labels, ['givenName']);
    const join = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, await position(uri, 'Join(', 2));
    const fn = join.items.find((i) => labelOf(i) === 'Join');
    assert.equal(fn?.kind, vscode.CompletionItemKind.Function);
    assert.ok(typeof fn?.label === 'object' && fn.label.detail?.startsWith('(separator'), 'the parameters beside the name');
    const line = await position(uri, '  title <-', 0);
    const targets = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, line);
    const paths = targets.items.map(labelOf);
    assert.ok(paths.includes('emails[type eq "work"].value'), paths.slice(0, 20).join(', '));
    assert.ok(!paths.includes('userName'), 'mapped already');
  });

  test('hover: the function signature and docs; signature help: the active parameter', async () => {
    const uri = editor();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, await position(uri, 'Join(', 1));
    const text = markdownOf(hovers);
    assert.ok(text.includes('Join(separator: string, ...source: string) -> string'), text);
    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', uri, await position(uri, '[surname])', 0));
    assert.equal(help.signatures[help.activeSignature].label, 'Join(separator: string, source1: string, source2: string, ...) -> string');
    assert.equal(help.activeParameter, 2);
  });

  test('document symbols: the app, the mapping, its scope and attribute mappings', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor());
    assert.equal(symbols[0].name, 'Contoso');
    const mapping = symbols[0].children[0];
    assert.equal(mapping.name, 'Users to Contoso');
    assert.deepEqual(mapping.children.map((c) => c.name), ['scope', 'userName', 'active', 'displayName', 'title', 'externalId']);
  });

  test('semantic tokens with the extension\'s legend', async () => {
    const uri = editor();
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', uri);
    assert.ok(legend.tokenTypes.includes('invalid') && legend.tokenTypes.includes('keyword'));
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', uri);
    assert.ok(tokens.data.length > 100 && tokens.data.length % 5 === 0);
  });

  test('formatting: the canonical layout, comments kept', async () => {
    const uri = fixture('format.entramap');
    const doc = await vscode.workspace.openTextDocument(uri);
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, { tabSize: 2, insertSpaces: true });
    assert.ok(edits.length > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.set(uri, edits);
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      assert.equal(
        doc.getText(),
        '# formatting fixture (a comment that stays)\napp "Contoso" template scim\n\nmapping "Users" {\n  source User\n  target User\n  actions create update delete\n\n  userName <- [userPrincipalName] match 1\n  displayName <- Join(" ", [givenName], [surname])\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n}\n',
      );
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    // JSON documents keep their own formatter: ours is registered for .entramap only
    const json = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', fixture('schema.json'), { tabSize: 2, insertSpaces: true });
    assert.ok(!json?.some((e) => e.newText.includes('Frobnicate')), 'no entramap edits in JSON');
  });

  test('code actions: the quick fix of a diagnostic applies and the problem goes away', async () => {
    const uri = fixture('fix.entramap');
    await open('fix.entramap');
    const [d] = await diagnosticsOf(uri, (list) => list.some((x) => codeOf(x) === 'EPX101'), 'EPX101 in fix.entramap');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === "Change to 'Join'");
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.equal(fix.isPreferred, true);
    const doc = await vscode.workspace.openTextDocument(uri);
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.ok(doc.getText().includes('displayName <- Join(" ", [givenName], [surname])'));
      await diagnosticsOf(uri, (list) => list.length === 0, 'fix.entramap to be clean after the fix');
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await diagnosticsOf(uri, (list) => list.some((x) => codeOf(x) === 'EPX101'), 'EPX101 back after the revert');
    await open('editor.entramap');
  });

  test('definition: a target path opens the app template, served by the extension', async () => {
    const uri = editor();
    const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, await position(uri, 'title <-', 1));
    assert.equal(found.length, 1);
    const link = found[0] as vscode.LocationLink;
    const target = link.targetUri ?? (found[0] as vscode.Location).uri;
    assert.equal(target.scheme, 'entramap-template');
    assert.equal(target.toString(), 'entramap-template:/scim.entramap');
    const template = await vscode.workspace.openTextDocument(target);
    assert.equal(template.languageId, 'entramap');
    const range = link.targetSelectionRange ?? (found[0] as vscode.Location).range;
    assert.equal(template.getText(range), 'title');
    const shown = await vscode.window.showTextDocument(template, { preview: true });
    assert.equal(shown.document.uri.toString(), target.toString());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await open('editor.entramap');
  });

  test('inline values: selecting a sample user (with an argument) shows values and scope verdicts', async () => {
    const uri = editor();
    const { sampleUser } = await api();
    assert.deepEqual(await hintsOf(uri), ['17: key1:', '17: value1:', '17: key2:', '17: value2:', '18: separator:'], 'parameter names only');
    const selected = await vscode.commands.executeCommand<{ label: string; key: string }>('entraProvisioning.selectSampleUser', { usersFile: 'sample.users.json', user: 'alice@contoso.com' });
    assert.equal(selected.label, 'Alice Smith');
    assert.equal(sampleUser.statusText, '$(person) Alice Smith');
    const hints = await waitFor('value hints', async () => {
      const h = await hintsOf(uri);
      return h.some((x) => x.includes('→')) ? h : undefined;
    });
    assert.deepEqual(hints, [
      '10: ✓ in scope',
      '11: ✓ matches',
      '12: ✓',
      '16: → "alice@contoso.com"',
      '17: key1:',
      '17: value1:',
      '17: key2:',
      '17: value2:',
      '17: → (no value)', // the sample has no IsSoftDeleted
      '18: separator:',
      '18: → "Alice Smith"',
      '19: → "ENGINEER"',
      '20: → "alice"',
    ]);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, await position(uri, 'title <-', 1));
    assert.ok(markdownOf(hovers).includes('*Alice Smith* → `"ENGINEER"`'), markdownOf(hovers));
    // remembered per workspace
    const { key } = selected;
    assert.equal(sampleUser.selection?.key, key);
    // by display name, in any case
    const carol = await vscode.commands.executeCommand<{ label: string }>('entraProvisioning.selectSampleUser', { user: 'carol king' });
    assert.equal(carol.label, 'Carol King');
    await waitFor('Carol\'s values', async () => (await hintsOf(uri)).includes('18: → "Carol King"'));
    // a new server process gets the selection as soon as it runs
    const { languageClient } = await api();
    const before = languageClient.serverInfo?.pid;
    await vscode.commands.executeCommand('entraProvisioning.restartServer');
    assert.notEqual(languageClient.serverInfo?.pid, before);
    await waitFor('Carol\'s values from the new server', async () => (await hintsOf(uri)).includes('18: → "Carol King"'));
  });

  test('inline values follow entraProvisioning.inlayHints.enabled and the toggle command', async () => {
    const uri = editor();
    await vscode.commands.executeCommand('entraProvisioning.selectSampleUser', { usersFile: 'sample.users.json', user: 'alice@contoso.com' });
    await waitFor('value hints', async () => (await hintsOf(uri)).includes('18: → "Alice Smith"'));
    assert.equal(await vscode.commands.executeCommand('entraProvisioning.toggleInlayHints'), false);
    assert.equal(vscode.workspace.getConfiguration('entraProvisioning').get('inlayHints.enabled'), false);
    await waitFor('no hints', async () => (await hintsOf(uri)).length === 0);
    assert.equal(await vscode.commands.executeCommand('entraProvisioning.toggleInlayHints'), true);
    await waitFor('hints back', async () => (await hintsOf(uri)).includes('18: → "Alice Smith"'));
    // cleared: parameter names only again
    assert.equal(await vscode.commands.executeCommand('entraProvisioning.selectSampleUser', { clear: true }), undefined);
    await waitFor('values gone', async () => !(await hintsOf(uri)).some((h) => h.includes('→')));
    const { sampleUser } = await api();
    assert.equal(sampleUser.statusText, '$(person) No sample user');
  });

  test('Graph schema JSON: hover and inline values inside expressions; diagnostics in the Problems list', async () => {
    const uri = fixture('schema.json');
    await open('schema.json');
    await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'EPX101'), 'EPX101 in schema.json');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, await position(uri, 'Join(', 1));
    assert.ok(markdownOf(hovers).includes('Join(separator: string, ...source: string) -> string'));
    await vscode.commands.executeCommand('entraProvisioning.selectSampleUser', { usersFile: 'sample.users.json', user: 'alice@contoso.com' });
    const hints = await waitFor('a value hint in JSON', async () => {
      const h = await hintsOf(uri);
      return h.some((x) => x.includes('→')) ? h : undefined;
    });
    assert.ok(hints.some((h) => /→ error|→ \(no flow\)|→ /.test(h)), hints.join('\n'));
    await vscode.commands.executeCommand('entraProvisioning.selectSampleUser', { clear: true });
    await open('editor.entramap');
  });
});
