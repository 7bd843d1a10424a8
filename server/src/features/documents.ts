// One ParsedDocument per open document version (uri@version), shared by the diagnostics
// analysis and every editor feature (completion, hover, tokens, ...): whoever asks first parses,
// everybody else reuses it. A new version replaces the entry, a close drops it.
//
// .entramap documents are parsed incrementally: the entry keeps the text's segments
// (language/mapping/segments.ts), and a new version re-lexes and re-parses only the lines an
// edit touched (build.ts reuses the others), so even a large file has a current parse for the
// features after every keystroke. Where the documents go (analysis/placement.ts):
// - small documents are parsed when first asked for, on this thread;
// - large .entramap documents too, except when there is no earlier parse to start from, or an
//   edit changed too much of it: then the features answer "nothing here" until the analysis has
//   made the parse in slices that yield to the event loop (`forInputAsync`);
// - pathological documents (huge, very long lines, large Graph JSON) are never parsed here: they
//   are analysed in a worker thread (diagnostics only).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCaches, ParsedDocument, parseDocument } from './document';
import { indexSegments } from './document/statements';
import type { AnalysisInput } from './analysis/analyzer';
import type { DocumentKind } from './analysis/document-kind';
import { analysedOffThread, DEFAULT_PLACEMENT, PlacementOptions } from './analysis/placement';
import { targetSchemaResolver } from '../check/target-schema-resolver';
import { parseMappingSegments, parseMappingSegmentsSliced } from '../language/mapping/build';
import { SegmentedText, segmentTextSliced } from '../language/mapping/segments';
import type { Work } from './scheduling';

interface Entry {
  version: number;
  text: string;
  kind: DocumentKind;
  doc: ParsedDocument;
  /** .entramap: the segments of `text`, the start of the next version's parse. */
  segments?: SegmentedText;
}

export interface ParsedDocumentCacheOptions {
  /** Which documents are large and which are analysed off-thread (analysis/placement.ts). */
  placement?: PlacementOptions;
  /** Large documents are parsed on request when an edit re-lexes at most this many characters (default 64 K). */
  maxSyncChars?: number;
}

export class ParsedDocumentCache {
  readonly placement: PlacementOptions;
  readonly maxSyncChars: number;
  private readonly entries = new Map<string, Entry>();
  /** Caches of each open document, shared by its versions. */
  private readonly caches = new Map<string, DocumentCaches>();
  /** Parses made (in full or incrementally), and requests answered from an entry. */
  parses = 0;
  hits = 0;
  /** Parses that started from an earlier version's segments. */
  incremental = 0;

  constructor(options: ParsedDocumentCacheOptions = {}) {
    this.placement = options.placement ?? DEFAULT_PLACEMENT;
    this.maxSyncChars = options.maxSyncChars ?? 64 * 1024;
  }

  /**
   * The parse of this version, made now when that is cheap; undefined when it is not (a large
   * document not parsed yet: the analysis makes it) and for documents analysed off-thread.
   */
  get(doc: TextDocument, kind: DocumentKind): ParsedDocument | undefined {
    return this.lookup(doc.uri, doc.version, doc.getText(), kind);
  }

  /** For the analyser on this thread: the parse of exactly this snapshot if it is cheap (see `get`). */
  forInput(input: AnalysisInput): ParsedDocument | undefined {
    return this.lookup(input.uri, input.version, input.text, input.kind);
  }

  /**
   * For the analyser: the parse of exactly this snapshot, made in slices (`work.checkpoint()`
   * between windows of lines) when it is not cheap. Undefined for documents analysed off-thread.
   */
  async forInputAsync(input: AnalysisInput, work: Work): Promise<ParsedDocument | undefined> {
    const { uri, version, text, kind } = input;
    const cheap = this.lookup(uri, version, text, kind);
    if (cheap || kind !== 'entramap' || analysedOffThread(kind, text, this.placement)) return cheap;
    const between = () => work.checkpoint();
    const e = this.entries.get(uri);
    const base = e?.kind === 'entramap' ? e.segments : undefined;
    const segments = base ? await base.updateSliced(text, between) : new SegmentedText(text, await segmentTextSliced(text, between));
    if (base) this.incremental++;
    const parse = await parseMappingSegmentsSliced(segments, between);
    work.throwIfCancelled();
    const parsed = this.make(uri, text, kind, segments, parse);
    const now = this.entries.get(uri);
    // a newer version may have been parsed meanwhile (by a feature): keep the newest
    if (!now || now.version <= version) this.entries.set(uri, { version, text, kind, doc: parsed, segments });
    return parsed;
  }

  /** The parse of this version if one was made (never parses). */
  peek(uri: string, version: number): ParsedDocument | undefined {
    const e = this.entries.get(uri);
    return e && e.version === version ? e.doc : undefined;
  }

  /** The document closed. */
  delete(uri: string): void {
    this.entries.delete(uri);
    this.caches.delete(uri);
  }

  clear(): void {
    this.entries.clear();
    this.caches.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private cachesOf(uri: string): DocumentCaches {
    let c = this.caches.get(uri);
    if (!c) this.caches.set(uri, (c = new DocumentCaches()));
    return c;
  }

  private make(
    uri: string,
    text: string,
    kind: DocumentKind,
    segments: SegmentedText,
    parse: ReturnType<typeof parseMappingSegments>,
  ): ParsedDocument {
    this.parses++;
    return new ParsedDocument(
      text,
      kind,
      { model: parse.model, diagnostics: parse.diagnostics, statements: () => indexSegments(segments) },
      { resolveTargetSchema: targetSchemaResolver(uri), caches: this.cachesOf(uri) },
    );
  }

  private lookup(uri: string, version: number, text: string, kind: DocumentKind): ParsedDocument | undefined {
    const e = this.entries.get(uri);
    // the text is compared too: a client may (wrongly) reuse a version number
    if (e && e.version === version && e.kind === kind && e.text === text) {
      this.hits++;
      return e.doc;
    }
    if (analysedOffThread(kind, text, this.placement)) {
      this.entries.delete(uri); // an older, smaller version is of no use any more
      return undefined;
    }
    const large = text.length >= this.placement.largeChars;
    if (kind !== 'entramap') {
      if (large) return undefined;
      const doc = parseDocument(text, kind, undefined, { resolveTargetSchema: targetSchemaResolver(uri), caches: this.cachesOf(uri) });
      this.parses++;
      this.entries.set(uri, { version, text, kind, doc });
      return doc;
    }
    const base = e?.kind === 'entramap' ? e.segments : undefined;
    if (large && (!base || base.updateCost(text) > this.maxSyncChars)) return undefined;
    if (base) this.incremental++;
    const segments = base ? base.update(text) : SegmentedText.of(text);
    const parsed = this.make(uri, text, kind, segments, parseMappingSegments(segments));
    this.entries.set(uri, { version, text, kind, doc: parsed, segments });
    return parsed;
  }
}
