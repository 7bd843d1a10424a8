// A small configurable HTTP(S) server for fault tests of the SCIM client and engine: it answers
// with garbage, HTML, malformed JSON, throttling, server errors, resets or silence, by rule, and
// can sit in front of a real SCIM target (forwarding everything else, or forwarding a write and
// then lying about its outcome). Also: a CONNECT proxy, and a self-signed certificate made with
// openssl at test time.
//
// Every server stops with `close()`, which also ends requests left hanging; tests call it in
// `after`/`finally`. Nothing here waits on a timer.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export type FaultAction =
  /** A JSON answer (sent as application/scim+json unless `contentType` says otherwise). */
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string>; contentType?: string }
  /** Raw text with any content type. */
  | { kind: 'text'; status?: number; body: string; contentType?: string; headers?: Record<string, string> }
  /** An HTML page (a login or "default web site" page), 200 unless `status`. */
  | { kind: 'html'; status?: number }
  /** Binary noise labelled application/scim+json. */
  | { kind: 'garbage'; status?: number }
  /** A truncated JSON document labelled application/scim+json. */
  | { kind: 'malformed-json'; status?: number }
  /** Never answers; the request stays open until the client gives up or the server closes. */
  | { kind: 'hang' }
  /** Answers with `then` after `ms` milliseconds (a slow server; the timer ends with close()). */
  | { kind: 'slow'; ms: number; then: FaultAction }
  /** Sends the status line and headers, then never finishes the body. */
  | { kind: 'stall-body' }
  /** Destroys the connection without answering. */
  | { kind: 'reset' }
  /** Answers with something that is not HTTP at all, then closes. */
  | { kind: 'not-http' }
  /** 429 (or `status`) with an optional Retry-After header. */
  | { kind: 'throttle'; retryAfter?: string; status?: number }
  /** A SCIM error body with `status`. */
  | { kind: 'error'; status: number; scimType?: string; detail?: string; headers?: Record<string, string> }
  /** Passes the request to the upstream target. */
  | { kind: 'forward' }
  /** Passes the request upstream (so it takes effect), then answers with `then` instead. */
  | { kind: 'forward-then'; then: FaultAction };

export interface FaultRule {
  method?: string;
  /** Matched against the decoded path and query below the server root (`/scim/v2/Users?filter=...`). */
  path?: string | RegExp;
  /** How many requests this rule answers (default: all). */
  times?: number;
  action: FaultAction;
}

export interface FaultRequest {
  method: string;
  /** Path and query as received (not decoded). */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The action that answered it. */
  action: FaultAction['kind'] | 'default';
}

export interface FaultServerOptions {
  rules?: FaultRule[];
  /** A SCIM base URL to forward to (default action `forward` when set, else a 404). */
  upstream?: string;
  /** Serve HTTPS with this key and certificate. */
  tls?: { key: string; cert: string };
  /** Path prefix of the URL handed out; default the upstream's path or `/scim/v2`. */
  basePath?: string;
}

export interface FaultServer {
  /** The SCIM base URL to hand to a client. */
  readonly url: string;
  readonly port: number;
  readonly requests: FaultRequest[];
  /** Replaces the rules (counts restart). */
  setRules(rules: FaultRule[]): void;
  /** Resolves when `n` requests have arrived in total. */
  waitForRequests(n: number): Promise<void>;
  close(): Promise<void>;
}

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in to your account</title></head>\n' +
  '<body><form method="post" action="/login"><input name="loginfmt"><button>Next</button></form></body></html>\n';

function matches(rule: FaultRule, method: string, decoded: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return decoded === rule.path || decoded.split('?')[0] === rule.path;
  return rule.path.test(decoded);
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  let rules = (options.rules ?? []).map((r) => ({ rule: r, left: r.times ?? Infinity }));
  const requests: FaultRequest[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const upstream = options.upstream ? new URL(options.upstream) : undefined;
  const basePath = options.basePath ?? (upstream ? upstream.pathname.replace(/\/+$/, '') : '/scim/v2');

  const notify = () => {
    for (const w of [...waiters]) {
      if (requests.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };

  const forward = (req: http.IncomingMessage, body: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      if (!upstream) return reject(new Error('no upstream configured'));
      const headers = { ...req.headers, host: upstream.host };
      delete headers['content-length'];
      const up = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    });

  const answer = async (action: FaultAction, req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> => {
    const scim = 'application/scim+json';
    switch (action.kind) {
      case 'json': {
        const text = JSON.stringify(action.body);
        res.writeHead(action.status ?? 200, { 'content-type': action.contentType ?? scim, ...action.headers });
        res.end(text);
        return;
      }
      case 'text':
        res.writeHead(action.status ?? 200, { 'content-type': action.contentType ?? 'text/plain', ...action.headers });
        res.end(action.body);
        return;
      case 'html':
        res.writeHead(action.status ?? 200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(HTML_PAGE);
        return;
      case 'garbage': {
        const bytes = Buffer.alloc(256);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 151 + 7) % 256;
        res.writeHead(action.status ?? 200, { 'content-type': scim });
        res.end(bytes);
        return;
      }
      case 'malformed-json':
        res.writeHead(action.status ?? 200, { 'content-type': scim });
        res.end('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[');
        return;
      case 'hang':
        return; // left open; close() or the client's abort ends it
      case 'slow':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, action.ms);
          timers.add(timer);
          req.socket.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        if (req.socket.destroyed) return;
        return answer(action.then, req, res, body);
      case 'stall-body':
        res.writeHead(200, { 'content-type': scim, 'content-length': '1000' });
        res.write('{"schemas":');
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'not-http':
        req.socket.end('SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n');
        return;
      case 'throttle':
        res.writeHead(action.status ?? 429, {
          'content-type': scim,
          ...(action.retryAfter !== undefined ? { 'retry-after': action.retryAfter } : {}),
        });
        res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(action.status ?? 429), detail: 'Too many requests' }));
        return;
      case 'error':
        res.writeHead(action.status, { 'content-type': scim, ...action.headers });
        res.end(
          JSON.stringify({
            schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
            status: String(action.status),
            ...(action.scimType ? { scimType: action.scimType } : {}),
            detail: action.detail ?? http.STATUS_CODES[action.status] ?? 'error',
          }),
        );
        return;
      case 'forward': {
        const up = await forward(req, body);
        const headers = { ...up.headers };
        delete headers['transfer-encoding'];
        delete headers.connection;
        delete headers['keep-alive'];
        if (typeof headers.location === 'string' && upstream) headers.location = headers.location.replace(upstream.origin, origin());
        res.writeHead(up.status, { ...headers, 'content-length': String(up.body.length) });
        res.end(up.body);
        return;
      }
      case 'forward-then':
        await forward(req, body);
        return answer(action.then, req, res, body);
    }
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const method = (req.method ?? 'GET').toUpperCase();
      let decoded = req.url ?? '/';
      try {
        decoded = decodeURIComponent(decoded.replace(/\+/g, ' '));
      } catch {
        /* keep raw */
      }
      const slot = rules.find((r) => r.left > 0 && matches(r.rule, method, decoded));
      let action: FaultAction;
      if (slot) {
        slot.left--;
        action = slot.rule.action;
      } else {
        action = upstream ? { kind: 'forward' } : { kind: 'error', status: 404, detail: 'no rule for this request' };
      }
      requests.push({ method, url: req.url ?? '/', headers: req.headers, body, action: slot ? action.kind : 'default' });
      notify();
      answer(action, req, res, body).catch((err: Error) => {
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`fault server: ${err.message}`);
        } else res.destroy();
      });
    });
  };

  const server: http.Server | https.Server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // TLS handshakes that fail (the client rejects the certificate) are not errors of the test.
  server.on('tlsClientError', () => undefined);
  server.on('clientError', (_err, socket: net.Socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = () => `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin()}${basePath}`,
    port,
    requests,
    setRules(next) {
      rules = next.map((r) => ({ rule: r, left: r.times ?? Infinity }));
    },
    waitForRequests(n) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
      });
      return closing;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A CONNECT proxy (for HTTPS_PROXY / http.proxy tests)
// ---------------------------------------------------------------------------------------------

export interface ConnectProxy {
  /** `http://127.0.0.1:PORT` (with credentials when `auth` was given to the caller to embed). */
  readonly url: string;
  readonly port: number;
  /** The `host:port` of every CONNECT received, with the Proxy-Authorization header if any. */
  readonly connects: Array<{ target: string; authorization?: string }>;
  /** Plain (non-CONNECT) proxy requests received (absolute-form URLs). */
  readonly plain: string[];
  close(): Promise<void>;
}

/**
 * A forward proxy that tunnels CONNECT to 127.0.0.1 targets. With `requireAuth` ("user:pass"),
 * requests without matching Basic credentials get 407.
 */
export async function startConnectProxy(options: { requireAuth?: string } = {}): Promise<ConnectProxy> {
  const connects: ConnectProxy['connects'] = [];
  const plain: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    plain.push(req.url ?? '');
    res.writeHead(501, { 'content-type': 'text/plain' });
    res.end('this test proxy only tunnels (CONNECT)');
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    const authorization = req.headers['proxy-authorization'];
    connects.push({ target, authorization });
    if (options.requireAuth && authorization !== `Basic ${Buffer.from(options.requireAuth).toString('base64')}`) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = target.split(':');
    if (host !== '127.0.0.1' && host !== 'localhost') {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    plain,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A self-signed certificate for 127.0.0.1, made with openssl when it is installed
// ---------------------------------------------------------------------------------------------

let opensslChecked: boolean | undefined;

/** True when an `openssl` binary can be run. */
export function hasOpenssl(): boolean {
  if (opensslChecked === undefined) {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      opensslChecked = true;
    } catch {
      opensslChecked = false;
    }
  }
  return opensslChecked;
}

/** A fresh self-signed RSA-2048 certificate for IP 127.0.0.1 and localhost; null without openssl. */
export function makeSelfSignedCert(): { key: string; cert: string } | null {
  if (!hasOpenssl()) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'entramap-tls-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
