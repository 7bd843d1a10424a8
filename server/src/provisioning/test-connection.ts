// Test Connection as Entra does it (provisioning-engine.md section 3): query the users endpoint for
// a user that cannot exist (a random GUID as the matching attribute's value) and expect 200 with
// an empty ListResponse. Then, for information only, what /ServiceProviderConfig, /Schemas and
// /Groups say. Every failure is classified (credentials, url, network, tls, timeout, protocol)
// with a one-line fix; nothing throws.
import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../model/json';
import { ScimClient, ScimClientOptions, ScimExchange, ScimResponse, parseTenantUrl } from './client';
import { FailureCategory, ScimRequestError } from './errors';
import { CORE_USER, explainStatus, filterQuery, getCI, isObject, readListResponse, serverSays } from './scim';

export interface TestConnectionOptions extends ScimClientOptions {
  /** The target matching attribute whose filter is probed (default `userName`). */
  matchingAttribute?: string;
  /** Also probe /Groups (informational; default true). */
  probeGroups?: boolean;
  /** Also read /ServiceProviderConfig and /Schemas (informational; default true). */
  discovery?: boolean;
  /** The probe value (default: a random GUID). */
  probeValue?: string;
  signal?: AbortSignal;
}

/** One request of the test, as `--json` prints it. */
export interface TestConnectionRequest {
  method: string;
  url: string;
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  purpose?: string;
  durationMs: number;
  attempt: number;
  /** The response body (redacted; parsed JSON or a text excerpt). */
  response?: ScimExchange['response'];
  error?: { category: string; message: string };
  note?: string;
}

export interface ServiceProviderConfigSummary {
  /** Whether the endpoint answered with a configuration document. */
  offered: boolean;
  status: number | null;
  patch?: boolean;
  filter?: boolean;
  maxResults?: number;
  bulk?: boolean;
  sort?: boolean;
  etag?: boolean;
  changePassword?: boolean;
  authenticationSchemes?: string[];
  note?: string;
}

export interface SchemasSummary {
  offered: boolean;
  status: number | null;
  /** Schema ids the server lists. */
  ids?: string[];
  /** Whether the matching attribute is declared in the User schemas (null: could not tell). */
  matchingAttributeDeclared?: boolean | null;
  note?: string;
}

export interface GroupsSummary {
  /** Whether `/Groups` answered the display-name probe with an empty ListResponse. */
  supported: boolean;
  status: number | null;
  note?: string;
}

export interface TestConnectionResult {
  ok: boolean;
  category: FailureCategory | null;
  message: string;
  /** A one-line fix; null when the test passed. */
  hint: string | null;
  /** The Tenant URL as tested (query secrets redacted). */
  url: string;
  matchingAttribute: string;
  requests: TestConnectionRequest[];
  serviceProviderConfig?: ServiceProviderConfigSummary;
  schemas?: SchemasSummary;
  groups?: GroupsSummary;
  /** Not failures, but worth knowing (plain http, unusual content types, ...). */
  warnings: string[];
  durationMs: number;
}

function toRequest(e: ScimExchange): TestConnectionRequest {
  const r: TestConnectionRequest = { method: e.method, url: e.url, status: e.status, purpose: e.purpose, durationMs: e.durationMs, attempt: e.attempt };
  // Discovery documents are summarised instead; the probe's answer and failures are kept.
  const failed = e.status === null || e.status < 200 || e.status >= 300;
  if (e.response !== undefined && (e.purpose === 'test connection' || failed)) r.response = e.response;
  if (e.error) r.error = e.error;
  if (e.note) r.note = e.note;
  return r;
}

/** Runs the test. Never throws (a cancelled run reports category "network"). */
export async function testConnection(options: TestConnectionOptions): Promise<TestConnectionResult> {
  const started = performance.now();
  const matchingAttribute = options.matchingAttribute?.trim() || 'userName';
  const warnings: string[] = [];
  const base: Omit<TestConnectionResult, 'ok' | 'category' | 'message' | 'hint' | 'requests' | 'durationMs'> = {
    url: options.url,
    matchingAttribute,
    warnings,
  };
  let client: ScimClient;
  try {
    client = new ScimClient(options);
  } catch (err) {
    const e = err instanceof ScimRequestError ? err : new ScimRequestError('url', String((err as Error).message ?? err), 'Check the Tenant URL.');
    return { ...base, ok: false, category: e.category === 'cancelled' ? 'network' : e.category, message: e.message, hint: e.hint, requests: [], durationMs: 0 };
  }
  base.url = client.displayUrl(client.tenant.base + (client.tenant.query.size ? `?${client.tenant.query}` : ''));
  const tenant = parseTenantUrl(options.url);
  if (tenant.base.startsWith('http:')) {
    const host = new URL(tenant.base).hostname;
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
      warnings.push('The Tenant URL uses plain http://: Entra only connects over HTTPS (TLS 1.2) with a certificate from a public CA.');
    }
  }
  if (options.strictSsl === false) warnings.push('Certificate verification is off (strict SSL disabled): Entra always verifies the certificate, so a pass here may still fail there.');
  if (tenant.flags.length) warnings.push(`Tenant URL flags ${tenant.flags.join(', ')} are read by Entra and not sent to the server.`);

  const finish = (r: Pick<TestConnectionResult, 'ok' | 'category' | 'message' | 'hint'>): TestConnectionResult => ({
    ...base,
    ...r,
    requests: client.exchanges.map(toRequest),
    durationMs: Math.round(performance.now() - started),
  });

  try {
    const probe = options.probeValue ?? randomUUID();
    const what = `GET /Users?filter=${matchingAttribute} eq "…"`;
    let res: ScimResponse;
    try {
      res = await client.send({ method: 'GET', path: `/Users${filterQuery(matchingAttribute, probe)}`, purpose: 'test connection', signal: options.signal });
    } catch (err) {
      const e = err as ScimRequestError;
      return finish({ ok: false, category: e.category === 'cancelled' ? 'network' : e.category, message: e.message, hint: e.hint });
    }
    const fail = explainStatus(res, what, options.token);
    if (fail) {
      if (res.status === 400) {
        const filterProblem = /filter/i.test(serverSays(res)) || /invalidFilter/i.test(res.text);
        return finish({
          ok: false,
          category: 'protocol',
          message: `The server cannot filter users on the matching attribute "${matchingAttribute}": HTTP 400 on ${what}${serverSays(res)}.`,
          hint: `The matching attribute must be filterable with "eq" on the server: make "${matchingAttribute}" filterable, or match on another attribute.${filterProblem ? '' : ' (The server did not say why; see the response.)'}`,
        });
      }
      return finish({ ok: false, ...fail });
    }
    if (res.status !== 200) {
      return finish({
        ok: false,
        category: 'protocol',
        message: `A filter query must answer 200 with a ListResponse, not HTTP ${res.status}${serverSays(res)}.`,
        hint: 'Answer GET /Users?filter=... with 200 and a SCIM ListResponse (RFC 7644 §3.4.2).',
      });
    }
    const read = readListResponse(res);
    if ('problem' in read) {
      const html = res.jsonError?.startsWith('an HTML page');
      return finish({
        ok: false,
        category: 'protocol',
        message: `Not a SCIM service: ${read.problem} (for ${what}).`,
        hint: html
          ? 'The URL serves a web page: use the SCIM endpoint of the app (its API base URL), not its website or a sign-in page.'
          : 'The endpoint must answer a filter query with a SCIM ListResponse (RFC 7644 §3.4.2); check that the Tenant URL is the SCIM base URL.',
      });
    }
    const { list } = read;
    if (list.resources.length > 0 || (list.totalResults ?? 0) > 0) {
      const n = Math.max(list.resources.length, list.totalResults ?? 0);
      return finish({
        ok: false,
        category: 'protocol',
        message: `The endpoint ignores the filter: ${what} with a value no user can have returned ${n} ${n === 1 ? 'resource' : 'resources'}.`,
        hint: `Implement "eq" filtering on "${matchingAttribute}"; otherwise matching would link source users to the wrong target users.`,
      });
    }
    const type = res.headers['content-type'] ?? '';
    if (!/json/i.test(type)) warnings.push(`The server answers with Content-Type ${type ? `"${type}"` : '(none)'}; SCIM responses should be application/scim+json.`);

    if (options.discovery !== false) {
      base.serviceProviderConfig = await readServiceProviderConfig(client, options.signal);
      base.schemas = await readSchemas(client, matchingAttribute, options.signal);
      if (base.serviceProviderConfig.offered && base.serviceProviderConfig.patch === false) {
        warnings.push('The ServiceProviderConfig says PATCH is not supported: Entra updates users and groups only with PATCH.');
      }
      if (base.serviceProviderConfig.offered && base.serviceProviderConfig.filter === false) {
        warnings.push('The ServiceProviderConfig says filtering is not supported, yet the filter query worked; check the configuration document.');
      }
      if (base.schemas.matchingAttributeDeclared === false) {
        warnings.push(`The matching attribute "${matchingAttribute}" is not declared in the server's User schemas.`);
      }
    }
    if (options.probeGroups !== false) base.groups = await probeGroups(client, options.signal);
    return finish({
      ok: true,
      category: null,
      message: `The supplied credentials are authorized to enable provisioning: ${what} answered 200 with an empty ListResponse.`,
      hint: null,
    });
  } finally {
    await client.close();
  }
}

async function optionalGet(client: ScimClient, path: string, purpose: string, signal?: AbortSignal): Promise<ScimResponse | ScimRequestError> {
  try {
    return await client.send({ method: 'GET', path, purpose, signal });
  } catch (err) {
    return err as ScimRequestError;
  }
}

function boolAt(obj: JsonObject, name: string, sub = 'supported'): boolean | undefined {
  const v = getCI(obj, name);
  if (!isObject(v)) return undefined;
  const s = getCI(v, sub);
  return typeof s === 'boolean' ? s : s === 'true' || s === 'True' ? true : s === 'false' || s === 'False' ? false : undefined;
}

async function readServiceProviderConfig(client: ScimClient, signal?: AbortSignal): Promise<ServiceProviderConfigSummary> {
  const res = await optionalGet(client, '/ServiceProviderConfig', 'discovery', signal);
  if (res instanceof ScimRequestError) return { offered: false, status: null, note: `not read: ${res.message}` };
  if (res.status !== 200 || !isObject(res.json)) {
    return { offered: false, status: res.status, note: res.status === 200 ? `not a configuration document (${res.jsonError ?? 'not an object'})` : `not offered (HTTP ${res.status}); that is allowed` };
  }
  const body = res.json;
  const filter = getCI(body, 'filter');
  const maxResults = isObject(filter) ? getCI(filter, 'maxResults') : undefined;
  const schemes = getCI(body, 'authenticationSchemes');
  return {
    offered: true,
    status: res.status,
    patch: boolAt(body, 'patch'),
    filter: boolAt(body, 'filter'),
    maxResults: typeof maxResults === 'number' ? maxResults : undefined,
    bulk: boolAt(body, 'bulk'),
    sort: boolAt(body, 'sort'),
    etag: boolAt(body, 'etag'),
    changePassword: boolAt(body, 'changePassword'),
    authenticationSchemes: Array.isArray(schemes)
      ? schemes.filter(isObject).map((s) => String(getCI(s, 'type') ?? getCI(s, 'name') ?? '?'))
      : undefined,
  };
}

/** The last segment of a target path: `emails[type eq "work"].value` → `emails`, `urn:...:User:manager` → `manager`. */
function topAttribute(path: string): { schema?: string; name: string } {
  const urn = /^(urn:.+):([^:]+)$/i.exec(path);
  const rest = urn ? urn[2] : path;
  return { schema: urn?.[1], name: rest.split(/[.[]/)[0] };
}

async function readSchemas(client: ScimClient, matchingAttribute: string, signal?: AbortSignal): Promise<SchemasSummary> {
  const res = await optionalGet(client, '/Schemas', 'discovery', signal);
  if (res instanceof ScimRequestError) return { offered: false, status: null, note: `not read: ${res.message}` };
  if (res.status !== 200 || res.json === undefined) {
    return { offered: false, status: res.status, note: res.status === 200 ? `not JSON (${res.jsonError})` : `not offered (HTTP ${res.status}); that is allowed for non-gallery apps` };
  }
  // A ListResponse of schemas, or (some servers) a bare array.
  const items = Array.isArray(res.json) ? res.json : isObject(res.json) && Array.isArray(getCI(res.json, 'Resources')) ? (getCI(res.json, 'Resources') as unknown[]) : [];
  const schemas = items.filter(isObject);
  const ids = schemas.map((s) => getCI(s, 'id')).filter((id): id is string => typeof id === 'string');
  if (!ids.length) return { offered: false, status: res.status, note: 'the answer lists no schemas' };
  const { schema, name } = topAttribute(matchingAttribute);
  const userSchemas = schemas.filter((s) => {
    const id = String(getCI(s, 'id') ?? '');
    return schema ? id.toLowerCase() === schema.toLowerCase() : id.toLowerCase() === CORE_USER.toLowerCase();
  });
  let declared: boolean | null = null;
  if (userSchemas.length) {
    declared = userSchemas.some((s) => {
      const attrs = getCI(s, 'attributes');
      return Array.isArray(attrs) && attrs.some((a) => isObject(a) && typeof getCI(a, 'name') === 'string' && (getCI(a, 'name') as string).toLowerCase() === name.toLowerCase());
    });
  }
  return { offered: true, status: res.status, ids, matchingAttributeDeclared: declared };
}

async function probeGroups(client: ScimClient, signal?: AbortSignal): Promise<GroupsSummary> {
  const res = await optionalGet(client, `/Groups${filterQuery('displayName', randomUUID(), 'excludedAttributes=members')}`, 'group probe', signal);
  if (res instanceof ScimRequestError) return { supported: false, status: null, note: `not read: ${res.message}` };
  if (res.status === 404) return { supported: false, status: 404, note: 'no /Groups endpoint: groups cannot be provisioned (users are not affected)' };
  if (res.status !== 200) return { supported: false, status: res.status, note: `HTTP ${res.status}${serverSays(res)}: groups may not be provisionable` };
  const read = readListResponse(res);
  if ('problem' in read) return { supported: false, status: 200, note: read.problem };
  if (read.list.resources.length) return { supported: false, status: 200, note: 'the group endpoint ignores the displayName filter' };
  return { supported: true, status: 200 };
}
