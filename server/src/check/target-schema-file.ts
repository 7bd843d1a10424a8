// Reads SCIM schema definitions for `app ... schema FILE`: what a SCIM service returns for
// `GET /Schemas` (a ListResponse), an array of schema resources, or one schema resource
// (RFC 7643 section 7). Attributes are normalised to the catalogue's shape, with RFC 7643's
// defaults for what a definition leaves out.
import type { ScimAttribute, ScimMutability, ScimReturned, ScimSchema, ScimType, ScimUniqueness } from '../catalog/scim-schemas';
import type { TargetSchemaLoad } from './mapping';

const TYPES: Record<string, ScimType> = {
  string: 'string',
  boolean: 'boolean',
  decimal: 'decimal',
  integer: 'integer',
  datetime: 'dateTime',
  reference: 'reference',
  complex: 'complex',
  binary: 'binary',
};
const MUTABILITY: Record<string, ScimMutability> = { readonly: 'readOnly', readwrite: 'readWrite', immutable: 'immutable', writeonly: 'writeOnly' };
const RETURNED: Record<string, ScimReturned> = { always: 'always', never: 'never', default: 'default', request: 'request' };
const UNIQUENESS: Record<string, ScimUniqueness> = { none: 'none', server: 'server', global: 'global' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d);

function attribute(v: unknown, where: string): ScimAttribute | string {
  if (!isObj(v)) return `${where} is not an object`;
  const name = str(v.name);
  if (!name) return `${where} has no "name"`;
  const typeText = str(v.type)?.toLowerCase() ?? 'string';
  const type = TYPES[typeText];
  if (!type) return `${where} ("${name}") has the unknown type "${String(v.type)}"`;
  const out: ScimAttribute = {
    name,
    type,
    multiValued: bool(v.multiValued, false),
    required: bool(v.required, false),
    caseExact: bool(v.caseExact, false),
    mutability: MUTABILITY[str(v.mutability)?.toLowerCase() ?? ''] ?? 'readWrite',
    returned: RETURNED[str(v.returned)?.toLowerCase() ?? ''] ?? 'default',
    uniqueness: UNIQUENESS[str(v.uniqueness)?.toLowerCase() ?? ''] ?? 'none',
    description: str(v.description) ?? '',
  };
  if (Array.isArray(v.canonicalValues)) out.canonicalValues = v.canonicalValues.filter((x): x is string => typeof x === 'string');
  if (Array.isArray(v.referenceTypes)) out.referenceTypes = v.referenceTypes.filter((x): x is string => typeof x === 'string');
  if (Array.isArray(v.subAttributes)) {
    const subs: ScimAttribute[] = [];
    for (const [i, s] of v.subAttributes.entries()) {
      const a = attribute(s, `sub-attribute ${i + 1} of "${name}"`);
      if (typeof a === 'string') return a;
      subs.push(a);
    }
    out.subAttributes = subs;
  }
  return out;
}

function schema(v: unknown, where: string): ScimSchema | string {
  if (!isObj(v)) return `${where} is not an object`;
  const id = str(v.id);
  if (!id) return `${where} has no "id" (the schema URN)`;
  if (!Array.isArray(v.attributes)) return `${where} ("${id}") has no "attributes" array`;
  const attributes: ScimAttribute[] = [];
  for (const [i, a] of v.attributes.entries()) {
    const r = attribute(a, `attribute ${i + 1} of ${id}`);
    if (typeof r === 'string') return r;
    attributes.push(r);
  }
  return { id, name: str(v.name) ?? id, description: str(v.description) ?? '', attributes };
}

/** Parses the text of a SCIM schema file. Never throws. */
export function readScimSchemaFile(text: string): TargetSchemaLoad {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { error: `it is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const list = isObj(value) && Array.isArray(value.Resources) ? value.Resources : Array.isArray(value) ? value : [value];
  if (!list.length) return { error: 'it holds no schema' };
  const schemas: ScimSchema[] = [];
  for (const [i, s] of list.entries()) {
    const r = schema(s, list.length === 1 ? 'the schema' : `schema ${i + 1}`);
    if (typeof r === 'string') return { error: r };
    schemas.push(r);
  }
  return { schemas };
}
