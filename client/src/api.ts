// What `activate` returns: `vscode.extensions.getExtension('entramap.entramap').exports`.
// Used by the extension's own end-to-end tests; not a stable API for other extensions.
import type * as vscode from 'vscode';
import type { CommandManager } from './commands/command-manager';
import type { EntraLanguageClient } from './infrastructure/languageClient';
import type { SanitizedLogChannel } from './infrastructure/output';
import type { SampleUserService } from './infrastructure/sample-user';
import type { TokenStore } from './infrastructure/secrets';
import type { TraceView } from './views/trace-view';

export interface EntraProvisioningApi {
  readonly version: string;
  readonly languageClient: EntraLanguageClient;
  readonly tokens: TokenStore;
  readonly commands: CommandManager;
  readonly output: SanitizedLogChannel;
  /** The provisioning trace view (its panel and the model it shows). */
  readonly traceView: TraceView;
  /** The sample user of inline evaluation (hover values, inlay hints) and its status item. */
  readonly sampleUser: SampleUserService;
  /** The extension's log folder; the output channel's log file is `Entra Provisioning.log` in it. */
  readonly logUri: vscode.Uri;
}
