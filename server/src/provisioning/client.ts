// The SCIM 2.0 client the provisioning engine and Test Connection use: undici underneath, one
// bearer token, SCIM media types, a per-request timeout, bounded retries (429 with Retry-After,
// 5xx and dropped connections only where a retry is safe), proxies, and a redacted record of every
// exchange for traces.
import { Dispatcher, EnvHttpProxyAgent, request } from 'undici';
import type { JsonValue } from '../model/json';
import { Clock, systemClock } from './clock';
import { ScimRequestError, classifyTransportError } from './errors';
import { Redactor, redactHeaders, redactUrlCredentials } from './redact';

export const SCIM_MEDIA_TYPE = 'application/scim+json';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Tenant-URL flags Entra reads from the query string (spec section 6); never sent on. */
export const TENANT_URL_FLAGS = ['aadOptscim062020', 'AzureAdScimPatch2017'] as const;

export interface RetryPolicy {
  /** Retries of a 429 (and of a 503 that carries Retry-After). */
  maxThrottleRetries: number;
  /** A Retry-After longer than this is not waited for: the 429 is returned as it is. */
  maxRetryAfterMs: number;
  /** Retries of a 5xx answer, for idempotent requests only (GET). */
  maxServerErrorRetries: number;
  /** Retries of a dropped or reset connection, for idempotent requests only. */
  maxConnectionRetries: number;
  /** First back-off delay; doubled on each retry. */
  baseDelayMs: number;
  /** Largest back-off delay. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxThrottleRetries: 3,
  maxRetryAfterMs: 120_000,
  maxServerErrorRetries: 2,
  maxConnectionRetries: 1,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
};

export interface ScimClientOptions {
  /** The Tenant URL (SCIM base URL), possibly with Entra flags in its query string. */
  url: string;
  /** The secret token, sent as `Authorization: Bearer <token>`; never recorded. */
  token: string;
  /** Bound on each request (connect, headers and body), in milliseconds. Default 30 s. */
  timeoutMs?: number;
  /**
   * An explicit proxy URL (VS Code's `http.proxy`), used for http and https. Without it, the
   * HTTPS_PROXY / HTTP_PROXY / NO_PROXY variables of `env` apply.
   */
  proxy?: string;
  /** Hosts that bypass the proxy (NO_PROXY syntax); default: NO_PROXY from `env`. */
  noProxy?: string;
  /** Environment for proxy variables; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Extra trusted CA certificates (PEM), e.g. a company's TLS-inspecting proxy. */
  ca?: string | string[];
  /**
   * Verify server certificates (default true). VS Code's `http.proxyStrictSSL: false` maps here;
   * a client that turns it off must say so to the user (Entra itself always verifies).
   */
  strictSsl?: boolean;
  retry?: Partial<RetryPolicy>;
  /** Injectable time source for retry waits. */
  clock?: Clock;
  /** Shared redactor (the engine adds redacted values to it); the token is always added. */
  redactor?: Redactor;
  /** Injectable dispatcher (tests); the client then owns no connection pool of its own. */
  dispatcher?: Dispatcher;
  /** Called after every exchange (each attempt), already redacted. */
  onExchange?: (exchange: ScimExchange) => void;
  /** Responses larger than this are a protocol error. Default 8 MiB. */
  maxResponseBytes?: number;
  userAgent?: string;
}

export interface ScimRequestOptions {
  /** Relative to the Tenant URL: `/Users?filter=...`, `/Users/{id}`. */
  path: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: JsonValue;
  /**
   * Whether repeating the request cannot change the outcome. Default: true for GET, false
   * otherwise. Only idempotent requests are retried after a 5xx or a dropped connection.
   */
  idempotent?: boolean;
  /** Retry 429 answers (the server refused the request without acting on it). Default true. */
  retryThrottled?: boolean;
  /** What the request is for, shown in traces ("match", "create", ...). */
  purpose?: string;
  signal?: AbortSignal;
}

/** One HTTP exchange as traces show it: redacted, URL absolute. */
export interface ScimExchange {
  method: string;
  /** Absolute URL as sent (query secrets of the Tenant URL redacted). */
  url: string;
  purpose?: string;
  requestHeaders: Record<string, string>;
  /** The JSON body sent (redacted); undefined for none. */
  body?: JsonValue;
  /** HTTP status; null when no response arrived (or the request was not sent). */
  status: number | null;
  responseHeaders?: Record<string, string>;
  /** The response body: parsed JSON (redacted), text (excerpt) when not JSON, null when empty. */
  response?: JsonValue;
  durationMs: number;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  /** False for a dry run: the request was built but not sent. */
  sent: boolean;
  /** Why no usable response arrived. */
  error?: { category: string; message: string };
  /** A remark: the retry that follows, a capped Retry-After, ... */
  note?: string;
}

export interface ScimResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text (not redacted; callers only read it). */
  text: string;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  json: JsonValue | undefined;
  /** Why the body is not JSON, with an excerpt (redacted); undefined when it is JSON or empty. */
  jsonError?: string;
  /** The recorded exchange of the attempt that produced this response. */
  exchange: ScimExchange;
}

/** A Tenant URL split into what requests use and what Entra reads from it. */
export interface TenantUrl {
  /** Origin and path, without a trailing slash: requests append `/Users` etc. */
  base: string;
  /** Query parameters of the Tenant URL that are sent on with every request. */
  query: URLSearchParams;
  /** Entra flags found in the query string (`aadOptscim062020`, ...). */
  flags: string[];
}

/** Query parameters that carry credentials (Azure Functions `code`, SAS `sig`, ...). */
const SECRET_QUERY = /^(code|key|api[-_]?key|token|access[-_]?token|sig|secret|password)$/i;

/**
 * Parses and checks a Tenant URL. Throws a `url` ScimRequestError for anything that is not an
 * absolute http(s) URL.
 */
export function parseTenantUrl(url: string): TenantUrl {
  const trimmed = url.trim();
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    throw new ScimRequestError(
      'url',
      `The Tenant URL ${JSON.stringify(trimmed)} is not an absolute URL.`,
      'Give the full SCIM base URL, e.g. https://api.contoso.com/scim/v2',
    );
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new ScimRequestError('url', `The Tenant URL must use https:// (or http:// for a local test server), not ${u.protocol}//.`, 'Give the full SCIM base URL, e.g. https://api.contoso.com/scim/v2');
  }
  if (u.username || u.password) {
    throw new ScimRequestError('url', 'The Tenant URL must not contain a user name or password.', 'Remove user:password@ from the URL; the secret token is the only credential.');
  }
  const flags: string[] = [];
  const query = new URLSearchParams();
  for (const [k, v] of u.searchParams) {
    const flag = TENANT_URL_FLAGS.find((f) => f.toLowerCase() === k.toLowerCase());
    if (flag) flags.push(flag);
    else query.append(k, v);
  }
  const path = u.pathname.replace(/\/+$/, '');
  return { base: `${u.origin}${path}`, query, flags };
}

/** Parses Retry-After (delta-seconds or HTTP-date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (/^\d+\.\d+$/.test(v)) return Math.ceil(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Keeps the start of a long text for traces and messages. */
export function excerpt(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}… (${text.length} characters)` : oneLine;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export class ScimClient {
  readonly tenant: TenantUrl;
  readonly timeoutMs: number;
  readonly redactor: Redactor;
  readonly retry: RetryPolicy;
  /** Every exchange so far, oldest first (redacted). */
  readonly exchanges: ScimExchange[] = [];
  private readonly clock: Clock;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly token: string;
  private readonly viaProxy: (url: URL) => boolean;
  private readonly maxResponseBytes: number;
  private readonly userAgent: string;

  constructor(private readonly options: ScimClientOptions) {
    this.tenant = parseTenantUrl(options.url);
    const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeout) || timeout <= 0) throw new RangeError('timeoutMs must be a positive number');
    this.timeoutMs = timeout;
    this.token = options.token;
    this.redactor = options.redactor ?? new Redactor();
    this.redactor.addSecret(options.token);
    for (const [k, v] of this.tenant.query) if (SECRET_QUERY.test(k)) this.redactor.addSecret(v);
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.clock = options.clock ?? systemClock;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.userAgent = options.userAgent ?? 'entramap-scim-client';

    const env = options.env ?? process.env;
    // "proxy.corp:8080" (no scheme) is common in settings and variables: it means http://.
    const withScheme = (p: string | undefined) => (p && p.trim() && !/^[a-z][a-z0-9+.-]*:\/\//i.test(p.trim()) ? `http://${p.trim()}` : (p ?? '').trim());
    const explicit = options.proxy?.trim() ? withScheme(options.proxy) : undefined;
    const httpProxy = explicit ?? withScheme(env.http_proxy ?? env.HTTP_PROXY);
    const httpsProxy = explicit ?? withScheme(env.https_proxy ?? env.HTTPS_PROXY);
    const noProxy = options.noProxy ?? env.no_proxy ?? env.NO_PROXY ?? '';
    for (const p of [httpProxy, httpsProxy]) {
      if (!p) continue;
      let u: URL;
      try {
        u = new URL(p);
      } catch {
        throw new ScimRequestError('network', `The proxy URL ${JSON.stringify(redactUrlCredentials(p))} is not a valid URL.`, 'Fix the proxy setting (http.proxy, HTTPS_PROXY or HTTP_PROXY), e.g. http://proxy.example.com:8080');
      }
      if (!['http:', 'https:', 'socks5:'].includes(u.protocol)) {
        throw new ScimRequestError('network', `The proxy URL ${JSON.stringify(redactUrlCredentials(p))} uses ${u.protocol}//, which is not supported (http, https or socks5).`, 'Fix the proxy setting (http.proxy, HTTPS_PROXY or HTTP_PROXY), e.g. http://proxy.example.com:8080');
      }
      this.redactor.addSecret(decodeURIComponent(u.password) || undefined);
    }
    this.viaProxy = (url) => {
      const proxy = url.protocol === 'https:' ? httpsProxy || httpProxy : httpProxy;
      return !!proxy && !bypassesProxy(url, noProxy);
    };
    if (options.dispatcher) {
      this.dispatcher = options.dispatcher;
      this.ownsDispatcher = false;
    } else {
      const tls = { ...(options.ca ? { ca: options.ca } : {}), ...(options.strictSsl === false ? { rejectUnauthorized: false } : {}) };
      // Passing the variables explicitly (empty for none) keeps undici from reading process.env
      // behind our back, so `env` fully decides.
      this.dispatcher = new EnvHttpProxyAgent({
        httpProxy,
        httpsProxy,
        noProxy,
        // Our own deadline (below) bounds the whole request; undici's timers are a backstop.
        headersTimeout: timeout + 1_000,
        bodyTimeout: timeout + 1_000,
        connect: { timeout, ...tls },
        requestTls: tls,
        keepAliveTimeout: 4_000,
      });
      this.ownsDispatcher = true;
    }
  }

  /** The absolute URL a relative SCIM path resolves to (Tenant URL query parameters added). */
  urlFor(path: string): string {
    const rel = path.startsWith('/') ? path : `/${path}`;
    // Appended as text: re-serialising through URLSearchParams would turn the caller's %20 into +.
    const extra = this.tenant.query.toString();
    return this.tenant.base + rel + (extra ? (rel.includes('?') ? '&' : '?') + extra : '');
  }

  /** The URL as traces show it: query secrets of the Tenant URL replaced. */
  displayUrl(url: string): string {
    return this.redactor.text(url);
  }

  /** Sends a request, retrying where the policy allows. Throws ScimRequestError when no response came. */
  async send(req: ScimRequestOptions): Promise<ScimResponse> {
    const idempotent = req.idempotent ?? req.method === 'GET';
    const retryThrottled = req.retryThrottled ?? true;
    let throttled = 0;
    let serverErrors = 0;
    let connectionErrors = 0;
    for (let attempt = 1; ; attempt++) {
      let res: ScimResponse;
      try {
        res = await this.once(req, attempt);
      } catch (err) {
        const e = err as ScimRequestError;
        const last = this.exchanges[this.exchanges.length - 1];
        if (idempotent && e.category === 'network' && e.code && RESET_CODES.has(e.code) && connectionErrors < this.retry.maxConnectionRetries) {
          connectionErrors++;
          const delay = this.backoff(connectionErrors);
          if (last) last.note = `connection dropped: retrying in ${formatMs(delay)}`;
          await this.wait(delay, req.signal);
          continue;
        }
        throw err;
      }
      const retryAfter = parseRetryAfter(res.headers['retry-after'], this.clock.now());
      if (res.status === 429 || (res.status === 503 && retryAfter !== undefined && (idempotent || retryThrottled))) {
        const allowed = res.status === 429 ? retryThrottled : idempotent;
        if (!allowed) return res;
        if (throttled >= this.retry.maxThrottleRetries) {
          res.exchange.note = `still throttled after ${throttled} ${throttled === 1 ? 'retry' : 'retries'}: giving up`;
          return res;
        }
        const delay = retryAfter ?? this.backoff(throttled + 1);
        if (delay > this.retry.maxRetryAfterMs) {
          res.exchange.note = `Retry-After ${formatMs(delay)} is longer than the ${formatMs(this.retry.maxRetryAfterMs)} cap: not retried`;
          return res;
        }
        throttled++;
        res.exchange.note = `throttled (HTTP ${res.status}${retryAfter !== undefined ? `, Retry-After ${res.headers['retry-after']}` : ''}): retrying in ${formatMs(delay)}`;
        await this.wait(delay, req.signal);
        continue;
      }
      if (res.status >= 500 && res.status <= 599 && idempotent && serverErrors < this.retry.maxServerErrorRetries) {
        serverErrors++;
        const delay = retryAfter !== undefined && retryAfter <= this.retry.maxRetryAfterMs ? retryAfter : this.backoff(serverErrors);
        res.exchange.note = `server error: retrying in ${formatMs(delay)}`;
        await this.wait(delay, req.signal);
        continue;
      }
      return res;
    }
  }

  /**
   * Records a request that is shown but not sent (dry run). Returns the exchange.
   */
  recordUnsent(req: ScimRequestOptions, note = 'dry run: not sent'): ScimExchange {
    const url = this.urlFor(req.path);
    const exchange: ScimExchange = {
      method: req.method,
      url: this.displayUrl(url),
      purpose: req.purpose,
      requestHeaders: redactHeaders(this.requestHeaders(req.body !== undefined), this.redactor),
      body: this.redactor.json(req.body),
      status: null,
      durationMs: 0,
      attempt: 1,
      sent: false,
      note,
    };
    this.record(exchange);
    return exchange;
  }

  /** Closes the connection pool (when the client created it). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close().catch(() => undefined);
  }

  /** A retry wait; a cancellation during it is reported like any other. */
  private async wait(ms: number, signal?: AbortSignal): Promise<void> {
    try {
      await this.clock.sleep(ms, signal);
    } catch {
      throw new ScimRequestError('cancelled', 'The request was cancelled.', 'Run it again.');
    }
  }

  private backoff(n: number): number {
    return Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** Math.max(0, n - 1));
  }

  private requestHeaders(hasBody: boolean): Record<string, string> {
    const h: Record<string, string> = {
      accept: SCIM_MEDIA_TYPE,
      authorization: `Bearer ${this.token}`,
      'user-agent': this.userAgent,
    };
    if (hasBody) h['content-type'] = `${SCIM_MEDIA_TYPE}; charset=utf-8`;
    return h;
  }

  private record(exchange: ScimExchange): void {
    this.exchanges.push(exchange);
    this.options.onExchange?.(exchange);
  }

  private async once(req: ScimRequestOptions, attempt: number): Promise<ScimResponse> {
    const url = this.urlFor(req.path);
    const headers = this.requestHeaders(req.body !== undefined);
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    const exchange: ScimExchange = {
      method: req.method,
      url: this.displayUrl(url),
      purpose: req.purpose,
      requestHeaders: redactHeaders(headers, this.redactor),
      body: this.redactor.json(req.body),
      status: null,
      durationMs: 0,
      attempt,
      sent: true,
    };
    const started = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, this.timeoutMs);
    const onOuterAbort = () => controller.abort(req.signal?.reason);
    if (req.signal?.aborted) onOuterAbort();
    else req.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const finish = () => {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onOuterAbort);
      exchange.durationMs = Math.round(performance.now() - started);
    };
    const fail = (err: unknown): never => {
      finish();
      let e: ScimRequestError;
      if (timedOut) {
        e = new ScimRequestError(
          'timeout',
          `No complete answer within ${formatMs(this.timeoutMs)} (${req.method} ${this.displayUrl(url)}).`,
          'The SCIM service is too slow or hangs; check its logs, or raise the timeout.',
        );
      } else if (req.signal?.aborted) {
        e = new ScimRequestError('cancelled', 'The request was cancelled.', 'Run it again.');
      } else {
        e = classifyTransportError(err, { proxy: this.viaProxy(new URL(url)) });
      }
      const safe = new ScimRequestError(e.category, this.redactor.text(e.message), e.hint, e.code);
      exchange.error = { category: safe.category, message: safe.message };
      this.record(exchange);
      throw safe;
    };

    let statusCode: number;
    let resHeaders: Record<string, string | string[] | undefined>;
    let chunks: Buffer[] = [];
    try {
      const res = await request(url, {
        dispatcher: this.dispatcher,
        method: req.method,
        headers,
        body: payload,
        signal: controller.signal,
      });
      statusCode = res.statusCode;
      resHeaders = res.headers;
      let size = 0;
      for await (const chunk of res.body) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        size += buf.length;
        if (size > this.maxResponseBytes) {
          res.body.destroy();
          finish();
          exchange.status = statusCode;
          const e = new ScimRequestError(
            'protocol',
            `The response is larger than ${Math.round(this.maxResponseBytes / 1024 / 1024)} MiB; a SCIM answer to this request is never that large.`,
            'Check that the Tenant URL points at the SCIM service, and that it honours filters and paging.',
          );
          exchange.error = { category: e.category, message: e.message };
          this.record(exchange);
          throw e;
        }
        chunks.push(buf);
      }
    } catch (err) {
      if (err instanceof ScimRequestError) throw err;
      return fail(err);
    }
    finish();
    const raw = Buffer.concat(chunks);
    const text = raw.toString('utf8');
    chunks = [];
    const flatHeaders: Record<string, string> = {};
    for (const k of Object.keys(resHeaders)) {
      const v = headerValue(resHeaders, k);
      if (v !== undefined) flatHeaders[k.toLowerCase()] = v;
    }
    let json: JsonValue | undefined;
    let jsonError: string | undefined;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text) as JsonValue;
      } catch (err) {
        jsonError = this.redactor.text(describeNonJson(text, flatHeaders['content-type'], err, raw.length));
      }
    }
    exchange.status = statusCode;
    exchange.responseHeaders = redactHeaders(flatHeaders, this.redactor);
    exchange.response =
      json !== undefined
        ? this.redactor.json(json)
        : text.trim() === ''
          ? null
          : jsonError?.startsWith('binary data')
            ? `(${jsonError})`
            : excerpt(this.redactor.text(text), 2000);
    this.record(exchange);
    return { status: statusCode, headers: flatHeaders, text, json, jsonError, exchange };
  }
}

/** Whether `url` matches a NO_PROXY list (same rules as undici's EnvHttpProxyAgent, for messages only). */
function bypassesProxy(url: URL, noProxy: string): boolean {
  if (!noProxy) return false;
  if (noProxy.trim() === '*') return true;
  const host = url.hostname.toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return noProxy
    .split(/[,\s]+/)
    .filter(Boolean)
    .some((entry) => {
      const m = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase())!;
      const name = m[1].replace(/^\*?\./, '');
      if (m[2] && Number(m[2]) !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}

/** What a body that does not parse as JSON looks like, for messages: HTML page, binary, or an excerpt. */
export function describeNonJson(text: string, contentType: string | undefined, parseError?: unknown, bytes = Buffer.byteLength(text)): string {
  const type = contentType ? ` (Content-Type: ${contentType})` : '';
  const sample = text.slice(0, 2000);
  const odd = (sample.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g) ?? []).length;
  if (odd > 0 && odd / Math.max(1, sample.length) > 0.05) return `binary data, not JSON${type}: ${bytes} bytes`;
  if (/^\s*(<!doctype html|<html)/i.test(sample) || /text\/html/i.test(contentType ?? '')) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(sample)?.[1]?.trim();
    return `an HTML page, not JSON${type}${title ? `: "${excerpt(title, 80)}"` : ''}`;
  }
  const why = parseError instanceof Error ? ` (${parseError.message.replace(/^JSON\.parse: /, '')})` : '';
  return `malformed JSON${why}${type}: ${JSON.stringify(excerpt(text, 200))}`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s} s` : `${s.toFixed(1)} s`;
}
