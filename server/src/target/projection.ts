// The `attributes` and `excludedAttributes` parameters (RFC 7644 §3.4.2.5, §3.9): which
// attributes a response carries. `id` (returned "always") and `schemas` are always kept.
// Unknown attribute names are ignored; `attr[filter]` keeps only the matching values (a
// leniency some clients rely on).
import { badRequest } from './errors';
import { compileValueFilter } from './filter';
import { JsonObject, ResolvedAttr, ResourceTypeDef, extensionById, isCustomExtensionUri, isObject, keyCI, parseAttrRef, resolveAttr } from './schema';

interface Selection {
  resolved: ResolvedAttr;
  whole: boolean;
  subs: Set<string>;
  filters: Array<(e: JsonObject) => boolean>;
}

export interface Projection {
  readonly mode: 'include' | 'exclude';
  readonly extensions: ReadonlySet<string>;
  readonly attributes: ReadonlyMap<string, Selection>;
}

/** Splits a query-parameter value (`a,b`) or takes a SearchRequest array. */
export function listParam(v: unknown, name: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const items = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') throw badRequest('invalidValue', `"${name}" must be a list of attribute names`);
    for (const part of splitTopLevel(item)) if (part.trim()) out.push(part.trim());
  }
  return out.length ? out : undefined;
}

/** Splits on commas that are not inside a value filter (`emails[type eq "a,b"]`). */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

export function parseProjection(
  rt: ResourceTypeDef,
  attributes: string[] | undefined,
  excluded: string[] | undefined,
): Projection | undefined {
  // RFC 7644 §3.4.2.5: "attributes" overrides the default set, so it wins when both are given.
  const list = attributes ?? excluded;
  if (!list) return undefined;
  const extensions = new Set<string>();
  const selections = new Map<string, Selection>();
  for (const item of list) {
    let name = item;
    let filterText: string | undefined;
    const bracket = item.indexOf('[');
    if (bracket >= 0) {
      if (!item.endsWith(']')) throw badRequest('invalidValue', `"${item}" is not a valid attribute path`);
      name = item.slice(0, bracket);
      filterText = item.slice(bracket + 1, -1);
    }
    const ref = parseAttrRef(name);
    if (!ref) throw badRequest('invalidValue', `"${item}" is not a valid attribute path`);
    if (!ref.attr) {
      const ext = ref.uri && extensionById(rt, ref.uri);
      if (ext) extensions.add(ext.id);
      else if (ref.uri && isCustomExtensionUri(rt, ref.uri)) extensions.add(ref.uri);
      continue;
    }
    const resolved = resolveAttr(rt, ref);
    if (!resolved) continue; // unknown attributes are ignored
    const key = `${resolved.schema}:${resolved.attr.name}`;
    let sel = selections.get(key);
    if (!sel) {
      sel = { resolved, whole: false, subs: new Set(), filters: [] };
      selections.set(key, sel);
    }
    if (filterText !== undefined) {
      if (resolved.sub) throw badRequest('invalidValue', `"${item}": a value filter applies to a multi-valued attribute`);
      sel.filters.push(compileValueFilter(rt, resolved.attr, filterText));
    } else if (resolved.sub) sel.subs.add(resolved.sub.name);
    else sel.whole = true;
  }
  return { mode: attributes ? 'include' : 'exclude', extensions, attributes: selections };
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

function pick(obj: unknown, subs: Set<string>, dynamic: boolean): JsonObject | undefined {
  if (!isObject(obj)) return undefined;
  const out: JsonObject = {};
  const wanted = dynamic ? new Set([...subs].map((s) => s.toLowerCase())) : subs;
  for (const [k, v] of Object.entries(obj)) if (wanted.has(dynamic ? k.toLowerCase() : k)) out[k] = clone(v);
  return Object.keys(out).length ? out : undefined;
}

/** The key of an extension container or attribute in `obj`: case-insensitive for custom extensions. */
function keyOf(obj: JsonObject, name: string, dynamic: boolean | undefined): string | undefined {
  return dynamic ? keyCI(obj, name) : Object.prototype.hasOwnProperty.call(obj, name) ? name : undefined;
}

function holderOf(target: JsonObject, r: ResolvedAttr, create: boolean, spelled = r.schema): JsonObject | undefined {
  if (!r.extension) return target;
  const key = keyOf(target, r.schema, r.dynamic) ?? spelled;
  let ext = target[key];
  if (!isObject(ext)) {
    if (!create) return undefined;
    ext = {};
    target[key] = ext;
  }
  return ext as JsonObject;
}

/** Applies a projection to a fully shaped resource (the output of the "out" coercion). */
export function applyProjection(resource: JsonObject, p: Projection | undefined): JsonObject {
  if (!p) return resource;
  return p.mode === 'include' ? include(resource, p) : exclude(resource, p);
}

function include(resource: JsonObject, p: Projection): JsonObject {
  const out: JsonObject = {};
  if (resource.schemas !== undefined) out.schemas = clone(resource.schemas);
  if (resource.id !== undefined) out.id = resource.id;
  for (const ext of p.extensions) {
    const key = keyCI(resource, ext);
    if (key !== undefined && resource[key] !== undefined) out[key] = clone(resource[key]);
  }
  for (const sel of p.attributes.values()) {
    const { resolved } = sel;
    const dynamic = resolved.dynamic === true;
    const from = holderOf(resource, resolved, false);
    const name = from ? keyOf(from, resolved.attr.name, dynamic) : undefined;
    const source = from && name !== undefined ? from[name] : undefined;
    if (source === undefined) continue;
    let value: unknown;
    if ((resolved.attr.multiValued || dynamic) && Array.isArray(source)) {
      const kept = sel.filters.length ? source.filter((e) => isObject(e) && sel.filters.some((f) => f(e))) : source;
      const full = sel.whole || sel.filters.length > 0;
      value = full ? clone(kept) : kept.map((e) => pick(e, sel.subs, dynamic)).filter((e) => e !== undefined);
      if ((value as unknown[]).length === 0) continue;
    } else if (sel.whole || !isObject(source)) {
      value = clone(source);
    } else {
      value = pick(source, sel.subs, dynamic);
      if (value === undefined) continue;
    }
    const spelled = resolved.extension ? (keyOf(resource, resolved.schema, dynamic) ?? resolved.schema) : resolved.schema;
    const holder = holderOf(out, resolved, true, spelled)!;
    holder[name!] = value;
  }
  return out;
}

function exclude(resource: JsonObject, p: Projection): JsonObject {
  const out = clone(resource);
  for (const ext of p.extensions) {
    const key = keyCI(out, ext);
    if (key !== undefined) delete out[key];
  }
  for (const sel of p.attributes.values()) {
    const { resolved } = sel;
    if (resolved.attr.returned === 'always') continue;
    const dynamic = resolved.dynamic === true;
    const holder = holderOf(out, resolved, false);
    const name = holder ? keyOf(holder, resolved.attr.name, dynamic) : undefined;
    if (!holder || name === undefined || holder[name] === undefined) continue;
    if (sel.whole) delete holder[name];
    else {
      if (sel.filters.length && Array.isArray(holder[name])) {
        holder[name] = (holder[name] as unknown[]).filter((e) => !(isObject(e) && sel.filters.some((f) => f(e))));
      }
      if (sel.subs.size) {
        for (const e of Array.isArray(holder[name]) ? (holder[name] as unknown[]) : [holder[name]]) {
          if (!isObject(e)) continue;
          for (const s of sel.subs) {
            const k = keyOf(e, s, dynamic);
            if (k !== undefined) delete e[k];
          }
        }
      }
      const left = holder[name];
      if (Array.isArray(left) ? left.every((e) => isObject(e) && !Object.keys(e).length) : isObject(left) && !Object.keys(left).length) {
        delete holder[name];
      }
    }
    if (resolved.extension && !Object.keys(holder).length) {
      const key = keyOf(out, resolved.schema, dynamic);
      if (key !== undefined) delete out[key];
    }
  }
  return out;
}
