// Registers the extension's commands. Asserts the `entraProvisioning.` prefix (Bicep's
// CommandManager asserts `bicep.`), refuses trust-requiring commands in untrusted workspaces,
// and turns a command's failure into a logged error and one notification instead of an
// unhandled rejection.
import * as vscode from 'vscode';
import type { SanitizedLogChannel } from '../infrastructure/output';
import { sanitizeError } from '../infrastructure/sanitize';
import { Command, COMMAND_PREFIX } from './command';

export class CommandManager implements vscode.Disposable {
  private readonly registered = new Map<string, vscode.Disposable>();

  constructor(private readonly output: SanitizedLogChannel) {}

  register(...commands: Command[]): void {
    for (const command of commands) {
      if (!command.id.startsWith(COMMAND_PREFIX) || command.id.length === COMMAND_PREFIX.length) {
        throw new Error(`command id "${command.id}" must start with "${COMMAND_PREFIX}"`);
      }
      if (this.registered.has(command.id)) throw new Error(`command "${command.id}" is registered twice`);
      this.registered.set(
        command.id,
        vscode.commands.registerCommand(command.id, (...args: unknown[]) => this.run(command, args)),
      );
    }
  }

  /** Ids registered so far. */
  get ids(): string[] {
    return [...this.registered.keys()];
  }

  private async run(command: Command, args: unknown[]): Promise<unknown> {
    if (command.requiresTrust && !vscode.workspace.isTrusted) {
      this.output.warn(`${command.id} refused: the workspace is not trusted.`);
      void vscode.window
        .showWarningMessage(
          'This command contacts a provisioning endpoint and is disabled in Restricted Mode. Trust the workspace to use it.',
          'Manage Workspace Trust',
        )
        .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      return undefined;
    }
    try {
      return await command.execute(...args);
    } catch (err) {
      this.output.error(`${command.id} failed: ${sanitizeError(err)}`);
      const message = err instanceof Error ? err.message : String(err);
      void vscode.window.showErrorMessage(`Entra Provisioning: ${message}`, 'Show Output').then((choice) => {
        if (choice) this.output.show(true);
      });
      return undefined;
    }
  }

  dispose(): void {
    for (const d of this.registered.values()) d.dispose();
    this.registered.clear();
  }
}
