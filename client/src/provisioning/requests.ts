// Sends a provisioning request to the language server with a progress notification: the
// server's `$/progress` messages (one per HTTP request) become the notification's text, and its
// Cancel button cancels the LSP request, which aborts the HTTP requests on the server.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { LSPErrorCodes, RequestType, ResponseError, WorkDoneProgress } from 'vscode-languageclient/node';
import type { EntraLanguageClient } from '../infrastructure/languageClient';

/** The request was cancelled (by the user, or by VS Code); `data` is what the server sent along. */
export class RequestCancelled extends Error {
  constructor(readonly data: unknown) {
    super('cancelled');
  }
}

export async function sendWithProgress<P extends object, R>(
  client: EntraLanguageClient,
  type: RequestType<P, R, void>,
  params: P,
  title: string,
): Promise<R> {
  const lc = client.languageClient;
  if (!lc || client.state !== 'running') {
    throw new Error('The Entra Provisioning language server is not running; run "Entra Provisioning: Restart Language Server".');
  }
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, cancel) => {
    const workDoneToken = `entraProvisioning/${randomUUID()}`;
    const sub = lc.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind !== 'end' && value.message) progress.report({ message: value.message });
    });
    try {
      return await lc.sendRequest(type, { ...params, workDoneToken }, cancel);
    } catch (err) {
      if ((err instanceof ResponseError && err.code === LSPErrorCodes.RequestCancelled) || cancel.isCancellationRequested) {
        throw new RequestCancelled(err instanceof ResponseError ? err.data : undefined);
      }
      throw err;
    } finally {
      sub.dispose();
    }
  });
}
