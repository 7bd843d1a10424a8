// Restricted Mode (an untrusted workspace): package.json declares limited support. Editing
// features keep working; commands that contact a provisioning endpoint refuse to run.
// Run by test/e2e/run.mjs in a separate host session with workspace trust enabled.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandManager } from '../../../client/src/commands/command-manager';
import { api, diagnosticsOf, EXTENSION_ID, fixture, hasFrobnicate, open } from './helpers';

suite('Entra Provisioning in Restricted Mode', () => {
  test('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(ext.packageJSON.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  test('the extension activates and the language server reports diagnostics', async () => {
    await open('users.entramap');
    const { languageClient } = await api();
    await languageClient.whenRunning();
    await diagnosticsOf(fixture('users.entramap'), hasFrobnicate, 'EPX101 in Restricted Mode');
  });

  test('commands that need trust refuse to run; others run', async () => {
    const { output } = await api();
    const manager = new CommandManager(output);
    let networkCalls = 0;
    let localCalls = 0;
    try {
      manager.register(
        { id: 'entraProvisioning.e2e.networkProbe', requiresTrust: true, execute: () => ++networkCalls },
        { id: 'entraProvisioning.e2e.localProbe', execute: () => ++localCalls },
      );
      // refused at once (the warning it shows does not hold the command)
      assert.equal(await vscode.commands.executeCommand('entraProvisioning.e2e.networkProbe'), undefined);
      assert.equal(networkCalls, 0);
      assert.equal(await vscode.commands.executeCommand('entraProvisioning.e2e.localProbe'), 1);
      assert.equal(localCalls, 1);
    } finally {
      manager.dispose();
    }
  });

  test('refuses command ids outside the entraProvisioning. namespace', async () => {
    const { output } = await api();
    const manager = new CommandManager(output);
    assert.throws(() => manager.register({ id: 'entramap.hello', execute: () => undefined }), /must start with "entraProvisioning\."/);
    manager.dispose();
  });
});
