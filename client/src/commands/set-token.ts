// Entra Provisioning: Set Secret Token — stores a target's secret token (Entra's "Secret Token",
// the SCIM bearer token) in VS Code's SecretStorage under a key per target, never in settings.
//
// Options (all optional): { target: string, token: string }. Resolves with true when stored.
import * as vscode from 'vscode';
import type { SanitizedLogChannel } from '../infrastructure/output';
import type { TokenStore } from '../infrastructure/secrets';
import { commandInput } from '../provisioning/args';
import { Dismissed, pickTarget } from '../provisioning/pickers';
import type { Command } from './command';
import { unlessDismissed } from './questions';

export interface SetTokenOptions {
  /** The target's name (from entraProvisioning.targets). */
  target: string;
  /** The token; asked for in a password box when absent. */
  token: string;
}

/** Why a token cannot be used (the message never contains the token). */
export function validateToken(value: string): string | undefined {
  const v = value.trim().replace(/^Bearer\s+/i, '');
  if (!v) return 'Enter the secret token.';
  if (/\s/.test(v)) return 'A bearer token cannot contain spaces or line breaks.';
  if (/[^\x21-\x7e]/.test(v)) return 'The token contains characters that cannot be sent in an HTTP header.';
  return undefined;
}

export class SetTokenCommand implements Command {
  readonly id = 'entraProvisioning.setToken';

  constructor(
    private readonly tokens: TokenStore,
    private readonly output: SanitizedLogChannel,
  ) {}

  async execute(arg?: unknown): Promise<boolean | undefined> {
    const { options } = commandInput<SetTokenOptions>(arg);
    return unlessDismissed(async () => {
      const target = await pickTarget(this.tokens, options.target, 'Set the secret token of which target?');
      let token = options.token;
      if (token === undefined) {
        const had = await this.tokens.has(target.name);
        token = await vscode.window.showInputBox({
          title: `Secret Token for "${target.name}"`,
          prompt: `The bearer token for ${target.tenantUrl} (Entra's "Secret Token"). It is kept in VS Code's secret storage${had ? ' and replaces the stored one' : ''}, never in settings or logs.`,
          placeHolder: 'Secret token',
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => validateToken(v),
        });
        if (token === undefined) throw new Dismissed();
      }
      const problem = validateToken(token);
      if (problem) throw new Error(problem);
      await this.tokens.store(target.name, token);
      this.output.info(`The secret token of the target "${target.name}" was stored in the secret storage.`);
      void vscode.window.showInformationMessage(`Entra Provisioning: the secret token of "${target.name}" is stored.`);
      return true;
    });
  }
}
