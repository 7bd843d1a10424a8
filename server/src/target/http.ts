// The HTTP face of the target on node:http: routing under /scim/v2, bearer-token
// authentication, request body parsing and SCIM error responses. Whatever a client sends, the
// answer is a SCIM response; a failure inside a handler becomes a 500 SCIM error, never a crash.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resourceTypeDocuments, resourceTypeDocument, schemaDocuments, serviceProviderConfig } from './discovery';
import { ScimError, badRequest, errorBody, notFound } from './errors';
import { listParam } from './projection';
import {
  JsonObject,
  LIST_RESPONSE_SCHEMA,
  ResourceTypeDef,
  SEARCH_REQUEST_SCHEMA,
  isObject,
  resourceTypeByEndpoint,
  resourceTypes,
} from './schema';
import { ListQuery, ScimService } from './service';

/** One request as seen by the target (for tests); never includes headers or the token. */
export interface RecordedRequest {
  method: string;
  /** Path below the SCIM base, e.g. `/Users/2819c223-...` (the whole path when outside it). */
  path: string;
  query: Record<string, string>;
  status: number;
  /** The parsed JSON request body, when there was a valid one. */
  body?: unknown;
}

export interface HttpOptions {
  service: ScimService;
  token: string;
  basePath: string;
  /** Origin used for absolute URLs when the request has no usable Host header. */
  origin: () => string;
  maxBodyBytes: number;
  log?: (line: string) => void;
  record?: RecordedRequest[];
}

const SCIM_JSON = 'application/scim+json; charset=utf-8';
const REALM = 'Bearer realm="entramap SCIM target"';

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Ctx {
  method: string;
  segments: string[];
  query: URLSearchParams;
  base: string;
  req: IncomingMessage;
  /** Set once the body has been parsed (for the request log). */
  body?: unknown;
}

type Route = Partial<Record<string, (ctx: Ctx) => Promise<Reply> | Reply>>;

export function createHandler(opts: HttpOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const expected = digest(opts.token);
  const { service, basePath } = opts;

  const authorize = (req: IncomingMessage) => {
    const header = req.headers.authorization;
    const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
    if (!m) {
      throw new ScimError(401, undefined, 'missing bearer token: send "Authorization: Bearer <token>"', { 'WWW-Authenticate': REALM });
    }
    if (!timingSafeEqual(digest(m[1]), expected)) {
      throw new ScimError(401, undefined, 'invalid bearer token', { 'WWW-Authenticate': `${REALM}, error="invalid_token"` });
    }
  };

  return async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const ctx: Ctx = { method, segments: [], query: new URLSearchParams(), base: '', req };
    let relPath = '';
    let reply: Reply;
    try {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://target.invalid');
      } catch {
        throw badRequest('invalidSyntax', 'the request target is not a valid URL');
      }
      ctx.query = url.searchParams;
      const pathname = url.pathname;
      relPath = pathname;
      if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) {
        throw notFound(`no SCIM endpoint at ${pathname}: the SCIM base URL is ${basePath}`);
      }
      relPath = pathname.slice(basePath.length) || '/';
      authorize(req);
      ctx.segments = relPath.split('/').filter((s) => s.length > 0).map(decodeSegment);
      ctx.base = `${originOf(req, opts.origin)}${basePath}`;
      reply = await route(ctx);
    } catch (err) {
      reply = failure(err, opts.log);
    }
    // The rest of an oversized body is not read: close the connection after answering.
    if (reply.status === 413) reply.headers = { ...reply.headers, Connection: 'close' };
    send(res, reply);
    opts.log?.(`${method} ${redact(req.url ?? '')} ${reply.status}`);
    opts.record?.push({
      method,
      path: relPath,
      query: Object.fromEntries(ctx.query),
      status: reply.status,
      ...(ctx.body !== undefined ? { body: ctx.body } : {}),
    });
  };

  async function route(ctx: Ctx): Promise<Reply> {
    const [first, second, ...rest] = ctx.segments;
    const name = first?.toLowerCase();
    let routes: Route;
    if (first === undefined) {
      routes = { GET: (c) => list(c, [resourceTypes().User, resourceTypes().Group]) };
    } else if (name === '.search' && second === undefined) {
      routes = { POST: (c) => search(c, [resourceTypes().User, resourceTypes().Group]) };
    } else if (name === 'serviceproviderconfig' && second === undefined) {
      routes = { GET: (c) => ({ status: 200, body: discovery(c, () => serviceProviderConfig(c.base, service.maxResults)) }) };
    } else if (name === 'resourcetypes' && rest.length === 0) {
      routes = { GET: (c) => ({ status: 200, body: discovery(c, () => resourceTypesBody(c.base, second)) }) };
    } else if (name === 'schemas' && rest.length === 0) {
      routes = { GET: (c) => ({ status: 200, body: discovery(c, () => schemasBody(c.base, second)) }) };
    } else if (name === 'bulk' && second === undefined) {
      routes = { POST: () => ({ status: 501, body: errorBody(new ScimError(501, undefined, 'bulk operations are not supported (see ServiceProviderConfig)')) }) };
    } else if (name === 'me') {
      throw new ScimError(501, undefined, 'the /Me endpoint is not supported by this target');
    } else {
      const rt = resourceTypeByEndpoint(first);
      if (!rt || rest.length > 0) throw notFound(`no SCIM endpoint at ${basePath}/${ctx.segments.join('/')}`);
      if (second === undefined) {
        routes = { GET: (c) => list(c, [rt]), POST: (c) => create(c, rt) };
      } else if (second === '.search') {
        routes = { POST: (c) => search(c, [rt]) };
      } else {
        const id = second;
        routes = {
          GET: (c) => ({ status: 200, body: service.get(rt, id, c.base, projected(c)) }),
          PUT: async (c) => ({ status: 200, body: await service.replace(rt, id, await readBody(c), c.base, projected(c)) }),
          PATCH: (c) => patch(c, rt, id),
          DELETE: async () => {
            await service.delete(rt, id);
            return { status: 204 };
          },
        };
      }
    }
    const handler = routes[ctx.method === 'HEAD' ? 'GET' : ctx.method];
    if (!handler) {
      const allow = Object.keys(routes).join(', ');
      throw new ScimError(405, undefined, `${ctx.method} is not allowed here; allowed: ${allow}`, { Allow: allow });
    }
    return handler(ctx);
  }

  async function create(ctx: Ctx, rt: ResourceTypeDef): Promise<Reply> {
    const body = await readBody(ctx);
    const resource = await service.create(rt, body, ctx.base, projected(ctx));
    const location = `${ctx.base}${rt.endpoint}/${resource.id as string}`;
    return { status: 201, body: resource, headers: { Location: location } };
  }

  async function patch(ctx: Ctx, rt: ResourceTypeDef, id: string): Promise<Reply> {
    const body = await readBody(ctx);
    const p = projected(ctx);
    const { resource } = await service.patch(rt, id, body, ctx.base, p);
    // 204 No Content, as Entra expects for groups (whose member lists can be large) and as
    // Microsoft's reference SCIM service answers for users too. RFC 7644 §3.5.2 allows either,
    // but requires 200 with the resource when "attributes" or "excludedAttributes" is given.
    if (!p.attributes && !p.excludedAttributes) return { status: 204 };
    return { status: 200, body: resource };
  }

  function list(ctx: Ctx, types: ResourceTypeDef[]): Reply {
    const q: ListQuery = {
      filter: param(ctx, 'filter'),
      attributes: listParam(param(ctx, 'attributes'), 'attributes'),
      excludedAttributes: listParam(param(ctx, 'excludedAttributes'), 'excludedAttributes'),
      sortBy: param(ctx, 'sortBy'),
      sortOrder: param(ctx, 'sortOrder'),
      startIndex: intParam(param(ctx, 'startIndex'), 'startIndex'),
      count: intParam(param(ctx, 'count'), 'count'),
    };
    return { status: 200, body: service.list(types, q, ctx.base) };
  }

  async function search(ctx: Ctx, types: ResourceTypeDef[]): Promise<Reply> {
    const body = await readBody(ctx);
    if (!isObject(body)) throw badRequest('invalidSyntax', 'the .search body must be a SearchRequest JSON object');
    const schemas = body.schemas;
    if (schemas !== undefined && !(Array.isArray(schemas) && schemas.includes(SEARCH_REQUEST_SCHEMA))) {
      throw badRequest('invalidSyntax', `the .search body must list the schema "${SEARCH_REQUEST_SCHEMA}"`);
    }
    const str = (k: string): string | undefined => {
      const v = body[k];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'string') throw badRequest('invalidValue', `"${k}" must be a string`);
      return v;
    };
    const int = (k: string): number | undefined => {
      const v = body[k];
      if (v === undefined || v === null) return undefined;
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      return intParam(typeof v === 'string' ? v : JSON.stringify(v), k);
    };
    const q: ListQuery = {
      filter: str('filter'),
      attributes: listParam(body.attributes, 'attributes'),
      excludedAttributes: listParam(body.excludedAttributes, 'excludedAttributes'),
      sortBy: str('sortBy'),
      sortOrder: str('sortOrder'),
      startIndex: int('startIndex'),
      count: int('count'),
    };
    return { status: 200, body: service.list(types, q, ctx.base) };
  }

  async function readBody(ctx: Ctx): Promise<unknown> {
    ctx.body = await readJson(ctx.req, opts.maxBodyBytes);
    return ctx.body;
  }
}

function projected(ctx: Ctx): { attributes?: string[]; excludedAttributes?: string[] } {
  return {
    attributes: listParam(param(ctx, 'attributes'), 'attributes'),
    excludedAttributes: listParam(param(ctx, 'excludedAttributes'), 'excludedAttributes'),
  };
}

function param(ctx: Ctx, name: string): string | undefined {
  const v = ctx.query.get(name);
  return v === null ? undefined : v;
}

function intParam(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\s*[+-]?\d+\s*$/.test(v)) throw badRequest('invalidValue', `"${name}" must be an integer, not ${JSON.stringify(v)}`);
  return Number(v);
}

/** RFC 7644 §4: discovery endpoints answer a filter with 403. */
function discovery(ctx: Ctx, build: () => unknown): unknown {
  if (ctx.query.has('filter')) throw new ScimError(403, undefined, 'discovery endpoints do not support filtering');
  return build();
}

function listOf(resources: JsonObject[]): JsonObject {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: resources.length,
    Resources: resources,
    startIndex: 1,
    itemsPerPage: resources.length,
  };
}

function resourceTypesBody(base: string, id: string | undefined): unknown {
  if (id === undefined) return listOf(resourceTypeDocuments(base));
  const rt = Object.values(resourceTypes()).find((t) => t.name.toLowerCase() === id.toLowerCase());
  if (!rt) throw notFound(`resource type ${id} not found`);
  return resourceTypeDocument(rt, base);
}

function schemasBody(base: string, id: string | undefined): unknown {
  const docs = schemaDocuments(base);
  if (id === undefined) return listOf(docs);
  const doc = docs.find((d) => String(d.id).toLowerCase() === id.toLowerCase());
  if (!doc) throw notFound(`schema ${id} not found`);
  return doc;
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'];
  if (type !== undefined) {
    const [mime, ...params] = type.split(';').map((s) => s.trim().toLowerCase());
    if (mime !== 'application/scim+json' && mime !== 'application/json') {
      throw new ScimError(415, undefined, `unsupported Content-Type ${JSON.stringify(type)}: send application/scim+json`);
    }
    const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      throw new ScimError(415, undefined, `unsupported charset ${JSON.stringify(charset)}: send UTF-8`);
    }
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ScimError(413, undefined, `the request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw badRequest('invalidSyntax', 'the request body is not valid UTF-8');
  }
  if (!text.trim()) throw badRequest('invalidSyntax', 'the request body is empty');
  try {
    // Drop "__proto__" keys so no object in the target ever gets a client-chosen prototype.
    return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
  } catch (err) {
    throw badRequest('invalidSyntax', `the request body is not valid JSON: ${(err as Error).message}`);
  }
}

function failure(err: unknown, log?: (line: string) => void): Reply {
  if (err instanceof ScimError) return { status: err.status, body: errorBody(err), headers: { ...err.headers } };
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNRESET' || code === 'ECONNABORTED' || (err instanceof Error && err.message === 'aborted')) {
    // The client went away while sending its body; the answer goes nowhere.
    return { status: 400, body: errorBody(badRequest('invalidSyntax', 'the request was aborted by the client')) };
  }
  const detail = `internal error: ${err instanceof Error ? err.message : String(err)}`;
  log?.(`target: ${detail}`);
  return { status: 500, body: errorBody(new ScimError(500, undefined, detail)) };
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = reply.status;
  for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
  if (reply.body === undefined || reply.status === 204) {
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.setHeader('Content-Type', SCIM_JSON);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function originOf(req: IncomingMessage, fallback: () => string): string {
  const host = req.headers.host;
  return host && HOST.test(host) ? `http://${host}` : fallback();
}

/** Request lines are logged without any token a client may have put in the URL. */
function redact(url: string): string {
  return url.replace(/([?&](?:access_token|token)=)[^&]*/gi, '$1[redacted]');
}
