// The configuration model: one provisioning app = one Graph synchronizationSchema = one
// .entramap file. Read from either format (language/mapping/parse.ts, schema/read.ts); both
// readers produce the same shapes, so the checker, the provisioning engine and the editor
// features never care which format the user edits.
//
// Conventions
// - Every range is a pair of UTF-16 offsets into the document the model was read from.
// - Typed fields hold the *effective* values, i.e. what the element's Graph JSON says, with
//   Graph's defaults applied where the JSON leaves a property out (`flowType` "Always", ...).
//   A field is undefined when the JSON has no usable value (missing or of the wrong type).
// - `json` is the element's exact Graph JSON (unknown properties, explicit nulls and all); it is
//   what modelToGraphJson writes. Typed fields are read from it, never the other way round.
// - Elements that could not be modelled (not an object, or written as `@raw`) still get a node
//   with `raw: true`, so lists keep their order and positions.
import type { ParseResult } from '../language/expression/ast';
import type { Severity } from '../diagnostics/codes';
import type { JsonValue } from './json';
import type { Range } from './positions';

export type { Range } from './positions';
export type { JsonValue, JsonObject } from './json';

export type DocumentKind = 'entramap' | 'graph-json';

export interface ModelDiagnostic {
  /** A code from server/src/diagnostics/codes.ts (EMF, EGJ, EPX families). */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
}

/** A `#` comment of an .entramap file (text includes the `#`). */
export interface Comment {
  text: string;
  range: Range;
}

/** Comments that belong to one statement: whole-line comments above it and one at its line end. */
export interface Trivia {
  leading?: Comment[];
  trailing?: Comment;
}

/** Comments of a block: its own, those of its property statements, and those before its `}`. */
export interface BlockTrivia extends Trivia {
  /** Keyed by statement: `source`, `target`, `id`, `metadata:0`, `@graph`, ... */
  properties?: Record<string, Trivia>;
  /** Whole-line comments after the last statement, before `}` (or at the end of the file). */
  end?: Comment[];
  /** A comment on the line of the closing `}`. */
  close?: Comment;
}

interface ElementBase {
  /** The whole element: a line, a block from its keyword to its `}`, or a JSON value. */
  range: Range;
  /** The element's exact Graph JSON. */
  json: JsonValue;
  /** True when the element is kept as opaque JSON (`@raw` in .entramap, or not an object). */
  raw: boolean;
  /** .entramap: the `@graph` annotation(s) merged into this element. */
  annotations?: Range[];
  trivia?: BlockTrivia;
}

/**
 * Where an expression text lives in its document. In an .entramap file the text is a slice of
 * the line; in Graph JSON it is the decoded value of a JSON string (escapes mapped back).
 */
export interface ExpressionSite {
  /** The expression exactly as handed to parseExpression. */
  text: string;
  /** The document range the text came from (inside the quotes for JSON). */
  range: Range;
  /**
   * False when the text was rebuilt from a source tree without an `expression` string; offsets
   * then map to the start of the source.
   */
  exact: boolean;
  /** Maps an offset in `text` (0..text.length) to a document offset. */
  toDocumentOffset(offset: number): number;
  parse: ParseResult;
}

/** Portal mapping types (expression-language spec 9.1). */
export type MappingType = 'direct' | 'constant' | 'expression' | 'none';

export interface AttributeSource {
  /** Graph `source.type`: Attribute, Constant, Function (others are diagnosed). */
  type: string | undefined;
  /** Graph `source.name`: attribute name, constant value or function name. */
  name: string | undefined;
  expression: ExpressionSite;
  /** The source as written: the expression on an .entramap line, the `source` value in JSON. */
  range: Range;
}

export interface AttributeMappingRanges {
  target?: Range;
  source?: Range;
  defaultValue?: Range;
  matchingPriority?: Range;
  flowType?: Range;
  flowBehavior?: Range;
  exportMissingReferences?: Range;
}

export interface AttributeMapping extends ElementBase {
  kind: 'attributeMapping';
  /** Target attribute path: `userName`, `emails[type eq "work"].value`, `urn:...:User:manager`. */
  targetAttributeName: string | undefined;
  /** Undefined when the source is malformed. */
  mappingType: MappingType | undefined;
  /** Null for `none` (Graph `source: null`, often with a defaultValue). */
  source: AttributeSource | null;
  defaultValue: string | null;
  /** 0 = not a matching attribute; lower numbers are tried first. */
  matchingPriority: number;
  /** Graph flowType: Always, ObjectAddOnly, MultiValueAddOnly, ValueAddOnly, AttributeAddOnly. */
  flowType: string;
  /** Graph flowBehavior: FlowWhenChanged, FlowAlways. */
  flowBehavior: string;
  exportMissingReferences: boolean;
  ranges: AttributeMappingRanges;
}

export interface FilterClause extends ElementBase {
  kind: 'filterClause';
  sourceOperandName: string | undefined;
  /** Graph operatorName as written: `EQUALS`, `IS NOT NULL`, `&`, ... */
  operatorName: string | undefined;
  /** targetOperand.values (strings only; others are diagnosed). */
  values: string[];
  ranges: { sourceOperandName?: Range; operatorName?: Range; values: Range[] };
}

export type FilterGroupList = 'groups' | 'inputFilterGroups' | 'categoryFilterGroups';

/** One scoping filter (Graph filterGroup): its clauses are ANDed. */
export interface FilterGroup extends ElementBase {
  kind: 'filterGroup';
  list: FilterGroupList;
  name: string | undefined;
  nameRange?: Range;
  clauses: FilterClause[];
}

/** Graph filter: the groups of each list are ORed. */
export interface Scope extends ElementBase {
  kind: 'scope';
  groups: FilterGroup[];
  inputFilterGroups: FilterGroup[];
  categoryFilterGroups: FilterGroup[];
}

export interface MetadataEntry {
  key: string | undefined;
  value: string | undefined;
  range: Range;
  keyRange?: Range;
  valueRange?: Range;
}

export interface ObjectActions {
  create: boolean;
  update: boolean;
  delete: boolean;
}

export interface ObjectMapping extends ElementBase {
  kind: 'objectMapping';
  name: string | undefined;
  sourceObjectName: string | undefined;
  targetObjectName: string | undefined;
  enabled: boolean;
  /** Graph flowTypes as written ("Add, Update, Delete"). */
  flowTypes: string | undefined;
  /** Target object actions parsed from flowTypes (all true when flowTypes is absent). */
  actions: ObjectActions;
  metadata: MetadataEntry[];
  scope: Scope | null;
  attributeMappings: AttributeMapping[];
  ranges: {
    name?: Range;
    sourceObjectName?: Range;
    targetObjectName?: Range;
    enabled?: Range;
    flowTypes?: Range;
    metadata?: Range;
  };
}

export interface SyncRule extends ElementBase {
  kind: 'rule';
  /** .entramap: mapping blocks written outside any `rule` block. */
  implicit: boolean;
  id: string | undefined;
  name: string | undefined;
  sourceDirectoryName: string | undefined;
  targetDirectoryName: string | undefined;
  priority: number | undefined;
  editable: boolean | undefined;
  metadata: MetadataEntry[];
  objectMappings: ObjectMapping[];
  ranges: {
    id?: Range;
    name?: Range;
    sourceDirectoryName?: Range;
    targetDirectoryName?: Range;
    priority?: Range;
    editable?: Range;
    metadata?: Range;
  };
}

/** The `app` line: facts about the provisioning app that Graph's schema does not hold. */
export interface AppHeader {
  name: string | undefined;
  /** Gallery template id: `scim`, `customappsso`, `personify`, ... */
  template: string | undefined;
  /** The target schema: a catalogue name or a path relative to the file. */
  targetSchema: string | undefined;
  range: Range;
  ranges: { name?: Range; template?: Range; targetSchema?: Range };
}

export interface AttributeDefinition {
  name: string | undefined;
  /** String, Integer, Reference, Binary, Boolean, DateTime (default String). */
  type: string;
  anchor: boolean;
  caseExact: boolean;
  multivalued: boolean;
  required: boolean;
  mutability: string | undefined;
  flowNullValues: boolean;
  defaultValue: string | null;
  referencedObjects: string[];
  json: JsonValue;
  range: Range;
  nameRange?: Range;
}

export interface ObjectDefinition {
  name: string | undefined;
  attributes: AttributeDefinition[];
  json: JsonValue;
  range: Range;
  nameRange?: Range;
}

/** Graph directoryDefinition: the source or target directory's objects and attributes. */
export interface DirectoryDefinition {
  id: string | undefined;
  name: string | undefined;
  objects: ObjectDefinition[];
  json: JsonValue;
  range: Range;
  nameRange?: Range;
}

export interface MappingModel {
  kind: 'schema';
  documentKind: DocumentKind;
  range: Range;
  app: AppHeader | null;
  rules: SyncRule[];
  directories: DirectoryDefinition[];
  /** The whole synchronizationSchema JSON (undefined when the document is not JSON at all). */
  json: JsonValue | undefined;
  /** .entramap: schema-level `@graph` annotations. */
  annotations?: Range[];
  /** .entramap: comments before the first statement, and at the end of the file. */
  trivia?: BlockTrivia;
  /** .entramap: every comment, in order (for folding and semantic tokens). */
  comments: Comment[];
}

export type ModelElement =
  | MappingModel
  | SyncRule
  | ObjectMapping
  | Scope
  | FilterGroup
  | FilterClause
  | AttributeMapping;
