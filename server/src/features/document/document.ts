// One parsed version of a configuration document (.entramap or Graph schema JSON), shared by
// every document service. The server caches it per uri@version; each service computes what a
// request needs from it, and the derived data several services share (line index, statement
// index, JSON tree, per-mapping contexts, compiled expressions) is computed once, on first use.
import type { DocumentKind, ExpressionSite, MappingModel, ModelDiagnostic, ObjectMapping, SyncRule, AttributeMapping } from '../../model/types';
import { LineIndex } from '../../model/positions';
import { parseMappingDocument } from '../../language/mapping/build';
import { parseGraphSchema } from '../../schema/read';
import { parseJson, JNode } from '../../schema/json-tree';
import { compileExpression, CompiledExpression } from '../../evaluate/compile';
import { CheckCache } from '../../check/mapping';
import { indexStatements, StatementIndex } from './statements';
import { MappingContext, createMappingContext, DocumentFacts, documentFacts, MappingContextCache, TargetSchemaResolver } from './context';

/**
 * What the versions of one open document share: the checks' cache (each unchanged line's own
 * findings, check/mapping.ts) and the per-mapping contexts of the features (source attributes,
 * target paths: built once, not once per version).
 */
export class DocumentCaches {
  readonly checks = new CheckCache();
  readonly contexts = new MappingContextCache();
}

/**
 * What the caller already parsed of this exact text (the analysis pipeline's model), so nothing is
 * parsed twice. The reader's diagnostics are required with the model: formatting refuses a
 * document with syntax errors, and only they tell.
 */
export interface ParsedDocumentInit {
  model: MappingModel;
  /** The reader's diagnostics for `model` (EMF, EGJ, EPX0xx; semantic findings may be included). */
  diagnostics: readonly ModelDiagnostic[];
  /** Graph JSON: the parsed tree of this exact text (parsed on demand otherwise). */
  jsonRoot?: JNode;
  /** .entramap: builds the statement index (when the caller has the lexer's tokens already). */
  statements?: () => StatementIndex;
}

export interface ParsedDocumentOptions {
  /** Loads `app ... schema FILE` (a path relative to the document): its extension schemas add target paths. Give the same results for the same files, so that caches can tell nothing changed. */
  resolveTargetSchema?: TargetSchemaResolver;
  /** Caches shared with the other versions of the same document (a fresh set when not given). */
  caches?: DocumentCaches;
}

/** Where an attribute mapping sits: its rule and object mapping. */
export interface MappingLocation {
  rule: SyncRule;
  objectMapping: ObjectMapping;
  mapping: AttributeMapping;
}

export class ParsedDocument {
  readonly model: MappingModel;
  readonly diagnostics: readonly ModelDiagnostic[];
  private _lines?: LineIndex;
  private _statements?: StatementIndex;
  private _jsonRoot?: JNode | null;
  private _facts?: DocumentFacts;
  private _sites?: Map<ExpressionSite, MappingLocation>;
  private _omRules?: Map<ObjectMapping, SyncRule>;
  private readonly contexts = new Map<ObjectMapping, MappingContext>();
  private readonly compiled = new WeakMap<ExpressionSite, CompiledExpression>();
  private readonly makeStatements?: () => StatementIndex;
  /** Shared with the other versions of this document. */
  readonly caches: DocumentCaches;

  constructor(
    readonly text: string,
    readonly kind: DocumentKind,
    init?: ParsedDocumentInit,
    private readonly options: ParsedDocumentOptions = {},
  ) {
    this.caches = options.caches ?? new DocumentCaches();
    if (init) {
      this.model = init.model;
      this.diagnostics = init.diagnostics;
      if (init.jsonRoot) this._jsonRoot = init.jsonRoot;
      this.makeStatements = init.statements;
    } else if (kind === 'entramap') {
      const r = parseMappingDocument(text);
      this.model = r.model;
      this.diagnostics = r.diagnostics;
    } else {
      const r = parseGraphSchema(text);
      this.model = r.model;
      this.diagnostics = r.diagnostics;
      this._jsonRoot = r.root ?? null;
    }
  }

  get lines(): LineIndex {
    return (this._lines ??= new LineIndex(this.text));
  }

  /** .entramap: the statement index (empty for Graph JSON). */
  get statements(): StatementIndex {
    if (!this._statements) {
      this._statements =
        this.kind === 'entramap'
          ? this.makeStatements?.() ?? indexStatements(this.text)
          : { statements: [], top: { kind: 'top', depth: 0, properties: new Set(), children: [], statements: [] }, blocks: [], comments: [], lexErrors: [], text: this.text };
    }
    return this._statements;
  }

  /** Graph JSON: the JSON tree with offsets (undefined for .entramap or when the text holds no JSON). */
  get jsonRoot(): JNode | undefined {
    if (this.kind !== 'graph-json') return undefined;
    if (this._jsonRoot === undefined) this._jsonRoot = parseJson(this.text).root ?? null;
    return this._jsonRoot ?? undefined;
  }

  /** Facts of the whole document: the app's catalogue entry and declared extension schemas. */
  get facts(): DocumentFacts {
    return (this._facts ??= documentFacts(this.model, this.options.resolveTargetSchema));
  }

  /** The rule an object mapping belongs to. */
  ruleOf(om: ObjectMapping): SyncRule | undefined {
    if (!this._omRules) {
      this._omRules = new Map();
      for (const r of this.model.rules) for (const o of r.objectMappings) this._omRules.set(o, r);
    }
    return this._omRules.get(om);
  }

  /** Source and target facts of one object mapping (cached). */
  contextFor(om: ObjectMapping): MappingContext {
    let c = this.contexts.get(om);
    if (!c) {
      c = createMappingContext(this.model, this.facts, this.ruleOf(om), om, this.caches.contexts);
      this.contexts.set(om, c);
    }
    return c;
  }

  /** Where each expression site sits (cached). */
  locationOf(site: ExpressionSite): MappingLocation | undefined {
    if (!this._sites) {
      this._sites = new Map();
      for (const rule of this.model.rules) {
        for (const om of rule.objectMappings) {
          for (const mapping of om.attributeMappings) {
            if (mapping.source) this._sites.set(mapping.source.expression, { rule, objectMapping: om, mapping });
          }
        }
      }
    }
    return this._sites.get(site);
  }

  /** The compiled form of an expression site (compiled once per version). */
  compiledFor(site: ExpressionSite): CompiledExpression {
    let c = this.compiled.get(site);
    if (!c) {
      c = compileExpression(site.parse);
      this.compiled.set(site, c);
    }
    return c;
  }
}

/**
 * Parses a document for the document services. Pass `init.model` (and its diagnostics) when the
 * caller already parsed this exact text, so nothing is parsed twice. Never throws.
 */
export function parseDocument(text: string, kind: DocumentKind, init?: ParsedDocumentInit, options?: ParsedDocumentOptions): ParsedDocument {
  return new ParsedDocument(text, kind, init, options);
}
