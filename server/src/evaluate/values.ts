// The evaluator's value model (spec section 3) and the conversions every function shares.
//
// Runtime kinds and their JavaScript representation (chosen so the common cases are plain
// primitives and the hot path allocates nothing):
//
//   null           absent attribute, empty multi-valued attribute, a function's "no value"
//   string         text, including "" (present but empty)
//   boolean        CBool / comparisons / IsNull...; text "True" / "False" (what flows, what Switch,
//                  Join and text comparisons see); `toJson` prints it as a JSON true / false.
//                  Not returns the *text* "True" / "False" (a "Boolean string", spec 4.28).
//   number         an integer within +-(2^53 - 1)
//   bigint         an integer beyond that (AD FILETIME dates, 64-bit BitAnd)
//   string[]       multi-valued: an ordered list of text values (never empty)
//   DateTimeValue  internal date/time from the datetime library; text "M/d/yyyy h:mm:ss tt" (UTC)
//   ReferenceValue a reference to another object (manager given as { "id": ... })
//   ComplexValue   any other JSON object or array of objects from the source, e.g. appRoleAssignments
//   RolesValue     the result of SingleAppRoleAssignment / AppRoleAssignmentsComplex / Assertive...
//   NO_FLOW        IgnoreFlowIfNullOrEmpty's "do not flow this attribute" marker
//
// Source objects are JSON keyed by source attribute names. JSON values become runtime values as
// Entra's typed attributes do (docs/evaluation.md, "Source values"): strings stay strings,
// booleans stay booleans (text "True"/"False"), integers stay numbers (text in invariant digits),
// fractional numbers become their invariant text ([undocumented]: Entra has no fractional type),
// arrays of scalars are multi-valued, objects with an "id" are references, other objects are
// complex.

import type { DateTimeValue } from './datetime';
import { fromDate, toEntraString } from './datetime';

// ---- kinds -------------------------------------------------------------------------------------

/** A reference to another directory object (e.g. manager). Text form: the referenced object's id. */
export class ReferenceValue {
  constructor(
    readonly id: string,
    /** The source JSON the reference came from, when it was an object. */
    readonly raw: unknown,
  ) {}
}

/** A JSON object, or an array containing objects, from the source (e.g. appRoleAssignments). */
export class ComplexValue {
  constructor(readonly raw: unknown) {}
}

/** One app role of a user, as the role functions see it. */
export interface AppRole {
  /** appRoleId, when the assignment says. */
  id: string | undefined;
  /** The app role's value (what the target stores), or null when the role has none. */
  value: string | null;
  /** The app role's display name, or null. */
  displayName: string | null;
}

export type RolesMode = 'single' | 'complex' | 'assertive';

/**
 * The result of a role function. `single` (SingleAppRoleAssignment) behaves as the role's text;
 * `complex` / `assertive` are collections of SCIM role objects (spec 4.2, 4.44; provisioning
 * engine 5.6).
 */
export class RolesValue {
  constructor(
    readonly mode: RolesMode,
    readonly roles: readonly AppRole[],
  ) {}
}

/** IgnoreFlowIfNullOrEmpty's marker: the target attribute is left out of this flow. */
export class NoFlowValue {
  constructor(readonly reason: string) {}
}

export type MultiValue = readonly string[];

export type Value =
  | null
  | string
  | boolean
  | number
  | bigint
  | MultiValue
  | DateTimeValue
  | ReferenceValue
  | ComplexValue
  | RolesValue
  | NoFlowValue;

export function isDateTime(v: unknown): v is DateTimeValue {
  return typeof v === 'object' && v !== null && typeof (v as DateTimeValue).ticks === 'bigint' && !Array.isArray(v);
}

export function isMulti(v: Value): v is MultiValue {
  return Array.isArray(v);
}

/** A kind name for messages: "a multi-valued value (3 values)", "a date/time", ... */
export function describeKind(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return v === '' ? 'the empty string ""' : 'text';
    case 'boolean':
      return 'a Boolean';
    case 'number':
    case 'bigint':
      return 'a number';
  }
  if (Array.isArray(v)) return `a multi-valued value (${v.length} value${v.length === 1 ? '' : 's'})`;
  if (v instanceof ReferenceValue) return 'a reference';
  if (v instanceof RolesValue) return v.mode === 'single' ? 'an app role' : 'a collection of app roles';
  if (v instanceof ComplexValue) return Array.isArray(v.raw) ? 'a collection of objects' : 'an object';
  if (v instanceof NoFlowValue) return 'the "do not flow" marker';
  if (isDateTime(v)) return 'a date/time';
  return 'an unknown value';
}

// ---- numbers -----------------------------------------------------------------------------------

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** A bigint as a number when it is safe, so equal integers have one representation. */
export function normalizeInteger(n: bigint): number | bigint {
  return n >= MIN_SAFE && n <= MAX_SAFE ? Number(n) : n;
}

/**
 * A finite double as .NET Core's double.ToString() (shortest round-trip, invariant) prints it:
 * "1.5", "1E+21", "1.5E-07". Integral values within the safe range print without exponent.
 */
export function formatDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '∞';
  if (n === -Infinity) return '-∞';
  if (Object.is(n, -0)) return '-0';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const mantissa = s.slice(0, e);
  const sign = s[e + 1] === '-' ? '-' : '+';
  const digits = s.slice(e + 2).padStart(2, '0');
  return `${mantissa}E${sign}${digits}`;
}

// ---- text ----------------------------------------------------------------------------------------

/**
 * The text form of a single value, or undefined when the value has none (null, multi-valued,
 * complex, collections of roles, the no-flow marker): callers report those.
 */
export function textOf(v: Value): string | undefined {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'True' : 'False';
    case 'number':
      return Number.isInteger(v) ? String(v) : formatDouble(v);
    case 'bigint':
      return v.toString();
  }
  if (v === null || Array.isArray(v)) return undefined;
  if (v instanceof ReferenceValue) return v.id;
  if (v instanceof RolesValue) return v.mode === 'single' ? roleText(v.roles[0]) : undefined;
  if (v instanceof ComplexValue || v instanceof NoFlowValue) return undefined;
  if (isDateTime(v)) return toEntraString(v);
  return undefined;
}

/** The text a single role contributes: its value, or its display name when it has no value. */
export function roleText(role: AppRole | undefined): string | undefined {
  if (!role) return undefined;
  return role.value ?? role.displayName ?? undefined;
}

// ---- reading source objects ------------------------------------------------------------------

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Converts one JSON value of a source object to a runtime value (see the header comment).
 * `Date` objects (from programmatic callers) become date/time values.
 */
export function fromSource(raw: unknown): Value {
  switch (typeof raw) {
    case 'string':
      return raw;
    case 'boolean':
      return raw;
    case 'number':
      if (Number.isSafeInteger(raw)) return raw === 0 ? 0 : raw;
      if (Number.isInteger(raw)) return normalizeInteger(BigInt(raw));
      return Number.isFinite(raw) ? formatDouble(raw) : null;
    case 'bigint':
      return normalizeInteger(raw);
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return null;
  }
  if (raw === null) return null;
  if (Array.isArray(raw)) return fromSourceArray(raw);
  if (raw instanceof Date) return Number.isFinite(raw.getTime()) ? safeFromDate(raw) : null;
  if (raw instanceof ReferenceValue || raw instanceof ComplexValue || raw instanceof RolesValue) return raw;
  const obj = raw as Record<string, unknown>;
  for (const key of ['id', 'value', 'objectId']) {
    const id = hasOwn.call(obj, key) ? obj[key] : undefined;
    if (typeof id === 'string' && id !== '') return new ReferenceValue(id, raw);
  }
  return new ComplexValue(raw);
}

function safeFromDate(d: Date): Value {
  try {
    return fromDate(d);
  } catch {
    return null;
  }
}

/** Arrays: scalars become a multi-valued value (nulls dropped); any object makes it complex. */
function fromSourceArray(raw: unknown[]): Value {
  let allStrings = true;
  for (let i = 0; i < raw.length; i++) {
    const e = raw[i];
    if (typeof e !== 'string') {
      allStrings = false;
      if (typeof e === 'object' && e !== null) return new ComplexValue(raw);
    }
  }
  if (allStrings) return raw.length === 0 ? null : (raw as string[]);
  const out: string[] = [];
  for (const e of raw) {
    if (e === null || e === undefined) continue;
    const t = textOf(fromSource(e));
    if (t !== undefined) out.push(t);
  }
  return out.length === 0 ? null : out;
}

/**
 * [undocumented] Attribute lookup in a source object (docs/evaluation.md, "Source values").
 * Looks an attribute up in a source object: the exact name first; then, for names that are not
 * directory extensions (`extension_...`, case-sensitive in Entra), the one key that equals the
 * name ignoring case; then dotted paths (`employeeOrgData.costCenter` as nested objects) and SCIM
 * extension paths (`urn:...:User:department` as { "urn:...:User": { "department": ... } }).
 * Returns undefined when absent, or `{ ambiguous }` when several keys differ from the name only
 * in case.
 */
export function lookupSource(
  source: Record<string, unknown>,
  name: string,
): { found: true; raw: unknown; key: string } | { found: false; ambiguous?: string[] } {
  if (hasOwn.call(source, name)) return { found: true, raw: source[name], key: name };
  if (!name.startsWith('extension_')) {
    const lower = name.toLowerCase();
    let match: string | undefined;
    let others: string[] | undefined;
    for (const key in source) {
      if (!hasOwn.call(source, key) || key.length !== name.length || key.toLowerCase() !== lower) continue;
      if (match === undefined) match = key;
      else (others ??= [match]).push(key);
    }
    if (others) return { found: false, ambiguous: others };
    if (match !== undefined) return { found: true, raw: source[match], key: match };
  }
  const nested = lookupNested(source, name);
  if (nested) return nested;
  return { found: false };
}

function lookupNested(source: Record<string, unknown>, name: string): { found: true; raw: unknown; key: string } | undefined {
  // urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department
  const colon = name.lastIndexOf(':');
  if (name.startsWith('urn:') && colon > 4) {
    const container = source[name.slice(0, colon)];
    if (hasOwn.call(source, name.slice(0, colon)) && typeof container === 'object' && container !== null && !Array.isArray(container)) {
      const leaf = name.slice(colon + 1);
      const inner = lookupNested(container as Record<string, unknown>, leaf);
      if (inner) return inner;
      if (hasOwn.call(container, leaf)) return { found: true, raw: (container as Record<string, unknown>)[leaf], key: name };
    }
    return undefined;
  }
  const dot = name.indexOf('.');
  if (dot <= 0 || dot === name.length - 1) return undefined;
  let cur: unknown = source;
  for (const part of name.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !hasOwn.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return { found: true, raw: cur, key: name };
}

// ---- output ------------------------------------------------------------------------------------

/** A JSON value, as `entramap eval` prints results. */
export type JsonOut = null | string | number | boolean | JsonOut[] | { [key: string]: JsonOut };

export const ROLE_TYPE = 'WindowsAzureActiveDirectoryRole';

/**
 * The JSON form of a result (docs/evaluation.md, "Results"): text as a string; Boolean values
 * (CBool, IsNull, IsNullOrEmpty, IsPresent, IsString, a comparison, a JSON Boolean attribute) as
 * JSON true/false, as the spec types them (Not's "True"/"False" is text, so it prints as a
 * string); integers as JSON numbers, beyond 2^53 as a string of digits; dates as Entra's text
 * "M/d/yyyy h:mm:ss tt"; multi-valued as an array of strings; references as the referenced id;
 * SingleAppRoleAssignment as the role's text; the complex role functions as arrays of SCIM role
 * objects (POST shape); other source objects as they came. This is a display form: what flows
 * (and what Entra's examples show) is `toFlowText`, where a Boolean is "True"/"False".
 */
export function toJson(v: Value): JsonOut {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      // A Boolean result (CBool, IsNull, IsPresent, a comparison, a Boolean attribute) prints as a
      // JSON Boolean; Not returns the *string* "True"/"False" (a "Boolean string", spec 4.28).
      return v;
    case 'number':
      return v;
    case 'bigint':
      return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v.toString();
  }
  if (v === null) return null;
  if (Array.isArray(v)) return v.slice();
  if (v instanceof RolesValue) {
    if (v.mode === 'single') return roleText(v.roles[0]) ?? null;
    return v.roles.map((r): JsonOut =>
      v.mode === 'assertive'
        ? { primary: false, type: ROLE_TYPE, display: r.displayName ?? r.value ?? '', value: r.value ?? r.displayName ?? '' }
        : { primary: false, type: ROLE_TYPE, displayName: r.displayName ?? r.value ?? '', value: r.value ?? r.displayName ?? '' },
    );
  }
  if (v instanceof ReferenceValue) return v.id;
  if (v instanceof ComplexValue) return plainJson(v.raw);
  if (v instanceof NoFlowValue) return null;
  if (isDateTime(v)) return toEntraString(v);
  return null;
}

function plainJson(raw: unknown): JsonOut {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'bigint') return jsonFromBig(raw);
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map(plainJson);
  if (typeof raw === 'object') {
    const out: { [key: string]: JsonOut } = {};
    for (const k of Object.keys(raw)) {
      Object.defineProperty(out, k, { value: plainJson((raw as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return null;
}

function jsonFromBig(raw: bigint): JsonOut {
  const n = normalizeInteger(raw);
  return typeof n === 'number' ? n : n.toString();
}

/**
 * The text Entra would flow for a single value, or null (null, no-flow, or no text form). A
 * Boolean flows as "True"/"False" (unlike `toJson`, which prints it as a JSON Boolean).
 */
export function toFlowText(v: Value): string | null {
  return textOf(v) ?? null;
}
