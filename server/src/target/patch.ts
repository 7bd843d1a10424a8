// PATCH (RFC 7644 §3.5.2) for the target's resources, applied to plain JSON; the result is then
// validated by scimmy like any PUT. Our own engine rather than scimmy's PatchOp because Entra
// needs, and the RFC requires, behaviour that PatchOp lacks: value filters that honour the
// attribute's caseExact, "replace" on a complex attribute that keeps unspecified sub-attributes,
// "add" that does not duplicate an existing value, and one "primary" value per attribute.
//
// Entra shapes handled (always on): capitalised `op`; string booleans; `Add`/`Replace` on
// `emails[type eq "work"].value` when no such element exists (the element is created);
// `manager` as a bare id or legacy `[{"$ref", "value"}]`, with or without the extension URN;
// `Remove` of `members` with a `value` list; path-less operations whose keys are paths.
// Custom extension attributes (`urn:...:extension:Contoso:2.0:User:costCenter`, see schema.ts)
// take their shape from what is stored and what is sent: a list is multi-valued, a value filter
// (`...:externalIds[authority eq "teams"].value`) makes a multi-valued complex attribute, names
// are matched case-insensitively and keep their first spelling.
import { ScimError, badRequest } from './errors';
import { FilterNode, compileValueFilter, parseFilter } from './filter';
import { checkCustomValue, normalizeValue } from './input';
import {
  AttrDef,
  JsonObject,
  PATCH_OP_SCHEMA,
  ResolvedAttr,
  ResourceTypeDef,
  allSchemaIds,
  customExtensionKeys,
  dynamicAttr,
  extensionById,
  findAttr,
  getCI,
  isCustomExtensionUri,
  isObject,
  keyCI,
  parseAttrRef,
  resolveAttr,
  subAttr,
} from './schema';

type OpName = 'add' | 'remove' | 'replace';

/** A PATCH path resolved against the resource type. */
type Target =
  | { kind: 'extension'; schema: string; text: string; custom?: boolean }
  | {
      kind: 'attribute';
      text: string;
      resolved: ResolvedAttr;
      /** `attr[filter]`: test for one element, and the `eq` facts used to create a missing one. */
      filter?: { test: (e: JsonObject) => boolean; facts?: JsonObject };
      /** `attr[filter].sub` */
      tail?: AttrDef;
    };

/** Parses the PatchOp message and applies its operations to a copy of `resource`. */
export function applyPatch(rt: ResourceTypeDef, resource: JsonObject, message: unknown): JsonObject {
  const operations = readMessage(message);
  const doc = JSON.parse(JSON.stringify(resource)) as JsonObject;
  const before = JSON.parse(JSON.stringify(resource)) as JsonObject;
  operations.forEach((raw, index) => {
    const n = index + 1;
    if (!isObject(raw)) throw badRequest('invalidSyntax', `operation ${n} is not a JSON object`);
    const opKey = keyOf(raw, 'op');
    const opText = opKey === undefined ? undefined : raw[opKey];
    if (typeof opText !== 'string') throw badRequest('invalidSyntax', `operation ${n} has no "op"`);
    const op = opText.toLowerCase();
    if (op !== 'add' && op !== 'remove' && op !== 'replace') {
      throw badRequest('invalidSyntax', `operation ${n}: "op" must be add, remove or replace, not ${JSON.stringify(opText)}`);
    }
    const pathKey = keyOf(raw, 'path');
    const path = pathKey === undefined ? undefined : raw[pathKey];
    const valueKey = keyOf(raw, 'value');
    const hasValue = valueKey !== undefined;
    const value = hasValue ? raw[valueKey] : undefined;
    if (path !== undefined && path !== null && typeof path !== 'string') {
      throw badRequest('invalidPath', `operation ${n}: "path" must be a string`);
    }
    try {
      run(rt, doc, op, path === null || path === '' ? undefined : (path as string | undefined), hasValue, value);
    } catch (err) {
      if (err instanceof ScimError) throw new ScimError(err.status, err.scimType, `operation ${n} (${op}): ${err.detail}`);
      throw err;
    }
  });
  fixPrimaries(rt, before, doc);
  return doc;
}

function readMessage(message: unknown): unknown[] {
  if (!isObject(message)) throw badRequest('invalidSyntax', 'the PATCH body must be a PatchOp JSON object');
  const schemas = message.schemas;
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase()))) {
    throw badRequest('invalidSyntax', `the PATCH body must list the schema "${PATCH_OP_SCHEMA}"`);
  }
  const key = keyOf(message, 'Operations');
  const operations = key === undefined ? undefined : message[key];
  if (!Array.isArray(operations)) throw badRequest('invalidSyntax', 'the PATCH body has no "Operations" array');
  if (operations.length === 0) throw badRequest('invalidValue', '"Operations" must contain at least one operation');
  return operations;
}

/** Finds a key case-insensitively (`Op`, `Path`, `Value` are seen in the wild). */
function keyOf(obj: JsonObject, name: string): string | undefined {
  if (name in obj) return name;
  return Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
}

function run(rt: ResourceTypeDef, doc: JsonObject, op: OpName, path: string | undefined, hasValue: boolean, value: unknown): void {
  if (op !== 'remove' && !hasValue) throw badRequest('invalidValue', `"${op}" needs a "value"`);
  if (path === undefined) {
    if (op === 'remove') throw badRequest('noTarget', '"remove" needs a "path"');
    if (!isObject(value)) throw badRequest('invalidValue', `without a "path", the "value" of "${op}" must be an object of attributes`);
    for (const [key, v] of Object.entries(value)) {
      if (key === 'schemas' || key === 'id' || key === 'meta') continue; // not patchable; ignored as in PUT
      run(rt, doc, op, key, true, v);
    }
    return;
  }
  const target = resolveTarget(rt, path, doc, value);
  if (target.kind === 'extension') {
    if (op === 'remove') {
      delete doc[target.schema];
      return;
    }
    if (!isObject(value)) throw badRequest('invalidValue', `the value for "${target.text}" must be an object`);
    for (const [key, v] of Object.entries(value)) run(rt, doc, op, `${target.schema}:${key}`, true, v);
    return;
  }
  checkMutability(target);
  if (target.resolved.dynamic && op !== 'remove' && !target.tail && !target.resolved.sub) checkCustomValue(target.text, value);
  if (op !== 'remove' && value === null) {
    // Assigning null means unassigned (RFC 7643 §2.5).
    return run(rt, doc, 'remove', path, false, undefined);
  }
  switch (op) {
    case 'add':
      return add(doc, target, value);
    case 'replace':
      return replace(doc, target, value);
    case 'remove':
      return remove(doc, target, hasValue ? value : undefined);
  }
}

/** Custom extension URNs a resource lists in `schemas` or holds: PATCH paths may name them. */
function customUris(rt: ResourceTypeDef, doc: JsonObject): string[] {
  const listed = Array.isArray(doc.schemas) ? doc.schemas.filter((s): s is string => typeof s === 'string' && isCustomExtensionUri(rt, s)) : [];
  return [...listed, ...customExtensionKeys(rt, doc)];
}

function resolveTarget(rt: ResourceTypeDef, path: string, doc: JsonObject, value: unknown): Target {
  const text = path.trim();
  let name = text;
  let filterText: string | undefined;
  let tailText: string | undefined;
  const open = text.indexOf('[');
  if (open >= 0) {
    const close = closingBracket(text, open);
    if (close < 0) throw badRequest('invalidPath', `"${text}" has an unclosed "["`);
    name = text.slice(0, open);
    filterText = text.slice(open + 1, close);
    const rest = text.slice(close + 1);
    if (rest) {
      if (!/^\.[A-Za-z$][\w$-]*$/.test(rest)) throw badRequest('invalidPath', `"${text}" is not a valid attribute path`);
      tailText = rest.slice(1);
    }
  }
  const custom = /^urn:/i.test(name) ? customUris(rt, doc) : [];
  const ref = parseAttrRef(name, custom.length ? [...allSchemaIds(), ...custom] : undefined);
  if (!ref) throw badRequest('invalidPath', `"${text}" is not a valid attribute path`);
  if (!ref.attr) {
    const ext = ref.uri && extensionById(rt, ref.uri);
    if (ext && filterText === undefined) return { kind: 'extension', schema: ext.id, text };
    if (!ext && ref.uri && filterText === undefined && isCustomExtensionUri(rt, ref.uri)) {
      return { kind: 'extension', schema: keyCI(doc, ref.uri) ?? ref.uri, text, custom: true };
    }
    throw badRequest('invalidPath', `unknown schema "${ref.uri}" for ${rt.name} resources`);
  }
  let resolved = resolveAttr(rt, ref);
  if (!resolved) throw badRequest('invalidPath', `unknown attribute "${name}" for ${rt.name} resources`);
  if (resolved.dynamic) resolved = shapeCustom(doc, resolved, filterText !== undefined, value);
  if (filterText === undefined) return { kind: 'attribute', text, resolved };
  if (resolved.sub || !resolved.attr.multiValued || resolved.attr.type !== 'complex') {
    throw badRequest('invalidPath', `"${text}": a value filter needs a multi-valued complex attribute`);
  }
  let node: FilterNode;
  let test: (e: JsonObject) => boolean;
  try {
    node = parseFilter(filterText);
    test = compileValueFilter(rt, resolved.attr, filterText);
  } catch (err) {
    if (err instanceof ScimError) throw badRequest('invalidFilter', `"${text}": ${err.detail}`);
    throw err;
  }
  let tail: AttrDef | undefined;
  if (tailText !== undefined) {
    tail = subAttr(resolved.attr, tailText);
    if (!tail) throw badRequest('invalidPath', `"${resolved.attr.name}" has no sub-attribute "${tailText}"`);
    if (tail.dynamic) {
      // Keep the spelling the stored values use.
      const list = getCI(holder(doc, resolved, false), resolved.attr.name);
      const spelled = Array.isArray(list) ? list.map((e) => (isObject(e) ? keyCI(e, tailText!) : undefined)).find((k) => k !== undefined) : undefined;
      if (spelled) tail = dynamicAttr(spelled);
    }
  }
  return { kind: 'attribute', text, resolved, filter: { test, facts: equalityFacts(node, resolved.attr) }, tail };
}

/**
 * Gives a custom extension's attribute its shape for this operation: the container and
 * attribute keys as already stored (matched case-insensitively), multi-valued when the stored
 * value is a list (or, when nothing is stored, when the value sent is a list or the path has a
 * value filter), complex when objects are involved.
 */
function shapeCustom(doc: JsonObject, r: ResolvedAttr, filtered: boolean, value: unknown): ResolvedAttr {
  const schema = keyCI(doc, r.schema) ?? r.schema;
  const h = isObject(doc[schema]) ? (doc[schema] as JsonObject) : undefined;
  const name = (h && keyCI(h, r.attr.name)) ?? r.attr.name;
  const current = h?.[name];
  const multiValued = Array.isArray(current) || (current === undefined && (filtered || Array.isArray(value)));
  const complex = filtered || r.sub !== undefined || [current, value].flat().some(isObject);
  let sub = r.sub;
  if (sub && isObject(current)) sub = dynamicAttr(keyCI(current, sub.name) ?? sub.name);
  return { ...r, schema, attr: dynamicAttr(name, { multiValued, complex }), sub, path: `${schema}:${name}${sub ? `.${sub.name}` : ''}` };
}

function closingBracket(s: string, open: number): number {
  let quoted = false;
  for (let i = open + 1; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ']') return i;
  }
  return -1;
}

/** `type eq "work" and primary eq true` → {type: "work", primary: true}; else undefined. */
function equalityFacts(node: FilterNode, parent: AttrDef): JsonObject | undefined {
  if (node.kind === 'and') {
    const l = equalityFacts(node.left, parent);
    const r = equalityFacts(node.right, parent);
    return l && r ? { ...l, ...r } : undefined;
  }
  if (node.kind !== 'compare' || node.op !== 'eq' || node.value === null || node.path.uri || node.path.sub !== undefined) return undefined;
  const sub = subAttr(parent, node.path.attr);
  if (!sub) return undefined;
  const v = normalizeValue(sub, node.value);
  return v === undefined ? undefined : { [sub.name]: v };
}

function checkMutability(target: Extract<Target, { kind: 'attribute' }>): void {
  const { attr, sub } = target.resolved;
  const leaf = target.tail ?? sub ?? attr;
  if (attr.mutability === 'readOnly' || leaf.mutability === 'readOnly') {
    throw new ScimError(400, 'mutability', `"${target.text}" is read-only`);
  }
}

// ---------------------------------------------------------------------------------------------

function holder(doc: JsonObject, r: ResolvedAttr, create: boolean): JsonObject | undefined {
  if (!r.extension) return doc;
  const cur = doc[r.schema];
  if (isObject(cur)) return cur;
  if (!create) return undefined;
  const fresh: JsonObject = {};
  doc[r.schema] = fresh;
  if (r.dynamic) {
    // A new custom extension: listed in `schemas`, so the result is read back as one.
    const schemas = Array.isArray(doc.schemas) ? doc.schemas : [];
    if (!schemas.some((s) => typeof s === 'string' && s.toLowerCase() === r.schema.toLowerCase())) doc.schemas = [...schemas, r.schema];
  }
  return fresh;
}

/** Normalises a value for an attribute, wrapping a single value for a multi-valued one. */
function valuesFor(attr: AttrDef, value: unknown): unknown[] {
  const list = Array.isArray(value) ? value : [value];
  const normalized = normalizeValue(attr, list);
  return Array.isArray(normalized) ? normalized : [];
}

function sameValue(attr: AttrDef, a: unknown, b: unknown): boolean {
  const valueDef = attr.type === 'complex' ? subAttr(attr, 'value') : undefined;
  if (valueDef && isObject(a) && isObject(b) && a.value !== undefined && b.value !== undefined) {
    // Complex values with a `value` (members, roles, emails...) are the same value when their
    // `value` and `type` agree; other sub-attributes (display, primary) are descriptive.
    const fold = (v: unknown) => (typeof v === 'string' && !valueDef.caseExact ? v.toLowerCase() : v);
    const typeOf = (o: JsonObject) => (typeof o.type === 'string' ? o.type.toLowerCase() : o.type);
    return fold(a.value) === fold(b.value) && typeOf(a) === typeOf(b);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function add(doc: JsonObject, t: Extract<Target, { kind: 'attribute' }>, value: unknown): void {
  const { attr, sub } = t.resolved;
  if (t.filter) return setFiltered(doc, t, value, 'add');
  if (sub) return setSub(doc, t, value);
  const h = holder(doc, t.resolved, true)!;
  if (attr.multiValued) {
    const current = Array.isArray(h[attr.name]) ? (h[attr.name] as unknown[]) : [];
    const next = [...current];
    for (const v of valuesFor(attr, value)) {
      const existing = next.findIndex((c) => sameValue(attr, c, v));
      if (existing < 0) next.push(v);
      else if (isObject(next[existing]) && isObject(v)) next[existing] = { ...(next[existing] as JsonObject), ...v };
    }
    h[attr.name] = next;
  } else if (attr.type === 'complex') {
    const v = normalizeValue(attr, value);
    if (v === undefined) return;
    h[attr.name] = mergeComplex(attr, h[attr.name], v);
  } else {
    const v = normalizeValue(attr, value);
    if (v === undefined) delete h[attr.name];
    else h[attr.name] = v;
  }
}

function replace(doc: JsonObject, t: Extract<Target, { kind: 'attribute' }>, value: unknown): void {
  const { attr, sub } = t.resolved;
  if (t.filter) return setFiltered(doc, t, value, 'replace');
  if (sub) return setSub(doc, t, value);
  const h = holder(doc, t.resolved, true)!;
  if (attr.multiValued) {
    const values = valuesFor(attr, value);
    if (values.length) h[attr.name] = values;
    else delete h[attr.name];
  } else if (attr.type === 'complex') {
    // RFC 7644 §3.5.2.3: sub-attributes not named in the value are left unchanged.
    const v = normalizeValue(attr, value);
    if (v === undefined) return;
    h[attr.name] = mergeComplex(attr, h[attr.name], v);
  } else {
    const v = normalizeValue(attr, value);
    if (v === undefined) delete h[attr.name];
    else h[attr.name] = v;
  }
}

/**
 * Add/replace on a single-valued complex attribute merges sub-attributes (RFC 7644 §3.5.2),
 * except for a reference such as `manager`: a new `value` names another resource, so the
 * descriptive sub-attributes of the old one (`$ref`, `displayName`) must not survive.
 */
function mergeComplex(attr: AttrDef, current: unknown, v: unknown): unknown {
  if (!isObject(v) || !isObject(current)) return v;
  if (v.value !== undefined && subAttr(attr, 'value')) return v;
  return { ...current, ...v };
}

/** `attr.sub` on a single-valued complex attribute. */
function setSub(doc: JsonObject, t: Extract<Target, { kind: 'attribute' }>, value: unknown): void {
  const { attr, sub } = t.resolved;
  if (attr.multiValued) {
    throw badRequest('invalidPath', `"${t.text}": select the values of "${attr.name}" with a filter, e.g. ${attr.name}[type eq "work"].${sub!.name}`);
  }
  const h = holder(doc, t.resolved, true)!;
  const v = normalizeValue(sub!, value);
  const current = isObject(h[attr.name]) ? { ...(h[attr.name] as JsonObject) } : {};
  if (v === undefined) delete current[sub!.name];
  else current[sub!.name] = v;
  if (Object.keys(current).length) h[attr.name] = current;
  else delete h[attr.name];
}

/** `attr[filter]` or `attr[filter].sub` for add and replace. */
function setFiltered(doc: JsonObject, t: Extract<Target, { kind: 'attribute' }>, value: unknown, op: 'add' | 'replace'): void {
  const { attr } = t.resolved;
  const h = holder(doc, t.resolved, true)!;
  const list = Array.isArray(h[attr.name]) ? [...(h[attr.name] as unknown[])] : [];
  let matched = 0;
  const next = list.map((e) => {
    if (!isObject(e) || !t.filter!.test(e)) return e;
    matched++;
    if (t.tail) {
      const v = normalizeValue(t.tail, value);
      const copy = { ...e };
      if (v === undefined) delete copy[t.tail.name];
      else copy[t.tail.name] = v;
      return copy;
    }
    const v = normalizeValue({ ...attr, multiValued: false }, value);
    if (!isObject(v)) throw badRequest('invalidValue', `the value for "${t.text}" must be an object`);
    return op === 'add' ? { ...e, ...v } : v;
  });
  if (matched === 0) {
    // Entra adds a typed value this way when the resource has none yet (e.g. a first work email).
    const facts = t.filter!.facts;
    if (!facts) throw badRequest('noTarget', `"${t.text}" matches no value, and its filter does not describe a new one`);
    let element: unknown;
    if (t.tail) {
      const v = normalizeValue(t.tail, value);
      if (v === undefined) return;
      element = { ...facts, [t.tail.name]: v };
    } else {
      const v = normalizeValue({ ...attr, multiValued: false }, value);
      if (!isObject(v)) throw badRequest('invalidValue', `the value for "${t.text}" must be an object`);
      element = { ...facts, ...v };
    }
    next.push(element);
  }
  h[attr.name] = next;
}

function remove(doc: JsonObject, t: Extract<Target, { kind: 'attribute' }>, value: unknown): void {
  const { attr, sub } = t.resolved;
  const h = holder(doc, t.resolved, false);
  if (!h || h[attr.name] === undefined) return;
  const name = attr.name;
  if (t.filter) {
    const list = Array.isArray(h[name]) ? (h[name] as unknown[]) : [];
    h[name] = t.tail
      ? list.map((e) => {
          if (!isObject(e) || !t.filter!.test(e)) return e;
          const copy = { ...e };
          delete copy[t.tail!.name];
          return copy;
        })
      : list.filter((e) => !(isObject(e) && t.filter!.test(e)));
  } else if (sub) {
    const strip = (e: unknown) => {
      if (!isObject(e)) return e;
      const copy = { ...e };
      delete copy[sub.name];
      return copy;
    };
    h[name] = Array.isArray(h[name]) ? (h[name] as unknown[]).map(strip) : strip(h[name]);
  } else if (value !== undefined && attr.multiValued) {
    // Entra: {"op":"Remove","path":"members","value":[{"value":"<id>"}]} removes those values.
    const removals = valuesFor(attr, value);
    h[name] = (h[name] as unknown[]).filter((e) => !removals.some((r) => sameValue(attr, e, r)));
  } else {
    delete h[name];
  }
  const left = h[name];
  const empty = (e: unknown) => isObject(e) && Object.keys(e).length === 0;
  if (Array.isArray(left) ? left.filter((e) => !empty(e)).length === 0 : left === undefined || empty(left)) delete h[name];
  else if (Array.isArray(left)) h[name] = left.filter((e) => !empty(e));
  if (t.resolved.extension && Object.keys(h).length === 0) delete doc[t.resolved.schema];
}

/**
 * RFC 7643 §2.4: "primary" may be true for at most one value. When a PATCH makes another value
 * primary, the previous primary value is demoted (RFC 7644 §3.5.2).
 */
function fixPrimaries(rt: ResourceTypeDef, before: JsonObject, doc: JsonObject): void {
  for (const schema of [rt.core, ...rt.extensions]) {
    const h = schema === rt.core ? doc : doc[schema.id];
    const old = schema === rt.core ? before : before[schema.id];
    if (!isObject(h)) continue;
    for (const attr of schema.attributes) {
      if (!attr.multiValued || !findAttr(attr.subAttributes, 'primary')) continue;
      const list = h[attr.name];
      if (!Array.isArray(list)) continue;
      const primaries = list.filter((e) => isObject(e) && e.primary === true) as JsonObject[];
      if (primaries.length < 2) continue;
      const previous = isObject(old) && Array.isArray(old[attr.name]) ? (old[attr.name] as unknown[]) : [];
      const wasPrimary = (e: JsonObject) => previous.some((p) => isObject(p) && p.primary === true && sameValue(attr, p, e));
      const fresh = primaries.filter((e) => !wasPrimary(e));
      const keep = fresh.length ? fresh[fresh.length - 1] : primaries[0];
      h[attr.name] = list.map((e) => (isObject(e) && e.primary === true && e !== keep ? { ...e, primary: false } : e));
    }
  }
}
