// What the provisioning requests read: the mapping document (from the server's open documents,
// else from disk), the source users (a users file or inline objects) and the connection
// parameters. No LSP types here beyond the URI strings, so the CLI's rules and these stay alike:
// the same pre-flight check that stops a run (provisioning/preflight.ts), the same users-file shapes.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { MappingModel } from '../../model/types';
import type { MappingProblem, ScimConnectionParams, SourceUsersParams } from '../../protocol';
import type { SourceObject } from '../../provisioning/compute';
import { preflight } from '../../provisioning/preflight';
import { detectDocumentKind } from '../../schema/document';
import { targetSchemaResolver } from '../../check/target-schema-resolver';

/** Reads the text of an open document (unsaved edits included), or undefined when not open. */
export type OpenDocumentText = (uri: string) => string | undefined;

/** A problem with the request's inputs (not the endpoint's): shown to the user as it is. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const MAX_TIMEOUT_SECONDS = 3600;

function displayName(uri: string): string {
  try {
    const path = new URL(uri).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || uri;
  } catch {
    return uri;
  }
}

/** The text of `uri`: the open document's, else the file's on disk (file: URIs only). */
export async function readDocumentText(uri: string, open: OpenDocumentText, what: string): Promise<string> {
  const text = open(uri);
  if (text !== undefined) return text;
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    throw new InputError(`The ${what} ${uri} is neither open nor a file on disk.`, 'Open it in the editor or save it to a file.');
  }
  try {
    const t = await readFile(path, 'utf8');
    return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new InputError(`Cannot read the ${what} ${displayName(uri)}: ${why}.`);
  }
}

export interface LoadedMapping {
  model: MappingModel;
  /** Errors that stop a run (provisioning/preflight.ts: what `entramap check` reports as errors). */
  problems: MappingProblem[];
  name: string;
}

/** Reads and parses a mapping document (.entramap or Graph synchronizationSchema JSON). */
export async function loadMapping(uri: string, open: OpenDocumentText): Promise<LoadedMapping> {
  if (typeof uri !== 'string' || !uri) throw new InputError('No mapping document was given.');
  const text = await readDocumentText(uri, open, 'mapping file');
  const name = displayName(uri);
  // The same check as `entramap provision` (and the errors of the Problems panel).
  const { model, errors } = preflight(text, detectDocumentKind(name, text), { resolveTargetSchema: targetSchemaResolver(uri) });
  const problems = errors.map((e): MappingProblem => ({ uri, line: e.line, character: e.character, code: e.code, message: e.message }));
  return { model, problems, name };
}

/** One line per problem: `users.entramap:9:18: EPX101 Unknown function ...`. */
export function describeProblems(name: string, problems: MappingProblem[]): string {
  return problems.map((p) => `${name}:${p.line + 1}:${p.character + 1}: ${p.code} ${p.message}`).join('\n');
}

/** The source users: from `usersUri` (a JSON array, or Graph's `{ "value": [...] }`) or inline. */
export async function loadUsers(params: SourceUsersParams, open: OpenDocumentText): Promise<SourceObject[]> {
  let data: unknown;
  let where: string;
  if (typeof params.usersUri === 'string' && params.usersUri) {
    where = `the users file ${displayName(params.usersUri)}`;
    const text = await readDocumentText(params.usersUri, open, 'users file');
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new InputError(`${capital(where)} is not valid JSON: ${(err as Error).message}.`);
    }
  } else if (params.users !== undefined) {
    where = 'the given users';
    data = params.users;
  } else {
    throw new InputError('No source users were given: pass a users file (usersUri) or the users themselves (users).');
  }
  const list = Array.isArray(data) ? data : isRecord(data) && Array.isArray(data.value) ? data.value : undefined;
  if (!list) throw new InputError(`${capital(where)} must be a JSON array of user objects (or Graph's { "value": [...] }).`);
  const bad = list.findIndex((o) => !isRecord(o));
  if (bad >= 0) throw new InputError(`${capital(where)}: element ${bad} is not a JSON object.`);
  return list as SourceObject[];
}

function capital(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface ConnectionOptions {
  url: string;
  token: string;
  timeoutMs: number;
  proxy?: string;
  noProxy?: string;
  strictSsl?: boolean;
}

/**
 * Checks and normalises the connection parameters. Messages never contain the token (only what
 * is wrong with it).
 */
export function connectionOptions(p: ScimConnectionParams): ConnectionOptions {
  if (typeof p.url !== 'string' || !p.url.trim()) throw new InputError('No Tenant URL was given.', 'Set the target\'s tenantUrl in the entraProvisioning.targets setting.');
  if (typeof p.token !== 'string' || !p.token.trim()) throw new InputError('No secret token was given.', 'Set the target\'s secret token first.');
  const token = p.token.trim();
  // A header value must be visible ASCII (RFC 9110 field-value, as undici enforces it).
  if (/[^\x21-\x7e]/.test(token)) {
    throw new InputError('The secret token contains characters that cannot be sent in an HTTP header (spaces, line breaks, control or non-ASCII characters).', 'Set the token again.');
  }
  let seconds = DEFAULT_TIMEOUT_SECONDS;
  if (p.timeoutSeconds !== undefined && p.timeoutSeconds !== null) {
    if (typeof p.timeoutSeconds !== 'number' || !Number.isFinite(p.timeoutSeconds) || p.timeoutSeconds <= 0) {
      throw new InputError(`The request timeout must be a positive number of seconds, not ${JSON.stringify(p.timeoutSeconds)}.`);
    }
    seconds = Math.min(MAX_TIMEOUT_SECONDS, p.timeoutSeconds);
  }
  const out: ConnectionOptions = { url: p.url.trim(), token, timeoutMs: Math.round(seconds * 1000) };
  if (typeof p.proxy === 'string' && p.proxy.trim()) out.proxy = p.proxy.trim();
  if (typeof p.noProxy === 'string' && p.noProxy.trim()) out.noProxy = p.noProxy.trim();
  if (typeof p.strictSsl === 'boolean') out.strictSsl = p.strictSsl;
  return out;
}

/** The user mapping's matching attributes, lowest priority number first (Test Connection probes the first). */
export function matchingAttributes(model: MappingModel): string[] {
  const all = model.rules.flatMap((r) => r.objectMappings);
  const om =
    all.find((o) => o.enabled && (o.sourceObjectName ?? '').toLowerCase() === 'user') ?? all.find((o) => (o.sourceObjectName ?? '').toLowerCase() === 'user');
  if (!om) return [];
  return om.attributeMappings
    .filter((m) => m.matchingPriority > 0 && m.targetAttributeName)
    .sort((a, b) => a.matchingPriority - b.matchingPriority)
    .map((m) => m.targetAttributeName!);
}
