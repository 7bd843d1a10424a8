// Entra Provisioning: Restart Language Server.
import * as vscode from 'vscode';
import type { ServerInfo } from '../../../server/src/protocol';
import type { EntraLanguageClient } from '../infrastructure/languageClient';
import type { Command } from './command';

export class RestartServerCommand implements Command {
  readonly id = 'entraProvisioning.restartServer';

  constructor(private readonly client: EntraLanguageClient) {}

  /** Resolves with the new server's info (its pid differs from the old one's). */
  async execute(): Promise<ServerInfo | undefined> {
    const info = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Restarting the Entra Provisioning language server' },
      () => this.client.restart(),
    );
    vscode.window.setStatusBarMessage('$(check) Entra Provisioning language server restarted', 3000);
    return info;
  }
}
