// Normalisation of incoming resource data before scimmy validates it. Always on, because the
// Microsoft Entra provisioning service sends these shapes by default:
//  - `null` means "unassigned" (RFC 7643 §2.5) and legacy Entra requests send it explicitly;
//  - boolean attributes arrive as the strings "True"/"False" (without `aadOptscim062020`);
//  - a complex attribute with a `value` sub-attribute may arrive as a bare value
//    (`"manager": "<id>"`) or, for a single-valued one, as a legacy one-element list
//    (`"manager": [{"$ref": "...", "value": "<id>"}]`).
// Attribute names are matched case-insensitively (RFC 7643 §2.1) and rewritten canonically.
// Only schema-typed booleans are converted, so a string attribute holding "True" is kept.
// Custom extensions (see schema.ts) have no declared types: their values are kept as sent, with
// nulls dropped, and their attribute names as first sent.
import SCIMMY from 'scimmy';
import { badRequest, fromScimmy } from './errors';
import {
  AttrDef,
  JsonObject,
  ResourceTypeDef,
  customExtensionKeys,
  findAttr,
  isAttrName,
  isCustomExtensionKey,
  isObject,
  keyCI,
  parseAttrRef,
  resolveAttr,
} from './schema';

/**
 * A value without its nulls (RFC 7643 §2.5: null is unassigned): null members are dropped,
 * null elements removed, and an object left empty is itself unassigned.
 */
export function withoutNulls(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(withoutNulls).filter((v) => v !== undefined);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const n = withoutNulls(v);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

/** Normalises one attribute value; returns undefined when the value is unassigned. */
export function normalizeValue(def: AttrDef, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (def.dynamic) return withoutNulls(value);
  if (def.multiValued) {
    if (!Array.isArray(value)) return value; // left for schema validation to reject
    const items = value.map((v) => normalizeSingle(def, v)).filter((v) => v !== undefined);
    return items;
  }
  if (def.type === 'complex' && Array.isArray(value) && value.length <= 1 && findAttr(def.subAttributes, 'value')) {
    // Legacy single-valued reference sent as a list: [{"$ref": ..., "value": id}] or [].
    return value.length ? normalizeSingle(def, value[0]) : undefined;
  }
  return normalizeSingle(def, value);
}

function normalizeSingle(def: AttrDef, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (def.type) {
    case 'boolean':
      return typeof value === 'string' && /^(true|false)$/i.test(value.trim()) ? value.trim().toLowerCase() === 'true' : value;
    case 'complex': {
      if (!isObject(value)) {
        if ((typeof value === 'string' || typeof value === 'number') && findAttr(def.subAttributes, 'value')) {
          return value === '' ? undefined : { value };
        }
        return value;
      }
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) {
        const sub = findAttr(def.subAttributes, k);
        // Unknown sub-attributes are not stored; read-only ones and `$ref` are computed by the
        // server (a member's or manager's `$ref` and display name come from the resource).
        if (!sub || sub.mutability === 'readOnly' || sub.name === '$ref') continue;
        const n = normalizeValue(sub, v);
        if (n !== undefined) out[sub.name] = n;
      }
      return Object.keys(out).length ? out : undefined;
    }
    default:
      return value;
  }
}

const RESERVED = new Set(['schemas', 'id', 'meta']);

/** Sets `obj[name]`, reusing a key that differs only in case (custom attributes keep their first spelling). */
function setCI(obj: JsonObject, name: string, value: unknown): void {
  obj[keyCI(obj, name) ?? name] = value;
}

const NAME_RULE = 'letters, digits, "_", "-" and "$", starting with a letter';

/** Checks the sub-attribute names of a custom attribute's value: filters and PATCH paths must be able to name them. */
export function checkCustomValue(where: string, value: unknown): void {
  const objects = Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : [];
  for (const o of objects) {
    for (const k of Object.keys(o)) {
      if (!isAttrName(k)) throw badRequest('invalidValue', `"${k}" in "${where}" is not a valid sub-attribute name (${NAME_RULE})`);
    }
  }
}

/** Checks the attribute names of a custom extension: they must be addressable in filters and PATCH. */
function customAttributes(key: string, value: unknown): JsonObject {
  if (!isObject(value)) {
    throw badRequest('invalidValue', `"${key}" is a schema extension: its value must be an object of attributes, not ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  for (const [k, v] of Object.entries(value)) {
    if (!isAttrName(k)) throw badRequest('invalidValue', `"${k}" in the schema extension "${key}" is not a valid attribute name (${NAME_RULE})`);
    checkCustomValue(`${key}:${k}`, v);
  }
  return value;
}

/**
 * Normalises a resource body (POST/PUT, or the result of a PATCH). Extension attributes may be
 * nested under the extension URN or written as `urn:...:attr` keys; both end up nested.
 * Custom extensions are kept (see schema.ts); other unknown attributes are dropped (RFC 7644
 * §3.3 lets a service provider ignore them).
 */
export function normalizeResource(rt: ResourceTypeDef, body: JsonObject): JsonObject {
  const out: JsonObject = {};
  const listed = Array.isArray(body.schemas) ? body.schemas : [];
  const ext = (id: string): JsonObject => {
    const key = keyCI(out, id) ?? id;
    const cur = out[key];
    if (isObject(cur)) return cur;
    const fresh: JsonObject = {};
    out[key] = fresh;
    return fresh;
  };
  for (const [key, value] of Object.entries(body)) {
    if (RESERVED.has(key)) {
      if (value !== null && value !== undefined) out[key] = value;
      continue;
    }
    const extension = rt.extensions.find((e) => e.id.toLowerCase() === key.toLowerCase());
    if (extension) {
      if (value === null || value === undefined) continue;
      if (!isObject(value)) {
        out[extension.id] = value; // left for schema validation to reject
        continue;
      }
      const target = ext(extension.id);
      for (const [k, v] of Object.entries(value)) {
        const def = findAttr(extension.attributes, k);
        if (!def) continue;
        const n = normalizeValue(def, v);
        if (n !== undefined) target[def.name] = n;
      }
      continue;
    }
    if (key.length > 4 && /^urn:/i.test(key) && isCustomExtensionKey(rt, key, listed)) {
      if (value === null || value === undefined) continue;
      const target = ext(key);
      for (const [k, v] of Object.entries(customAttributes(key, value))) {
        const n = withoutNulls(v);
        if (n !== undefined) setCI(target, k, n);
      }
      continue;
    }
    const ref = parseAttrRef(key);
    const resolved = ref && ref.attr ? resolveAttr(rt, ref) : undefined;
    if (!resolved || (ref?.uri === undefined && resolved.extension)) continue;
    if (resolved.dynamic) {
      // `urn:...:attr` or `urn:...:attr.sub` of a custom extension, written flat.
      if (!resolved.sub) checkCustomValue(key, value);
      const n = withoutNulls(value);
      if (n === undefined) continue;
      const holder = ext(resolved.schema);
      if (resolved.sub) {
        const k = keyCI(holder, resolved.attr.name) ?? resolved.attr.name;
        const obj = isObject(holder[k]) ? (holder[k] as JsonObject) : {};
        setCI(obj, resolved.sub.name, n);
        holder[k] = obj;
      } else setCI(holder, resolved.attr.name, n);
      continue;
    }
    if (resolved.sub) continue;
    const n = normalizeValue(resolved.attr, value);
    if (n === undefined) continue;
    if (resolved.extension) ext(resolved.schema)[resolved.attr.name] = n;
    else out[resolved.attr.name] = n;
  }
  for (const key of Object.keys(out)) {
    if (key !== 'schemas' && /^urn:/i.test(key) && isObject(out[key]) && !Object.keys(out[key] as JsonObject).length) delete out[key];
  }
  return out;
}

/**
 * Validates and coerces a normalised resource with scimmy's schema (types, required
 * attributes, required extensions). Returns plain JSON in canonical attribute order.
 */
export function coerceIn(rt: ResourceTypeDef, data: JsonObject): JsonObject {
  // scimmy knows only the declared schemas: custom extensions go around it, unchanged.
  const custom = customExtensionKeys(rt, data);
  let known = data;
  if (custom.length) {
    known = { ...data };
    for (const k of custom) delete known[k];
  }
  let instance: SCIMMY.Types.Schema;
  try {
    instance = new rt.scimmy(known, 'in');
  } catch (err) {
    throw fromScimmy(err) ?? err;
  }
  const out = JSON.parse(JSON.stringify(instance)) as JsonObject;
  for (const k of custom) out[k] = JSON.parse(JSON.stringify(data[k])) as unknown;
  return out;
}
