// Graph synchronizationSchema JSON → model, with the position of every element and of every
// `expression` string. Structural problems are diagnostics (EGJ), never exceptions; the model
// keeps every element (malformed ones as `raw` nodes) and `json` is exactly the parsed value.
import type { Expr, ParseResult } from '../language/expression/ast';
import { parseExpression } from '../language/expression/parser';
import { isJsonObject, JsonValue } from '../model/json';
import type { Range } from '../model/positions';
import type {
  AppHeader,
  AttributeDefinition,
  AttributeMapping,
  AttributeSource,
  DirectoryDefinition,
  ExpressionSite,
  FilterClause,
  FilterGroup,
  FilterGroupList,
  MappingModel,
  MetadataEntry,
  ModelDiagnostic,
  ObjectDefinition,
  ObjectMapping,
  Scope,
  SyncRule,
} from '../model/types';
import {
  APP_ANNOTATION,
  appFields,
  attributeMappingFields,
  clauseFields,
  groupFields,
  objectMappingFields,
  ruleFields,
  SOURCE_TYPES,
} from './elements';
import { JNode, jsonValueOf, nodeAtPath, nodeRange, parseJson, propertyOf, stringInnerRange, stringOffsetMapper } from './json-tree';
import { expressionOfSourceTree } from './source-tree';
import {
  DiagnosticSink,
  Locate,
  validateAttributeMapping,
  validateClause,
  validateDirectory,
  validateGroup,
  validateObjectMapping,
  validateRule,
  validateScope,
  validateSchema,
} from './validate';

export interface ReadContext {
  /** The document the nodes' offsets refer to. */
  doc: string;
  sink: DiagnosticSink;
  /**
   * Parses of the expressions read so far, by text: the identical expressions of one document
   * (the same `[mail]`, the same Switch([IsSoftDeleted], ...) in several object mappings) share
   * one parse, which nothing modifies. Optional; without it every expression is parsed.
   */
  parses?: Map<string, ParseResult>;
}

function parseOnce(text: string, parses: Map<string, ParseResult> | undefined): ParseResult {
  if (!parses) return parseExpression(text);
  let parse = parses.get(text);
  if (!parse) parses.set(text, (parse = parseExpression(text)));
  return parse;
}

/** Locates a property path inside `node`: the deepest existing node on the path. */
export function locateIn(node: JNode): Locate {
  return (path) => {
    let best = node;
    for (let i = 1; i <= path.length; i++) {
      const n = nodeAtPath(node, path.slice(0, i));
      if (!n) break;
      best = n;
    }
    return nodeRange(best);
  };
}

function valueRange(node: JNode | undefined, key: string): Range | undefined {
  const v = propertyOf(node, key)?.value;
  return v ? nodeRange(v) : undefined;
}

/** An expression held in a JSON string node. */
export function jsonExpressionSite(doc: string, node: JNode, text: string, parses?: Map<string, ParseResult>): ExpressionSite {
  const map = stringOffsetMapper(doc, node);
  return { text, range: stringInnerRange(doc, node), exact: true, toDocumentOffset: map, parse: parseOnce(text, parses) };
}

/** An expression rebuilt from a source tree: every offset maps to the start of `range`. */
export function rebuiltExpressionSite(text: string, range: Range, parses?: Map<string, ParseResult>): ExpressionSite {
  return { text, range, exact: false, toDocumentOffset: () => range.start, parse: parseOnce(text, parses) };
}

/** Reports the syntax errors of an exact expression site at their document positions. */
export function reportExpressionErrors(site: ExpressionSite, sink: DiagnosticSink): void {
  if (!site.exact) return;
  for (const e of site.parse.errors) {
    const start = site.toDocumentOffset(e.start);
    const end = Math.max(start, site.toDocumentOffset(e.end));
    sink.add(e.code, e.message, { start, end });
  }
}

function describeTop(expr: Expr): { type: string; name: string } | undefined {
  switch (expr.kind) {
    case 'attribute':
      return { type: 'Attribute', name: expr.name };
    case 'string':
      return { type: 'Constant', name: expr.value };
    case 'number':
      return { type: 'Constant', name: expr.text };
    case 'call':
      return { type: 'Function', name: expr.name };
    default:
      return undefined;
  }
}

/** EGJ008: the tree's type/name disagree with what its own expression says. */
function checkTreeAgainstExpression(site: ExpressionSite, json: JsonValue, node: JNode, sink: DiagnosticSink): void {
  if (!site.exact || site.parse.errors.length || !site.parse.expr || !isJsonObject(json)) return;
  const want = describeTop(site.parse.expr);
  if (!want || typeof json.type !== 'string' || typeof json.name !== 'string') return;
  if (!(SOURCE_TYPES as readonly string[]).includes(json.type)) return; // EGJ006 says it
  const sameName = want.type === 'Function' ? want.name.toLowerCase() === json.name.toLowerCase() : want.name === json.name;
  if (want.type !== json.type || !sameName) {
    sink.add(
      'EGJ008',
      `The source says ${json.type} "${json.name}" but its expression is ${want.type} "${want.name}"; Graph may use either.`,
      nodeRange(node),
    );
  }
}

export function readMetadata(node: JNode | undefined): MetadataEntry[] {
  const list = propertyOf(node, 'metadata')?.value;
  if (!list?.items) return [];
  return list.items.map((item) => {
    const k = propertyOf(item, 'key')?.value;
    const v = propertyOf(item, 'value')?.value;
    return {
      key: k?.type === 'string' ? (k.value as string) : undefined,
      value: v?.type === 'string' ? (v.value as string) : undefined,
      range: nodeRange(item),
      keyRange: k ? nodeRange(k) : undefined,
      valueRange: v ? nodeRange(v) : undefined,
    };
  });
}

export function readAttributeMapping(node: JNode, ctx: ReadContext, raw = false): AttributeMapping {
  const json = jsonValueOf(node);
  validateAttributeMapping(json, ctx.sink, locateIn(node));
  const f = attributeMappingFields(json);
  let source: AttributeSource | null = null;
  const sourceNode = propertyOf(node, 'source')?.value;
  if (sourceNode && isJsonObject(f.source)) {
    const exprNode = propertyOf(sourceNode, 'expression')?.value;
    let site: ExpressionSite;
    if (exprNode?.type === 'string') {
      site = jsonExpressionSite(ctx.doc, exprNode, exprNode.value as string, ctx.parses);
      reportExpressionErrors(site, ctx.sink);
      checkTreeAgainstExpression(site, f.source, sourceNode, ctx.sink);
    } else {
      site = rebuiltExpressionSite(expressionOfSourceTree(f.source) ?? '', nodeRange(sourceNode), ctx.parses);
    }
    source = { type: f.sourceType, name: f.sourceName, expression: site, range: nodeRange(sourceNode) };
  }
  return {
    kind: 'attributeMapping',
    range: nodeRange(node),
    json,
    raw: raw || !isJsonObject(json),
    targetAttributeName: f.targetAttributeName,
    mappingType: f.mappingType,
    source,
    defaultValue: f.defaultValue,
    matchingPriority: f.matchingPriority,
    flowType: f.flowType,
    flowBehavior: f.flowBehavior,
    exportMissingReferences: f.exportMissingReferences,
    ranges: {
      target: valueRange(node, 'targetAttributeName'),
      source: sourceNode ? nodeRange(sourceNode) : undefined,
      defaultValue: valueRange(node, 'defaultValue'),
      matchingPriority: valueRange(node, 'matchingPriority'),
      flowType: valueRange(node, 'flowType'),
      flowBehavior: valueRange(node, 'flowBehavior'),
      exportMissingReferences: valueRange(node, 'exportMissingReferences'),
    },
  };
}

export function readClause(node: JNode, ctx: ReadContext, raw = false): FilterClause {
  const json = jsonValueOf(node);
  validateClause(json, ctx.sink, locateIn(node));
  const f = clauseFields(json);
  const valuesNode = nodeAtPath(node, ['targetOperand', 'values']);
  return {
    kind: 'filterClause',
    range: nodeRange(node),
    json,
    raw: raw || !isJsonObject(json),
    sourceOperandName: f.sourceOperandName,
    operatorName: f.operatorName,
    values: f.values,
    ranges: {
      sourceOperandName: valueRange(node, 'sourceOperandName'),
      operatorName: valueRange(node, 'operatorName'),
      values: (valuesNode?.items ?? []).filter((n) => n.type === 'string').map(nodeRange),
    },
  };
}

export function readGroup(node: JNode, list: FilterGroupList, ctx: ReadContext, raw = false): FilterGroup {
  const json = jsonValueOf(node);
  validateGroup(json, ctx.sink, locateIn(node));
  const f = groupFields(json);
  const clauses = propertyOf(node, 'clauses')?.value;
  return {
    kind: 'filterGroup',
    range: nodeRange(node),
    json,
    raw: raw || !isJsonObject(json),
    list,
    name: f.name,
    nameRange: valueRange(node, 'name'),
    clauses: clauses?.type === 'array' ? (clauses.items ?? []).map((c) => readClause(c, ctx)) : [],
  };
}

export function readScope(node: JNode, ctx: ReadContext): Scope {
  const json = jsonValueOf(node);
  validateScope(json, ctx.sink, locateIn(node));
  const list = (k: FilterGroupList) => {
    const n = propertyOf(node, k)?.value;
    return n?.type === 'array' ? (n.items ?? []).map((g) => readGroup(g, k, ctx)) : [];
  };
  return {
    kind: 'scope',
    range: nodeRange(node),
    json,
    raw: !isJsonObject(json),
    groups: list('groups'),
    inputFilterGroups: list('inputFilterGroups'),
    categoryFilterGroups: list('categoryFilterGroups'),
  };
}

export function readObjectMapping(node: JNode, ctx: ReadContext, raw = false): ObjectMapping {
  const json = jsonValueOf(node);
  validateObjectMapping(json, ctx.sink, locateIn(node));
  const f = objectMappingFields(json);
  const scopeNode = propertyOf(node, 'scope')?.value;
  const attrs = propertyOf(node, 'attributeMappings')?.value;
  return {
    kind: 'objectMapping',
    range: nodeRange(node),
    json,
    raw: raw || !isJsonObject(json),
    name: f.name,
    sourceObjectName: f.sourceObjectName,
    targetObjectName: f.targetObjectName,
    enabled: f.enabled,
    flowTypes: f.flowTypes,
    actions: f.actions,
    metadata: readMetadata(node),
    scope: scopeNode?.type === 'object' ? readScope(scopeNode, ctx) : null,
    attributeMappings: attrs?.type === 'array' ? (attrs.items ?? []).map((a) => readAttributeMapping(a, ctx)) : [],
    ranges: {
      name: valueRange(node, 'name'),
      sourceObjectName: valueRange(node, 'sourceObjectName'),
      targetObjectName: valueRange(node, 'targetObjectName'),
      enabled: valueRange(node, 'enabled'),
      flowTypes: valueRange(node, 'flowTypes'),
      metadata: valueRange(node, 'metadata'),
    },
  };
}

export function readRule(node: JNode, ctx: ReadContext, raw = false): SyncRule {
  const json = jsonValueOf(node);
  validateRule(json, ctx.sink, locateIn(node));
  const f = ruleFields(json);
  const oms = propertyOf(node, 'objectMappings')?.value;
  return {
    kind: 'rule',
    range: nodeRange(node),
    json,
    raw: raw || !isJsonObject(json),
    implicit: false,
    id: f.id,
    name: f.name,
    sourceDirectoryName: f.sourceDirectoryName,
    targetDirectoryName: f.targetDirectoryName,
    priority: f.priority,
    editable: f.editable,
    metadata: readMetadata(node),
    objectMappings: oms?.type === 'array' ? (oms.items ?? []).map((o) => readObjectMapping(o, ctx)) : [],
    ranges: {
      id: valueRange(node, 'id'),
      name: valueRange(node, 'name'),
      sourceDirectoryName: valueRange(node, 'sourceDirectoryName'),
      targetDirectoryName: valueRange(node, 'targetDirectoryName'),
      priority: valueRange(node, 'priority'),
      editable: valueRange(node, 'editable'),
      metadata: valueRange(node, 'metadata'),
    },
  };
}

const strOf = (n: JNode | undefined) => (n?.type === 'string' ? (n.value as string) : undefined);
const boolOf = (n: JNode | undefined, dflt: boolean) => (n?.type === 'boolean' ? (n.value as boolean) : dflt);

function readAttributeDefinition(node: JNode): AttributeDefinition {
  // One pass over the properties (a directory can define thousands of attributes); a later
  // duplicate key wins, as with propertyOf.
  let name: JNode | undefined;
  let type: JNode | undefined;
  let anchor: JNode | undefined;
  let caseExact: JNode | undefined;
  let multivalued: JNode | undefined;
  let required: JNode | undefined;
  let mutability: JNode | undefined;
  let flowNullValues: JNode | undefined;
  let dv: JNode | undefined;
  let refs: JNode | undefined;
  for (const p of node.properties ?? []) {
    switch (p.key) {
      case 'name':
        name = p.value;
        break;
      case 'type':
        type = p.value;
        break;
      case 'anchor':
        anchor = p.value;
        break;
      case 'caseExact':
        caseExact = p.value;
        break;
      case 'multivalued':
        multivalued = p.value;
        break;
      case 'required':
        required = p.value;
        break;
      case 'mutability':
        mutability = p.value;
        break;
      case 'flowNullValues':
        flowNullValues = p.value;
        break;
      case 'defaultValue':
        dv = p.value;
        break;
      case 'referencedObjects':
        refs = p.value;
        break;
    }
  }
  const referencedObjects: string[] = [];
  for (const r of refs?.items ?? []) {
    const n = strOf(propertyOf(r, 'referencedObjectName')?.value);
    if (n !== undefined) referencedObjects.push(n);
  }
  return {
    name: strOf(name),
    type: strOf(type) ?? 'String',
    anchor: boolOf(anchor, false),
    caseExact: boolOf(caseExact, false),
    multivalued: boolOf(multivalued, false),
    required: boolOf(required, false),
    mutability: strOf(mutability),
    flowNullValues: boolOf(flowNullValues, false),
    defaultValue: strOf(dv) ?? null,
    referencedObjects,
    json: jsonValueOf(node),
    range: nodeRange(node),
    nameRange: name ? nodeRange(name) : undefined,
  };
}

function readObjectDefinition(node: JNode): ObjectDefinition {
  const attrs = propertyOf(node, 'attributes')?.value;
  const name = propertyOf(node, 'name')?.value;
  return {
    name: strOf(name),
    attributes: (attrs?.items ?? []).filter((a) => a.type === 'object').map(readAttributeDefinition),
    json: jsonValueOf(node),
    range: nodeRange(node),
    nameRange: name ? nodeRange(name) : undefined,
  };
}

export function readDirectory(node: JNode, ctx: ReadContext): DirectoryDefinition {
  const json = jsonValueOf(node);
  validateDirectory(json, ctx.sink, locateIn(node));
  const objects = propertyOf(node, 'objects')?.value;
  const name = propertyOf(node, 'name')?.value;
  return {
    id: strOf(propertyOf(node, 'id')?.value),
    name: strOf(name),
    objects: (objects?.items ?? []).filter((o) => o.type === 'object').map(readObjectDefinition),
    json,
    range: nodeRange(node),
    nameRange: name ? nodeRange(name) : undefined,
  };
}

/** The directories of a `directories` array node. */
export function readDirectories(node: JNode | undefined, ctx: ReadContext): DirectoryDefinition[] {
  if (node?.type !== 'array') return [];
  return (node.items ?? []).map((d) => readDirectory(d, ctx));
}

function readApp(root: JNode): AppHeader | null {
  const prop = propertyOf(root, APP_ANNOTATION);
  const f = appFields(jsonValueOf(root));
  if (!prop?.value || !f) return null;
  return {
    name: f.name,
    template: f.template,
    targetSchema: f.targetSchema,
    range: nodeRange(prop.value),
    ranges: {
      name: valueRange(prop.value, 'name'),
      template: valueRange(prop.value, 'template'),
      targetSchema: valueRange(prop.value, 'targetSchema'),
    },
  };
}

export interface GraphSchemaParse {
  model: MappingModel;
  diagnostics: ModelDiagnostic[];
  /** The JSON tree with offsets (undefined when the text holds no JSON value). */
  root: JNode | undefined;
}

/** Reads a Graph synchronizationSchema JSON document. Never throws. */
export function parseGraphSchema(text: string): GraphSchemaParse {
  const parsed = parseJson(text);
  const sink = new DiagnosticSink();
  for (const p of parsed.problems) {
    sink.add(p.kind === 'syntax' ? 'EGJ001' : p.kind === 'comment' ? 'EGJ010' : 'EGJ009', p.message, p.range);
  }
  const ctx: ReadContext = { doc: text, sink, parses: new Map() };
  const root = parsed.root;
  const model: MappingModel = {
    kind: 'schema',
    documentKind: 'graph-json',
    range: { start: 0, end: text.length },
    app: null,
    rules: [],
    directories: [],
    json: parsed.value,
    comments: [],
  };
  if (root) {
    validateSchema(parsed.value as JsonValue, sink, locateIn(root));
    if (root.type === 'object') {
      model.app = readApp(root);
      const rules = propertyOf(root, 'synchronizationRules')?.value;
      if (rules?.type === 'array') model.rules = (rules.items ?? []).map((r) => readRule(r, ctx));
      model.directories = readDirectories(propertyOf(root, 'directories')?.value, ctx);
    }
  }
  sink.items.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return { model, diagnostics: sink.items, root };
}
