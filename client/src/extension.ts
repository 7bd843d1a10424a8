// The Entra Provisioning extension: thin VS Code glue around the language server (Bicep-style).
// activate(): output channel, status item, language client, commands, token store.
import * as vscode from 'vscode';
import type { EntraProvisioningApi } from './api';
import { CheckScopeCommand } from './commands/check-scope';
import { ClearTokenCommand } from './commands/clear-token';
import { CommandManager } from './commands/command-manager';
import { ProvisionOnDemandCommand } from './commands/provision-on-demand';
import { RestartServerCommand } from './commands/restart-server';
import { SelectSampleUserCommand } from './commands/select-sample-user';
import { SetTokenCommand } from './commands/set-token';
import { ShowOutputCommand } from './commands/show-output';
import { TestConnectionCommand } from './commands/test-connection';
import { ToggleInlayHintsCommand } from './commands/toggle-inlay-hints';
import { EntraLanguageClient } from './infrastructure/languageClient';
import { createOutputChannel } from './infrastructure/output';
import { SampleUserService } from './infrastructure/sample-user';
import { sanitizeError } from './infrastructure/sanitize';
import { TokenStore } from './infrastructure/secrets';
import { ServerStatus } from './infrastructure/status';
import { TemplateDocumentProvider } from './infrastructure/template-documents';
import { TraceView } from './views/trace-view';

declare const __ENTRAMAP_VERSION__: string | undefined;
const VERSION = typeof __ENTRAMAP_VERSION__ === 'string' ? __ENTRAMAP_VERSION__ : '0.0.0-dev';

let client: EntraLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<EntraProvisioningApi> {
  const output = createOutputChannel();
  context.subscriptions.push(output);
  output.info(
    `Entra Provisioning ${VERSION} in ${vscode.env.appName} ${vscode.version}` +
      (vscode.workspace.isTrusted ? '' : ' (Restricted Mode: network commands are disabled)'),
  );

  const status = new ServerStatus();
  const tokens = new TokenStore(context.secrets);
  client = new EntraLanguageClient(context, output, status);
  // inline evaluation: the sample user (sent to the server whenever it runs) and its status item
  const sampleUser = new SampleUserService(context.workspaceState, client, output, status.selector);
  context.subscriptions.push(status.onDidChangeSelector((selector) => (sampleUser.selector = selector)));
  const templates = new TemplateDocumentProvider(client);
  const traceView = new TraceView(output);
  const commands = new CommandManager(output);
  commands.register(
    new RestartServerCommand(client),
    new ShowOutputCommand(output),
    new TestConnectionCommand(client, tokens, output),
    new ProvisionOnDemandCommand(client, tokens, output, traceView),
    new CheckScopeCommand(client, output, traceView),
    new SetTokenCommand(tokens, output),
    new ClearTokenCommand(tokens, output),
    new SelectSampleUserCommand(sampleUser),
    new ToggleInlayHintsCommand(),
  );
  context.subscriptions.push(status, tokens, commands, traceView, sampleUser, templates, client);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => output.info('The workspace is now trusted: network commands are enabled.')),
  );

  try {
    await client.start();
  } catch (err) {
    // Already logged; editing still works without the server, and Restart can retry.
    void vscode.window.showErrorMessage(`The Entra Provisioning language server did not start: ${sanitizeError(err).split('\n')[0]}`, 'Show Output').then(
      (choice) => choice && output.show(true),
    );
  }
  return { version: VERSION, languageClient: client, tokens, commands, output, traceView, sampleUser, logUri: context.logUri };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.stop();
}
