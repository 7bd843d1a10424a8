// The contract between the analysis pipeline and the pure analysis code.
//
// An analyser adapts one document kind (an .entramap file, a Graph schema JSON document) to the
// pure functions in language/, check/, schema/: it takes the text and returns plain data with
// UTF-16 offsets. It never sees LSP types; features/ converts offsets to LSP ranges with the
// TextDocument of exactly the analysed version.
import type { Severity } from '../../diagnostics/codes';
import type { Work } from '../scheduling';
import type { DocumentKind } from './document-kind';

/** What an analyser gets: one immutable snapshot of a document. */
export interface AnalysisInput {
  uri: string;
  languageId: string;
  version: number;
  text: string;
  kind: DocumentKind;
  /**
   * Analysers may stop collecting diagnostics past this many (the pipeline would drop them),
   * but must then set `truncated`.
   */
  maxDiagnostics: number;
}

/** A diagnostic as offsets into the analysed text. `code` comes from diagnostics/codes.ts. */
export interface AnalysisDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  /** Passed through to the LSP diagnostic's `data` (quick fixes read it back). */
  data?: unknown;
  /** Other places that explain the problem (offsets into the same document). */
  related?: { message: string; start: number; end: number }[];
}

export interface AnalyzerOutput<TModel = unknown> {
  /** What the editor features of this kind read (a MappingModel, a parsed JSON tree, ...). */
  model: TModel;
  diagnostics: AnalysisDiagnostic[];
  /** True when the analyser stopped collecting diagnostics at `maxDiagnostics`. */
  truncated?: boolean;
}

export interface Analyzer<TModel = unknown> {
  /** Stable id, e.g. `entramap`, `graph-json`; shown by `entraProvisioning/serverInfo`. */
  readonly id: string;
  readonly kind: DocumentKind;
  readonly description: string;
  /**
   * Analyses one snapshot. Long work must call `work.checkpoint()` between units (lines,
   * expressions, JSON elements): it yields to the event loop and throws when cancelled.
   */
  analyze(input: AnalysisInput, work: Work): Promise<AnalyzerOutput<TModel>>;
}

/** The cached result of one document version. */
export interface DocumentAnalysis<TModel = unknown> {
  uri: string;
  version: number;
  kind: DocumentKind;
  analyzer: string;
  /**
   * What the analyser built. Undefined when the document was analysed in a worker thread
   * (documents too large to parse on the server's main thread: diagnostics only).
   */
  model: TModel | undefined;
  offThread: boolean;
  diagnostics: AnalysisDiagnostic[];
  truncated: boolean;
  /** Wall-clock time from start to finish, including yields. */
  durationMs: number;
  /** How often the analysis gave the event loop back. */
  yields: number;
}
