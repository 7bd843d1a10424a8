// Redacts secrets from text before it is logged anywhere (Bicep's OutputSanitizer). Everything
// the extension writes to its output channel passes through here: its own messages, the
// language server's log lines and the LSP message trace, which carries request payloads such as
// a SCIM token sent with a test-connection request.
//
// Redacted: Authorization header values (any scheme), bearer tokens anywhere, JWTs, JSON
// properties and query/form parameters named like secrets (token, secretToken, password,
// client_secret, ...), also inside JSON that is itself escaped in a string. The scheme word
// (`Bearer`) and the property names stay, so logs remain readable.
//
// No `vscode` import: unit-tested in plain Node.

export const REDACTED = '<redacted>';

/** Property / parameter names whose values are secrets (compared case-insensitively). */
const SECRET_NAMES = [
  'authorization',
  'proxy-authorization',
  'token',
  'secrettoken',
  'secret_token',
  'accesstoken',
  'access_token',
  'refreshtoken',
  'refresh_token',
  'idtoken',
  'id_token',
  'bearertoken',
  'apikey',
  'api_key',
  'api-key',
  'x-api-key',
  'clientsecret',
  'client_secret',
  'password',
  'passwd',
  'secret',
  'sig',
  'code_verifier',
];

const NAME_GROUP = SECRET_NAMES.map((n) => n.replace(/[-_]/g, '[-_]?')).join('|');
const AUTH_SCHEMES = '(?:Bearer|Basic|Digest|Negotiate|NTLM|SharedAccessSignature|SSWS|Token)';

/** `"name": "value"` in JSON. Keeps an authorization scheme word in front of the redacted value. */
const JSON_PROPERTY = new RegExp(String.raw`("(?:${NAME_GROUP})"\s*:\s*")(${AUTH_SCHEMES}\s+)?((?:[^"\\]|\\.)*)(")`, 'gi');

/** The same inside a JSON string (the LSP trace of a message whose payload holds JSON text). */
const ESCAPED_JSON_PROPERTY = new RegExp(
  String.raw`(\\"(?:${NAME_GROUP})\\"\s*:\s*\\")(${AUTH_SCHEMES}\s+)?((?:\\\\\\"|\\\\|\\[^"\\]|[^"\\])*?)(\\")`,
  'gi',
);

/** `Authorization: Bearer x`, `token=x`, `password: x` in headers, query strings, forms, text. */
const PLAIN_PROPERTY = new RegExp(
  `(^|[\\s?&;,{(\\[])((?:${NAME_GROUP})\\s*[:=]\\s*)(${AUTH_SCHEMES}\\s+)?([^\\s&;,"'\\\\)}\\]]+)`,
  'gim',
);

/** A bearer credential wherever it appears (`Bearer abc.DEF-123`, not `Bearer authentication`). */
const SCHEME_CREDENTIAL = /\b(Bearer|SSWS)(\s+)([A-Za-z0-9\-._~+/]{8,}=*)/gi;

/** JSON Web Tokens (three base64url parts, the first two starting with `{"`). */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

function redactValue(_m: string, open: string, scheme: string | undefined, value: string, close: string): string {
  return `${open}${scheme ?? ''}${value.length === 0 ? '' : REDACTED}${close}`;
}

export function sanitize(text: string): string {
  if (!text) return text;
  return text
    .replace(JSON_PROPERTY, redactValue)
    .replace(ESCAPED_JSON_PROPERTY, redactValue)
    .replace(PLAIN_PROPERTY, (m, lead: string, name: string, scheme: string | undefined, value: string) =>
      value === REDACTED || value.startsWith('<redacted') ? m : `${lead}${name}${scheme ?? ''}${REDACTED}`,
    )
    .replace(SCHEME_CREDENTIAL, (m, scheme: string, space: string, value: string) =>
      /^[a-z]+$/.test(value) ? m : `${scheme}${space}${REDACTED}`, // plain words are prose
    )
    .replace(JWT, REDACTED);
}

/** Sanitises an Error for logging (message and stack). */
export function sanitizeError(err: unknown): string {
  if (err instanceof Error) return sanitize(err.stack ?? `${err.name}: ${err.message}`);
  return sanitize(typeof err === 'string' ? err : JSON.stringify(err) ?? String(err));
}
