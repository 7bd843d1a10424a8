// The app templates as read-only documents (`entramap-template:/personify.entramap`): go to
// definition of a catalogue attribute lands on the template line that maps it. The text comes
// from the language server (entraProvisioning/templateContent).
import * as vscode from 'vscode';
import { TEMPLATE_SCHEME, TemplateContentRequest } from '../../../server/src/protocol';
import type { EntraLanguageClient } from './languageClient';

export class TemplateDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly registration: vscode.Disposable;

  constructor(private readonly client: EntraLanguageClient) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(TEMPLATE_SCHEME, this);
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    await this.client.whenRunning(15_000);
    const lc = this.client.languageClient;
    if (!lc) throw new Error('The Entra Provisioning language server is not running.');
    const text = await lc.sendRequest(TemplateContentRequest.type, { uri: uri.toString() }, token);
    return text ?? `# No entramap template is named by ${uri.toString()}.\n`;
  }

  dispose(): void {
    this.registration.dispose();
  }
}
