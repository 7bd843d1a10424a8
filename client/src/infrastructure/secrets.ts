// SCIM bearer tokens in VS Code's SecretStorage (the OS keychain on desktop), one per target.
// The language server never stores them: a command reads the token here and passes it with the
// request. Tokens are never logged (the output channel's sanitiser is the second line of defence).
import * as vscode from 'vscode';

export const TOKEN_KEY_PREFIX = 'entraProvisioning.token.';

export class TokenStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the target name when its token is stored or deleted (also from another window). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(TOKEN_KEY_PREFIX)) this.changed.fire(e.key.slice(TOKEN_KEY_PREFIX.length));
    });
  }

  /** The secret key of a target: names are trimmed and compared case-insensitively. */
  static key(target: string): string {
    const name = target.trim().toLowerCase();
    if (!name) throw new Error('A target name is required.');
    return TOKEN_KEY_PREFIX + name;
  }

  async get(target: string): Promise<string | undefined> {
    return this.secrets.get(TokenStore.key(target));
  }

  async has(target: string): Promise<boolean> {
    return (await this.get(target)) !== undefined;
  }

  async store(target: string, token: string): Promise<void> {
    const value = token.trim().replace(/^Bearer\s+/i, '');
    if (!value) throw new Error('The token is empty.');
    if (/\s/.test(value)) throw new Error('A bearer token cannot contain spaces or line breaks.');
    await this.secrets.store(TokenStore.key(target), value);
  }

  async delete(target: string): Promise<void> {
    await this.secrets.delete(TokenStore.key(target));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
