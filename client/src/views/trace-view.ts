// The trace view: one WebviewPanel ("Entra Provisioning Trace") showing the last provisioning
// trace or scope check; re-running reuses it. Scripts are enabled only for its two buttons, which
// post messages back: "Copy as JSON" (the extension copies the trace model, so the clipboard gets
// the exact JSON) and "Show Log". No local or remote resources are loaded (localResourceRoots is
// empty, the CSP allows nothing but the page's own nonce'd style and script).
//
// The page itself (trace-html.ts) is loaded when a trace is first shown, from its own bundle
// (client/out/trace-html.js, esbuild.mjs `lazyModules`): it is not in extension.js.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { SanitizedLogChannel } from '../infrastructure/output';
import type * as TraceHtmlModule from './trace-html';
import type { TraceViewModel } from './trace-html';

let traceHtml: typeof TraceHtmlModule | undefined;

/** The page renderer, loaded on first use. Keep this `require` the only reference to trace-html.ts. */
function loadTraceHtml(): typeof TraceHtmlModule {
  traceHtml ??= require('./trace-html') as typeof TraceHtmlModule;
  return traceHtml;
}

export const TRACE_VIEW_TYPE = 'entraProvisioning.trace';

export class TraceView implements vscode.Disposable {
  private panelInstance: vscode.WebviewPanel | undefined;
  private model: TraceViewModel | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly output: SanitizedLogChannel) {}

  /** The open panel, if any (tests read its HTML). */
  get panel(): vscode.WebviewPanel | undefined {
    return this.panelInstance;
  }

  /** What the panel shows. */
  get current(): TraceViewModel | undefined {
    return this.model;
  }

  /** Shows a trace or scope check, in the existing panel when there is one. */
  show(model: TraceViewModel): vscode.WebviewPanel {
    this.model = model;
    const { title, html } = loadTraceHtml().renderTracePage(model, { nonce: randomBytes(18).toString('base64') });
    let panel = this.panelInstance;
    if (!panel) {
      panel = vscode.window.createWebviewPanel(
        TRACE_VIEW_TYPE,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, enableCommandUris: false, enableForms: false, localResourceRoots: [], retainContextWhenHidden: false },
      );
      this.panelInstance = panel;
      this.subscriptions.push(
        panel.onDidDispose(() => {
          if (this.panelInstance === panel) this.panelInstance = undefined;
        }),
        panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      );
    } else {
      panel.reveal(undefined, true);
    }
    panel.title = title;
    panel.webview.html = html;
    return panel;
  }

  /** The shown trace as JSON (what "Copy as JSON" copies). */
  json(): string | undefined {
    const m = this.model;
    if (!m) return undefined;
    return JSON.stringify(m.kind === 'provision' ? m.trace : m.result, null, 2);
  }

  /** "Copy as JSON": puts the shown trace on the clipboard. */
  async copyAsJson(): Promise<boolean> {
    const text = this.json();
    if (text === undefined) return false;
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage('$(check) Trace copied as JSON', 3000);
    return true;
  }

  private async onMessage(message: unknown): Promise<void> {
    const type = message && typeof message === 'object' ? (message as { type?: unknown }).type : undefined;
    try {
      if (type === 'copy') await this.copyAsJson();
      else if (type === 'showLog') this.output.show(true);
    } catch (err) {
      this.output.error(`Trace view: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.panelInstance?.dispose();
    this.panelInstance = undefined;
  }
}
