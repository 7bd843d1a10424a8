// Entra Provisioning: Provision on Demand — one user through the portal's steps (import, scope,
// match, compute, action) against a target, on the language server with the target's token.
//
// Interactive: pick the target, the mapping file (default: the active .entramap / schema JSON,
// else the target's `mapping`), a users file (`*.users.json`) and a user in it. A dry run
// first finds out what would be written (it sends the match queries, never a write); a modal
// then names the exact action and requests, offering "Provision" and "Dry run". The trace goes
// to the trace view and, as text, to the output channel.
//
// Options (all optional): { target, mapping, usersFile, users, user, dryRun }. `mapping` and
// `usersFile` are URIs or workspace-relative paths; `users` an array of source users (instead of
// a file); `user` an objectId or userPrincipalName. With `dryRun` given (true or false) nothing is
// asked: the caller has decided. Resolves with the ProvisionOnDemandResult.
import * as vscode from 'vscode';
import { ProvisionOnDemandParams, ProvisionOnDemandRequest, ProvisionOnDemandResult } from '../../../server/src/protocol';
import type { EntraLanguageClient } from '../infrastructure/languageClient';
import type { SanitizedLogChannel } from '../infrastructure/output';
import type { TokenStore } from '../infrastructure/secrets';
import { commandInput } from '../provisioning/args';
import { describeWrites, subjectOf } from '../provisioning/format';
import { pickMapping, pickTarget, requireToken, resolveUri } from '../provisioning/pickers';
import { RequestCancelled, sendWithProgress } from '../provisioning/requests';
import { connectionSettings, dryRunByDefault, TargetConfig } from '../provisioning/settings';
import type { TraceView } from '../views/trace-view';
import type { Command } from './command';
import { pickSourceUsers, SourceUsersOptions, unlessDismissed } from './questions';

export interface ProvisionOnDemandOptions extends SourceUsersOptions {
  target: string;
  mapping: string;
  dryRun: boolean;
}

export class ProvisionOnDemandCommand implements Command {
  readonly id = 'entraProvisioning.provisionOnDemand';
  readonly requiresTrust = true;

  constructor(
    private readonly client: EntraLanguageClient,
    private readonly tokens: TokenStore,
    private readonly output: SanitizedLogChannel,
    private readonly view: TraceView,
  ) {}

  async execute(arg?: unknown): Promise<ProvisionOnDemandResult | undefined> {
    const { options, resource, scripted } = commandInput<ProvisionOnDemandOptions>(arg);
    const picked = await unlessDismissed(async () => {
      const target = await pickTarget(this.tokens, options.target, 'Provision to which target?');
      const mapping = await pickMapping(options.mapping ?? resource, target);
      const users = await pickSourceUsers(options);
      if (!users.user.trim()) throw new Error('No user was given: pass "user" (an objectId or userPrincipalName) with "users".');
      const token = await requireToken(this.tokens, target, !scripted);
      // Save the mapping's unsaved edits? No: the server reads open documents as they are.
      const params: ProvisionOnDemandParams = { url: target.tenantUrl, token, mappingUri: mapping.toString(), ...users, ...connectionSettings() };
      return { target, params };
    });
    if (!picked) return undefined;
    const { target, params } = picked;

    try {
      if (typeof options.dryRun === 'boolean') return this.present(await this.run(params, options.dryRun, target), target);
      const preview = await this.run(params, true, target);
      const writes = preview.trace.requests.filter((r) => !r.sent);
      if (preview.problems.length || !preview.trace.completed || !writes.length) {
        // Nothing would be written (a skip, no change, or a failure): the dry run is the answer.
        return this.present(preview, target);
      }
      const { message, detail } = describeWrites(preview.trace, target);
      const buttons = dryRunByDefault() ? ['Dry run', 'Provision'] : ['Provision', 'Dry run'];
      const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
      if (choice === 'Dry run') return this.present(preview, target);
      if (choice !== 'Provision') {
        this.output.info(`Provision on Demand of ${params.user} to "${target.name}": not confirmed, nothing was written.`);
        return undefined;
      }
      return this.present(await this.run(params, false, target), target);
    } catch (err) {
      if (err instanceof RequestCancelled) {
        const partial = (err.data as { text?: unknown } | undefined)?.text;
        this.output.warn(`Provision on Demand of ${params.user} to "${target.name}" was cancelled.${typeof partial === 'string' ? ` What happened until then:\n${partial}` : ''}`);
        void vscode.window.showWarningMessage(`Provision on Demand was cancelled. A write that was already sent may have taken effect; see the log.`, 'Show Log').then((c) => c && this.output.show(true));
        return undefined;
      }
      throw err;
    }
  }

  private run(params: ProvisionOnDemandParams, dryRun: boolean, target: TargetConfig): Promise<ProvisionOnDemandResult> {
    const title = `Provision on Demand${dryRun ? ' (dry run)' : ''}: ${params.user} → ${target.name}`;
    return sendWithProgress(this.client, ProvisionOnDemandRequest.type, { ...params, dryRun }, title);
  }

  private present(result: ProvisionOnDemandResult, target: TargetConfig): ProvisionOnDemandResult {
    const { trace } = result;
    const header = `Provision on Demand to "${target.name}" (${target.tenantUrl}):\n`;
    if (trace.completed) this.output.info(header + result.text);
    else this.output.warn(header + result.text);
    this.view.show({ kind: 'provision', trace, target: target.name });
    const showLog = 'Show Log';
    if (result.problems.length) {
      const n = result.problems.length;
      const uri = resolveUri(result.problems[0].uri);
      const file = uri ? vscode.workspace.asRelativePath(uri) : 'The mapping file';
      void vscode.window
        .showErrorMessage(`Provision on Demand: ${file} has ${n} error${n === 1 ? '' : 's'}; nothing was sent.`, 'Show Problems', showLog)
        .then((c) => (c === 'Show Problems' ? vscode.commands.executeCommand('workbench.actions.view.problems') : c === showLog && this.output.show(true)));
    } else if (trace.completed) {
      const outcome = `${trace.action.toUpperCase()}${trace.reason ? ` (${trace.reason})` : ''}`;
      void vscode.window
        .showInformationMessage(`Provision on Demand of ${subjectOf(trace)} to "${target.name}": ${outcome}${trace.dryRun ? ' — dry run, nothing was written' : ''}.`, showLog)
        .then((c) => c && this.output.show(true));
    } else {
      const failed = trace.steps.find((s) => s.status === 'failed');
      const e = failed?.error;
      void vscode.window
        .showErrorMessage(`Provision on Demand of ${subjectOf(trace)} failed at ${failed?.name ?? 'a step'}${e ? ` (${e.category})` : ''}: ${failed?.summary ?? 'see the trace'}${e?.hint ? ` Fix: ${e.hint.split('\n')[0]}` : ''}`, showLog)
        .then((c) => c && this.output.show(true));
    }
    return result;
  }
}
