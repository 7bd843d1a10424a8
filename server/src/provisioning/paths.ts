// Target attribute paths as the engine uses them: what type a path writes, how to read its current
// value from a SCIM resource, how to assemble it into a create (POST) body, and how to compare
// values the way change detection does (caseExact, Booleans, sets).
import {
  CORE_GROUP_URN,
  CORE_USER_URN,
  ScimType,
  parseTargetPath,
  resolveTargetPath,
} from '../catalog/scim-schemas';
import type { JsonObject, JsonValue } from '../model/json';
import type { AttributeDefinition } from '../model/types';
import { getCI, isObject } from './scim';

export interface TargetPath {
  /** The path as mapped. */
  text: string;
  /** Extension schema URN; undefined for core attributes (also when the core URN is written). */
  urn?: string;
  /** Top-level attribute name. */
  attribute: string;
  /** Value filter (`[type eq "work"]`): the compared sub-attribute and value. */
  filter?: { attribute: string; value: string; quoted: boolean };
  /** Sub-attribute (`.value`, `.givenName`). */
  sub?: string;
  /** SCIM type of what the path writes. */
  type: ScimType;
  /** Whether the top-level attribute is multi-valued (emails, roles, members, ...). */
  multiValued: boolean;
  /** Whether what the path writes may hold several values (a multi-valued attribute without filter/sub, or a custom multi-valued). */
  leafMultiValued: boolean;
  caseExact: boolean;
  /** A reference to another resource (manager, members). */
  reference: boolean;
  /** The path Entra puts in PATCH operations. */
  patchPath: string;
  /**
   * When the path writes complex values (`roles`, `emails[type eq "work"]`): the sub-attributes
   * the target schema defines for them. Change detection compares only these (Entra's role
   * objects carry `displayName`, which SCIM `roles` does not define and targets drop). Undefined
   * when the schema does not say (a custom attribute): then the sub-attributes the target returns
   * are compared.
   */
  subAttributes?: string[];
}

/** Parses a target path with the SCIM catalogue's types; the model's target definitions override. */
export function targetPath(text: string, resourceType: 'User' | 'Group', definition?: AttributeDefinition): TargetPath | { error: string } {
  const parsed = parseTargetPath(text);
  if (!parsed.ok) return { error: parsed.error.message };
  const p = parsed.path;
  const core = resourceType === 'Group' ? CORE_GROUP_URN : CORE_USER_URN;
  const urn = p.urn && p.urn.value.toLowerCase() !== core.toLowerCase() ? p.urn.value : undefined;
  const resolved = resolveTargetPath(text, { resourceType });
  let type: ScimType = 'string';
  let multiValued = false;
  let leafMultiValued = false;
  let caseExact = false;
  let reference = false;
  let subAttributes: string[] | undefined;
  if (resolved.ok) {
    const r = resolved.path;
    type = r.leaf.type;
    if (r.leaf.type === 'complex' && !r.synthesized && r.leaf.subAttributes?.length) subAttributes = r.leaf.subAttributes.map((a) => a.name);
    multiValued = r.attribute.multiValued;
    leafMultiValued = r.attribute.multiValued && !r.filter && !r.subAttribute ? true : r.leaf !== r.attribute && r.leaf.multiValued;
    caseExact = r.leaf.caseExact;
    const name = r.attribute.name.toLowerCase();
    reference = (name === 'manager' && !!urn) || (resourceType === 'Group' && name === 'members');
    if (reference) type = 'reference';
    // manager is complex in RFC 7643; Entra sends the referenced id as its value.
    if (name === 'manager' && type === 'complex') type = 'reference';
  }
  if (definition) {
    const t = definition.type.toLowerCase();
    if (t === 'boolean') type = 'boolean';
    else if (t === 'integer') type = 'integer';
    else if (t === 'datetime') type = 'dateTime';
    else if (t === 'reference') {
      type = 'reference';
      reference = true;
    } else if (t === 'binary') type = 'binary';
    else if (t === 'string' && type !== 'complex') type = 'string';
    caseExact = definition.caseExact;
    if (definition.multivalued) leafMultiValued = true;
  }
  const attribute = p.attribute.name;
  const filter = p.filter ? { attribute: p.filter.attribute.name, value: p.filter.value.value, quoted: p.filter.value.quoted } : undefined;
  const sub = p.subAttribute?.name;
  return {
    text,
    urn,
    attribute,
    filter,
    sub,
    type,
    multiValued,
    leafMultiValued,
    caseExact,
    reference,
    patchPath: text,
    ...(subAttributes ? { subAttributes } : {}),
  };
}

/** The container of a path in a resource: the resource itself, or its extension object. */
function container(resource: JsonObject, path: TargetPath): JsonValue | undefined {
  if (!path.urn) return resource;
  const ext = getCI(resource, path.urn);
  if (ext !== undefined) return ext;
  return undefined;
}

function filterMatches(element: JsonValue, path: TargetPath): boolean {
  if (!isObject(element) || !path.filter) return false;
  const v = getCI(element, path.filter.attribute);
  const want = path.filter.value;
  if (typeof v === 'boolean') return String(v).toLowerCase() === want.toLowerCase();
  if (typeof v === 'string') return v.toLowerCase() === want.toLowerCase();
  return false;
}

export interface CurrentValue {
  /** False when the resource holds no value at the path. */
  present: boolean;
  value?: JsonValue;
}

/** Reads the value a path points at in a SCIM resource (case-insensitive names). */
export function readPath(resource: JsonObject, path: TargetPath): CurrentValue {
  const holder = container(resource, path);
  let top: JsonValue | undefined;
  if (isObject(holder)) top = getCI(holder, path.attribute);
  // Some servers flatten extension attributes: { "urn:...:User:department": "x" }.
  if (top === undefined && path.urn) top = getCI(resource, `${path.urn}:${path.attribute}`);
  if (top === undefined || top === null) return { present: false };
  if (path.filter) {
    if (!Array.isArray(top)) return { present: false };
    const hits = top.filter((e) => filterMatches(e, path));
    if (!hits.length) return { present: false };
    const values = path.sub ? hits.map((h) => (isObject(h) ? getCI(h, path.sub!) : undefined)).filter((v): v is JsonValue => v !== undefined && v !== null) : hits;
    if (!values.length) return { present: false };
    return { present: true, value: values.length === 1 && !path.leafMultiValued ? values[0] : values };
  }
  if (path.sub) {
    if (Array.isArray(top)) {
      const values = top.map((e) => (isObject(e) ? getCI(e, path.sub!) : undefined)).filter((v): v is JsonValue => v !== undefined && v !== null);
      return values.length ? { present: true, value: values } : { present: false };
    }
    if (!isObject(top)) return { present: false };
    const v = getCI(top, path.sub);
    return v === undefined || v === null ? { present: false } : { present: true, value: v };
  }
  if (path.reference && isObject(top)) {
    // manager: { value, $ref, displayName } → the id.
    const id = getCI(top, 'value');
    return typeof id === 'string' ? { present: true, value: id } : { present: false };
  }
  if (Array.isArray(top) && top.length === 0) return { present: false };
  if (typeof top === 'string' && top === '' && path.reference) return { present: false };
  return { present: true, value: top };
}

/** Sets a key, reusing an existing key that differs only in case. */
function setCI(obj: JsonObject, name: string, value: JsonValue): void {
  const lower = name.toLowerCase();
  const existing = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  obj[existing ?? name] = value;
}

function filterValueJson(path: TargetPath): JsonValue {
  const f = path.filter!;
  if (!f.quoted || f.attribute.toLowerCase() === 'primary') {
    if (f.value.toLowerCase() === 'true') return true;
    if (f.value.toLowerCase() === 'false') return false;
  }
  return f.value;
}

/**
 * Writes `value` at `path` into a create body, the way Entra assembles one: value-filter paths
 * become array elements carrying the filter (`{ "type": "work", "value": ... }`), sub-attributes
 * nest, extension attributes go under their schema URN.
 */
export function writePath(resource: JsonObject, path: TargetPath, value: JsonValue): void {
  let holder: JsonObject = resource;
  if (path.urn) {
    const ext = getCI(resource, path.urn);
    if (isObject(ext)) holder = ext;
    else {
      holder = {};
      resource[path.urn] = holder;
    }
  }
  if (path.filter) {
    let list = getCI(holder, path.attribute);
    if (!Array.isArray(list)) {
      list = [];
      setCI(holder, path.attribute, list);
    }
    const arr = list as JsonValue[];
    const values = Array.isArray(value) ? value : [value];
    const filterKey = path.filter.attribute;
    for (const v of values) {
      // One element per value; the first value joins an element with the same filter (so that
      // addresses[type eq "work"].streetAddress and .postalCode share one address).
      let element = !Array.isArray(value) || v === values[0] ? (arr.find((e) => filterMatches(e, path)) as JsonObject | undefined) : undefined;
      if (element && path.sub && getCI(element, path.sub) !== undefined) element = undefined;
      if (!element) {
        element = { [filterKey]: filterValueJson(path) };
        arr.push(element);
      }
      if (path.sub) setCI(element, path.sub, v);
      else if (isObject(v)) Object.assign(element, v);
    }
    return;
  }
  if (path.sub) {
    let obj = getCI(holder, path.attribute);
    if (!isObject(obj)) {
      obj = {};
      setCI(holder, path.attribute, obj);
    }
    setCI(obj as JsonObject, path.sub, value);
    return;
  }
  setCI(holder, path.attribute, value);
}

/**
 * Marks one element of each multi-valued attribute `primary: true` when the mapping did not say
 * (Entra's create shape: `emails: [{ primary: true, type: "work", value }]`). The `work` element
 * wins, else the first.
 */
export function markPrimaries(resource: JsonObject, attributes: Iterable<{ holder: JsonObject; attribute: string }>): void {
  const seen = new Set<JsonValue>();
  for (const { holder, attribute } of attributes) {
    const list = getCI(holder, attribute);
    if (!Array.isArray(list) || seen.has(list)) continue;
    seen.add(list);
    const elements = list.filter(isObject);
    if (!elements.length || elements.some((e) => getCI(e, 'primary') !== undefined)) continue;
    const work = elements.find((e) => typeof getCI(e, 'type') === 'string' && (getCI(e, 'type') as string).toLowerCase() === 'work');
    const chosen = work ?? elements[0];
    // Keep Entra's key order: primary first.
    const copy = { primary: true, ...chosen };
    for (const k of Object.keys(chosen)) delete chosen[k];
    Object.assign(chosen, copy);
  }
  void resource;
}

/** The object holding a path's top-level attribute in a create body (for markPrimaries). */
export function holderOf(resource: JsonObject, path: TargetPath): JsonObject {
  if (!path.urn) return resource;
  const ext = getCI(resource, path.urn);
  return isObject(ext) ? ext : resource;
}

// ---------------------------------------------------------------------------------------------
// Comparison (change detection)
// ---------------------------------------------------------------------------------------------

function scalarText(v: JsonValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return undefined;
}

/**
 * Which keys of a complex value are compared: those the target schema defines (`subAttributes`),
 * else those the target returns (the keys of its current value or elements). A key the target
 * does not keep cannot be compared: the value would differ on every run and be sent again and
 * again. (The request still carries everything the mapping computes, as Entra's does.)
 */
type KeyFilter = (key: string) => boolean;

function keyFilter(current: JsonValue | undefined, subAttributes: readonly string[] | undefined): KeyFilter {
  const keys = new Set<string>();
  if (subAttributes) for (const k of subAttributes) keys.add(k.toLowerCase());
  else for (const e of Array.isArray(current) ? current : [current]) if (isObject(e)) for (const k of Object.keys(e)) keys.add(k.toLowerCase());
  return (key) => keys.has(key.toLowerCase());
}

function sameWith(wanted: JsonValue, current: JsonValue | undefined, caseExact: boolean, compared: KeyFilter): boolean {
  if (current === undefined || current === null) return wanted === null;
  if (Array.isArray(wanted) || Array.isArray(current)) {
    const a = Array.isArray(wanted) ? wanted : [wanted];
    const b = Array.isArray(current) ? current : [current];
    if (a.length !== b.length) return false;
    const used = new Set<number>();
    return a.every((x) => {
      const i = b.findIndex((y, j) => !used.has(j) && sameWith(x, y, caseExact, compared));
      if (i < 0) return false;
      used.add(i);
      return true;
    });
  }
  if (isObject(wanted) || isObject(current)) {
    if (!isObject(wanted) || !isObject(current)) return false;
    const all = Object.keys(wanted);
    const keys = all.filter(compared);
    // Nothing in common with what the target keeps: compare everything (and so differ).
    return (keys.length ? keys : all).every((k) => {
      const c = getCI(current, k);
      return sameWith(wanted[k], c, caseExact, keyFilter(c, undefined));
    });
  }
  const a = scalarText(wanted);
  const b = scalarText(current);
  if (a === undefined || b === undefined) return false;
  if (typeof wanted === 'boolean' || typeof current === 'boolean') return a.toLowerCase() === b.toLowerCase();
  return caseExact ? a === b : a.toLowerCase() === b.toLowerCase();
}

/**
 * Whether the target already holds `wanted`: strings compared per caseExact, Booleans whether
 * written as JSON or as "True"/"False", numbers against their text, lists as sets, complex values
 * by the sub-attributes the target schema defines (`subAttributes`, see TargetPath) or, when it
 * does not say, by those the target returns.
 */
export function sameValue(wanted: JsonValue, current: JsonValue | undefined, caseExact: boolean, subAttributes?: readonly string[]): boolean {
  return sameWith(wanted, current, caseExact, keyFilter(current, subAttributes));
}

/** The values of `wanted` that none of the target's `current` values equals (add-only flows), compared as sameValue does. */
export function missingValues(wanted: JsonValue[], current: JsonValue[], caseExact: boolean, subAttributes?: readonly string[]): JsonValue[] {
  const compared = keyFilter(current, subAttributes);
  return wanted.filter((w) => !current.some((c) => sameWith(w, c, caseExact, compared)));
}
