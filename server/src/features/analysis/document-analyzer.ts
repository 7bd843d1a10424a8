// The analyser of both document kinds (.entramap and Graph synchronizationSchema JSON): one parse
// into a ParsedDocument (the model every editor feature reads), then every check `entramap check`
// runs (check/document.ts `checkParsedDocument`: reader diagnostics with quick-fix data, EPX
// expression checks, ESF scoping checks, EMP mapping checks), with `app ... schema FILE` resolved
// relative to the document. So the editor reports exactly what the CLI reports.
//
// On the main thread the parse comes from the server's ParsedDocumentCache (`parsed`), shared
// with the features that ask about the same version (made incrementally from the previous
// version, or in slices for a large document), and the checks run in slices too (yielding with
// `work.checkpoint()`) with the document's check cache: an edit re-checks only the lines it
// changed and what depends on their order. In the analysis worker the parse is made here.
import { checkParsedDocumentSteps } from '../../check/document';
import type { Finding } from '../../check/mapping';
import { ParsedDocument, parseDocument } from '../document';
import type { Work } from '../scheduling';
import type { AnalysisDiagnostic, AnalysisInput, Analyzer } from './analyzer';
import type { DocumentKind } from './document-kind';
import { targetSchemaResolver } from '../../check/target-schema-resolver';

/** Returns the parse of exactly `input` (uri, version, text) when the caller already has one. */
export type ParsedLookup = (input: AnalysisInput) => ParsedDocument | undefined;
/** As ParsedLookup, making the parse in slices (`work.checkpoint()` in between) when it is long. */
export type ParsedLookupAsync = (input: AnalysisInput, work: Work) => Promise<ParsedDocument | undefined>;

export interface DocumentAnalyzerOptions {
  parsed?: ParsedLookup;
  /** Preferred over `parsed` when given. */
  parsedAsync?: ParsedLookupAsync;
}

const DESCRIPTIONS: Record<DocumentKind, string> = {
  entramap: '.entramap mapping files: syntax, expressions, scoping, mapping checks (as entramap check)',
  'graph-json': 'Graph synchronizationSchema JSON: structure, expressions, scoping, mapping checks (as entramap check)',
};

export function fromFinding(f: Finding): AnalysisDiagnostic {
  const d: AnalysisDiagnostic = { code: f.code, severity: f.severity, message: f.message, start: f.start, end: Math.max(f.start, f.end) };
  if (f.data !== undefined) d.data = f.data;
  if (f.related?.length) d.related = f.related.map((r) => ({ message: r.message, start: r.start, end: r.end }));
  return d;
}

export function documentAnalyzer(kind: DocumentKind, options: DocumentAnalyzerOptions = {}): Analyzer<ParsedDocument> {
  return {
    id: kind,
    kind,
    description: DESCRIPTIONS[kind],
    async analyze(input, work) {
      const resolveTargetSchema = targetSchemaResolver(input.uri);
      const doc =
        (options.parsedAsync ? await options.parsedAsync(input, work) : options.parsed?.(input)) ??
        parseDocument(input.text, kind, undefined, { resolveTargetSchema });
      await work.checkpoint();
      const steps = checkParsedDocumentSteps(input.text, doc.model, doc.diagnostics, { resolveTargetSchema, jsonRoot: doc.jsonRoot, cache: doc.caches.checks });
      let step = steps.next();
      while (!step.done) {
        await work.checkpoint();
        step = steps.next();
      }
      const findings = step.value;
      work.throwIfCancelled();
      const max = input.maxDiagnostics;
      return { model: doc, diagnostics: findings.slice(0, max).map(fromFinding), truncated: findings.length > max };
    },
  };
}
