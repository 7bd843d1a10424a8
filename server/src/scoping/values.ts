// How scoping reads a source object's attribute value, and the integer and Boolean parsing the
// operators use. Pure functions, shared by the evaluator and the checks.

/** A source attribute value as scoping sees it. */
export type ReadValue =
  | { kind: 'empty'; actual: null | '' ; note?: string }
  | { kind: 'text'; text: string; actual: string }
  | { kind: 'boolean'; value: boolean; text: string; actual: string }
  | { kind: 'multi'; actual: unknown[] }
  | { kind: 'complex'; actual: null };

/**
 * Reads `name` from a source object (keyed by source attribute names, exactly as written).
 * Absent, null and "" are empty. JSON numbers become their decimal text; JSON Booleans become
 * "True" / "False" (the .NET spelling the service compares with) [inferred]. Arrays are
 * multi-valued; other objects are complex values that no operator compares.
 */
export function readAttribute(obj: Record<string, unknown>, name: string): ReadValue {
  const has = Object.prototype.hasOwnProperty.call(obj, name);
  const v = has ? obj[name] : undefined;
  if (v === undefined || v === null) {
    let note: string | undefined;
    if (!has) {
      const other = Object.keys(obj).find((k) => k !== name && k.toLowerCase() === name.toLowerCase());
      if (other) note = `attribute absent: the object has "${other}" (attribute names are case-sensitive)`;
    }
    return { kind: 'empty', actual: null, note };
  }
  if (typeof v === 'string') return v === '' ? { kind: 'empty', actual: '' } : { kind: 'text', text: v, actual: v };
  if (typeof v === 'boolean') {
    const text = v ? 'True' : 'False';
    return { kind: 'boolean', value: v, text, actual: text };
  }
  if (typeof v === 'number') {
    const text = Number.isFinite(v) ? (Number.isInteger(v) && Math.abs(v) >= 1e21 ? BigInt(v).toString() : String(v)) : String(v);
    return { kind: 'text', text, actual: text };
  }
  if (typeof v === 'bigint') return { kind: 'text', text: v.toString(), actual: v.toString() };
  if (Array.isArray(v)) return { kind: 'multi', actual: v };
  return { kind: 'complex', actual: null };
}

const NET_WHITE = /^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g;

/**
 * Parses an integer the way .NET's integer parsing does by default (surrounding white space,
 * an optional sign, decimal digits), without a size limit: values are compared as big integers
 * [undocumented: the service's own limit]. Returns undefined for anything else ("1,000", "1e6",
 * "12.0", "").
 */
export function parseInteger(text: string): bigint | undefined {
  const t = text.replace(NET_WHITE, '');
  if (!/^[+-]?[0-9]+$/.test(t)) return undefined;
  return BigInt(t);
}

/**
 * Parses a Boolean like .NET `Boolean.TryParse`: "true" / "false" in any casing, surrounding white
 * space ignored [inferred]. Returns undefined for anything else ("1", "yes").
 */
export function parseBoolean(text: string): boolean | undefined {
  const t = text.replace(NET_WHITE, '').toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return undefined;
}
