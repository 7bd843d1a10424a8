// Classified failures of a SCIM exchange. Every failure the client can meet maps to one category
// with a message for a person and a one-line fix; nothing else escapes the client.

/** Why a connection or request failed (the Test Connection categories). */
export type FailureCategory = 'credentials' | 'url' | 'network' | 'tls' | 'timeout' | 'protocol';

/** A request that did not produce a usable HTTP response, or a response that is not SCIM. */
export class ScimRequestError extends Error {
  override readonly name = 'ScimRequestError';
  constructor(
    readonly category: FailureCategory | 'cancelled',
    message: string,
    readonly hint: string,
    /** The system or undici error code, when there is one (ECONNREFUSED, UND_ERR_SOCKET, ...). */
    readonly code?: string,
  ) {
    super(message);
  }
}

interface ErrnoLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  name?: unknown;
  errors?: unknown;
}

/** Walks `cause` chains and AggregateErrors for the first error with a `code`. */
function findCode(err: unknown, depth = 0): { code: string; message: string } | undefined {
  if (!err || typeof err !== 'object' || depth > 5) return undefined;
  const e = err as ErrnoLike;
  // undici wraps socket errors: prefer the innermost system code (ECONNRESET over UND_ERR_SOCKET).
  const inner = findCode(e.cause, depth + 1) ?? (Array.isArray(e.errors) ? e.errors.map((x) => findCode(x, depth + 1)).find(Boolean) : undefined);
  if (inner) return inner;
  if (typeof e.code === 'string') return { code: e.code, message: typeof e.message === 'string' ? e.message : '' };
  return undefined;
}

const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed (untrusted) root',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate could not be verified (intermediate certificate missing or untrusted issuer)',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of the certificate is unknown',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the certificate is not trusted on this machine',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet',
  CERT_REVOKED: 'the server certificate was revoked',
  CERT_UNTRUSTED: 'the server certificate is not trusted',
  CERT_SIGNATURE_FAILURE: 'the certificate signature is invalid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not name this host',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer with TLS (is it plain HTTP? try http://)',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'the server only offers a TLS version this client refuses',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'the server refused the TLS version',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'the TLS handshake failed (no common cipher suite or protocol)',
  ERR_TLS_HANDSHAKE_TIMEOUT: 'the TLS handshake timed out',
  EPROTO: 'the TLS handshake failed',
};

const NETWORK_CODES: Record<string, [string, string]> = {
  ENOTFOUND: ['the host name could not be resolved (DNS)', 'Check the host name in the Tenant URL, and that this machine can resolve it.'],
  EAI_AGAIN: ['the DNS lookup failed temporarily', 'Check the DNS configuration of this machine and try again.'],
  ECONNREFUSED: ['the connection was refused: nothing listens on that host and port', 'Check the host and port of the Tenant URL and that the SCIM service is running.'],
  ECONNRESET: ['the connection was reset by the server', 'The server or a firewall closed the connection; check that the URL points at the SCIM service, its logs, and any proxy in between.'],
  EPIPE: ['the connection broke while sending', 'The server closed the connection; check its logs and any proxy in between.'],
  ENETUNREACH: ['the network is unreachable', 'Check the network connection and routes of this machine (VPN, firewall).'],
  EHOSTUNREACH: ['the host is unreachable', 'Check the network connection and firewall rules toward the host.'],
  EHOSTDOWN: ['the host is down', 'Check that the server is up.'],
  EADDRNOTAVAIL: ['the address is not available', 'Check the host in the Tenant URL.'],
  ETIMEDOUT: ['the connection timed out', 'Check that the host is reachable from this machine (firewall, proxy, VPN).'],
  UND_ERR_SOCKET: ['the server closed the connection without a complete answer', 'The server or a proxy dropped the connection; check the server logs.'],
  UND_ERR_CLOSED: ['the connection was closed', 'Try again; check the server logs if it persists.'],
  UND_ERR_DESTROYED: ['the connection was closed', 'Try again; check the server logs if it persists.'],
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: ['the response ended before its announced length', 'The server or a proxy cut the response short; check the server logs.'],
  UND_ERR_HEADERS_OVERFLOW: ['the response headers are too large', 'The server sent oversized headers; check that the URL points at the SCIM service.'],
};

/** Turns anything thrown by undici or the network stack into a classified error. */
export function classifyTransportError(err: unknown, context: { proxy?: boolean } = {}): ScimRequestError {
  if (err instanceof ScimRequestError) return err;
  const found = findCode(err);
  const code = found?.code;
  const rawMessage = err instanceof Error ? err.message : String(err);
  if (code && (TLS_CODES[code] || /^ERR_SSL_|^ERR_TLS_|CERT/.test(code))) {
    const what = TLS_CODES[code] ?? `the TLS connection failed (${code})`;
    const hint =
      code === 'ERR_SSL_WRONG_VERSION_NUMBER'
        ? 'Use the scheme the server speaks: a plain-HTTP service needs an http:// Tenant URL (Entra itself requires HTTPS).'
        : code === 'ERR_TLS_CERT_ALTNAME_INVALID'
          ? 'Use the host name the certificate was issued for, or fix the certificate.'
          : 'Entra requires a certificate from a public CA; install a trusted certificate on the server (or, for a local test server, trust its CA with NODE_EXTRA_CA_CERTS).';
    return new ScimRequestError('tls', `TLS error: ${what} (${code}).`, hint, code);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new ScimRequestError('timeout', 'Timed out while connecting to the server.', 'Check that the host is reachable from this machine (firewall, proxy, VPN).', code);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new ScimRequestError('timeout', 'The server did not answer in time.', 'The SCIM service is too slow or hangs; check its logs, or raise the timeout.', code);
  }
  if (code === 'UND_ERR_ABORTED' || code === 'UND_ERR_ABORT' || code === 'ABORT_ERR') {
    if (/Proxy response \((\d+)\)/.test(rawMessage)) return proxyRefused(rawMessage, code);
    return new ScimRequestError('cancelled', 'The request was cancelled.', 'Run it again.', code);
  }
  if (code === 'UND_ERR_PRX_TLS') {
    return new ScimRequestError('tls', 'TLS error on the connection to the proxy.', 'Check the proxy URL and its certificate.', code);
  }
  if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_URL' || code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN') {
    return new ScimRequestError('url', `The request could not be built: ${rawMessage}`, 'Check the Tenant URL (and the proxy URL, if any).', code);
  }
  if (/^HPE_/.test(code ?? '') || (err as ErrnoLike)?.name === 'HTTPParserError') {
    return new ScimRequestError(
      'protocol',
      `The server's answer is not valid HTTP (${code ?? 'parse error'}).`,
      'Check that the Tenant URL points at an HTTP SCIM service (not another protocol on that port).',
      code,
    );
  }
  if (code && NETWORK_CODES[code]) {
    const [what, hint] = NETWORK_CODES[code];
    const viaProxy = context.proxy && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN');
    return new ScimRequestError(
      'network',
      `Network error: ${what}${viaProxy ? ' (the proxy, or the server behind it)' : ''} (${code}).`,
      viaProxy ? `${hint} A proxy is configured: check it too (HTTPS_PROXY/HTTP_PROXY/NO_PROXY or http.proxy).` : hint,
      code,
    );
  }
  if (/Proxy response \((\d+)\)/.test(rawMessage)) return proxyRefused(rawMessage, code);
  return new ScimRequestError(
    'network',
    `Network error: ${rawMessage || 'the request failed'}${code ? ` (${code})` : ''}.`,
    'Check the Tenant URL and that this machine can reach the server.',
    code,
  );
}

function proxyRefused(message: string, code?: string): ScimRequestError {
  const status = /Proxy response \((\d+)\)/.exec(message)?.[1];
  const auth = status === '407';
  return new ScimRequestError(
    'network',
    `The proxy refused to open a tunnel to the server (HTTP ${status}${auth ? ': proxy authentication required' : ''}).`,
    auth
      ? 'Give the proxy credentials in the proxy URL (http://user:password@proxy:port), or use a proxy that does not need them.'
      : 'Check the proxy settings (HTTPS_PROXY/HTTP_PROXY/NO_PROXY or http.proxy) and that the proxy may reach the server.',
    code,
  );
}
