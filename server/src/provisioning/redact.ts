// Redaction for everything the provisioning engine records: request and response bodies, header
// values and free text (error messages, body excerpts). Three rules:
//  1. the bearer token never appears anywhere (also when a server echoes it back);
//  2. attributes whose name says they hold a secret (password, secret, token, ...) are masked,
//     in resources, PATCH operations (by `path`) and path-less PATCH value objects alike;
//  3. values the evaluator marked as redacted (Redact(), sensitive source attributes) are masked
//     wherever they occur.
import type { JsonValue } from '../model/json';

/** What the provisioning logs show instead of a redacted value. */
export const REDACTED = '[Redact]';
/** What traces show instead of a credential (token, proxy password). */
export const REDACTED_CREDENTIAL = '[redacted]';

/**
 * Attribute names (last path segment, sub-attributes included) treated as secrets. Matched
 * case-insensitively against the attribute name after any schema URN prefix.
 */
const SENSITIVE_NAME = /pass(word|wd|phrase)|secret|^pin$|token|credential|privatekey|apikey/i;

/** Answers for names already seen: traces repeat the same few dozen keys thousands of times. */
const sensitiveNames = new Map<string, boolean>();
const MAX_CACHED_NAMES = 4096;

/** True when a target attribute path or JSON key names a secret (`password`, `urn:...:User:clientSecret`). */
export function isSensitiveName(name: string): boolean {
  const known = sensitiveNames.get(name);
  if (known !== undefined) return known;
  // Strip a value filter and a schema URN prefix: `urn:...:2.0:User:password` → `password`.
  const bare = name.replace(/\[[^\]]*\]/g, '');
  const last = bare.includes(':') ? bare.slice(bare.lastIndexOf(':') + 1) : bare;
  const sensitive = last.split('.').some((segment) => SENSITIVE_NAME.test(segment));
  if (sensitiveNames.size >= MAX_CACHED_NAMES) sensitiveNames.clear();
  sensitiveNames.set(name, sensitive);
  return sensitive;
}

/** Redacts secrets and registered values. One per provisioning run (or per client). */
export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly values = new Set<string>();

  /** `secrets` (tokens, proxy passwords) are replaced in every text and value. */
  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.addSecret(s);
  }

  /**
   * Grows whenever a secret or value is added (they are never removed): text redacted at one
   * version needs no second pass while the version is unchanged.
   */
  get version(): number {
    return this.secrets.size + this.values.size;
  }

  /** The same, as arrays: text() runs for every string of every trace, without iterators. */
  private secretList: string[] = [];
  private valueList: string[] = [];

  /** A credential: replaced by `[redacted]` wherever it occurs, even inside longer text. */
  addSecret(secret: string | undefined): void {
    // Very short strings would blank out unrelated text; a real credential is never this short.
    if (secret && secret.length >= 4 && !this.secrets.has(secret)) {
      this.secrets.add(secret);
      this.secretList.push(secret);
    }
  }

  /** A value that must not be shown (Redact(), sensitive source): masked as `[Redact]`. */
  addValue(value: unknown): void {
    // "True"/"False" are everywhere in a trace; masking them all would blank it out. Where such a
    // value is secret, its attribute is masked instead.
    if (typeof value === 'string' && value.length > 0 && !/^(true|false)$/i.test(value)) {
      if (!this.values.has(value)) {
        this.values.add(value);
        this.valueList.push(value);
      }
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      // Booleans and numbers are not secrets worth masking everywhere ("True", "1" would blank
      // out half a trace); they are masked where the attribute itself is known to be redacted.
    } else if (Array.isArray(value)) for (const v of value) this.addValue(v);
  }

  /** Free text (a header value, an error message, a body excerpt). */
  text(text: string): string {
    let out = text;
    const secrets = this.secretList;
    for (let i = 0; i < secrets.length; i++) {
      const s = secrets[i];
      if (out.includes(s)) out = out.split(s).join(REDACTED_CREDENTIAL);
    }
    const values = this.valueList;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      // Short values (a one-letter initial) are only masked when they are the whole text.
      if (v.length >= 4 ? out.includes(v) : out === v) out = v.length >= 4 ? out.split(v).join(REDACTED) : REDACTED;
    }
    return out;
  }

  /**
   * A JSON value (request or response body): secrets by key and by value. Copy on write: a
   * value with nothing to redact is returned as it is (traces hold thousands of strings, nearly
   * all of them harmless), otherwise a copy; the argument is never changed.
   */
  json(value: JsonValue | undefined): JsonValue | undefined {
    if (value === undefined) return undefined;
    return this.walk(value, false);
  }

  private walk(value: JsonValue, masked: boolean): JsonValue {
    // Under a secret's key only text is masked: flags such as changePassword.supported or
    // passwordProfile.forceChangePasswordNextSignIn stay readable.
    if (masked && (typeof value === 'string' || typeof value === 'number')) return REDACTED;
    if (typeof value === 'string') return this.values.has(value) ? REDACTED : this.text(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let list: JsonValue[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        const r = this.walk(v, masked);
        if (r !== v && !list) list = value.slice(0, i);
        if (list) list.push(r);
      }
      return list ?? value;
    }
    let out: { [k: string]: JsonValue } | undefined;
    // A PATCH operation: mask `value` when `path` names a secret.
    const path = typeof value.path === 'string' ? value.path : undefined;
    const opOnSecret = path !== undefined && 'op' in value && isSensitiveName(path);
    for (const k in value) {
      if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
      const maskThis = masked || isSensitiveName(k) || (opOnSecret && k === 'value');
      const v = value[k];
      const r = this.walk(v, maskThis);
      if (r !== v && !out) {
        out = {};
        for (const j in value) {
          if (j === k) break;
          if (Object.prototype.hasOwnProperty.call(value, j)) out[j] = value[j];
        }
      }
      if (out) out[k] = r;
    }
    return out ?? value;
  }
}

/** Header names whose values are credentials. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** Headers for a trace: credentials replaced (the scheme word of Authorization is kept). */
export function redactHeaders(headers: Record<string, string | string[] | undefined>, redactor?: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    const lower = name.toLowerCase();
    if (CREDENTIAL_HEADERS.has(lower)) {
      const scheme = /^(Bearer|Basic|Digest|Negotiate)\s/i.exec(value)?.[1];
      out[lower] = scheme ? `${scheme} ${REDACTED_CREDENTIAL}` : REDACTED_CREDENTIAL;
    } else {
      out[lower] = redactor ? redactor.text(value) : value;
    }
  }
  return out;
}

/** Removes user:password from a URL (proxy URLs) for display. */
export function redactUrlCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = u.username ? REDACTED_CREDENTIAL : '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, `//${REDACTED_CREDENTIAL}@`);
  }
}
