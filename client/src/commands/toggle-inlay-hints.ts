// Entra Provisioning: Toggle Inline Values — turns the inlay hints (the values mappings produce
// for the sample user, scope verdicts, parameter names) on or off: the
// `entraProvisioning.inlayHints.enabled` setting, where it is set (workspace, else user
// settings). VS Code's own `editor.inlayHints.enabled` still applies on top.
// Options: { enabled: boolean } sets the value instead of flipping it. Resolves with the new value.
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../../server/src/protocol';
import { commandInput } from '../provisioning/args';
import type { Command } from './command';

export class ToggleInlayHintsCommand implements Command {
  readonly id = 'entraProvisioning.toggleInlayHints';

  async execute(arg?: unknown): Promise<boolean> {
    const { options } = commandInput<{ enabled: boolean }>(arg);
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const now = typeof options.enabled === 'boolean' ? options.enabled : !config.get<boolean>('inlayHints.enabled', true);
    const inspected = config.inspect<boolean>('inlayHints.enabled');
    const target = inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
    await config.update('inlayHints.enabled', now, target);
    const editorSetting = vscode.workspace.getConfiguration('editor').get<string>('inlayHints.enabled', 'on');
    const note = now && editorSetting === 'off' ? ' (VS Code\'s "editor.inlayHints.enabled" is off)' : '';
    vscode.window.setStatusBarMessage(`Entra Provisioning inline values ${now ? 'on' : 'off'}${note}`, 3000);
    return now;
  }
}
