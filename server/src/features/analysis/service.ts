// One analysis per document version, shared by every feature (diagnostics now; completion, hover,
// code actions later): cached per `uri@version`, computed once even when several features ask
// at the same time, and cancelled as soon as a newer version, a close or a settings change
// makes it useless.
import type { AnalysisStats } from '../../protocol';
import { CancellationSource, CancelledError, isCancelled, Work } from '../scheduling';
import type { DocumentAnalysis } from './analyzer';
import { classifyDocument, DocumentKind } from './document-kind';
import type { AnalyzerRegistry } from './registry';
import { analyzeOffThread, OffThreadOptions } from './worker';
import { analysedOffThread } from './placement';

/** What the service reads from a document; satisfied by vscode-languageserver-textdocument. */
export interface DocumentSource {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  getText(): string;
}

export interface AnalysisOptions {
  maxDiagnostics: number;
  /** Longest stretch of synchronous work before yielding to the event loop. */
  sliceMs: number;
  /** Where large documents are analysed; undefined = always on the main thread. */
  offThread?: OffThreadOptions;
}

export interface AnalysisLog {
  error(message: string): void;
  debug?(message: string): void;
}

interface Entry {
  version: number;
  generation: number;
  kind: DocumentKind | undefined;
  source: CancellationSource;
  promise: Promise<DocumentAnalysis | undefined>;
  result?: DocumentAnalysis;
  settled: boolean;
}

export class AnalysisService {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private readonly counters: Omit<AnalysisStats, 'inFlight' | 'cached' | 'published'> = {
    started: 0,
    completed: 0,
    cancelled: 0,
    failed: 0,
    cacheHits: 0,
    yields: 0,
    offThread: 0,
  };

  constructor(
    readonly registry: AnalyzerRegistry,
    private readonly options: () => AnalysisOptions,
    private readonly log: AnalysisLog,
  ) {}

  /** The document kind of this version (cheap after the first call for a version). */
  kindOf(doc: DocumentSource): DocumentKind | undefined {
    const e = this.current(doc);
    return e ? e.kind : classifyDocument(doc.languageId, doc.uri, doc.getText());
  }

  /**
   * The analysis of the document's current version; undefined when no analyser handles it.
   * Rejects with CancelledError when a newer version, a close or a settings change supersedes
   * the version before the analysis finishes.
   */
  analyze(doc: DocumentSource): Promise<DocumentAnalysis | undefined> {
    const existing = this.current(doc);
    if (existing) {
      this.counters.cacheHits++;
      return existing.promise;
    }
    this.cancel(doc.uri);

    const text = doc.getText();
    const { uri, languageId, version } = doc;
    const kind = classifyDocument(languageId, uri, text);
    const analyzer = kind && this.registry.forKind(kind);
    const source = new CancellationSource();
    const entry: Entry = { version, generation: this.generation, kind, source, promise: Promise.resolve(undefined), settled: true };
    if (kind && analyzer) {
      const { maxDiagnostics, sliceMs, offThread } = this.options();
      const work = new Work(source.token, sliceMs);
      const started = Date.now();
      const input = { uri, languageId, version, text, kind, maxDiagnostics };
      const inWorker = offThread !== undefined && analysedOffThread(kind, text, offThread.placement);
      this.counters.started++;
      if (inWorker) this.counters.offThread++;
      entry.settled = false;
      entry.promise = (async () => {
        try {
          const out =
            inWorker && offThread
              ? { model: undefined, ...(await analyzeOffThread(input, offThread, source.token)) }
              : await analyzer.analyze(input, work);
          work.throwIfCancelled();
          const result: DocumentAnalysis = {
            uri,
            version,
            kind,
            analyzer: analyzer.id,
            model: out.model,
            offThread: inWorker,
            diagnostics: out.diagnostics,
            truncated: out.truncated === true,
            durationMs: Date.now() - started,
            yields: work.yields,
          };
          entry.result = result;
          this.counters.completed++;
          return result;
        } catch (err) {
          if (isCancelled(err)) {
            this.counters.cancelled++;
          } else {
            this.counters.failed++;
            const detail = err instanceof Error ? err.stack ?? err.message : String(err);
            this.log.error(`${analyzer.id} failed on ${uri}@${version}: ${detail}`);
          }
          throw err;
        } finally {
          entry.settled = true;
          this.counters.yields += work.yields;
        }
      })();
      // The entry keeps the promise; a rejection nobody awaits is not an unhandled one.
      entry.promise.catch(() => undefined);
    }
    this.entries.set(uri, entry);
    return entry.promise;
  }

  /** The finished analysis of exactly this version, if there is one (never starts work). */
  peek(uri: string, version: number): DocumentAnalysis | undefined {
    const e = this.entries.get(uri);
    return e && e.version === version && e.generation === this.generation ? e.result : undefined;
  }

  /** A newer version exists or the document closed: cancel its analysis and drop the cache. */
  cancel(uri: string): void {
    const e = this.entries.get(uri);
    if (!e) return;
    e.source.cancel();
    this.entries.delete(uri);
  }

  /** Settings changed: every cached or running analysis is stale. */
  reset(): void {
    this.generation++;
    for (const e of this.entries.values()) e.source.cancel();
    this.entries.clear();
  }

  stats(): Omit<AnalysisStats, 'published'> {
    let inFlight = 0;
    let cached = 0;
    for (const e of this.entries.values()) {
      if (e.result) cached++;
      else if (!e.settled) inFlight++;
    }
    return { ...this.counters, inFlight, cached };
  }

  private current(doc: DocumentSource): Entry | undefined {
    const e = this.entries.get(doc.uri);
    return e && e.version === doc.version && e.generation === this.generation ? e : undefined;
  }
}

export { CancelledError };
