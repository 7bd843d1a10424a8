// What every document request handler does first: find the open document, its kind and the
// ParsedDocument of its current version (from the shared cache), or answer "nothing here".
// Handlers are synchronous: the parse is made at most once per version and huge documents get
// no parse at all (they are analysed off-thread, diagnostics only), so no request ever waits on
// an analysis.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedDocument } from './document';
import type { DocumentKind } from './analysis/document-kind';
import type { FeatureContext } from './feature';

export interface RequestDocument {
  doc: TextDocument;
  kind: DocumentKind;
  parsed: ParsedDocument;
}

/** The open document at `uri` with its parse, or undefined (unknown, not ours, too large). */
export function requestDocument(ctx: FeatureContext, uri: string): RequestDocument | undefined {
  const doc = ctx.documents.get(uri);
  if (!doc) return undefined;
  const kind = ctx.analysis.kindOf(doc);
  if (!kind) return undefined;
  const parsed = ctx.parsed.get(doc, kind);
  return parsed ? { doc, kind, parsed } : undefined;
}

/**
 * Runs a handler body for the document at `uri`: `fallback` when there is no parse, and also
 * when the body throws (logged; the services themselves never throw).
 */
export function answer<R>(ctx: FeatureContext, feature: string, uri: string, fallback: R, body: (d: RequestDocument) => R): R {
  const d = requestDocument(ctx, uri);
  if (!d) return fallback;
  try {
    return body(d);
  } catch (err) {
    ctx.log.error(`${feature} failed on ${uri}@${d.doc.version}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return fallback;
  }
}
