// Runs the features: builds the initialize result from their capability contributions, gives
// them a shared context (documents, analyses, settings, log) and disposes them on shutdown.
import type { Connection, Disposable, InitializeParams, InitializeResult, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalyzerRegistry } from './analysis/registry';
import { AnalysisService } from './analysis/service';
import type { OffThreadOptions } from './analysis/worker';
import { baseCapabilities, mergeCapabilities } from './capabilities';
import { setServiceErrorHandler } from './document';
import { ParsedDocumentCache } from './documents';
import { SampleUserStore } from './sample-user';
import type { Feature, FeatureContext, InitializationOptions, PipelineCounters } from './feature';
import { connectionLogger, Logger } from './logger';
import { affectsAnalysis, SettingsStore } from './settings';

export const SERVER_NAME = 'entramap';

export interface FeatureHostOptions {
  version: string;
  registry: AnalyzerRegistry;
  /** Longest synchronous slice of an analysis before it yields (ms). */
  sliceMs?: number;
  /** Pathological documents are analysed in a worker thread (see analysis/placement.ts, worker.ts). */
  offThread?: OffThreadOptions;
  /**
   * The parse cache the registry's analysers share (see `defaultAnalyzers({ parsed, parsedAsync })`);
   * a fresh one when not given. Its `placement` should be `offThread.placement`.
   */
  parsed?: ParsedDocumentCache;
}

export class FeatureHost {
  readonly log: Logger;
  readonly settings: SettingsStore;
  readonly analysis: AnalysisService;
  readonly parsed: ParsedDocumentCache;
  readonly sample = new SampleUserStore();
  private readonly counters: PipelineCounters = { published: 0 };
  private readonly disposables: Disposable[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly features: readonly Feature[],
    private readonly options: FeatureHostOptions,
  ) {
    this.log = connectionLogger(connection);
    this.parsed = options.parsed ?? new ParsedDocumentCache({ placement: options.offThread?.placement });
    this.settings = new SettingsStore(connection);
    this.analysis = new AnalysisService(
      options.registry,
      () => ({
        maxDiagnostics: this.settings.current.diagnostics.maxProblems,
        sliceMs: options.sliceMs ?? 8,
        offThread: options.offThread,
      }),
      this.log,
    );
    // Registered before any feature's listener, so features re-run on fresh analyses.
    this.settings.onDidChange((now, before) => {
      if (affectsAnalysis(now, before)) this.analysis.reset();
    });
  }

  initialize(params: InitializeParams): InitializeResult {
    this.settings.initialize(params);
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    const ctx: FeatureContext = {
      connection: this.connection,
      documents: this.documents,
      analysis: this.analysis,
      parsed: this.parsed,
      sample: this.sample,
      settings: this.settings,
      log: this.log,
      client: params.capabilities,
      initializationOptions: typeof init === 'object' ? init : {},
      counters: this.counters,
      version: this.options.version,
    };
    // The document services never throw: their internal failures are answered with "nothing
    // here" and reported here, to the server log.
    setServiceErrorHandler((error, service) => {
      this.log.error(`${service} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    });
    this.disposables.push(this.documents.onDidClose(({ document }) => this.parsed.delete(document.uri)));
    let capabilities = baseCapabilities();
    for (const feature of this.features) {
      if (feature.capabilities) capabilities = mergeCapabilities(capabilities, feature.capabilities(params.capabilities));
      const d = feature.register(ctx);
      if (d) this.disposables.push(d);
    }
    return { capabilities, serverInfo: { name: SERVER_NAME, version: this.options.version } };
  }

  initialized(): void {
    this.settings.initialized();
    for (const feature of this.features) feature.initialized?.();
    const analysers = this.options.registry
      .list()
      .map((a) => `${a.kind} → ${a.id}`)
      .join(', ');
    this.log.info(`${SERVER_NAME} ${this.options.version} ready (pid ${process.pid}, node ${process.version}); analysers: ${analysers}`);
  }

  shutdown(): void {
    this.analysis.reset();
    this.parsed.clear();
    for (const d of this.disposables.splice(0)) {
      try {
        d.dispose();
      } catch {
        // shutting down anyway
      }
    }
  }
}
