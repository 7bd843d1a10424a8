// What entramap knows about each Graph schema element: Graph's defaults, how typed fields are
// read from an element's JSON, and the JSON an .entramap statement generates (the "full form"
// that `@graph` patches are relative to). Shared by the Graph JSON reader, the .entramap parser
// and the printer. docs/mapping-format.md, "How .entramap maps to Graph JSON", is the prose.
import { hasKey, isJsonObject, JsonObject, JsonValue } from '../model/json';
import type { ObjectActions } from '../model/types';
import { sourceTreeFromExpression, SourceTreeOptions } from './source-tree';

export const ATTRIBUTE_FLOW_TYPES = ['Always', 'ObjectAddOnly', 'MultiValueAddOnly', 'ValueAddOnly', 'AttributeAddOnly'] as const;
export const FLOW_BEHAVIORS = ['FlowWhenChanged', 'FlowAlways'] as const;
export const SOURCE_TYPES = ['Attribute', 'Constant', 'Function'] as const;
export const ATTRIBUTE_TYPES = ['String', 'Integer', 'Reference', 'Binary', 'Boolean', 'DateTime'] as const;
export const MUTABILITIES = ['ReadWrite', 'ReadOnly', 'Immutable', 'WriteOnly'] as const;

export const DEFAULT_FLOW_TYPE = 'Always';
export const DEFAULT_FLOW_BEHAVIOR = 'FlowWhenChanged';
export const DEFAULT_OBJECT_FLOW_TYPES = 'Add, Update, Delete';

/** The schema-level property that carries the `app` line (an OData-style instance annotation). */
export const APP_ANNOTATION = '@entramap.app';

const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: JsonValue | undefined): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
const bool = (v: JsonValue | undefined): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const get = (o: JsonValue, k: string): JsonValue | undefined => (isJsonObject(o) && hasKey(o, k) ? o[k] : undefined);

// ---- target object actions (objectMapping.flowTypes) ---------------------------------------------

export interface ParsedFlowTypes extends ObjectActions {
  /** Words that are not Add / Update / Delete / None. */
  unknown: string[];
}

/** Reads "Add, Update, Delete" (any order, any case, `None`). */
export function parseFlowTypes(text: string): ParsedFlowTypes {
  const out: ParsedFlowTypes = { create: false, update: false, delete: false, unknown: [] };
  for (const part of text.split(',')) {
    const w = part.trim();
    const l = w.toLowerCase();
    if (l === 'add') out.create = true;
    else if (l === 'update') out.update = true;
    else if (l === 'delete') out.delete = true;
    else if (l !== 'none' && l !== '') out.unknown.push(w);
    else if (l === '' && text.trim() !== '') out.unknown.push(w);
  }
  return out;
}

/** Graph's spelling: "Add, Update, Delete", "Add", "None", ... */
export function formatFlowTypes(actions: ObjectActions): string {
  const parts: string[] = [];
  if (actions.create) parts.push('Add');
  if (actions.update) parts.push('Update');
  if (actions.delete) parts.push('Delete');
  return parts.length ? parts.join(', ') : 'None';
}

// ---- typed fields --------------------------------------------------------------------------------

export interface MetadataFields {
  key: string | undefined;
  value: string | undefined;
}

export function metadataFields(list: JsonValue | undefined): MetadataFields[] {
  if (!Array.isArray(list)) return [];
  return list.map((e) => ({ key: str(get(e, 'key')), value: str(get(e, 'value')) }));
}

export function attributeMappingFields(json: JsonValue) {
  const source = get(json, 'source');
  const type = str(get(source ?? null, 'type'));
  return {
    targetAttributeName: str(get(json, 'targetAttributeName')),
    source,
    mappingType:
      source === undefined || source === null
        ? ('none' as const)
        : type === 'Attribute'
          ? ('direct' as const)
          : type === 'Constant'
            ? ('constant' as const)
            : type === 'Function'
              ? ('expression' as const)
              : undefined,
    sourceType: type,
    sourceName: str(get(source ?? null, 'name')),
    defaultValue: str(get(json, 'defaultValue')) ?? null,
    matchingPriority: int(get(json, 'matchingPriority')) ?? 0,
    flowType: str(get(json, 'flowType')) ?? DEFAULT_FLOW_TYPE,
    flowBehavior: str(get(json, 'flowBehavior')) ?? DEFAULT_FLOW_BEHAVIOR,
    exportMissingReferences: bool(get(json, 'exportMissingReferences')) ?? false,
  };
}

export function clauseFields(json: JsonValue) {
  const values = get(get(json, 'targetOperand') ?? null, 'values');
  return {
    sourceOperandName: str(get(json, 'sourceOperandName')),
    operatorName: str(get(json, 'operatorName')),
    values: Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [],
  };
}

export function groupFields(json: JsonValue) {
  const clauses = get(json, 'clauses');
  return { name: str(get(json, 'name')), clauses: Array.isArray(clauses) ? clauses : [] };
}

export function scopeLists(json: JsonValue) {
  const list = (k: string) => {
    const v = get(json, k);
    return Array.isArray(v) ? v : [];
  };
  return {
    groups: list('groups'),
    inputFilterGroups: list('inputFilterGroups'),
    categoryFilterGroups: list('categoryFilterGroups'),
  };
}

export function objectMappingFields(json: JsonValue) {
  const flowTypes = str(get(json, 'flowTypes'));
  const parsed = parseFlowTypes(flowTypes ?? DEFAULT_OBJECT_FLOW_TYPES);
  const attributeMappings = get(json, 'attributeMappings');
  const scope = get(json, 'scope');
  return {
    name: str(get(json, 'name')),
    sourceObjectName: str(get(json, 'sourceObjectName')),
    targetObjectName: str(get(json, 'targetObjectName')),
    enabled: bool(get(json, 'enabled')) ?? true,
    flowTypes,
    actions: { create: parsed.create, update: parsed.update, delete: parsed.delete },
    metadata: metadataFields(get(json, 'metadata')),
    scope: isJsonObject(scope) ? scope : null,
    attributeMappings: Array.isArray(attributeMappings) ? attributeMappings : [],
  };
}

export function ruleFields(json: JsonValue) {
  const objectMappings = get(json, 'objectMappings');
  return {
    id: str(get(json, 'id')),
    name: str(get(json, 'name')),
    sourceDirectoryName: str(get(json, 'sourceDirectoryName')),
    targetDirectoryName: str(get(json, 'targetDirectoryName')),
    priority: int(get(json, 'priority')),
    editable: bool(get(json, 'editable')),
    metadata: metadataFields(get(json, 'metadata')),
    objectMappings: Array.isArray(objectMappings) ? objectMappings : [],
  };
}

export function appFields(json: JsonValue) {
  const app = get(json, APP_ANNOTATION);
  if (!isJsonObject(app)) return undefined;
  return { name: str(app.name), template: str(app.template), targetSchema: str(app.targetSchema) };
}

export function schemaLists(json: JsonValue) {
  const rules = get(json, 'synchronizationRules');
  const directories = get(json, 'directories');
  return {
    synchronizationRules: Array.isArray(rules) ? rules : [],
    directories: Array.isArray(directories) ? directories : [],
  };
}

// ---- generated JSON (the full form each statement stands for) ----------------------------------

export type LineSource = { kind: 'none' } | { kind: 'expression'; text: string };

/** An attribute mapping as its .entramap line states it. */
export interface AttributeLineForm {
  target: string;
  source: LineSource;
  defaultValue?: string;
  matchingPriority?: number;
  flowType?: string;
  flowBehavior?: string;
}

/**
 * Graph JSON of an attribute mapping line: all seven properties, as Graph returns them.
 * `explicit` lists the properties the line states (a patch cannot replace them).
 */
export function generateAttributeMapping(form: AttributeLineForm, options: SourceTreeOptions = {}) {
  const json: JsonObject = {
    defaultValue: form.defaultValue ?? null,
    exportMissingReferences: false,
    flowBehavior: form.flowBehavior ?? DEFAULT_FLOW_BEHAVIOR,
    flowType: form.flowType ?? DEFAULT_FLOW_TYPE,
    matchingPriority: form.matchingPriority ?? 0,
    source: form.source.kind === 'none' ? null : sourceTreeFromExpression(form.source.text, options),
    targetAttributeName: form.target,
  };
  const explicit = new Set(['targetAttributeName']);
  if (form.defaultValue !== undefined) explicit.add('defaultValue');
  if (form.matchingPriority !== undefined) explicit.add('matchingPriority');
  if (form.flowType !== undefined) explicit.add('flowType');
  if (form.flowBehavior !== undefined) explicit.add('flowBehavior');
  return { json, explicit };
}

export interface ClauseForm {
  attribute: string;
  operator: string;
  values: string[];
}

export function generateClause(form: ClauseForm) {
  const json: JsonObject = {
    operatorName: form.operator,
    sourceOperandName: form.attribute,
    targetOperand: { values: form.values.slice() },
  };
  // A clause line without values may stand for a clause without targetOperand (`$omit`).
  const explicit = new Set(['operatorName', 'sourceOperandName']);
  if (form.values.length) explicit.add('targetOperand');
  return { json, explicit };
}

export interface GroupForm {
  name?: string;
  /** Undefined when the block has no clause statements. */
  clauses?: JsonValue[];
}

export function generateGroup(form: GroupForm) {
  const json: JsonObject = { clauses: form.clauses ?? [] };
  const explicit = new Set<string>();
  if (form.clauses) explicit.add('clauses');
  if (form.name !== undefined) {
    json.name = form.name;
    explicit.add('name');
  }
  return { json, explicit };
}

export interface ScopeForm {
  groups?: JsonValue[];
  inputFilterGroups?: JsonValue[];
  categoryFilterGroups?: JsonValue[];
}

export function generateScope(form: ScopeForm) {
  const json: JsonObject = {
    categoryFilterGroups: form.categoryFilterGroups ?? [],
    groups: form.groups ?? [],
    inputFilterGroups: form.inputFilterGroups ?? [],
  };
  const explicit = new Set<string>();
  for (const k of ['groups', 'inputFilterGroups', 'categoryFilterGroups'] as const) if (form[k]) explicit.add(k);
  return { json, explicit };
}

export interface MetadataForm {
  key: string;
  value: string;
}

export interface ObjectMappingForm {
  name?: string;
  sourceObjectName?: string;
  targetObjectName?: string;
  enabled?: boolean;
  actions?: ObjectActions;
  metadata?: MetadataForm[];
  /** Undefined: no scope block (scope null). */
  scope?: JsonValue;
  attributeMappings?: JsonValue[];
}

export function generateObjectMapping(form: ObjectMappingForm) {
  const json: JsonObject = {
    attributeMappings: form.attributeMappings ?? [],
    enabled: form.enabled ?? true,
    flowTypes: form.actions ? formatFlowTypes(form.actions) : DEFAULT_OBJECT_FLOW_TYPES,
    metadata: (form.metadata ?? []).map((m) => ({ key: m.key, value: m.value })),
  };
  const explicit = new Set<string>();
  if (form.name !== undefined) {
    json.name = form.name;
    explicit.add('name');
  }
  json.scope = form.scope ?? null;
  if (form.sourceObjectName !== undefined) json.sourceObjectName = form.sourceObjectName;
  if (form.targetObjectName !== undefined) json.targetObjectName = form.targetObjectName;
  if (form.attributeMappings) explicit.add('attributeMappings');
  if (form.enabled !== undefined) explicit.add('enabled');
  if (form.actions) explicit.add('flowTypes');
  if (form.metadata) explicit.add('metadata');
  if (form.scope !== undefined) explicit.add('scope');
  if (form.sourceObjectName !== undefined) explicit.add('sourceObjectName');
  if (form.targetObjectName !== undefined) explicit.add('targetObjectName');
  return { json, explicit };
}

export interface RuleForm {
  /** Mapping blocks written outside a `rule` block: only `objectMappings` is generated. */
  implicit: boolean;
  id?: string;
  name?: string;
  sourceDirectoryName?: string;
  targetDirectoryName?: string;
  priority?: number;
  editable?: boolean;
  metadata?: MetadataForm[];
  objectMappings?: JsonValue[];
}

export function generateRule(form: RuleForm) {
  const explicit = new Set<string>();
  if (form.objectMappings) explicit.add('objectMappings');
  if (form.implicit) return { json: { objectMappings: form.objectMappings ?? [] } as JsonObject, explicit };
  const json: JsonObject = {};
  const put = (k: string, v: JsonValue | undefined) => {
    if (v === undefined) return;
    json[k] = v;
    explicit.add(k);
  };
  put('editable', form.editable);
  put('id', form.id);
  json.metadata = (form.metadata ?? []).map((m) => ({ key: m.key, value: m.value }));
  if (form.metadata) explicit.add('metadata');
  put('name', form.name);
  json.objectMappings = form.objectMappings ?? [];
  put('priority', form.priority);
  put('sourceDirectoryName', form.sourceDirectoryName);
  put('targetDirectoryName', form.targetDirectoryName);
  return { json, explicit };
}

export interface AppForm {
  name?: string;
  template?: string;
  targetSchema?: string;
}

export interface SchemaForm {
  app?: AppForm;
  synchronizationRules?: JsonValue[];
}

export function generateSchema(form: SchemaForm) {
  const json: JsonObject = {};
  const explicit = new Set<string>();
  if (form.app) {
    const app: JsonObject = {};
    if (form.app.name !== undefined) app.name = form.app.name;
    if (form.app.template !== undefined) app.template = form.app.template;
    if (form.app.targetSchema !== undefined) app.targetSchema = form.app.targetSchema;
    json[APP_ANNOTATION] = app;
    explicit.add(APP_ANNOTATION);
  }
  json.directories = [];
  json.synchronizationRules = form.synchronizationRules ?? [];
  if (form.synchronizationRules) explicit.add('synchronizationRules');
  return { json, explicit };
}
