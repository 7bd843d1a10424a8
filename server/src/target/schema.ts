// The resource model of the target: SCIM User (with the enterprise extension) and Group, taken
// from scimmy's RFC 7643 schema definitions and flattened into plain, typed attribute tables
// used by filters, projections, PATCH normalisation and discovery.
import SCIMMY from 'scimmy';

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

/**
 * The two resource types. scimmy keeps schema definitions in process-wide singletons; attaching
 * the enterprise extension to its User schema is idempotent and the only global change we make.
 */
export function resourceTypes(): { User: ResourceTypeDef; Group: ResourceTypeDef } {
  if (model) return model;
  // scimmy's typings declare an instance parameter; at run time it takes the schema class.
  SCIMMY.Schemas.User.extend(SCIMMY.Schemas.EnterpriseUser as unknown as SCIMMY.Types.Schema, false);
  const definitions = [SCIMMY.Schemas.User.definition, SCIMMY.Schemas.EnterpriseUser.definition, SCIMMY.Schemas.Group.definition];
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
      extensions: Object.freeze([enterprise]),
      uniqueAttribute: 'userName',
      scimmy: SCIMMY.Schemas.User,
    }),
    Group: Object.freeze({
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      core: fromDefinition(SCIMMY.Schemas.Group.definition, true),
      extensions: Object.freeze([]),
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

/**
 * Parses `attr`, `attr.sub`, `urn:...:attr`, `urn:...:attr.sub` or a bare schema URN. Known
 * schema URNs are matched by prefix (they contain `.` and `:` themselves, e.g. `...:2.0:User`);
 * for an unknown URN the attribute is whatever follows the last `:`. Returns undefined when the
 * text is not an attribute path at all.
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

export function allSchemaIds(): string[] {
  const t = resourceTypes();
  return [t.User.core.id, ...t.User.extensions.map((e) => e.id), t.Group.core.id];
}

/** An attribute path resolved against a resource type. */
export interface ResolvedAttr {
  /** Where the attribute lives: the core schema id, or the extension URN (its container key). */
  readonly schema: string;
  readonly extension: boolean;
  readonly attr: AttrDef;
  readonly sub?: AttrDef;
  /** Canonical spelling, e.g. `name.givenName` or `urn:...:User:manager.value`. */
  readonly path: string;
}

/**
 * Resolves a reference against a resource type. Without a URN the core schema is searched
 * first, then the extensions (Entra's `manager eq "..."` uses the bare name). Returns undefined
 * when the attribute or sub-attribute is unknown.
 */
export function resolveAttr(rt: ResourceTypeDef, ref: AttrRef): ResolvedAttr | undefined {
  const candidates: SchemaDef[] = ref.uri
    ? [rt.core, ...rt.extensions].filter((s) => eqi(s.id, ref.uri!))
    : [rt.core, ...rt.extensions];
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

/** The object holding an attribute: the resource itself, or its extension container. */
export function container(resource: JsonObject, r: Pick<ResolvedAttr, 'schema' | 'extension'>): JsonObject | undefined {
  if (!r.extension) return resource;
  const ext = resource[r.schema];
  return isObject(ext) ? ext : undefined;
}
