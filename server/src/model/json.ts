// Plain JSON values and the three operations the lossless round trip is built on: deep equality,
// `diffJson` (what an element's JSON has that entramap's generated JSON lacks) and `mergeJson`
// (apply such a difference again). See docs/mapping-format.md, "Lossless round trip".

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values; property order is ignored, array order is not. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !jsonEqual(a[k], (b as JsonObject)[k])) return false;
  }
  return true;
}

export function cloneJson<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  const out: JsonObject = {};
  for (const k of Object.keys(value)) setKey(out, k, cloneJson((value as JsonObject)[k]));
  return out as T;
}

/** Own-property check that also works for keys such as `__proto__` or `constructor`. */
export function hasKey(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Sets a property as data, even for `__proto__` (which plain assignment would turn into a prototype). */
export function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

// ---- patches ------------------------------------------------------------------------------
//
// A patch is a JSON object written in an `@graph { ... }` annotation. Merged into the JSON that
// entramap generates for an element, it yields the element's exact Graph JSON:
//   "key": value        sets (or adds) the property; when both the generated value and the patch
//                       value are objects, the patch value is itself a patch, merged recursively
//   "$omit": ["key"]    removes generated properties the original JSON did not have
//   "$$key": value      a property whose own name starts with "$" (escaped)
// Arrays are always replaced whole.

export const OMIT_DIRECTIVE = '$omit';

export function escapePatchKey(key: string): string {
  return key.startsWith('$') ? `$${key}` : key;
}

/** The property name a patch key stands for, or undefined for a directive (`$omit`, `$unknown`). */
export function unescapePatchKey(key: string): string | undefined {
  if (key.startsWith('$$')) return key.slice(1);
  if (key.startsWith('$')) return undefined;
  return key;
}

/**
 * The patch that turns `generated` into `original`, or undefined when they are equal. The
 * result never contains a property whose generated value already equals the original.
 */
export function diffJson(generated: JsonObject, original: JsonObject): JsonObject | undefined {
  // Key order is deterministic whatever the original's order: `$omit`, then changed properties
  // in generated order, then the original's extra properties in their order. Merging the patch
  // and diffing again gives the same patch, so printing is stable.
  const patch: JsonObject = {};
  const omit: string[] = [];
  for (const k of Object.keys(generated)) if (!hasKey(original, k)) omit.push(k);
  if (omit.length) patch[OMIT_DIRECTIVE] = omit;
  for (const k of Object.keys(generated)) {
    if (!hasKey(original, k)) continue;
    const g = generated[k];
    const o = original[k];
    if (jsonEqual(g, o)) continue;
    if (isJsonObject(g) && isJsonObject(o)) setKey(patch, escapePatchKey(k), diffJson(g, o) ?? {});
    else setKey(patch, escapePatchKey(k), o);
  }
  for (const k of Object.keys(original)) {
    if (!hasKey(generated, k)) setKey(patch, escapePatchKey(k), original[k]);
  }
  return Object.keys(patch).length ? patch : undefined;
}

export type PatchProblemKind =
  /** `$something` that is not a directive. */
  | 'unknownDirective'
  /** `$omit` is not an array of strings. */
  | 'badOmit'
  /** The line itself states this property; the patch value is ignored. */
  | 'overriddenByText'
  /** `$omit` names a property the patch also sets. */
  | 'omitConflict';

export interface PatchProblem {
  kind: PatchProblemKind;
  /** Property path inside the patch (patch keys as written). */
  path: (string | number)[];
  key: string;
}

/**
 * Applies `patch` to a copy of `generated`. Properties in `explicit` were stated by the text
 * itself: a patch may extend them (object merge) but not replace or omit them (the text wins,
 * and a problem is reported so the user sees the patch value is ignored).
 */
export function mergeJson(
  generated: JsonObject,
  patch: JsonObject,
  explicit: ReadonlySet<string> = new Set(),
  problems: PatchProblem[] = [],
  path: (string | number)[] = [],
): JsonObject {
  const result: JsonObject = {};
  for (const k of Object.keys(generated)) setKey(result, k, generated[k]);
  const set = new Set<string>();
  let omit: string[] = [];
  for (const pk of Object.keys(patch)) {
    const pv = patch[pk];
    if (pk === OMIT_DIRECTIVE) {
      if (Array.isArray(pv) && pv.every((x) => typeof x === 'string')) omit = pv as string[];
      else problems.push({ kind: 'badOmit', path: [...path, pk], key: pk });
      continue;
    }
    const k = unescapePatchKey(pk);
    if (k === undefined) {
      problems.push({ kind: 'unknownDirective', path: [...path, pk], key: pk });
      continue;
    }
    const g = hasKey(result, k) ? result[k] : undefined;
    if (g !== undefined && isJsonObject(g) && isJsonObject(pv)) {
      setKey(result, k, mergeJson(g, pv, new Set(), problems, [...path, pk]));
      set.add(k);
      continue;
    }
    if (explicit.has(k)) {
      problems.push({ kind: 'overriddenByText', path: [...path, pk], key: k });
      continue;
    }
    setKey(result, k, pv);
    set.add(k);
  }
  omit.forEach((k, i) => {
    if (explicit.has(k)) {
      problems.push({ kind: 'overriddenByText', path: [...path, OMIT_DIRECTIVE, i], key: k });
    } else if (set.has(k)) {
      problems.push({ kind: 'omitConflict', path: [...path, OMIT_DIRECTIVE, i], key: k });
    } else {
      delete result[k];
    }
  });
  return result;
}
