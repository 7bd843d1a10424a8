// entramap's embedded SCIM 2.0 target: a local stand-in for an application's SCIM endpoint that
// behaves the way Microsoft Entra provisioning needs (see docs in startTarget). Built on scimmy
// (RFC 7643 schemas and validation) with our own node:http front end.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { RecordedRequest, createHandler } from './http';
import { ScimService } from './service';
import { Store, StoreError } from './store';

export type { RecordedRequest } from './http';
export { StoreError } from './store';

export const SCIM_BASE_PATH = '/scim/v2';
export const DEFAULT_MAX_RESULTS = 200;
const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_CLOSE_GRACE_MS = 5000;

export interface TargetOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1 (loopback only). */
  host?: string;
  /** The bearer token clients must send. Default: a random token, see `RunningTarget.token`. */
  token?: string;
  /** JSON file to load at start and to write atomically on every change; default: memory only. */
  store?: string;
  /** Receives one line per request (`METHOD /path?query STATUS`) and internal errors; never tokens. */
  log?: (line: string) => void;
  /** Keep every request in `RunningTarget.requests` (for tests). Default false. */
  record?: boolean;
  /** Largest page a list or search returns (ServiceProviderConfig `filter.maxResults`). */
  maxResults?: number;
  /** How long close() lets requests in progress finish before cutting connections (ms, default 5000). */
  closeGraceMs?: number;
}

export interface RunningTarget {
  /** The SCIM base URL (Entra's "Tenant URL"), e.g. `http://127.0.0.1:8787/scim/v2`. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The bearer token (Entra's "Secret Token"). */
  readonly token: string;
  /** Absolute path of the store file, when persistent. */
  readonly store?: string;
  /** Requests received so far, oldest first, when started with `record: true`. */
  readonly requests: RecordedRequest[];
  /** Stops listening, finishes requests in progress and pending store writes. Idempotent. */
  close(): Promise<void>;
}

/** The target could not start; `code` is the system error code (e.g. EADDRINUSE) when known. */
export class TargetStartError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TargetStartError';
  }
}

/**
 * Starts a SCIM 2.0 service provider with Users and Groups. Users take the enterprise extension
 * and the extensions of the catalogue's gallery apps (Genesys Cloud's), typed and published in
 * /Schemas; any other extension schema URN a client sends (Entra's
 * `urn:ietf:params:scim:schemas:extension:<Name>:2.0:User`) is stored as sent and usable in
 * filters, PATCH paths and projections (see schema.ts).
 *
 * Always on, for Microsoft Entra: case-insensitive filters (per attribute caseExact), URN
 * attribute paths in filters and PATCH, `emails[type eq "work"].value eq` filters, `manager eq`
 * filters, "True"/"False" booleans, typed values created by Add/Replace on a filtered path,
 * manager as a bare id or legacy list, capitalised PATCH ops, member removal with a value list,
 * pagination, `Location` on 201, 409 `uniqueness` for userName / group displayName, memberships
 * removed with their member, 204 for PATCH (200 with the resource when `attributes` is given).
 */
export async function startTarget(options: TargetOptions = {}): Promise<RunningTarget> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be an integer from 0 to 65535, not ${port}`);
  const host = options.host ?? '127.0.0.1';
  if (options.token !== undefined && (typeof options.token !== 'string' || !options.token.trim())) {
    throw new TypeError('token must be a non-empty string');
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  const maxResults = options.maxResults ?? DEFAULT_MAX_RESULTS;
  const closeGraceMs = options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
  if (!(closeGraceMs >= 0)) throw new RangeError('closeGraceMs must be a non-negative number');
  if (!Number.isInteger(maxResults) || maxResults < 1) throw new RangeError('maxResults must be a positive integer');

  const store = await Store.open(options.store);
  const problem = ScimService.verify(store.state);
  if (problem) {
    await store.close();
    throw new StoreError(`store file ${store.file} is corrupt: ${problem}. It was left unchanged; repair it, or move it away to start empty.`);
  }
  const service = new ScimService(store, maxResults);
  const requests: RecordedRequest[] = [];
  let actualPort = port;
  const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  const handle = createHandler({
    service,
    token,
    basePath: SCIM_BASE_PATH,
    origin: () => `http://${urlHost}:${actualPort}`,
    maxBodyBytes: MAX_BODY_BYTES,
    log: options.log,
    record: options.record ? requests : undefined,
  });

  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const server = http.createServer((req, res) => {
    if (stopping) {
      res.shouldKeepAlive = false;
    }
    const p = handle(req, res).catch((err: unknown) => {
      // createHandler answers every error itself; this only guards against a broken socket.
      options.log?.(`target: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) res.destroy();
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  });
  // Requests node:http cannot parse never reach the handler; answer them in SCIM form too.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: String(status),
      detail: tooLarge ? 'the request line or headers are too large' : `malformed HTTP request (${err.code ?? err.message})`,
    });
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/scim+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await store.close();
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${host}:${port}`;
    if (code === 'EADDRINUSE') throw new TargetStartError(`port ${port} on ${host} is already in use`, code);
    if (code === 'EACCES') throw new TargetStartError(`no permission to listen on ${where}`, code);
    if (code === 'EADDRNOTAVAIL') throw new TargetStartError(`address ${host} is not available on this machine`, code);
    throw new TargetStartError(`cannot listen on ${where}: ${(err as Error).message}`, code);
  }
  actualPort = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests in progress may finish (their writes are then durable); a client that stalls
      // is cut off after a grace period, and its request fails without changing anything.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, closeGraceMs).unref()));
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
      clearTimeout(timer);
      server.closeAllConnections();
      await Promise.allSettled([...inFlight]);
      await closed;
      await store.close();
    })();
    return closing;
  };

  return {
    url: `http://${urlHost}:${actualPort}${SCIM_BASE_PATH}`,
    port: actualPort,
    host,
    token,
    store: store.file,
    requests,
    close,
  };
}
