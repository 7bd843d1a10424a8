// `entramap target serve [--port N] [--token T] [--store FILE]`: runs the embedded SCIM 2.0
// target on 127.0.0.1 until SIGINT/SIGTERM, then exits 0 once requests in progress and store
// writes are finished.
//   --port N      default 8787; 0 picks a free port
//   --token T     the bearer token (Entra "Secret Token"); default: $SCIM_TOKEN, else the public
//                 development token "entramap-dev-token" (with a warning on stderr)
//   --store FILE  keep Users and Groups in FILE (loaded at start, written atomically on every
//                 change); default: memory only
// The first stdout line is the SCIM base URL (the Entra "Tenant URL"), e.g.
// http://127.0.0.1:8787/scim/v2, and nothing else is written to stdout, so scripts can read it;
// everything else (token source, store, one line per request) goes to stderr. The token is never
// printed unless it is the public development token. Exit codes: 1 when the port is in use or
// the store unusable, 2 for bad arguments.
import * as path from 'node:path';
import { StoreError, TargetStartError, startTarget } from '../target';
import { CliIO, UsageError, option, parseArgs } from './io';

/** Default port (`--port 0` picks a free one). */
export const DEFAULT_PORT = 8787;
/** Token used when neither --token nor SCIM_TOKEN is given; for local experiments only. */
export const DEV_TOKEN = 'entramap-dev-token';

const USAGE = 'entramap target serve [--port N] [--token T] [--store FILE]';

export interface RunOptions {
  /** Stops the server like SIGTERM (for running the command in-process). */
  signal?: AbortSignal;
}

export async function run(argv: string[], io: CliIO, options: RunOptions = {}): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined) throw new UsageError('missing subcommand: serve');
  if (sub !== 'serve') throw new UsageError(`unknown subcommand "${sub}" (expected: ${USAGE})`);
  const args = parseArgs(rest, { port: { value: true }, token: { value: true }, store: { value: true } });
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);

  const portText = option(args, 'port');
  let port = DEFAULT_PORT;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
      throw new UsageError(`--port must be an integer from 0 to 65535, not "${portText}"`);
    }
    port = Number(portText);
  }

  const tokenOption = option(args, 'token');
  if (tokenOption !== undefined && !tokenOption.trim()) throw new UsageError('--token must not be empty');
  const envToken = io.env.SCIM_TOKEN?.trim() ? io.env.SCIM_TOKEN : undefined;
  const token = tokenOption ?? envToken ?? DEV_TOKEN;
  const tokenSource = tokenOption !== undefined ? '--token' : envToken !== undefined ? 'SCIM_TOKEN' : undefined;

  const storeOption = option(args, 'store');
  if (storeOption !== undefined && !storeOption.trim()) throw new UsageError('--store must name a file');
  const store = storeOption === undefined ? undefined : path.resolve(io.cwd, storeOption);

  let target;
  try {
    target = await startTarget({ port, host: '127.0.0.1', token, store, log: (line) => io.stderr(`${line}\n`) });
  } catch (err) {
    if (err instanceof TargetStartError && err.code === 'EADDRINUSE') {
      io.stderr(`entramap target: port ${port} on 127.0.0.1 is already in use; choose another with --port N (--port 0 picks a free one)\n`);
      return 1;
    }
    if (err instanceof TargetStartError || err instanceof StoreError) {
      io.stderr(`entramap target: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  io.stdout(`${target.url}\n`);
  if (!tokenSource) {
    io.stderr(
      `entramap target: warning: no --token and no SCIM_TOKEN, so the development token "${DEV_TOKEN}" is in use; ` +
        `anything that can reach 127.0.0.1:${target.port} can use it\n`,
    );
  }
  io.stderr(
    [
      `entramap target: SCIM 2.0 target listening`,
      `  Tenant URL:   ${target.url}`,
      `  Secret Token: ${tokenSource ? `from ${tokenSource}` : `"${DEV_TOKEN}" (development token)`}`,
      `  Store:        ${target.store ?? 'memory only (lost on exit; --store FILE keeps it)'}`,
      `  Stop with Ctrl-C (SIGINT) or SIGTERM.`,
      '',
    ].join('\n'),
  );

  const reason = await new Promise<string>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => finish(signal);
    const onAbort = () => finish('stop request');
    function finish(why: string) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(why);
    }
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (options.signal?.aborted) finish('stop request');
    else options.signal?.addEventListener('abort', onAbort);
  });
  io.stderr(`entramap target: ${reason}: stopping (finishing requests and store writes)\n`);
  await target.close();
  io.stderr('entramap target: stopped\n');
  return 0;
}
