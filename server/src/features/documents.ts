// One ParsedDocument per open document version (uri@version), shared by the diagnostics
// analysis and every editor feature (completion, hover, tokens, ...): whoever asks first parses,
// everybody else reuses it. A new version replaces the entry, a close drops it.
//
// Documents of `maxChars` characters or more are never parsed here: the parsers are synchronous
// and such documents are analysed in a worker thread (diagnostics only), so editor features
// answer "nothing here" for them at once instead of blocking the server.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ParsedDocument, parseDocument } from './document';
import type { AnalysisInput } from './analysis/analyzer';
import type { DocumentKind } from './analysis/document-kind';
import { targetSchemaResolver } from './analysis/target-schema';

interface Entry {
  version: number;
  text: string;
  kind: DocumentKind;
  doc: ParsedDocument;
}

export interface ParsedDocumentCacheOptions {
  /** Documents at least this long are not parsed on the main thread (default 128 K characters). */
  maxChars?: number;
}

export class ParsedDocumentCache {
  readonly maxChars: number;
  private readonly entries = new Map<string, Entry>();
  /** Parses made, and requests answered from an entry. */
  parses = 0;
  hits = 0;

  constructor(options: ParsedDocumentCacheOptions = {}) {
    this.maxChars = options.maxChars ?? 128 * 1024;
  }

  /** The parse of this version (made now when missing); undefined for huge documents. */
  get(doc: TextDocument, kind: DocumentKind): ParsedDocument | undefined {
    return this.lookup(doc.uri, doc.version, doc.getText(), kind);
  }

  /** For the analyser: the parse of exactly this snapshot (shared with the features). */
  forInput(input: AnalysisInput): ParsedDocument | undefined {
    return this.lookup(input.uri, input.version, input.text, input.kind);
  }

  /** The parse of this version if one was made (never parses). */
  peek(uri: string, version: number): ParsedDocument | undefined {
    const e = this.entries.get(uri);
    return e && e.version === version ? e.doc : undefined;
  }

  /** The document closed. */
  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private lookup(uri: string, version: number, text: string, kind: DocumentKind): ParsedDocument | undefined {
    if (text.length >= this.maxChars) {
      this.entries.delete(uri); // an older, smaller version is of no use any more
      return undefined;
    }
    const e = this.entries.get(uri);
    // the text is compared too: a client may (wrongly) reuse a version number
    if (e && e.version === version && e.kind === kind && e.text === text) {
      this.hits++;
      return e.doc;
    }
    const doc = parseDocument(text, kind, undefined, { resolveTargetSchema: targetSchemaResolver(uri) });
    this.parses++;
    this.entries.set(uri, { version, text, kind, doc });
    return doc;
  }
}
