// What `activate` returns: `vscode.extensions.getExtension('entramap.entramap').exports`.
// Used by the extension's own end-to-end tests; not a stable API for other extensions.
import type { CommandManager } from './commands/command-manager';
import type { EntraLanguageClient } from './infrastructure/languageClient';
import type { SanitizedLogChannel } from './infrastructure/output';
import type { TokenStore } from './infrastructure/secrets';

export interface EntraProvisioningApi {
  readonly version: string;
  readonly languageClient: EntraLanguageClient;
  readonly tokens: TokenStore;
  readonly commands: CommandManager;
  readonly output: SanitizedLogChannel;
}
