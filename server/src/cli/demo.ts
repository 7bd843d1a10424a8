// `entramap demo [--keep-running]`: the tour, on this machine, with nothing else running.
//
// Starts the embedded SCIM 2.0 target in this process on a free 127.0.0.1 port (never a fixed
// one), runs Test Connection against it, then provisions the Personify Inc example's users on
// demand (examples/personify, found relative to the package, so any working directory will do):
//   2. Adele Vance      created   — in scope, not in the target yet
//   3. Alex Wilber      updated   — his earlier state is provisioned first, then his job title changes
//   4. Diego Siciliani  disabled  — provisioned while active, then soft-deleted in Entra ID
//   5. Megan Bowen      skipped   — a contractor: the "Employees" scoping filter leaves her out
// Each step prints its trace (formatTrace) under a heading that says what it demonstrates; a
// one-screen summary follows, checked against what the target finally holds. Exit 0 only when
// every step did what the demo promises (1 otherwise, 2 for bad arguments), so the demo is also
// a test. The token is generated for the run and never printed, except with --keep-running,
// which leaves the target up until Ctrl-C and prints its URL and token so you can try it.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { request } from 'undici';
import type { MappingModel } from '../model/types';
import type { SourceObject } from '../provisioning/compute';
import { provisionUser } from '../provisioning/engine';
import { testConnection, TestConnectionResult } from '../provisioning/test-connection';
import { formatTrace, ProvisionTrace, TraceAction } from '../provisioning/trace';
import { detectDocumentKind, parseConfigurationDocument } from '../schema/document';
import { LineIndex } from '../model/positions';
import { RunningTarget, TargetStartError, startTarget } from '../target';
import { CliIO, EXIT_FAIL, EXIT_OK, parseArgs, UsageError } from './io';
import { formatResult } from './test-connection';

export interface DemoOptions {
  /** Stops a --keep-running demo like Ctrl-C (for running the command in-process). */
  signal?: AbortSignal;
  /** The directory holding the Personify example (tests); default: examples/personify of the package. */
  exampleDir?: string;
}

/** Where the example lives inside the package. */
const EXAMPLE = path.join('examples', 'personify');
const FILES = {
  mapping: 'personify.entramap',
  users: 'personify.users.json',
  before: 'personify.users.before.json',
} as const;

const WIDTH = 96;

/** What one demo step promises, and how to tell it kept the promise. */
interface StepPromise {
  step: number;
  title: string;
  /** The line under the heading: what the step demonstrates and why the engine acts so. */
  explains: string;
  upn: string;
  expect: TraceAction;
  /** Provisioned first from personify.users.before.json (the user's earlier state). */
  earlier?: { explains: string };
  /** Extra checks on the trace; returns problems. */
  check: (t: ProvisionTrace) => string[];
}

interface StepResult {
  promise: StepPromise;
  earlier?: ProvisionTrace;
  trace: ProvisionTrace;
  problems: string[];
}

/** The package root: the nearest ancestor of this file (bundle or source) holding the example. */
export function packageRoot(from = __dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, EXAMPLE, FILES.mapping))) return dir;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

class DemoSetupError extends Error {}

async function readJsonArray(file: string, label: string): Promise<SourceObject[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new DemoSetupError(`cannot read ${label} (${file}): ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new DemoSetupError(`${label} (${file}) is not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(data) ? data : (data as { value?: unknown })?.value;
  if (!Array.isArray(list) || list.some((u) => typeof u !== 'object' || u === null || Array.isArray(u))) {
    throw new DemoSetupError(`${label} (${file}) must be a JSON array of user objects`);
  }
  return list as SourceObject[];
}

async function readModel(file: string): Promise<MappingModel> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new DemoSetupError(`cannot read the mapping file ${file}: ${(err as Error).message}`);
  }
  const parsed = parseConfigurationDocument(text, detectDocumentKind(file, text));
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const index = new LineIndex(text);
    const first = errors[0];
    const p = index.positionAt(first.range.start);
    throw new DemoSetupError(`${file}:${p.line + 1}:${p.character + 1}: ${first.message} (${errors.length} error${errors.length === 1 ? '' : 's'} in the mapping file)`);
  }
  return parsed.model;
}

// ---------------------------------------------------------------------------------------------
// Checks: what each step promises
// ---------------------------------------------------------------------------------------------

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sentWrites(t: ProvisionTrace) {
  return t.requests.filter((r) => r.sent && WRITES.has(r.method));
}

function changeOf(t: ProvisionTrace, attribute: string): { old?: unknown; new: unknown } | undefined {
  const action = t.steps.find((s) => s.name === 'action');
  const changes = (action?.details.changes ?? []) as Array<{ attribute: string; old?: unknown; new: unknown }>;
  return changes.find((c) => c.attribute === attribute);
}

function changedAttributes(t: ProvisionTrace): string[] {
  const action = t.steps.find((s) => s.name === 'action');
  return ((action?.details.changes ?? []) as Array<{ attribute: string }>).map((c) => c.attribute);
}

const PROMISES: StepPromise[] = [
  {
    step: 2,
    title: 'Create',
    upn: 'adele.vance@contoso.com',
    explains:
      'Adele Vance is an employee (in scope) and Personify Inc has no user with her userName: the engine\n' +
      'matches on userName, finds nobody, and creates her with every mapped attribute (POST /Users).',
    expect: 'create',
    check: (t) => {
      const posts = sentWrites(t).filter((r) => r.method === 'POST');
      return posts.length === 1 && posts[0].status === 201 ? [] : ['expected one POST /Users answered 201 Created'];
    },
  },
  {
    step: 3,
    title: 'Update after a change',
    upn: 'alex.wilber@contoso.com',
    earlier: { explains: 'First his earlier state (personify.users.before.json), jobTitle "Marketing Assistant", is provisioned:' },
    explains:
      'Then his job title changes in Entra ID to "Marketing Manager". The engine matches him, reads his\n' +
      'target attributes, and PATCHes only what differs: the title.',
    expect: 'update',
    check: (t) => {
      const problems: string[] = [];
      const changed = changedAttributes(t);
      if (changed.length !== 1 || changed[0] !== 'title') problems.push(`expected only "title" to change, got ${JSON.stringify(changed)}`);
      const title = changeOf(t, 'title');
      if (title && (title.old !== 'Marketing Assistant' || title.new !== 'Marketing Manager')) {
        problems.push(`expected title "Marketing Assistant" → "Marketing Manager", got ${JSON.stringify(title.old)} → ${JSON.stringify(title.new)}`);
      }
      const patches = sentWrites(t);
      if (patches.length !== 1 || patches[0].method !== 'PATCH' || (patches[0].status !== 204 && patches[0].status !== 200)) {
        problems.push('expected exactly one PATCH, answered 204 (or 200)');
      }
      return problems;
    },
  },
  {
    step: 4,
    title: 'Disable a soft-deleted user',
    upn: 'diego.siciliani@contoso.com',
    earlier: { explains: 'First his earlier state, still active, is provisioned:' },
    explains:
      'Then he is deleted in Entra ID (soft-deleted: IsSoftDeleted true). A soft-deleted user is out of\n' +
      'scope; the mapping of "active" reads IsSoftDeleted, so the engine disables him: active → false.',
    expect: 'disable',
    check: (t) => {
      const problems: string[] = [];
      const active = changeOf(t, 'active');
      if (!active || active.new !== false) problems.push(`expected the change active → false, got ${JSON.stringify(active?.new)}`);
      const writes = sentWrites(t);
      if (writes.length !== 1 || writes[0].method !== 'PATCH' || (writes[0].status !== 204 && writes[0].status !== 200)) {
        problems.push('expected exactly one PATCH, answered 204 (or 200)');
      }
      return problems;
    },
  },
  {
    step: 5,
    title: 'Skip a user out of scope',
    upn: 'megan.bowen@contoso.com',
    explains:
      'Megan Bowen is a contractor. The mapping\'s scoping filter "Employees" (employeeType EQUALS\n' +
      'Employee) leaves her out, and she was never provisioned: nothing is written.',
    expect: 'skip',
    check: (t) => {
      const problems: string[] = [];
      if (sentWrites(t).length) problems.push(`expected no write request, got ${sentWrites(t).map((r) => r.method).join(', ')}`);
      const scope = t.steps.find((s) => s.name === 'scope');
      if (!scope || scope.details.inScope !== false) problems.push('expected the scope step to find her out of scope');
      return problems;
    },
  },
];

function checkTrace(p: StepPromise, t: ProvisionTrace): string[] {
  const problems: string[] = [];
  if (!t.completed) {
    const failed = t.steps.find((s) => s.status === 'failed');
    problems.push(`the trace failed at ${failed?.name ?? 'a step'}: ${failed?.error?.message ?? failed?.summary ?? 'unknown error'}`);
  }
  if (t.action !== p.expect) problems.push(`expected the action "${p.expect}", got "${t.action}"${t.reason ? ` (${t.reason})` : ''}`);
  if (!problems.length) problems.push(...p.check(t));
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

function heading(text: string): string {
  const line = `── ${text} `;
  return `\n${line}${'─'.repeat(Math.max(3, WIDTH - line.length))}\n`;
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

/** JSON on one line, with a space after commas and inside braces. */
function flatJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flatJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${flatJson(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * JSON laid out for reading: a value stays on one line when it fits in `width` columns,
 * otherwise its members go one per line. The text is still exactly the JSON that was sent.
 */
export function compactJson(value: unknown, width = 92): string {
  const render = (v: unknown, pad: string, used: number): string => {
    const flat = flatJson(v);
    if (used + flat.length <= width || v === null || typeof v !== 'object') return flat;
    const inner = `${pad}  `;
    if (Array.isArray(v)) return `[\n${v.map((x) => inner + render(x, inner, inner.length + 1)).join(',\n')}\n${pad}]`;
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{\n${entries
      .map(([k, x]) => {
        const key = `${inner}${JSON.stringify(k)}: `;
        return key + render(x, inner, key.length + 1);
      })
      .join(',\n')}\n${pad}}`;
  };
  return render(value, '', 0);
}

/** The trace with its request bodies laid out by compactJson (formatTrace prints text bodies as they are). */
function forReading(t: ProvisionTrace): ProvisionTrace {
  return { ...t, requests: t.requests.map((r) => (r.body === null || typeof r.body === 'string' ? r : { ...r, body: compactJson(r.body, 90) })) };
}

function requestList(t: ProvisionTrace): string {
  const sent = t.requests.filter((r) => r.sent);
  if (!sent.length) return '0';
  return `${sent.length}  ${sent.map((r) => `${r.method}${r.purpose ? ` (${r.purpose})` : ''}`).join(', ')}`;
}

interface TargetUser {
  userName: string;
  active?: unknown;
  title?: unknown;
}

/** Reads back what the target holds (the ground truth the summary is checked against). */
async function targetUsers(target: RunningTarget): Promise<TargetUser[]> {
  const res = await request(`${target.url}/Users?count=200&sortBy=userName`, {
    headers: { authorization: `Bearer ${target.token}`, accept: 'application/scim+json' },
  });
  const body = (await res.body.json()) as { Resources?: TargetUser[] };
  if (res.statusCode !== 200 || !Array.isArray(body.Resources)) throw new Error(`GET /Users answered HTTP ${res.statusCode}`);
  return body.Resources;
}

function checkTargetState(users: TargetUser[]): string[] {
  const problems: string[] = [];
  const by = new Map(users.map((u) => [u.userName.toLowerCase(), u]));
  const want: Array<[string, (u: TargetUser) => string | undefined]> = [
    ['adele.vance@contoso.com', (u) => (u.active === true ? undefined : `Adele should be active, is ${JSON.stringify(u.active)}`)],
    ['alex.wilber@contoso.com', (u) => (u.title === 'Marketing Manager' ? undefined : `Alex's title should be "Marketing Manager", is ${JSON.stringify(u.title)}`)],
    ['diego.siciliani@contoso.com', (u) => (u.active === false ? undefined : `Diego should be disabled (active false), is ${JSON.stringify(u.active)}`)],
  ];
  for (const [upn, test] of want) {
    const u = by.get(upn);
    if (!u) problems.push(`the target should hold ${upn}, and does not`);
    else {
      const p = test(u);
      if (p) problems.push(p);
    }
  }
  if (by.has('megan.bowen@contoso.com')) problems.push('the target should not hold megan.bowen@contoso.com, and does');
  if (users.length !== 3) problems.push(`the target should hold 3 users, holds ${users.length}`);
  return problems;
}

function describeTargetUser(u: TargetUser): string {
  const parts = [`active ${JSON.stringify(u.active)}`];
  if (u.title !== undefined) parts.push(`title ${JSON.stringify(u.title)}`);
  return `${u.userName.padEnd(30)} ${parts.join(', ')}`;
}

/** How to run entramap again from here: the bin name when run through it, else the bundle. */
function cliCommand(io: CliIO): string {
  const script = process.argv[1];
  if (script && /^entramap(\.cmd|\.js)?$/i.test(path.basename(script))) return 'entramap';
  if (script && /cli\.js$/.test(script)) {
    const rel = path.relative(io.cwd, script);
    return `node ${rel.startsWith('..') || path.isAbsolute(rel) ? script : rel}`;
  }
  return 'entramap';
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------------------------------------

export async function run(argv: string[], io: CliIO, options: DemoOptions = {}): Promise<number> {
  const args = parseArgs(argv, { 'keep-running': { value: false } });
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const keepRunning = args.flags.has('keep-running');

  const root = options.exampleDir ? undefined : packageRoot();
  const dir = options.exampleDir ?? (root ? path.join(root, EXAMPLE) : undefined);
  if (!dir) {
    io.stderr(`entramap demo: the Personify Inc example (${path.join(EXAMPLE, FILES.mapping)}) was not found next to the entramap package (looked upwards from ${__dirname})\n`);
    return EXIT_FAIL;
  }
  const shown = (file: string) => (root ? path.relative(root, path.join(dir, file)) : path.join(dir, file));

  let model: MappingModel;
  let users: SourceObject[];
  let before: SourceObject[];
  try {
    model = await readModel(path.join(dir, FILES.mapping));
    users = await readJsonArray(path.join(dir, FILES.users), 'the users file');
    before = await readJsonArray(path.join(dir, FILES.before), 'the earlier-state users file');
  } catch (err) {
    if (err instanceof DemoSetupError) {
      io.stderr(`entramap demo: ${err.message}\n`);
      return EXIT_FAIL;
    }
    throw err;
  }
  const mappingName = model.rules.flatMap((r) => r.objectMappings).find((om) => (om.sourceObjectName ?? '').toLowerCase() === 'user')?.name;

  const started = performance.now();
  // Port 0: the system picks a free port, so a busy 8787 (or anything else) cannot stop the demo.
  let target: RunningTarget;
  try {
    target = await startTarget({ port: 0, host: '127.0.0.1' });
  } catch (err) {
    if (!(err instanceof TargetStartError)) throw err;
    io.stderr(`entramap demo: cannot start the embedded SCIM target on 127.0.0.1: ${err.message}\n`);
    return EXIT_FAIL;
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await target.close();
  };
  try {
    const out = io.stdout;
    // The demo talks to its own loopback target only: proxies from the environment never apply.
    const connection = { url: target.url, token: target.token, env: {} as Record<string, string> };

    out(
      [
        'entramap demo: Microsoft Entra ID provisioning to a SCIM app, end to end on this machine',
        '',
        `  App:      Personify Inc (gallery app), mapping "${mappingName ?? 'users'}"`,
        `  Mapping:  ${shown(FILES.mapping)}`,
        `  Users:    ${shown(FILES.users)} (${users.length} users, their current state)`,
        `            ${shown(FILES.before)} (${before.length} users, their earlier state)`,
        `  Target:   the embedded SCIM 2.0 target, standing in for Personify Inc`,
        `            Tenant URL ${target.url} (a free port; memory only)`,
        `            Secret Token generated for this run (never printed${keepRunning ? ' until the end' : ''})`,
        '',
        'Each step runs "Provision on demand" for one user, as the Entra admin center does, and prints',
        'the trace: import → scope → match → compute → action, then every SCIM request the engine sent',
        '(request bodies shown, responses left out; `entramap provision` shows them).',
        '',
      ].join('\n'),
    );

    // ---- 1. Test Connection
    out(heading('Step 1 of 5 · Test Connection'));
    out(
      'Entra\'s "Test Connection" asks the app for a user that cannot exist (userName eq a random GUID)\n' +
        'and expects 200 with an empty list: the URL, the token and filtering on userName all work.\n\n',
    );
    const tc: TestConnectionResult = await testConnection({ ...connection, matchingAttribute: 'userName' });
    out(indent(formatResult(tc), '  '));
    const tcProblems = tc.ok ? [] : [`Test Connection failed (${tc.category}): ${tc.message}`];

    // ---- 2..5: provision on demand
    const results: StepResult[] = [];
    const provision = (list: SourceObject[], upn: string) => provisionUser({ model, users: list, user: upn, ...connection });
    for (const p of PROMISES) {
      out(heading(`Step ${p.step} of 5 · ${p.title}: ${p.upn}`));
      const problems: string[] = [];
      let earlier: ProvisionTrace | undefined;
      if (p.earlier) {
        out(`${p.earlier.explains}\n`);
        earlier = await provision(before, p.upn);
        out(indent(formatTrace(earlier, { responses: false }).split('\n')[0], '  ') + `   [${requestList(earlier)}]\n\n`);
        if (!earlier.completed || earlier.action !== 'create') {
          problems.push(`the earlier state should have been created, got "${earlier.action}"${earlier.completed ? '' : ' (the trace failed)'}`);
        }
      }
      out(`${p.explains}\n\n`);
      const trace = await provision(users, p.upn);
      out(indent(formatTrace(forReading(trace), { responses: false, width: WIDTH - 2 }), '  '));
      problems.push(...checkTrace(p, trace));
      out(problems.length ? `\n  ✗ Not what this step promises: ${problems.join('; ')}\n` : `\n  ✓ ${p.title}: as promised.\n`);
      results.push({ promise: p, earlier, trace, problems });
    }

    // ---- what the target holds now, and the summary
    let state: TargetUser[] = [];
    const stateProblems: string[] = [];
    try {
      state = await targetUsers(target);
      stateProblems.push(...checkTargetState(state));
    } catch (err) {
      stateProblems.push(`could not read the target's users: ${(err as Error).message}`);
    }

    out(heading('Summary'));
    const mark = (ok: boolean) => (ok ? '✓' : '✗');
    out(`  ${mark(!tcProblems.length)} Test Connection: ${tc.ok ? 'OK' : `failed (${tc.category})`}, ${tc.requests.length} requests\n\n`);
    out(`  ${'#'.padEnd(3)}${'User'.padEnd(30)}${'Expected'.padEnd(10)}${'Result'.padEnd(12)}Requests sent\n`);
    let total = tc.requests.length;
    for (const r of results) {
      const ok = !r.problems.length;
      const earlierSent = r.earlier ? r.earlier.requests.filter((q) => q.sent).length : 0;
      total += r.trace.requests.filter((q) => q.sent).length + earlierSent;
      out(
        `  ${String(r.promise.step).padEnd(3)}${r.promise.upn.padEnd(30)}${r.promise.expect.padEnd(10)}${`${mark(ok)} ${r.trace.action}`.padEnd(12)}` +
          `${requestList(r.trace)}${earlierSent ? `  (+${earlierSent} earlier)` : ''}\n`,
      );
    }
    out(`\n  The target (Personify Inc) now holds ${state.length} user${state.length === 1 ? '' : 's'}:\n`);
    for (const u of state) out(`     ${describeTargetUser(u)}\n`);
    out(`\n  ${total} SCIM requests to ${target.url} in ${Math.round(performance.now() - started)} ms.\n`);

    const failures = [
      ...tcProblems.map((p) => `Step 1: ${p}`),
      ...results.flatMap((r) => r.problems.map((p) => `Step ${r.promise.step} (${r.promise.upn}): ${p}`)),
      ...stateProblems.map((p) => `Target: ${p}`),
    ];
    if (failures.length) {
      out(`\n✗ The demo did not do what it promises:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    } else {
      out('\n✓ Every step did what the demo promises: created, updated, disabled, skipped.\n');
    }

    const cli = cliCommand(io);
    const mappingPath = path.join(dir, FILES.mapping);
    const usersPath = path.join(dir, FILES.users);
    if (!keepRunning) {
      const next: Array<[string, string]> = [
        [`${cli} demo --keep-running`, 'the same, then keep the target up to try things yourself'],
        [`${cli} target serve`, 'a SCIM target of your own (--port, --token, --store FILE)'],
        [`${cli} provision --help`, 'provision on demand against any SCIM endpoint'],
        ['docs/provisioning.md', 'what the engine sends and why'],
      ];
      const w = Math.max(...next.map(([c]) => c.length)) + 3;
      out(`\nNext:\n${next.map(([c, d]) => `  ${c.padEnd(w)}${d}`).join('\n')}\n`);
      return failures.length ? EXIT_FAIL : EXIT_OK;
    }

    // ---- --keep-running: the target stays up until Ctrl-C.
    out(
      [
        '',
        'The target keeps running (--keep-running):',
        `  Tenant URL:    ${target.url}`,
        `  Secret Token:  ${target.token}`,
        '                 (generated for this run; it stops working when the demo stops)',
        '',
        'Try, in another terminal:',
        `  export SCIM_TOKEN=${shellQuote(target.token)}`,
        `  curl -s -H "Authorization: Bearer $SCIM_TOKEN" ${target.url}/Users`,
        `  ${cli} test-connection --url ${target.url}`,
        `  ${cli} provision --mapping ${shellQuote(mappingPath)} \\`,
        `      --users ${shellQuote(usersPath)} --user megan.bowen@contoso.com --url ${target.url}`,
        '',
        'Press Ctrl-C to stop the target.',
        '',
      ].join('\n'),
    );
    const why = await waitForStop(options.signal);
    io.stderr(`entramap demo: ${why}: stopping the target\n`);
    await stop();
    io.stderr('entramap demo: stopped\n');
    return failures.length ? EXIT_FAIL : EXIT_OK;
  } finally {
    await stop();
  }
}

/** Resolves on SIGINT, SIGTERM or the abort signal, with what happened. */
function waitForStop(signal?: AbortSignal): Promise<string> {
  return new Promise<string>((resolve) => {
    const onSignal = (s: NodeJS.Signals) => finish(s);
    const onAbort = () => finish('stop request');
    function finish(why: string) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      signal?.removeEventListener('abort', onAbort);
      resolve(why);
    }
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (signal?.aborted) finish('stop request');
    else signal?.addEventListener('abort', onAbort);
  });
}
