// The Entra Provisioning extension: thin VS Code glue around the language server (Bicep-style).
// activate(): output channel, status item, language client, commands, token store.
import * as vscode from 'vscode';
import type { EntraProvisioningApi } from './api';
import { CheckScopeCommand } from './commands/check-scope';
import { ClearTokenCommand } from './commands/clear-token';
import { CommandManager } from './commands/command-manager';
import { ProvisionOnDemandCommand } from './commands/provision-on-demand';
import { RestartServerCommand } from './commands/restart-server';
import { SetTokenCommand } from './commands/set-token';
import { ShowOutputCommand } from './commands/show-output';
import { TestConnectionCommand } from './commands/test-connection';
import { EntraLanguageClient } from './infrastructure/languageClient';
import { createOutputChannel } from './infrastructure/output';
import { sanitizeError } from './infrastructure/sanitize';
import { TokenStore } from './infrastructure/secrets';
import { ServerStatus } from './infrastructure/status';
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
  );
  context.subscriptions.push(status, tokens, commands, traceView, client);
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
  return { version: VERSION, languageClient: client, tokens, commands, output, traceView, logUri: context.logUri };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.stop();
}
