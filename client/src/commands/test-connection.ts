// Entra Provisioning: Test Connection — Entra's Test Connection against a target: a filter query
// on the matching attribute for a user that cannot exist, expecting 200 with an empty
// ListResponse. Runs on the language server with the target's token; shows progress, then a
// banner naming the failure category with a one-line fix, and logs the redacted details.
//
// Options (all optional): { target: string }. Resolves with the TestConnectionResult.
import * as vscode from 'vscode';
import { TestConnectionRequest, TestConnectionResult } from '../../../server/src/protocol';
import type { EntraLanguageClient } from '../infrastructure/languageClient';
import type { SanitizedLogChannel } from '../infrastructure/output';
import type { TokenStore } from '../infrastructure/secrets';
import { commandInput } from '../provisioning/args';
import { formatTestConnection, testConnectionBanner } from '../provisioning/format';
import { pickTarget, requireToken, resolveUri } from '../provisioning/pickers';
import { RequestCancelled, sendWithProgress } from '../provisioning/requests';
import { connectionSettings } from '../provisioning/settings';
import type { Command } from './command';
import { unlessDismissed } from './questions';

export interface TestConnectionOptions {
  target: string;
}

export class TestConnectionCommand implements Command {
  readonly id = 'entraProvisioning.testConnection';
  readonly requiresTrust = true;

  constructor(
    private readonly client: EntraLanguageClient,
    private readonly tokens: TokenStore,
    private readonly output: SanitizedLogChannel,
  ) {}

  async execute(arg?: unknown): Promise<TestConnectionResult | undefined> {
    const { options, scripted } = commandInput<TestConnectionOptions>(arg);
    const picked = await unlessDismissed(async () => {
      const target = await pickTarget(this.tokens, options.target, 'Test the connection to which target?');
      return { target, token: await requireToken(this.tokens, target, !scripted) };
    });
    if (!picked) return undefined;
    const { target, token } = picked;
    let mappingUri: string | undefined;
    try {
      mappingUri = target.mapping ? resolveUri(target.mapping)?.toString() : undefined;
    } catch {
      mappingUri = undefined; // no folder: probe userName
    }
    this.output.info(`Test Connection "${target.name}": ${target.tenantUrl}`);
    let result: TestConnectionResult;
    try {
      result = await sendWithProgress(
        this.client,
        TestConnectionRequest.type,
        { url: target.tenantUrl, token, mappingUri, ...connectionSettings() },
        `Test Connection: ${target.name}`,
      );
    } catch (err) {
      if (err instanceof RequestCancelled) {
        this.output.info(`Test Connection "${target.name}" was cancelled.`);
        return undefined;
      }
      throw err;
    }
    const text = formatTestConnection(target, result);
    if (result.ok) this.output.info(text);
    else this.output.warn(text);
    const showLog = 'Show Log';
    const banner = result.ok
      ? vscode.window.showInformationMessage(testConnectionBanner(target, result), showLog)
      : vscode.window.showErrorMessage(testConnectionBanner(target, result), showLog);
    void banner.then((choice) => choice === showLog && this.output.show(true));
    return result;
  }
}
