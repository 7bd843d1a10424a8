// Restricted Mode (an untrusted workspace): package.json declares limited support. Editing
// features keep working; commands that contact a provisioning endpoint refuse to run.
// Run by test/e2e/run.mjs in a separate host session with workspace trust enabled.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandManager } from '../../../client/src/commands/command-manager';
import type { CheckScopeResult } from '../../../server/src/protocol';
import { startTarget } from '../../../server/src/target';
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

  test('Test Connection and Provision on Demand refuse and send nothing; tokens and Check Scope still work', async () => {
    const token = `untrusted-${Math.random().toString(36).slice(2)}`;
    const target = await startTarget({ port: 0, record: true, token });
    const config = vscode.workspace.getConfiguration('entraProvisioning');
    const { tokens } = await api();
    try {
      // user settings: targets from workspace settings are ignored in Restricted Mode
      await config.update('targets', [{ name: 'Local', tenantUrl: target.url }], vscode.ConfigurationTarget.Global);
      assert.equal(await vscode.commands.executeCommand('entraProvisioning.setToken', { target: 'Local', token }), true);
      assert.equal(await tokens.get('Local'), token);

      assert.equal(await vscode.commands.executeCommand('entraProvisioning.testConnection', { target: 'Local' }), undefined);
      const provision = { target: 'Local', mapping: 'provision.entramap', usersFile: 'sample.users.json', user: 'alice@contoso.com' };
      assert.equal(await vscode.commands.executeCommand('entraProvisioning.provisionOnDemand', { ...provision, dryRun: true }), undefined);
      assert.equal(await vscode.commands.executeCommand('entraProvisioning.provisionOnDemand', { ...provision, dryRun: false }), undefined);
      assert.deepEqual(target.requests, [], 'nothing reached the target');

      // no network: allowed
      const scope = (await vscode.commands.executeCommand('entraProvisioning.checkScope', { mapping: 'provision.entramap', usersFile: 'sample.users.json', user: 'alice@contoso.com' })) as CheckScopeResult;
      assert.equal(scope.inScope, true);
      assert.equal(scope.filters[0].name, 'Engineering');

      assert.equal(await vscode.commands.executeCommand('entraProvisioning.clearToken', { target: 'Local' }), true);
      assert.equal(await tokens.get('Local'), undefined);
    } finally {
      await tokens.delete('Local');
      await config.update('targets', undefined, vscode.ConfigurationTarget.Global);
      await target.close();
    }
    assert.deepEqual(target.requests, []);
  });
});
