// Custom LSP messages between the entramap client and server. Both bundles import this file, so
// method names and payload types cannot drift apart. Every method is namespaced
// `entraProvisioning/...` and declared as a typed namespace (vscode-eslint's customMessages,
// Bicep's `bicep/...` requests). Keep payloads plain JSON.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { ProvisionTrace, TraceError, TraceStep } from './provisioning/trace';
import type { TestConnectionResult } from './provisioning/test-connection';
import type { GroupVerdict } from './scoping/model';

export type { ProvisionTrace, TraceError, TraceStep, TestConnectionResult, GroupVerdict };

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
  inlayHints: {
    /** Show inlay hints at all (VS Code's `editor.inlayHints.enabled` still applies on top). */
    enabled: boolean;
    /** Parameter names before positional constants of expressions. */
    parameterNames: boolean;
    /** A verdict on each scoping clause for the sample user (the filters' verdicts always show). */
    scopingClauses: boolean;
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
  /** The server process's memory (process.memoryUsage()), in bytes. */
  memory?: { rss: number; heapUsed: number; external: number };
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
  /** Analyses run in a worker thread (pathological documents, analysis/placement.ts). */
  offThread: number;
  /** Running now / finished and cached now. */
  inFlight: number;
  cached: number;
  /** publishDiagnostics notifications sent. */
  published: number;
  /** Documents parsed for the editor features and diagnostics (one per uri@version). */
  parses?: number;
  /** Requests and analyses that reused the parsed document of their version. */
  parseHits?: number;
  /** Parses of .entramap documents that started from the previous version's (incremental). */
  incrementalParses?: number;
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

// ---- provisioning: Test Connection, Provision on Demand, Check Scope ----------------------------
//
// The client (VS Code) reads the secret token from SecretStorage and passes it with each request;
// the server uses it for that request only, never stores or logs it, and scrubs it from
// everything it returns (results, error messages, progress). The `token` property name is also
// what the client's output sanitiser redacts in the LSP message trace.
//
// Progress: when the params carry a `workDoneToken`, the server reports `$/progress`
// (begin / report per HTTP request / end). Cancellation: `$/cancelRequest` aborts the HTTP
// requests in flight; the request then fails with LSPErrorCodes.RequestCancelled (-32800), and
// a cancelled Provision on Demand carries its partial trace in the error's `data.trace`.

/** How to reach a SCIM endpoint; shared by Test Connection and Provision on Demand. */
export interface ScimConnectionParams {
  /** The Tenant URL (SCIM base URL), possibly with Entra flags in its query string. */
  url: string;
  /** The secret token (bearer). Used for this request only. */
  token: string;
  /** Bound on each HTTP request, in seconds (default 30, at most 3600). */
  timeoutSeconds?: number;
  /** An explicit proxy URL (VS Code's `http.proxy`); without it HTTPS_PROXY / HTTP_PROXY apply. */
  proxy?: string;
  /** Hosts that bypass the proxy, NO_PROXY syntax (VS Code's `http.noProxy`, comma-joined). */
  noProxy?: string;
  /** Verify server certificates (VS Code's `http.proxyStrictSSL`; default true). */
  strictSsl?: boolean;
}

/** Work-done progress token (LSP `WorkDoneProgressParams`). */
export interface ProgressParams {
  workDoneToken?: string | number;
}

/** A problem of a mapping document that stops a run (nothing is sent). Positions are 0-based. */
export interface MappingProblem {
  uri: string;
  line: number;
  character: number;
  code: string;
  message: string;
}

/** Where the source users come from: a users file (`*.users.json`) or the objects themselves. */
export interface SourceUsersParams {
  /** URI of a users file: a JSON array of source users (or Graph's `{ "value": [...] }`). */
  usersUri?: string;
  /** Source users given inline (a sample user); used when `usersUri` is absent. */
  users?: Record<string, unknown>[];
  /** objectId (or Graph `id`) or userPrincipalName of the user to run. */
  user: string;
}

// ---- entraProvisioning/testConnection --------------------------------------------------------------

export interface TestConnectionParams extends ScimConnectionParams, ProgressParams {
  /** The target attribute probed with `eq` (default: the mapping's first matching attribute, else userName). */
  matchingAttribute?: string;
  /** A mapping document (.entramap or Graph schema JSON) whose user mapping names the matching attribute. */
  mappingUri?: string;
}

/** Entra's Test Connection against a SCIM endpoint; never fails for endpoint problems (see `ok`). */
export namespace TestConnectionRequest {
  export const method = 'entraProvisioning/testConnection' as const;
  export const type = new RequestType<TestConnectionParams, TestConnectionResult, void>(method);
}

// ---- entraProvisioning/provisionOnDemand -----------------------------------------------------------

export interface ProvisionOnDemandParams extends ScimConnectionParams, SourceUsersParams, ProgressParams {
  /** The mapping document: read from the server's open documents, else from disk (file: URIs). */
  mappingUri: string;
  /** Build and show the writes without sending them (reads are sent). */
  dryRun?: boolean;
}

export interface ProvisionOnDemandResult {
  /** The trace (import, scope, match, compute, action; requests and responses redacted). */
  trace: ProvisionTrace;
  /** The trace as text (the CLI's `formatTrace`), for the output channel. */
  text: string;
  /** Errors of the mapping document; when there are any, nothing was sent. */
  problems: MappingProblem[];
}

/** Provision one user on demand (or show what would be written, with `dryRun`). */
export namespace ProvisionOnDemandRequest {
  export const method = 'entraProvisioning/provisionOnDemand' as const;
  export const type = new RequestType<ProvisionOnDemandParams, ProvisionOnDemandResult, void>(method);
}

// ---- entraProvisioning/checkScope ------------------------------------------------------------------

export interface CheckScopeParams extends SourceUsersParams {
  mappingUri: string;
  /** Scope "Sync all users and groups" (default: only assigned users). */
  syncAll?: boolean;
}

export interface ScopeCondition {
  name: string;
  value: unknown;
  result: boolean;
}

export interface CheckScopeResult {
  /** Whether the user would be provisioned (all conditions and one scoping filter passed). */
  inScope: boolean;
  /** Why, in a few words: "in scope", "no scoping filter passed", ... */
  reason: string;
  /** The user as found in the source (undefined when not found). */
  object?: ProvisionTrace['object'];
  /** The user object mapping's name. */
  mapping?: string;
  /** Active, not deleted, assigned, scoping filters. */
  conditions: ScopeCondition[];
  /** Per scoping filter (OR), per clause (AND): the user's value and the verdict. */
  filters: GroupVerdict[];
  inputFilterGroups?: GroupVerdict[];
  categoryFilterGroups?: GroupVerdict[];
  /** The import and scope steps, as Provision on Demand traces them (for the trace view). */
  steps: TraceStep[];
  /** A text form for the output channel. */
  text: string;
  /** Why there is no verdict (unknown user, no user mapping, unreadable file, ...). */
  error?: TraceError;
  /** Errors of the mapping document; when there are any there is no verdict. */
  problems: MappingProblem[];
}

/** The scoping verdict of one user, computed locally: never contacts any endpoint. */
export namespace CheckScopeRequest {
  export const method = 'entraProvisioning/checkScope' as const;
  export const type = new RequestType<CheckScopeParams, CheckScopeResult, void>(method);
}

// ---- entraProvisioning/sampleUser ------------------------------------------------------------------

/** The source user that hover values and inlay hints evaluate mappings for. */
export interface SampleUserParams {
  /** The user object as in a `*.users.json` file (source attribute names); null clears the selection. */
  user: Record<string, unknown> | null;
  /** How hovers name the user (default: its displayName, userPrincipalName or mail). */
  name?: string;
  /** Where the user came from (a users file URI), for the server log only. */
  source?: string;
}

/**
 * Client → server: the selected sample user changed (or was re-read from its file). The server
 * uses it for hover values and inlay hints and asks the client to refresh its inlay hints.
 */
export namespace SampleUserNotification {
  export const method = 'entraProvisioning/sampleUser' as const;
  export const type = new NotificationType<SampleUserParams>(method);
}

// ---- entraProvisioning/templateContent -------------------------------------------------------------

/**
 * The URI scheme of the app templates as read-only documents (`entramap-template:/personify.entramap`):
 * go to definition of a catalogue attribute opens the template line that maps it. The client
 * serves the scheme with a TextDocumentContentProvider that asks the server.
 */
export const TEMPLATE_SCHEME = 'entramap-template';

export interface TemplateContentParams {
  uri: string;
}

/** The text of a template document; null when the URI names no template. */
export namespace TemplateContentRequest {
  export const method = 'entraProvisioning/templateContent' as const;
  export const type = new RequestType<TemplateContentParams, string | null, void>(method);
}
