// Push diagnostics. Per document: an open analyses at once, an edit after
// `entraProvisioning.diagnostics.delay` ms of quiet (debounce), and an edit cancels the running
// analysis of the older version. Results are published with the version they belong to and only
// while that version is still current, so the editor never shows stale squiggles.
import type { Disposable } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisStatusNotification, AnalysisStatusParams } from '../protocol';
import { isCancelled } from './scheduling';
import { capDiagnostics, toDiagnostic } from './convert';
import type { Feature, FeatureContext } from './feature';

export class DiagnosticsFeature implements Feature {
  readonly id = 'diagnostics';
  private ctx!: FeatureContext;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Documents seen since they were opened (the first analysis is not debounced). */
  private readonly seen = new Set<string>();
  /** Documents with diagnostics on the client, so close/disable clears only what is there. */
  private readonly published = new Set<string>();
  private statusEnabled = false;
  private disposed = false;

  register(ctx: FeatureContext): Disposable {
    this.ctx = ctx;
    this.statusEnabled = ctx.initializationOptions.analysisStatus === true;
    const { documents } = ctx;
    const subscriptions = [
      // Fires for didOpen and every didChange.
      documents.onDidChangeContent(({ document }) => {
        const first = !this.seen.has(document.uri);
        this.seen.add(document.uri);
        if (!first) ctx.analysis.cancel(document.uri); // stop work on the older version now
        this.schedule(document.uri, first ? 0 : ctx.settings.current.diagnostics.delay);
      }),
      documents.onDidClose(({ document }) => {
        this.seen.delete(document.uri);
        this.clearTimer(document.uri);
        ctx.analysis.cancel(document.uri);
        this.clear(document.uri);
      }),
    ];
    ctx.settings.onDidChange(() => {
      if (this.disposed) return;
      for (const doc of documents.all()) this.schedule(doc.uri, 0);
    });
    return {
      dispose: () => {
        this.disposed = true;
        for (const s of subscriptions) s.dispose();
        for (const uri of [...this.timers.keys()]) this.clearTimer(uri);
      },
    };
  }

  private schedule(uri: string, delay: number): void {
    this.clearTimer(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.run(uri).catch((err) => this.ctx.log.error(`diagnostics for ${uri} failed: ${err instanceof Error ? err.stack : err}`));
      }, delay),
    );
  }

  private clearTimer(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }

  private async run(uri: string): Promise<void> {
    const { analysis, documents, settings } = this.ctx;
    await settings.whenReady();
    // A newer edit scheduled another run while we waited: that one will do it.
    if (this.disposed || this.timers.has(uri)) return;
    const doc = documents.get(uri);
    if (!doc) return;
    if (!settings.current.diagnostics.enable) {
      this.clear(uri);
      return;
    }
    const version = doc.version;
    const pending = analysis.analyze(doc);
    const kind = analysis.kindOf(doc);
    const cached = analysis.peek(uri, version);
    if (!kind) {
      // Not (or no longer) a document entramap understands, e.g. a JSON file that stopped
      // looking like a synchronizationSchema.
      this.clear(uri);
      return;
    }
    if (!cached && analysis.registry.forKind(kind)) this.status({ uri, version, kind, state: 'analysing' });
    let result;
    try {
      result = await pending;
    } catch (err) {
      this.status({ uri, version, kind, state: isCancelled(err) ? 'cancelled' : 'failed' });
      return;
    }
    if (!result) {
      this.clear(uri);
      return;
    }
    const current = documents.get(uri);
    if (!current || current.version !== version) return; // stale: a newer run is on its way
    const { kept, dropped } = capDiagnostics(result.diagnostics, settings.current.diagnostics.maxProblems);
    this.publish(current, kept.map((d) => toDiagnostic(current, d)));
    const truncated = result.truncated || dropped > 0;
    if (truncated) {
      this.ctx.log.info(`${uri}: showing the first ${kept.length} problems (entraProvisioning.diagnostics.maxProblems)`);
    }
    this.ctx.log.debug(
      `analysed ${uri}@${version} (${result.analyzer}): ${kept.length} problem(s) in ${result.durationMs} ms, ${result.yields} yield(s)`,
    );
    this.status({ uri, version, kind, state: 'done', problems: kept.length, truncated, durationMs: result.durationMs });
  }

  private publish(doc: TextDocument, diagnostics: ReturnType<typeof toDiagnostic>[]): void {
    this.ctx.counters.published++;
    if (diagnostics.length) this.published.add(doc.uri);
    else this.published.delete(doc.uri);
    void this.ctx.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  private clear(uri: string): void {
    if (!this.published.delete(uri)) return;
    this.ctx.counters.published++;
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private status(params: AnalysisStatusParams): void {
    if (this.statusEnabled) void this.ctx.connection.sendNotification(AnalysisStatusNotification.type, params);
  }
}
