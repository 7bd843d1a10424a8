// Helpers for tests that need a SCIM 2.0 target on 127.0.0.1:
//  - withTarget(fn) / useTarget(): the embedded target in this process, on an ephemeral port,
//    with a random token and request recording;
//  - spawnTargetCli(): the built CLI (`server/out/cli.js target serve --port 0`) as a child
//    process, its URL read from the first stdout line;
//  - scimRequest(): a small undici client that sends the bearer token and parses SCIM JSON.
// Every server these helpers start is stopped by them (after the callback, in `after`, or by
// `stop()`); child processes still running when the test process exits are killed.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { request } from 'undici';
import { RunningTarget, TargetOptions, startTarget } from '../../server/src/target';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The built CLI; `ENTRAMAP_CLI` overrides it (e.g. a bundle built elsewhere). */
export function cliPath(): string {
  return process.env.ENTRAMAP_CLI ?? path.join(REPO_ROOT, 'server', 'out', 'cli.js');
}

/**
 * Makes sure the CLI bundle exists: `npm test` builds it before this tier; when a test file
 * runs alone and the bundle is missing, it is built here with the options of esbuild.mjs.
 */
export async function ensureCli(): Promise<string> {
  const cli = cliPath();
  if (existsSync(cli)) return cli;
  if (process.env.ENTRAMAP_CLI) throw new Error(`ENTRAMAP_CLI names ${cli}, which does not exist`);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  try {
    await esbuild.build({
      absWorkingDir: REPO_ROOT,
      entryPoints: ['server/src/cli.ts'],
      outfile: cli,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: true,
      logLevel: 'silent',
      banner: { js: '#!/usr/bin/env node' },
      define: { __ENTRAMAP_VERSION__: JSON.stringify(pkg.version) },
    });
  } catch (err) {
    throw new Error(`${cli} is missing and building it failed (run "node esbuild.mjs"): ${(err as Error).message}`);
  }
  return cli;
}

export interface ScimResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  body: T;
  text: string;
}

export interface RequestOptions {
  /** Token to send; default: the target's. `null` sends no Authorization header. */
  token?: string | null;
  /** Raw body text (sent as is) instead of JSON-encoding `body`. */
  raw?: string;
  headers?: Record<string, string>;
}

/**
 * Sends one request to a SCIM base URL. `path` is relative to the base (`/Users?filter=...`).
 * JSON bodies are sent as application/scim+json.
 */
export async function scimRequest<T = any>(
  baseUrl: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  options: Omit<RequestOptions, 'token'> = {},
): Promise<ScimResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/scim+json', ...options.headers };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined = options.raw;
  if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/scim+json';
  }
  const res = await request(baseUrl + path, { method: method as 'GET', headers, body: payload });
  const text = await res.body.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.statusCode, headers: res.headers, body: parsed as T, text };
}

export interface TestTarget extends RunningTarget {
  /** `scimRequest` against this target with its token (override with `options.token`). */
  request<T = any>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<ScimResponse<T>>;
}

function wrap(t: RunningTarget): TestTarget {
  return {
    ...t,
    request<T>(method: string, p: string, body?: unknown, options: RequestOptions = {}) {
      const token = options.token === undefined ? t.token : options.token;
      return scimRequest<T>(t.url, token, method, p, body, options);
    },
  };
}

/** Starts an in-process target (ephemeral port, recording on), runs `fn`, always stops it. */
export async function withTarget<T>(fn: (t: TestTarget) => Promise<T>, options: TargetOptions = {}): Promise<T> {
  const t = wrap(await startTarget({ port: 0, record: true, ...options }));
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}

/**
 * Registers mocha `before`/`after` hooks that run one target for the enclosing `describe`.
 * Use the returned handle's `target` inside tests.
 */
export function useTarget(options: TargetOptions = {}): { readonly target: TestTarget } {
  let current: TestTarget | undefined;
  before(async () => {
    current = wrap(await startTarget({ port: 0, record: true, ...options }));
  });
  after(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get target(): TestTarget {
      if (!current) throw new Error('useTarget(): the target is only available inside tests and hooks');
      return current;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The CLI as a child process
// ---------------------------------------------------------------------------------------------

export interface SpawnedTarget {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Everything written to stdout so far (the URL line included). */
  stdout(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();
let exitHook = false;

/** Remembers a child so that it is killed if it still runs when the test process exits. */
function track(child: ChildProcess): void {
  children.add(child);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    });
  }
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Spawns `node <cli> target serve --port 0 ...args` and resolves once the first stdout line (the
 * URL) has arrived. Rejects, with the process's stderr, when it exits before printing it.
 */
export function spawnTargetCli(args: string[] = [], options: SpawnOptions = {}): Promise<SpawnedTarget> {
  const cli = cliPath();
  if (!existsSync(cli)) {
    return Promise.reject(new Error(`${cli} does not exist: build it with "node esbuild.mjs" (npm test does this first)`));
  }
  const argv = args.includes('--port') ? args : ['--port', '0', ...args];
  return spawnCli([cli, 'target', 'serve', ...argv], options);
}

/** Runs the CLI to completion: `node <cli> ...argv`; resolves with its exit code and output. */
export function runCli(
  argv: string[],
  options: SpawnOptions = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath(), ...argv], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Spawns the CLI with arbitrary arguments and waits for its first stdout line. */
export function spawnCli(argv: string[], options: SpawnOptions = {}): Promise<SpawnedTarget> {
  const child = spawn(process.execPath, argv, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return new Promise<SpawnedTarget>((resolve, reject) => {
    let settled = false;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (settled || nl < 0) return;
      settled = true;
      const url = out.slice(0, nl).trim();
      const m = /^http:\/\/127\.0\.0\.1:(\d+)\/scim\/v2$/.exec(url);
      if (!m) {
        child.kill('SIGKILL');
        reject(new Error(`the first stdout line is not a SCIM URL: ${JSON.stringify(url)}`));
        return;
      }
      resolve({
        url,
        port: Number(m[1]),
        child,
        stderr: () => err,
        stdout: () => out,
        exited,
        stop: (signal: NodeJS.Signals = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    });
    child.once('error', (e) => {
      if (!settled) {
        settled = true;
        reject(e);
      }
    });
    void exited.then(({ code, signal }) => {
      if (settled) return;
      settled = true;
      reject(new Error(`the CLI exited (code ${code}, signal ${signal}) before printing its URL; stderr:\n${err}`));
    });
  });
}
