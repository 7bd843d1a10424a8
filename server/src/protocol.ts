// Custom LSP messages between the entramap client and server. Both bundles import this file, so
// method names and payload types cannot drift apart. Every method is namespaced
// `entraProvisioning/...` and declared as a typed namespace (vscode-eslint's customMessages,
// Bicep's `bicep/...` requests). Keep payloads plain JSON.
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

/** The settings section both sides read (`entraProvisioning.*` in VS Code settings). */
export const SETTINGS_SECTION = 'entraProvisioning';
/** The language id of mapping files. */
export const ENTRAMAP_LANGUAGE_ID = 'entramap';

/** The `entraProvisioning.*` settings the server reads (the manifest declares the same keys). */
export interface ServerSettings {
  diagnostics: {
    /** Publish diagnostics at all. */
    enable: boolean;
    /** Milliseconds to wait after an edit before analysing. */
    delay: number;
    /** At most this many diagnostics per document. */
    maxProblems: number;
  };
}

export type DocumentKindName = 'entramap' | 'graph-json';

// ---- entraProvisioning/serverInfo ---------------------------------------------------------------

export interface AnalyzerInfo {
  id: string;
  kind: DocumentKindName;
  description: string;
}

export interface ServerInfo {
  name: string;
  version: string;
  /** The server process id (the client shows it in the output channel). */
  pid: number;
  /** process.version of the server's Node runtime. */
  node: string;
  /** Milliseconds since the server process started. */
  uptimeMs: number;
  analyzers: AnalyzerInfo[];
  settings: ServerSettings;
}

/** Facts about the running server: version, process, analysers, effective settings. */
export namespace ServerInfoRequest {
  export const method = 'entraProvisioning/serverInfo' as const;
  export const type = new RequestType0<ServerInfo, void>(method);
}

// ---- entraProvisioning/analysisStats --------------------------------------------------------------

export interface AnalysisStats {
  /** Analyses started, finished, cancelled (superseded by a newer version), failed. */
  started: number;
  completed: number;
  cancelled: number;
  failed: number;
  /** Requests answered from the per-version cache. */
  cacheHits: number;
  /** Times an analysis yielded to the event loop. */
  yields: number;
  /** Analyses run in a worker thread (large documents). */
  offThread: number;
  /** Running now / finished and cached now. */
  inFlight: number;
  cached: number;
  /** publishDiagnostics notifications sent. */
  published: number;
}

/** Counters of the analysis pipeline (for the output channel, tests and performance work). */
export namespace AnalysisStatsRequest {
  export const method = 'entraProvisioning/analysisStats' as const;
  export const type = new RequestType0<AnalysisStats, void>(method);
}

// ---- entraProvisioning/analysisStatus ---------------------------------------------------------------

export type AnalysisState = 'analysing' | 'done' | 'cancelled' | 'failed';

export interface AnalysisStatusParams {
  uri: string;
  version: number;
  kind: DocumentKindName;
  state: AnalysisState;
  /** For `done`: diagnostics published, and whether more were found than shown. */
  problems?: number;
  truncated?: boolean;
  durationMs?: number;
}

/** Server → client: a document's analysis started or ended (drives the busy status item). */
export namespace AnalysisStatusNotification {
  export const method = 'entraProvisioning/analysisStatus' as const;
  export const type = new NotificationType<AnalysisStatusParams>(method);
}
