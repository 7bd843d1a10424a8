// Normalisation of incoming resource data before scimmy validates it. Always on, because the
// Microsoft Entra provisioning service sends these shapes by default:
//  - `null` means "unassigned" (RFC 7643 §2.5) and legacy Entra requests send it explicitly;
//  - boolean attributes arrive as the strings "True"/"False" (without `aadOptscim062020`);
//  - a complex attribute with a `value` sub-attribute may arrive as a bare value
//    (`"manager": "<id>"`) or, for a single-valued one, as a legacy one-element list
//    (`"manager": [{"$ref": "...", "value": "<id>"}]`).
// Attribute names are matched case-insensitively (RFC 7643 §2.1) and rewritten canonically.
// Only schema-typed booleans are converted, so a string attribute holding "True" is kept.
import SCIMMY from 'scimmy';
import { fromScimmy } from './errors';
import { AttrDef, JsonObject, ResourceTypeDef, findAttr, isObject, parseAttrRef, resolveAttr } from './schema';

/** Normalises one attribute value; returns undefined when the value is unassigned. */
export function normalizeValue(def: AttrDef, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
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

/**
 * Normalises a resource body (POST/PUT, or the result of a PATCH). Extension attributes may be
 * nested under the extension URN or written as `urn:...:attr` keys; both end up nested.
 * Unknown attributes are dropped (RFC 7644 §3.3 lets a service provider ignore them).
 */
export function normalizeResource(rt: ResourceTypeDef, body: JsonObject): JsonObject {
  const out: JsonObject = {};
  const ext = (id: string): JsonObject => {
    const cur = out[id];
    if (isObject(cur)) return cur;
    const fresh: JsonObject = {};
    out[id] = fresh;
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
    const ref = parseAttrRef(key);
    const resolved = ref && ref.attr && ref.sub === undefined ? resolveAttr(rt, ref) : undefined;
    if (!resolved || (ref?.uri === undefined && resolved.extension)) continue;
    const n = normalizeValue(resolved.attr, value);
    if (n === undefined) continue;
    if (resolved.extension) ext(resolved.schema)[resolved.attr.name] = n;
    else out[resolved.attr.name] = n;
  }
  for (const e of rt.extensions) if (isObject(out[e.id]) && !Object.keys(out[e.id] as JsonObject).length) delete out[e.id];
  return out;
}

/**
 * Validates and coerces a normalised resource with scimmy's schema (types, required
 * attributes, required extensions). Returns plain JSON in canonical attribute order.
 */
export function coerceIn(rt: ResourceTypeDef, data: JsonObject): JsonObject {
  let instance: SCIMMY.Types.Schema;
  try {
    instance = new rt.scimmy(data, 'in');
  } catch (err) {
    throw fromScimmy(err) ?? err;
  }
  return JSON.parse(JSON.stringify(instance)) as JsonObject;
}
