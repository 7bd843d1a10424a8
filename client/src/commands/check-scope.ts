// Entra Provisioning: Check Scope for User — whether a user would be provisioned, with each
// condition, each scoping filter and each clause evaluated against the user's values. Computed
// by the language server without any network request, so it also works in Restricted Mode.
// The verdict opens in the trace view and goes, as text, to the output channel.
//
// Options (all optional): { mapping, usersFile, users, user, syncAll } (see Provision on Demand).
// Resolves with the CheckScopeResult.
import * as vscode from 'vscode';
import { CheckScopeParams, CheckScopeRequest, CheckScopeResult } from '../../../server/src/protocol';
import type { EntraLanguageClient } from '../infrastructure/languageClient';
import type { SanitizedLogChannel } from '../infrastructure/output';
import { commandInput } from '../provisioning/args';
import { pickMapping } from '../provisioning/pickers';
import type { TraceView } from '../views/trace-view';
import type { Command } from './command';
import { pickSourceUsers, SourceUsersOptions, unlessDismissed } from './questions';

export interface CheckScopeOptions extends SourceUsersOptions {
  mapping: string;
  syncAll: boolean;
}

export class CheckScopeCommand implements Command {
  readonly id = 'entraProvisioning.checkScope';

  constructor(
    private readonly client: EntraLanguageClient,
    private readonly output: SanitizedLogChannel,
    private readonly view: TraceView,
  ) {}

  async execute(arg?: unknown): Promise<CheckScopeResult | undefined> {
    const { options, resource } = commandInput<CheckScopeOptions>(arg);
    const picked = await unlessDismissed(async () => {
      const mapping = await pickMapping(options.mapping ?? resource);
      const params: CheckScopeParams = { mappingUri: mapping.toString(), ...(await pickSourceUsers(options)), syncAll: options.syncAll === true };
      return { mapping, params };
    });
    if (!picked) return undefined;
    const { mapping, params } = picked;
    const lc = this.client.languageClient;
    if (!lc || this.client.state !== 'running') throw new Error('The Entra Provisioning language server is not running; run "Entra Provisioning: Restart Language Server".');
    const result = await lc.sendRequest(CheckScopeRequest.type, params);
    const file = vscode.workspace.asRelativePath(mapping);
    this.output.info(`Check Scope (${file}):\n${result.text}`);
    this.view.show({ kind: 'scope', result, mapping: file });
    const who = result.object?.reportableIdentifier ?? result.object?.displayName ?? params.user;
    const showLog = 'Show Log';
    let shown: Thenable<string | undefined>;
    if (result.error) {
      shown = vscode.window.showErrorMessage(`Check Scope: ${result.error.message}`, showLog);
    } else if (result.inScope) {
      const passed = result.filters.filter((f) => f.result).map((f) => `"${f.name}"`);
      shown = vscode.window.showInformationMessage(`${who} is in scope${passed.length ? ` (filter ${passed.join(', ')} passed)` : ''}.`, showLog);
    } else {
      shown = vscode.window.showWarningMessage(`${who} is out of scope: ${result.reason}.`, showLog);
    }
    void shown.then((choice) => choice && this.output.show(true));
    return result;
  }
}
