// Entra Provisioning: Clear Secret Token — deletes a target's secret token from SecretStorage.
//
// Options (all optional): { target: string }. Resolves with true when a token was deleted, false
// when none was stored.
import * as vscode from 'vscode';
import type { SanitizedLogChannel } from '../infrastructure/output';
import type { TokenStore } from '../infrastructure/secrets';
import { commandInput } from '../provisioning/args';
import { pickTarget } from '../provisioning/pickers';
import type { Command } from './command';
import { unlessDismissed } from './questions';

export interface ClearTokenOptions {
  target: string;
}

export class ClearTokenCommand implements Command {
  readonly id = 'entraProvisioning.clearToken';

  constructor(
    private readonly tokens: TokenStore,
    private readonly output: SanitizedLogChannel,
  ) {}

  async execute(arg?: unknown): Promise<boolean | undefined> {
    const { options } = commandInput<ClearTokenOptions>(arg);
    return unlessDismissed(async () => {
      const target = await pickTarget(this.tokens, options.target, 'Clear the secret token of which target?');
      const had = await this.tokens.has(target.name);
      await this.tokens.delete(target.name);
      if (had) this.output.info(`The secret token of the target "${target.name}" was deleted from the secret storage.`);
      void vscode.window.showInformationMessage(
        had ? `Entra Provisioning: the secret token of "${target.name}" was cleared.` : `Entra Provisioning: no secret token was stored for "${target.name}".`,
      );
      return had;
    });
  }
}
