// The extension in a real VS Code extension host: activation, the language server's diagnostics
// for both document kinds, commands, restart, crash recovery, settings, secrets, snippets and
// the language configuration.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ServerInfoRequest } from '../../../server/src/protocol';
import { api, codeOf, diagnosticsOf, EXTENSION_ID, fixture, hasFrobnicate, open, waitFor } from './helpers';

suite('Entra Provisioning extension', () => {
  suiteSetup(async () => {
    await open('users.entramap');
  });

  test('activates on an .entramap file and starts the language server', async () => {
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.languageId, 'entramap');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    await waitFor('the extension to activate', () => ext?.isActive);
    const { languageClient } = await api();
    await languageClient.whenRunning();
    const info = languageClient.serverInfo;
    assert.equal(info?.name, 'entramap');
    assert.equal(info?.version, ext?.packageJSON.version);
    console.log(`      host: VS Code ${vscode.version} (${vscode.env.appName}), server pid ${info?.pid}, node ${info?.node}`);
  });

  test('publishes diagnostics for a mapping file, with code, link and source', async () => {
    const uri = fixture('users.entramap');
    const diagnostics = await diagnosticsOf(uri, hasFrobnicate, 'EPX101 on users.entramap');
    const d = diagnostics.find((x) => codeOf(x) === 'EPX101')!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, 'entramap');
    const code = d.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /diagnostics\.md#epx101$/);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(d.range), 'Frobnicate');
  });

  test('publishes diagnostics inside Graph schema JSON expressions, and ignores other JSON', async () => {
    await open('settings-export.json');
    const schema = fixture('schema.json');
    await open('schema.json');
    const diagnostics = await diagnosticsOf(schema, hasFrobnicate, 'EPX101 in schema.json');
    const doc = await vscode.workspace.openTextDocument(schema);
    assert.equal(doc.getText(diagnostics.find((x) => codeOf(x) === 'EPX101')!.range), 'Frobnicate');
    // settings-export.json was opened first and analysed (or skipped) first: it has nothing from entramap
    const other = vscode.languages.getDiagnostics(fixture('settings-export.json')).filter((x) => x.source === 'entramap');
    assert.deepEqual(other, []);
    await open('users.entramap');
  });

  test('updates diagnostics after an edit', async () => {
    const editor = await open('users.entramap');
    const uri = editor.document.uri;
    await diagnosticsOf(uri, hasFrobnicate, 'the initial EPX101');
    const text = editor.document.getText();
    const at = text.indexOf('Frobnicate');
    const range = new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 'Frobnicate'.length));
    try {
      assert.ok(await editor.edit((e) => e.replace(range, 'Coalesce')));
      await diagnosticsOf(uri, (d) => !hasFrobnicate(d), 'EPX101 to go away after the fix');
    } finally {
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(editor.document.isDirty, false);
    await diagnosticsOf(uri, hasFrobnicate, 'EPX101 to come back after the revert');
  });

  test('registers its commands in the "Entra Provisioning" palette category', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: { command: string; category: string; title: string }[] = ext.packageJSON.contributes.commands;
    assert.ok(contributed.length >= 2);
    const all = await vscode.commands.getCommands(true);
    for (const c of contributed) {
      assert.ok(c.command.startsWith('entraProvisioning.'), c.command);
      assert.equal(c.category, 'Entra Provisioning', c.command);
      assert.ok(all.includes(c.command), `${c.command} is registered`);
    }
    const { commands } = await api();
    assert.deepEqual(commands.ids.sort(), contributed.map((c) => c.command).sort());
    await vscode.commands.executeCommand('entraProvisioning.showOutput');
  });

  test('restarts the language server on command, and diagnostics come back', async () => {
    const { languageClient } = await api();
    const before = languageClient.serverInfo?.pid;
    const info = (await vscode.commands.executeCommand('entraProvisioning.restartServer')) as { pid: number } | undefined;
    assert.ok(info && info.pid !== before, `a new server process (${before} → ${info?.pid})`);
    assert.equal(languageClient.state, 'running');
    await diagnosticsOf(fixture('users.entramap'), hasFrobnicate, 'diagnostics from the restarted server');
  });

  test('restarts a crashed server and tells the user', async () => {
    const { languageClient } = await api();
    await languageClient.whenRunning();
    const pid = languageClient.serverInfo!.pid;
    const crashed = new Promise<{ restarting: boolean }>((resolve) => {
      const sub = languageClient.onDidCrash((e) => {
        sub.dispose();
        resolve(e);
      });
    });
    process.kill(pid, 'SIGKILL');
    const event = await Promise.race([
      crashed,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no crash event')), 20_000)),
    ]);
    assert.equal(event.restarting, true);
    const client = languageClient.languageClient!;
    const fresh = await waitFor('a new server process', async () => {
      if (!client.isRunning()) return undefined;
      const info = await client.sendRequest(ServerInfoRequest.type);
      return info.pid !== pid ? info : undefined;
    });
    assert.notEqual(fresh.pid, pid);
    await waitFor('the client to be running', () => languageClient.state === 'running');
    await diagnosticsOf(fixture('users.entramap'), hasFrobnicate, 'diagnostics after the crash');
  });

  test('reads its settings: diagnostics can be turned off and on', async () => {
    const uri = fixture('users.entramap');
    const config = vscode.workspace.getConfiguration('entraProvisioning');
    await diagnosticsOf(uri, hasFrobnicate, 'diagnostics before the change');
    try {
      await config.update('diagnostics.enable', false, vscode.ConfigurationTarget.Workspace);
      await diagnosticsOf(uri, (d) => d.length === 0, 'diagnostics to be cleared');
    } finally {
      await config.update('diagnostics.enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await diagnosticsOf(uri, hasFrobnicate, 'diagnostics to come back');
  });

  test('stores SCIM tokens in SecretStorage (round trip)', async () => {
    const { tokens } = await api();
    const target = `e2e-${Date.now()}`;
    assert.equal(await tokens.has(target), false);
    const changed = new Promise<string>((resolve) => {
      const sub = tokens.onDidChange((name) => {
        sub.dispose();
        resolve(name);
      });
    });
    await tokens.store(target, 'Bearer s3cr3t-token');
    assert.equal(await changed, target.toLowerCase());
    assert.equal(await tokens.get(target.toUpperCase()), 's3cr3t-token');
    await assert.rejects(tokens.store(target, '  '), /empty/);
    await tokens.delete(target);
    assert.equal(await tokens.get(target), undefined);
  });

  test('contributes snippets and a language configuration (comments)', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'entramap', content: '' });
    const editor = await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'entramap', name: 'active from IsSoftDeleted' });
    await waitFor('the snippet to be inserted', () => doc.getText().includes('Switch([IsSoftDeleted]'));
    assert.equal(doc.getText(), 'active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('editor.action.commentLine');
    await waitFor('the line to be commented', () => doc.getText().startsWith('# active'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
