// The language status item ("{}" in the status bar next to the language mode): server state,
// a busy indicator while documents are analysed, and a one-click way to the output channel or,
// after a failure, to a restart (vscode-eslint's pattern).
import * as vscode from 'vscode';
import type { AnalysisStatusParams } from '../../../server/src/protocol';
import { ENTRAMAP_LANGUAGE_ID } from '../../../server/src/protocol';

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

const BASE_SELECTOR: vscode.DocumentFilter[] = [{ language: ENTRAMAP_LANGUAGE_ID }];

/** A glob matching exactly one file name (glob metacharacters become single-character wildcards). */
function literalGlob(name: string): string {
  return name.replace(/[*?[\]{}!]/g, '?');
}

export class ServerStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly analysing = new Set<string>();
  /** Graph schema JSON documents the server recognised: the item shows for them too. */
  private readonly schemaDocuments = new Map<string, vscode.DocumentFilter>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: ServerState = 'stopped';
  private detail = '';
  private readonly selectorEmitter = new vscode.EventEmitter<vscode.DocumentSelector>();
  /** Fires when the documents the item shows for change (Graph schema JSON documents found). */
  readonly onDidChangeSelector = this.selectorEmitter.event;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('entraProvisioning.server', BASE_SELECTOR);
    this.item.name = 'Entra Provisioning';
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const key = doc.uri.toString();
        this.analysing.delete(key);
        if (this.schemaDocuments.delete(key)) this.updateSelector();
        this.render();
      }),
    );
    this.render();
  }

  setState(state: ServerState, detail = ''): void {
    this.state = state;
    this.detail = detail;
    if (state !== 'running') this.analysing.clear();
    this.render();
  }

  /** entraProvisioning/analysisStatus from the server. */
  onAnalysisStatus(status: AnalysisStatusParams): void {
    if (status.state === 'analysing') this.analysing.add(status.uri);
    else this.analysing.delete(status.uri);
    if (status.kind === 'graph-json' && !this.schemaDocuments.has(status.uri)) {
      const uri = vscode.Uri.parse(status.uri);
      const segments = uri.path.split('/');
      const name = segments.pop() ?? '';
      this.schemaDocuments.set(status.uri, {
        language: 'json',
        scheme: uri.scheme,
        pattern: new vscode.RelativePattern(uri.with({ path: segments.join('/') || '/' }), literalGlob(name)),
      });
      this.updateSelector();
    }
    this.render();
  }

  /** The documents the item shows for: .entramap files and the Graph schema JSON documents the server recognised. */
  get selector(): vscode.DocumentFilter[] {
    return [...BASE_SELECTOR, ...this.schemaDocuments.values()];
  }

  private updateSelector(): void {
    this.item.selector = this.selector;
    this.selectorEmitter.fire(this.item.selector);
  }

  private render(): void {
    const item = this.item;
    item.busy = false;
    item.severity = vscode.LanguageStatusSeverity.Information;
    switch (this.state) {
      case 'starting':
        item.text = 'Starting';
        item.detail = 'Entra Provisioning language server';
        item.busy = true;
        item.command = { title: 'Show Output', command: 'entraProvisioning.showOutput' };
        break;
      case 'running':
        item.busy = this.analysing.size > 0;
        item.text = item.busy ? 'Analysing' : 'Entra Provisioning';
        item.detail = this.detail;
        item.command = { title: 'Show Output', command: 'entraProvisioning.showOutput' };
        break;
      case 'stopped':
      case 'failed':
        item.severity = vscode.LanguageStatusSeverity.Error;
        item.text = this.state === 'failed' ? 'Server failed' : 'Server stopped';
        item.detail = this.detail || 'Entra Provisioning language server';
        item.command = { title: 'Restart', command: 'entraProvisioning.restartServer' };
        break;
    }
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.selectorEmitter.dispose();
    this.item.dispose();
  }
}
