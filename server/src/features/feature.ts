// The feature framework. A feature is one editor capability (diagnostics, completion, hover,
// code actions, ...) in its own file: it declares what it adds to the server capabilities and
// registers its handlers on the connection. features/index.ts lists them; server.ts only wires
// the connection. Features read document analyses from `ctx.analysis` (cached per
// uri@version) and convert offsets with convert.ts.
import type { ClientCapabilities, Connection, Disposable, ServerCapabilities, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisService } from './analysis/service';
import type { ParsedDocumentCache } from './documents';
import type { SampleUserStore } from './sample-user';
import type { Logger } from './logger';
import type { SettingsStore } from './settings';

/** Options the client passes in `initializationOptions` (all optional). */
export interface InitializationOptions {
  /** Send entraProvisioning/analysisStatus notifications (the VS Code client shows them). */
  analysisStatus?: boolean;
  /** Settings for clients without workspace/configuration. */
  settings?: unknown;
}

/** Counters shared by features, reported by entraProvisioning/analysisStats. */
export interface PipelineCounters {
  published: number;
}

export interface FeatureContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly analysis: AnalysisService;
  /** One ParsedDocument per uri@version, shared with the analysis (features read it, never parse). */
  readonly parsed: ParsedDocumentCache;
  /** The sample user of inline evaluation (hover values, inlay hints). */
  readonly sample: SampleUserStore;
  readonly settings: SettingsStore;
  readonly log: Logger;
  /** The client's capabilities from `initialize`. */
  readonly client: ClientCapabilities;
  readonly initializationOptions: InitializationOptions;
  readonly counters: PipelineCounters;
  /** The server's version (package.json, injected by esbuild). */
  readonly version: string;
}

export interface Feature {
  /** Short id, used in logs. */
  readonly id: string;
  /** What the feature adds to the initialize result; merged by capabilities.ts. */
  capabilities?(client: ClientCapabilities): ServerCapabilities;
  /** Registers handlers. Called once, while the server handles `initialize`. */
  register(ctx: FeatureContext): Disposable | void;
  /** Called after the client's `initialized` notification (dynamic registrations go here). */
  initialized?(): void;
}
