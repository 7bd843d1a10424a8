// Small SCIM 2.0 helpers shared by Test Connection and the engine: message URNs, filter building,
// reading ListResponses and SCIM error bodies, and explaining an unexpected HTTP status.
import type { JsonObject, JsonValue } from '../model/json';
import type { FailureCategory } from './errors';
import { ScimResponse, excerpt } from './client';

export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** The extra group schema URI Entra sends on group creation (spec 5.8). */
export const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A SCIM string literal for a filter: double-quoted, with `"` and `\` escaped (RFC 7644 §3.4.2.2). */
export function filterLiteral(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `?filter=<attr> eq "<value>"` encoded for a URL (extra query parameters appended as given). */
export function filterQuery(attribute: string, value: string, extra?: string): string {
  const filter = `${attribute} eq ${filterLiteral(value)}`;
  return `?${extra ? `${extra}&` : ''}filter=${encodeURIComponent(filter)}`;
}

/** Case-insensitive membership of a schema URN in a resource's `schemas`. */
export function hasSchema(body: JsonValue | undefined, urn: string): boolean {
  if (!isObject(body) || !Array.isArray(body.schemas)) return false;
  return body.schemas.some((s) => typeof s === 'string' && s.toLowerCase() === urn.toLowerCase());
}

/** Reads a property case-insensitively (SCIM attribute names are case-insensitive). */
export function getCI(obj: JsonObject, name: string): JsonValue | undefined {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

export interface ListResponseShape {
  totalResults: number | undefined;
  resources: JsonObject[];
}

/** The resources of a ListResponse, or a description of why the body is not one. */
export function readListResponse(res: ScimResponse): { list: ListResponseShape } | { problem: string } {
  if (res.json === undefined) {
    return { problem: res.jsonError ? `the answer is ${res.jsonError}` : 'the answer has an empty body' };
  }
  const body = res.json;
  if (!isObject(body)) return { problem: `the answer is JSON but not an object (${Array.isArray(body) ? 'an array' : typeof body})` };
  const resources = getCI(body, 'Resources');
  const total = getCI(body, 'totalResults');
  if (!hasSchema(body, LIST_RESPONSE)) {
    const looksLikeList = resources !== undefined || total !== undefined;
    return {
      problem: looksLikeList
        ? `the answer has Resources/totalResults but its "schemas" does not name ${LIST_RESPONSE}`
        : `the answer is JSON but not a SCIM ListResponse (no "schemas": ["${LIST_RESPONSE}"]): ${excerpt(JSON.stringify(body), 160)}`,
    };
  }
  if (resources !== undefined && !Array.isArray(resources)) return { problem: 'the ListResponse "Resources" is not an array' };
  const list = (Array.isArray(resources) ? resources : []).filter(isObject);
  if (Array.isArray(resources) && list.length !== resources.length) return { problem: 'the ListResponse "Resources" holds entries that are not objects' };
  return { list: { totalResults: typeof total === 'number' ? total : typeof total === 'string' && /^\d+$/.test(total) ? Number(total) : undefined, resources: list } };
}

/** `detail` (and `scimType`) of a SCIM error body, for messages; undefined when there is none. */
export function scimErrorDetail(res: ScimResponse): { detail?: string; scimType?: string } {
  const body = res.json;
  if (!isObject(body)) return {};
  const detail = getCI(body, 'detail');
  const scimType = getCI(body, 'scimType');
  return {
    detail: typeof detail === 'string' && detail.trim() ? excerpt(detail, 200) : undefined,
    scimType: typeof scimType === 'string' ? scimType : undefined,
  };
}

/** " (server: <detail>)" for a message, from a SCIM error body or a short text body. */
export function serverSays(res: ScimResponse): string {
  const { detail, scimType } = scimErrorDetail(res);
  if (detail || scimType) return ` (server: ${[scimType, detail].filter(Boolean).join(': ')})`;
  return '';
}

export interface StatusExplanation {
  category: FailureCategory;
  message: string;
  hint: string;
}

/**
 * Explains an HTTP status that is not the expected one, in the Test Connection categories.
 * `what` names the request ("GET /Users with a filter"). Returns undefined for 2xx.
 */
export function explainStatus(res: ScimResponse, what: string, token?: string): StatusExplanation | undefined {
  const s = res.status;
  const says = serverSays(res);
  if (s >= 200 && s < 300) return undefined;
  if (s === 401) {
    const bearerPrefixed = token !== undefined && /^bearer\s/i.test(token);
    return {
      category: 'credentials',
      message: `The server rejected the secret token: HTTP 401 Unauthorized on ${what}${says}.`,
      hint: bearerPrefixed
        ? 'The token starts with "Bearer ": give the token alone; the "Bearer " prefix is added to the header.'
        : 'Check the secret token (copy it again, or issue a new one); the app must accept it as a bearer token.',
    };
  }
  if (s === 403) {
    return {
      category: 'credentials',
      message: `The token was accepted but is not allowed to do this: HTTP 403 Forbidden on ${what}${says}.`,
      hint: 'Give the token (or the account it belongs to) the right to read and write users in the app.',
    };
  }
  if (s === 404) {
    return {
      category: 'url',
      message: `SCIM compliance issue: 404 returned instead of 200 for ${what}${says}.`,
      hint: 'Check the path of the Tenant URL: it must be the SCIM base (e.g. https://host/scim/v2); Entra appends /Users and /Groups to it.',
    };
  }
  if (s >= 300 && s < 400) {
    const location = res.headers.location;
    return {
      category: 'url',
      message: `The server redirected (HTTP ${s}${location ? ` to ${excerpt(location, 160)}` : ''}) instead of answering ${what}; Entra does not follow redirects.`,
      hint: /login|signin|oauth|authorize/i.test(location ?? '')
        ? 'The URL leads to a sign-in page: use the SCIM API endpoint of the app, not its web address.'
        : 'Use the final address (after the redirect) as the Tenant URL, with https://.',
    };
  }
  if (s === 405 || s === 501) {
    return {
      category: 'url',
      message: `The server does not support this request: HTTP ${s} on ${what}${says}.`,
      hint: 'Check that the Tenant URL is the SCIM base URL of the app (the endpoint must answer GET /Users with a filter).',
    };
  }
  if (s === 429) {
    return {
      category: 'network',
      message: `The server keeps throttling requests: HTTP 429 Too Many Requests on ${what}${says}.`,
      hint: 'Try again later; the app must allow the provisioning request rate (gallery apps: at least 25 requests per second).',
    };
  }
  if (s === 502 || s === 503 || s === 504) {
    return {
      category: 'network',
      message: `A gateway or the SCIM service is unavailable: HTTP ${s} on ${what}${says}.`,
      hint: 'Check that the SCIM service is running behind its gateway or load balancer, then try again.',
    };
  }
  if (s >= 500) {
    return {
      category: 'protocol',
      message: `The SCIM service failed: HTTP ${s} on ${what}${says}.`,
      hint: 'The service crashed on a simple request; check its logs.',
    };
  }
  if (s === 400) {
    return {
      category: 'protocol',
      message: `The server rejected the request: HTTP 400 on ${what}${says}.`,
      hint: 'Check the request against the server (see the response in the trace).',
    };
  }
  return {
    category: 'protocol',
    message: `Unexpected answer: HTTP ${s} on ${what}${says}.`,
    hint: s === 406 || s === 415 ? 'The server must accept application/scim+json requests and answer in JSON.' : 'Check the server logs for this request.',
  };
}
