// `entramap test-connection --url TENANT_URL [--token-env NAME] [--timeout SECONDS] [--json]`
//   [--match ATTRIBUTE] [--proxy URL]
//
// Tests a SCIM endpoint the way Entra's "Test Connection" does (GET /Users with a filter on the
// matching attribute for a random GUID, expecting 200 and an empty ListResponse), then reads what
// /ServiceProviderConfig, /Schemas and /Groups say. The token comes from an environment variable
// (default SCIM_TOKEN) and is never printed. Exit 0 when the connection works, 1 when it does not,
// 2 on a usage error (missing token variable included).
import { testConnection, TestConnectionResult } from '../provisioning/test-connection';
import { readableUrl } from '../provisioning/trace';
import { CliIO, EXIT_FAIL, EXIT_OK, jsonOut, option, ParsedArgs, parseArgs, UsageError } from './io';

export async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, {
    url: { value: true },
    'token-env': { value: true },
    timeout: { value: true },
    json: { value: false },
    match: { value: true },
    proxy: { value: true },
  });
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const url = option(args, 'url');
  if (url === undefined) throw new UsageError('missing --url TENANT_URL');
  if (!url.trim()) throw new UsageError('--url needs the Tenant URL (the SCIM base URL)');
  const token = readToken(args, io);
  const timeoutMs = readTimeout(args);
  const json = args.flags.has('json');

  const result = await testConnection({
    url,
    token,
    timeoutMs,
    matchingAttribute: option(args, 'match'),
    proxy: option(args, 'proxy'),
    env: io.env,
  });
  io.stdout(json ? jsonOut(result) : formatResult(result));
  return result.ok ? EXIT_OK : EXIT_FAIL;
}

/** The text report for a person. */
export function formatResult(r: TestConnectionResult): string {
  const lines: string[] = [];
  if (r.ok) {
    lines.push(`✓ Connection OK: ${r.url}`);
    lines.push(`  ${r.message}`);
  } else {
    lines.push(`✗ Connection failed (${r.category}): ${r.url}`);
    lines.push(`  ${r.message}`);
    if (r.hint) lines.push(`  Fix: ${r.hint}`);
  }
  const spc = r.serviceProviderConfig;
  if (spc) {
    if (spc.offered) {
      const yn = (b: boolean | undefined) => (b === undefined ? '?' : b ? 'yes' : 'no');
      lines.push(
        `  ServiceProviderConfig: patch ${yn(spc.patch)}, filter ${yn(spc.filter)}${spc.maxResults !== undefined ? ` (max ${spc.maxResults} results)` : ''}, ` +
          `bulk ${yn(spc.bulk)}, sort ${yn(spc.sort)}, etag ${yn(spc.etag)}, changePassword ${yn(spc.changePassword)}` +
          (spc.authenticationSchemes?.length ? `; authentication: ${spc.authenticationSchemes.join(', ')}` : ''),
      );
    } else lines.push(`  ServiceProviderConfig: ${spc.note ?? 'not offered'}`);
  }
  const schemas = r.schemas;
  if (schemas) {
    if (schemas.offered) {
      const declared =
        schemas.matchingAttributeDeclared === null || schemas.matchingAttributeDeclared === undefined
          ? ''
          : `; matching attribute ${r.matchingAttribute} ${schemas.matchingAttributeDeclared ? 'declared' : 'NOT declared'}`;
      lines.push(`  Schemas: ${(schemas.ids ?? []).join(', ')}${declared}`);
    } else lines.push(`  Schemas: ${schemas.note ?? 'not offered'}`);
  }
  if (r.groups) lines.push(`  Groups: ${r.groups.supported ? 'supported' : r.groups.note ?? 'not supported'}`);
  for (const w of r.warnings) lines.push(`  Warning: ${w}`);
  if (r.requests.length) {
    lines.push('', 'Requests:');
    for (const q of r.requests) {
      const outcome = q.status !== null ? String(q.status) : `no answer (${q.error?.category ?? 'error'})`;
      lines.push(`  ${q.method} ${readableUrl(q.url)} → ${outcome} (${q.durationMs} ms)${q.note ? ` — ${q.note}` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

// ---- shared with `entramap provision` -------------------------------------------------------

export const DEFAULT_TOKEN_ENV = 'SCIM_TOKEN';
export const DEFAULT_TIMEOUT_SECONDS = 30;
const MAX_TIMEOUT_SECONDS = 3600;

/**
 * The secret token from `--token-env NAME` (default SCIM_TOKEN). A missing, empty or unusable
 * token is a usage error (exit 2); the token itself never appears in a message.
 */
export function readToken(args: ParsedArgs, io: CliIO): string {
  const name = option(args, 'token-env') ?? DEFAULT_TOKEN_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--token-env needs an environment variable name, not ${JSON.stringify(name)}`);
  const raw = io.env[name];
  if (raw === undefined) {
    throw new UsageError(
      `the environment variable ${name} is not set: put the secret token in it (e.g. export ${name}=...)` +
        (option(args, 'token-env') ? '' : ', or name another variable with --token-env NAME'),
    );
  }
  const token = raw.trim();
  if (!token) throw new UsageError(`the environment variable ${name} is empty: put the secret token in it`);
  // A header value must be visible ASCII (RFC 9110 field-value, as undici enforces it).
  if (/[^\x21-\x7e ]/.test(token)) {
    throw new UsageError(`the token in ${name} contains characters that cannot be sent in an HTTP header (line breaks, control or non-ASCII characters)`);
  }
  return token;
}

/** `--timeout SECONDS` (default 30) in milliseconds. */
export function readTimeout(args: ParsedArgs): number {
  const text = option(args, 'timeout');
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout needs a positive number of seconds, not ${JSON.stringify(text)}`);
  }
  if (seconds > MAX_TIMEOUT_SECONDS) throw new UsageError(`--timeout is at most ${MAX_TIMEOUT_SECONDS} seconds`);
  return Math.round(seconds * 1000);
}
