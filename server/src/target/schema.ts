// The resource model of the target: SCIM User and Group, taken from scimmy's RFC 7643 schema
// definitions and flattened into plain, typed attribute tables used by filters, projections,
// PATCH normalisation and discovery.
//
// Schema extensions come in two kinds:
//  - known ones, with typed attributes: the enterprise User extension (RFC 7643 §4.3) and the
//    extensions of the gallery apps in entramap's catalogue (Genesys Cloud's
//    `urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User`, ...). They are
//    registered with scimmy, validated like the core schema and published in /Schemas;
//  - custom ones: any other extension URN a client sends (Entra's
//    `urn:ietf:params:scim:schemas:extension:<Name>:2.0:User` pattern). Their attributes have no
//    declared types: values are stored as sent (nulls dropped), names are matched
//    case-insensitively, and filters compare by the JSON type of the stored value. Their
//    AttrDefs are made up on demand and marked `dynamic`.
import SCIMMY from 'scimmy';
import { allAppFacts } from '../catalog/templates/apps';
import type { ScimAttribute, ScimSchema } from '../catalog/scim-schemas';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

export type AttrType = 'string' | 'complex' | 'boolean' | 'binary' | 'decimal' | 'integer' | 'dateTime' | 'reference';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';

export interface AttrDef {
  readonly name: string;
  readonly type: AttrType;
  readonly multiValued: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly subAttributes: readonly AttrDef[];
  /**
   * An attribute of a custom extension, declared by no schema: shape and type follow the values
   * (see `dynamicAttr`). Consumers branch on this before reading `type` or `multiValued`.
   */
  readonly dynamic?: true;
}

export interface SchemaDef {
  readonly id: string;
  readonly name: string;
  readonly attributes: readonly AttrDef[];
}

export type ResourceTypeName = 'User' | 'Group';

export interface ResourceTypeDef {
  readonly name: ResourceTypeName;
  readonly endpoint: '/Users' | '/Groups';
  readonly description: string;
  readonly core: SchemaDef;
  readonly extensions: readonly SchemaDef[];
  /** The attribute that must be unique (case-insensitively) among resources of this type. */
  readonly uniqueAttribute: 'userName' | 'displayName';
  /** scimmy's schema class: validates and coerces resources ("in") and shapes them ("out"). */
  readonly scimmy: typeof SCIMMY.Schemas.User | typeof SCIMMY.Schemas.Group;
}

/** A JSON object as parsed from a request body or kept in the store. */
export type JsonObject = { [key: string]: unknown };

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Shape of `SCIMMY.Types.Attribute#toJSON()` that we read. */
interface ScimmyAttributeJson {
  name: string;
  type: AttrType;
  multiValued?: boolean;
  caseExact?: boolean;
  mutability?: Mutability;
  returned?: Returned;
  subAttributes?: ScimmyAttributeJson[];
}

function toAttrDef(json: ScimmyAttributeJson): AttrDef {
  return Object.freeze({
    name: json.name,
    type: json.type,
    multiValued: json.multiValued === true,
    // RFC 7643 §2.2: caseExact defaults to false.
    caseExact: json.caseExact === true,
    mutability: json.mutability ?? 'readWrite',
    returned: json.returned ?? 'default',
    subAttributes: Object.freeze((json.subAttributes ?? []).map(toAttrDef)),
  });
}

const COMMON = new Set(['schemas', 'id', 'externalId', 'meta']);

function fromDefinition(def: SCIMMY.Types.SchemaDefinition, withCommon: boolean): SchemaDef {
  const attributes: AttrDef[] = [];
  for (const a of def.attributes) {
    if (!(a instanceof SCIMMY.Types.Attribute)) continue; // schema extensions are listed separately
    if (!withCommon && COMMON.has(a.name)) continue;
    attributes.push(toAttrDef(a.toJSON() as unknown as ScimmyAttributeJson));
  }
  return Object.freeze({ id: def.id, name: def.name, attributes: Object.freeze(attributes) });
}

let model: { User: ResourceTypeDef; Group: ResourceTypeDef } | undefined;
let schemaTemplates: JsonObject[] | undefined;

/**
 * The published schema documents (RFC 7643 §7), without `meta.location`. Captured before
 * `relaxCanonicalValues` so they still list the suggested canonical values.
 */
export function schemaDocumentTemplates(): readonly JsonObject[] {
  resourceTypes();
  return schemaTemplates!;
}

/**
 * RFC 7643 §7: canonical values are suggestions a service provider "MAY" use; Entra sends
 * e.g. `roles[].type` "WindowsAzureActiveDirectoryRole" and values must be stored verbatim.
 * scimmy enforces them, and declares an empty list (nothing allowed) for `roles.type` and
 * `entitlements.type`; so enforcement is switched off on its (process-wide) definitions.
 */
function relaxCanonicalValues(attributes: readonly unknown[]): void {
  for (const a of attributes) {
    if (!(a instanceof SCIMMY.Types.Attribute)) continue;
    if (Array.isArray(a.config.canonicalValues)) a.config.canonicalValues = false;
    if (a.subAttributes) relaxCanonicalValues(a.subAttributes);
  }
}

function dropEmptyCanonicalValues(value: unknown): void {
  if (Array.isArray(value)) value.forEach(dropEmptyCanonicalValues);
  else if (isObject(value)) {
    if (Array.isArray(value.canonicalValues) && value.canonicalValues.length === 0) delete value.canonicalValues;
    Object.values(value).forEach(dropEmptyCanonicalValues);
  }
}

/** The extension schemas of the catalogue's gallery apps, one per id, for `resource`. */
function catalogExtensions(resource: ResourceTypeName): ScimSchema[] {
  const seen = new Set<string>();
  const out: ScimSchema[] = [];
  for (const app of allAppFacts()) {
    for (const schema of app.extensionSchemas ?? []) {
      const id = schema.id.toLowerCase();
      if (seen.has(id) || resourceTypeNamed(schema.id) !== resource) continue;
      seen.add(id);
      out.push(schema);
    }
  }
  return out;
}

/** The resource type an extension URN is for, by its last segment (`...:2.0:Group` → Group). */
function resourceTypeNamed(uri: string): ResourceTypeName {
  return /:group$/i.test(uri) ? 'Group' : 'User';
}

function toScimmyAttribute(a: ScimAttribute): SCIMMY.Types.Attribute {
  const config = {
    multiValued: a.multiValued,
    description: a.description ?? '',
    required: a.required,
    caseExact: a.caseExact,
    // scimmy takes true for readWrite and false for readOnly; a string means exactly that mutability.
    mutable: a.mutability === 'readWrite' ? true : a.mutability === 'readOnly' ? false : a.mutability,
    returned: a.returned,
    uniqueness: a.uniqueness,
    ...(a.referenceTypes ? { referenceTypes: a.referenceTypes } : {}),
    ...(a.canonicalValues ? { canonicalValues: a.canonicalValues } : {}),
  };
  // scimmy's typings are narrower than the run-time constructor (string mutability and returned).
  const Attribute = SCIMMY.Types.Attribute as unknown as new (type: string, name: string, config: object, subs: SCIMMY.Types.Attribute[]) => SCIMMY.Types.Attribute;
  return new Attribute(a.type, a.name, config, (a.subAttributes ?? []).map(toScimmyAttribute));
}

function toScimmyDefinition(schema: ScimSchema): SCIMMY.Types.SchemaDefinition {
  const Definition = SCIMMY.Types.SchemaDefinition as unknown as new (name: string, id: string, description: string, attributes: SCIMMY.Types.Attribute[]) => SCIMMY.Types.SchemaDefinition;
  return new Definition(schema.name, schema.id, schema.description ?? '', schema.attributes.map(toScimmyAttribute));
}

/**
 * The two resource types. scimmy keeps schema definitions in process-wide singletons; attaching
 * the known extensions to its User (and Group) schema is done once here, and is the only global
 * change we make.
 */
export function resourceTypes(): { User: ResourceTypeDef; Group: ResourceTypeDef } {
  if (model) return model;
  // scimmy's typings declare an instance parameter; at run time it takes the schema class.
  SCIMMY.Schemas.User.extend(SCIMMY.Schemas.EnterpriseUser as unknown as SCIMMY.Types.Schema, false);
  const appUser = catalogExtensions('User').map(toScimmyDefinition);
  const appGroup = catalogExtensions('Group').map(toScimmyDefinition);
  const registered = (schema: typeof SCIMMY.Schemas.User | typeof SCIMMY.Schemas.Group) =>
    new Set(schema.definition.attributes.filter((a) => a instanceof SCIMMY.Types.SchemaDefinition).map((a) => (a as SCIMMY.Types.SchemaDefinition).id.toLowerCase()));
  const userHas = registered(SCIMMY.Schemas.User);
  for (const d of appUser) if (!userHas.has(d.id.toLowerCase())) SCIMMY.Schemas.User.extend(d as unknown as SCIMMY.Types.Schema, false);
  const groupHas = registered(SCIMMY.Schemas.Group);
  for (const d of appGroup) if (!groupHas.has(d.id.toLowerCase())) SCIMMY.Schemas.Group.extend(d as unknown as SCIMMY.Types.Schema, false);

  const definitions = [SCIMMY.Schemas.User.definition, SCIMMY.Schemas.EnterpriseUser.definition, ...appUser, SCIMMY.Schemas.Group.definition, ...appGroup];
  schemaTemplates = definitions.map((d) => {
    const doc = JSON.parse(JSON.stringify(d.describe(''))) as JsonObject;
    delete doc.meta;
    dropEmptyCanonicalValues(doc);
    if (d === SCIMMY.Schemas.Group.definition && Array.isArray(doc.attributes)) {
      // This target enforces unique group display names, as Entra's group matching requires.
      for (const a of doc.attributes as JsonObject[]) if (a.name === 'displayName') a.uniqueness = 'server';
    }
    return doc;
  });
  for (const d of definitions) relaxCanonicalValues(d.attributes);
  const enterprise = fromDefinition(SCIMMY.Schemas.EnterpriseUser.definition, false);
  model = {
    User: Object.freeze({
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      core: fromDefinition(SCIMMY.Schemas.User.definition, true),
      extensions: Object.freeze([enterprise, ...appUser.map((d) => fromDefinition(d, false))]),
      uniqueAttribute: 'userName',
      scimmy: SCIMMY.Schemas.User,
    }),
    Group: Object.freeze({
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      core: fromDefinition(SCIMMY.Schemas.Group.definition, true),
      extensions: Object.freeze(appGroup.map((d) => fromDefinition(d, false))),
      uniqueAttribute: 'displayName',
      scimmy: SCIMMY.Schemas.Group,
    }),
  };
  return model;
}

export function resourceTypeByEndpoint(segment: string): ResourceTypeDef | undefined {
  const lower = segment.toLowerCase();
  const types = resourceTypes();
  if (lower === 'users') return types.User;
  if (lower === 'groups') return types.Group;
  return undefined;
}

const eqi = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function findAttr(list: readonly AttrDef[], name: string): AttrDef | undefined {
  return list.find((a) => eqi(a.name, name));
}

// ---------------------------------------------------------------------------------------------
// Attribute paths (RFC 7644 §3.10): [schemaURN ":"] attrName ["." subAttrName]
// ---------------------------------------------------------------------------------------------

/** An attribute reference as written by the client, before resolution against a schema. */
export interface AttrRef {
  /** Schema URN prefix, when the path was fully qualified. */
  readonly uri?: string;
  /** Attribute name; empty when the path names a whole schema extension (projection only). */
  readonly attr: string;
  readonly sub?: string;
}

const NAME = /^[A-Za-z$][\w$-]*$/;

/** Whether `text` is a valid attribute name (RFC 7643 §2.1 ATTRNAME, plus `$ref`). */
export const isAttrName = (text: string): boolean => NAME.test(text);

/**
 * Parses `attr`, `attr.sub`, `urn:...:attr`, `urn:...:attr.sub` or a bare schema URN. Known
 * schema URNs are matched by prefix (they contain `.` and `:` themselves, e.g. `...:2.0:User`);
 * for an unknown URN the attribute is whatever follows the last `:`, unless that is a resource
 * type name (`urn:...:2.0:User` is a bare schema URN). Returns undefined when the text is not an
 * attribute path at all.
 */
export function parseAttrRef(text: string, knownUris: readonly string[] = allSchemaIds()): AttrRef | undefined {
  let rest = text;
  let uri: string | undefined;
  if (/^urn:/i.test(text)) {
    const known = knownUris.find((u) => text.length >= u.length && eqi(text.slice(0, u.length), u));
    if (known && text.length === known.length) return { uri: known, attr: '' };
    if (known && text[known.length] === ':') {
      uri = known;
      rest = text.slice(known.length + 1);
    } else {
      const colon = text.lastIndexOf(':');
      if (RESOURCE_TYPE_NAME.test(text.slice(colon + 1))) return URN.test(text) ? { uri: text, attr: '' } : undefined;
      uri = text.slice(0, colon);
      rest = text.slice(colon + 1);
    }
  }
  const dot = rest.indexOf('.');
  const attr = dot < 0 ? rest : rest.slice(0, dot);
  const sub = dot < 0 ? undefined : rest.slice(dot + 1);
  if (!NAME.test(attr) || (sub !== undefined && !NAME.test(sub))) return undefined;
  return { uri, attr, sub };
}

const RESOURCE_TYPE_NAME = /^(user|group)$/i;
/** RFC 8141 in outline: `urn:` NID `:` NSS, without spaces, quotes or brackets. */
const URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:[^\s"[\]]+$/i;

/**
 * Whether `uri` can name a custom extension schema of `rt`: a URN that is not a schema the target
 * knows, not a core schema, not a SCIM message, and not named for the other resource type
 * (`...:2.0:User` is no extension of groups).
 */
export function isCustomExtensionUri(rt: ResourceTypeDef, uri: string): boolean {
  if (!URN.test(uri) || /^urn:ietf:params:scim:(api|schemas:core):/i.test(uri)) return false;
  const t = resourceTypes();
  if ([t.User, t.Group].some((x) => eqi(x.core.id, uri) || x.extensions.some((e) => eqi(e.id, uri)))) return false;
  const last = uri.slice(uri.lastIndexOf(':') + 1);
  return !(RESOURCE_TYPE_NAME.test(last) && !eqi(last, rt.name));
}

/**
 * Whether a top-level body key names a whole custom extension (an object of its attributes)
 * rather than one `urn:...:attr` attribute: the request lists it in `schemas`, or it ends in the
 * resource type's name as extension schema URNs do (`urn:...:extension:Contoso:2.0:User`). Entra
 * sends custom extensions nested under their URN without listing it in `schemas`.
 */
export function isCustomExtensionKey(rt: ResourceTypeDef, key: string, listed: readonly unknown[]): boolean {
  if (!isCustomExtensionUri(rt, key)) return false;
  if (listed.some((s) => typeof s === 'string' && eqi(s, key))) return true;
  return eqi(key.slice(key.lastIndexOf(':') + 1), rt.name);
}

/** A stored or normalised resource's custom extension containers (keys that are unknown URNs). */
export function customExtensionKeys(rt: ResourceTypeDef, resource: JsonObject): string[] {
  const out: string[] = [];
  for (const key of Object.keys(resource)) {
    if (key.length > 4 && (key[0] === 'u' || key[0] === 'U') && /^urn:/i.test(key) && isObject(resource[key]) && isCustomExtensionUri(rt, key)) out.push(key);
  }
  return out;
}

/** An attribute of a custom extension: no declared type, compared and stored by its values. */
export function dynamicAttr(name: string, shape: { multiValued?: boolean; complex?: boolean } = {}): AttrDef {
  return {
    name,
    type: shape.complex ? 'complex' : 'string',
    multiValued: shape.multiValued === true,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    subAttributes: [],
    dynamic: true,
  };
}

/** A sub-attribute by name; for a custom extension's attribute, any name is one. */
export function subAttr(def: AttrDef, name: string): AttrDef | undefined {
  return findAttr(def.subAttributes, name) ?? (def.dynamic ? dynamicAttr(name) : undefined);
}

/** A property by name: exact first, then case-insensitively (RFC 7643 §2.1). */
export function getCI(obj: unknown, name: string): unknown {
  if (!isObject(obj)) return undefined;
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const key = keyCI(obj, name);
  return key === undefined ? undefined : obj[key];
}

/** The key of `obj` equal to `name` ignoring case (the exact one first), if any. */
export function keyCI(obj: JsonObject, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return k;
  return undefined;
}

let schemaIds: string[] | undefined;

/** The ids of the schemas the target knows (core, enterprise and catalogued extensions). */
export function allSchemaIds(): string[] {
  if (schemaIds) return schemaIds;
  const t = resourceTypes();
  schemaIds = [t.User.core.id, ...t.User.extensions.map((e) => e.id), t.Group.core.id, ...t.Group.extensions.map((e) => e.id)];
  return schemaIds;
}

/** An attribute path resolved against a resource type. */
export interface ResolvedAttr {
  /** Where the attribute lives: the core schema id, or the extension URN (its container key). */
  readonly schema: string;
  readonly extension: boolean;
  /** A custom extension's attribute (no declared type; see `dynamicAttr`). */
  readonly dynamic?: true;
  readonly attr: AttrDef;
  readonly sub?: AttrDef;
  /** Canonical spelling, e.g. `name.givenName` or `urn:...:User:manager.value`. */
  readonly path: string;
}

/**
 * Resolves a reference against a resource type. Without a URN the core schema is searched
 * first, then the known extensions (Entra's `manager eq "..."` uses the bare name). A URN the
 * target does not know resolves to a custom extension's attribute (`dynamic`). Returns undefined
 * when the attribute or sub-attribute is unknown.
 */
export function resolveAttr(rt: ResourceTypeDef, ref: AttrRef): ResolvedAttr | undefined {
  const candidates: SchemaDef[] = ref.uri
    ? [rt.core, ...rt.extensions].filter((s) => eqi(s.id, ref.uri!))
    : [rt.core, ...rt.extensions];
  if (ref.uri && !candidates.length) {
    if (!ref.attr || !isCustomExtensionUri(rt, ref.uri)) return undefined;
    const local = ref.sub !== undefined ? `${ref.attr}.${ref.sub}` : ref.attr;
    return {
      schema: ref.uri,
      extension: true,
      dynamic: true,
      attr: dynamicAttr(ref.attr, { complex: ref.sub !== undefined }),
      sub: ref.sub !== undefined ? dynamicAttr(ref.sub) : undefined,
      path: `${ref.uri}:${local}`,
    };
  }
  for (const schema of candidates) {
    const attr = findAttr(schema.attributes, ref.attr);
    if (!attr) continue;
    let sub: AttrDef | undefined;
    if (ref.sub !== undefined) {
      if (attr.type !== 'complex') return undefined;
      sub = findAttr(attr.subAttributes, ref.sub);
      if (!sub) return undefined;
    }
    const extension = schema !== rt.core;
    const local = sub ? `${attr.name}.${sub.name}` : attr.name;
    return { schema: schema.id, extension, attr, sub, path: extension ? `${schema.id}:${local}` : local };
  }
  return undefined;
}

export function extensionById(rt: ResourceTypeDef, uri: string): SchemaDef | undefined {
  return rt.extensions.find((e) => eqi(e.id, uri));
}

/**
 * The object holding an attribute: the resource itself, or its extension container (found
 * case-insensitively for a custom extension, whose URN keeps the spelling it was first sent with).
 */
export function container(resource: JsonObject, r: Pick<ResolvedAttr, 'schema' | 'extension' | 'dynamic'>): JsonObject | undefined {
  if (!r.extension) return resource;
  const ext = r.dynamic ? getCI(resource, r.schema) : resource[r.schema];
  return isObject(ext) ? ext : undefined;
}
