// The last line of defence for the secret token: whatever a provisioning request returns
// (results, traces, error messages, progress text) passes through `scrubber(token)` first. The
// engine already redacts the token; this makes the server's own guarantee independent of it.

export const SCRUBBED = '[redacted]';

/**
 * Tokens shorter than this are not searched for: replacing a 3-letter string everywhere would
 * garble a trace, and no real credential is that short (the engine's Redactor uses the same bound).
 */
const MIN_LENGTH = 4;

export type Scrub = <T>(value: T) => T;

/** A function that deep-copies a JSON-like value with every occurrence of `secret` replaced. */
export function scrubber(secret: string | undefined): Scrub {
  const s = secret?.trim();
  if (!s || s.length < MIN_LENGTH) return <T>(v: T) => v;
  const forms = [...new Set([s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)])].filter((f) => f.length >= MIN_LENGTH);
  const text = (t: string) => {
    let out = t;
    for (const f of forms) if (out.includes(f)) out = out.split(f).join(SCRUBBED);
    return out;
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return text(v);
    if (depth > 200 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[text(k)] = walk(x, depth + 1);
    return out;
  };
  return <T>(value: T) => walk(value, 0) as T;
}
