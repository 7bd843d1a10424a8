// `entramap provision --mapping FILE --users USERS_FILE --user ID_OR_UPN --url TENANT_URL
//    [--token-env NAME] [--timeout SECONDS] [--dry-run] [--json]`
//    [--groups GROUPS_FILE --group ID_OR_NAME] [--legacy] [--sync-all]
//    [--skip-out-of-scope-deletions] [--proxy URL]
//
// Provisions one user (or one group with its members) on demand against a SCIM endpoint, as
// Entra's "Provision on demand" does, and prints the trace: import, scope, match, compute,
// action, with every request and response (redacted). FILE is an .entramap file or Graph
// synchronizationSchema JSON; USERS_FILE a JSON array of source users (or Graph's { "value": [...] }).
// Exit 0 when the trace completed (skip and none included), 1 when a step failed or the mapping
// file has errors (the errors `entramap check` reports, on stderr; nothing sent: preflight.ts),
// 2 on a usage error or an unreadable file.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { targetSchemaResolver } from '../check/target-schema-resolver';
import type { MappingModel } from '../model/types';
import type { SourceObject } from '../provisioning/compute';
import { provisionGroup, provisionUser, ProvisionOptions } from '../provisioning/engine';
import { preflight } from '../provisioning/preflight';
import { formatTrace } from '../provisioning/trace';
import { detectDocumentKind } from '../schema/document';
import { CliIO, EXIT_FAIL, EXIT_OK, EXIT_USAGE, jsonOut, option, parseArgs, processIO, UsageError } from './io';
import { readTimeout, readToken } from './test-connection';

class Unreadable extends Error {}

/** The width to wrap the text trace in: the terminal's, else $COLUMNS, else formatTrace's default. */
function terminalWidth(io: CliIO): number | undefined {
  if (io === processIO && process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
  const columns = Number(io.env.COLUMNS);
  return Number.isInteger(columns) && columns >= 40 ? columns : undefined;
}

async function readText(io: CliIO, file: string, what: string): Promise<string> {
  const path = isAbsolute(file) ? file : resolve(io.cwd, file);
  try {
    const text = await readFile(path, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new Unreadable(`cannot read the ${what} ${file}: ${why}`);
  }
}

/** Reads a JSON array of source objects (or Graph's `{ "value": [...] }`). */
async function readObjects(io: CliIO, file: string, what: string): Promise<SourceObject[]> {
  const text = await readText(io, file, what);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Unreadable(`the ${what} ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(data) ? data : typeof data === 'object' && data !== null && Array.isArray((data as { value?: unknown }).value) ? (data as { value: unknown[] }).value : undefined;
  if (!list) throw new Unreadable(`the ${what} ${file} must hold a JSON array of objects (or Graph's { "value": [...] })`);
  const bad = list.findIndex((o) => typeof o !== 'object' || o === null || Array.isArray(o));
  if (bad >= 0) throw new Unreadable(`the ${what} ${file}: element ${bad} is not a JSON object`);
  return list as SourceObject[];
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, {
    mapping: { value: true },
    users: { value: true },
    user: { value: true },
    groups: { value: true },
    group: { value: true },
    url: { value: true },
    'token-env': { value: true },
    timeout: { value: true },
    'dry-run': { value: false },
    json: { value: false },
    legacy: { value: false },
    'sync-all': { value: false },
    'skip-out-of-scope-deletions': { value: false },
    proxy: { value: true },
  });
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const need = (name: string, what: string): string => {
    const v = option(args, name);
    if (v === undefined) throw new UsageError(`missing --${name} ${what}`);
    if (!v.trim()) throw new UsageError(`--${name} needs ${what}`);
    return v;
  };
  const mappingFile = need('mapping', 'FILE');
  const usersFile = need('users', 'USERS_FILE');
  const user = option(args, 'user');
  const group = option(args, 'group');
  if (user === undefined && group === undefined) throw new UsageError('missing --user ID_OR_UPN (or --group ID_OR_NAME with --groups GROUPS_FILE)');
  if (user !== undefined && group !== undefined) throw new UsageError('give --user or --group, not both');
  if (user !== undefined && !user.trim()) throw new UsageError('--user needs an objectId or a userPrincipalName');
  const groupsFile = option(args, 'groups');
  if (group !== undefined && !groupsFile) throw new UsageError('--group needs --groups GROUPS_FILE');
  const url = need('url', 'TENANT_URL');
  const token = readToken(args, io);
  const timeoutMs = readTimeout(args);

  let model: MappingModel;
  let users: SourceObject[];
  let groups: SourceObject[] | undefined;
  try {
    const text = await readText(io, mappingFile, 'mapping file');
    // `app ... schema FILE` is read relative to the mapping file, as `entramap check` reads it.
    const file = pathToFileURL(isAbsolute(mappingFile) ? mappingFile : resolve(io.cwd, mappingFile)).href;
    const { model: parsed, errors } = preflight(text, detectDocumentKind(mappingFile, text), { resolveTargetSchema: targetSchemaResolver(file) });
    users = await readObjects(io, usersFile, 'users file');
    groups = groupsFile ? await readObjects(io, groupsFile, 'groups file') : undefined;
    if (errors.length) {
      for (const e of errors) io.stderr(`${mappingFile}:${e.line + 1}:${e.character + 1}: error ${e.code}: ${e.message}\n`);
      io.stderr(`entramap provision: ${mappingFile} has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was sent\n`);
      return EXIT_FAIL;
    }
    model = parsed;
  } catch (err) {
    if (err instanceof Unreadable) {
      io.stderr(`entramap provision: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }

  const options: ProvisionOptions = {
    model,
    users,
    groups,
    url,
    token,
    timeoutMs,
    proxy: option(args, 'proxy'),
    env: io.env,
    dryRun: args.flags.has('dry-run'),
    shapes: args.flags.has('legacy') ? 'legacy' : undefined,
    syncAll: args.flags.has('sync-all'),
    skipOutOfScopeDeletions: args.flags.has('skip-out-of-scope-deletions'),
  };
  const trace = group !== undefined ? await provisionGroup({ ...options, group }) : await provisionUser({ ...options, user: user! });
  io.stdout(args.flags.has('json') ? jsonOut(trace) : formatTrace(trace, { width: terminalWidth(io) }));
  return trace.completed ? EXIT_OK : EXIT_FAIL;
}
