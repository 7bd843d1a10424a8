// Provisioning figures.
//  (a) Provision on demand against the embedded SCIM target on 127.0.0.1: the engine's time per
//      user (import, scope, match, compute, action, trace) beside the very same HTTP requests sent
//      by plain undici in the same run: the sequence the engine sent is replayed (bodies as sent,
//      target ids mapped) against a second, identical target. Goal: engine <= 1.2x undici.
//  (b) The bulk dry run: scope and all attributes for 100,000 generated users x 30 mappings
//      (computeBulk, no HTTP). Goal: <= 3 s.
// Figures only: benchmarks never pass or fail on time.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Agent, request } from 'undici';
import { parseMappingDocument } from '../../server/src/language/mapping/build';
import type { MappingModel } from '../../server/src/model/types';
import { computeBulk } from '../../server/src/provisioning/bulk';
import type { SourceObject } from '../../server/src/provisioning/compute';
import { provisionUser } from '../../server/src/provisioning/engine';
import type { ProvisionTrace, TraceRequest } from '../../server/src/provisioning/trace';
import { RunningTarget, startTarget } from '../../server/src/target';
import { cpuMs, fmt, row, section } from './harness';

/** The Personify example, found upwards from the bundle (.bench/) or the source (test/bench/). */
function personifyMapping(): string {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, 'examples', 'personify', 'personify.entramap');
    if (existsSync(file)) return file;
  }
  return path.join(process.cwd(), 'examples', 'personify', 'personify.entramap');
}

/** The Personify example mapping (25 attribute mappings, a scoping filter) plus five expression mappings: 30. */
export function benchMapping(): MappingModel {
  const text = readFileSync(personifyMapping(), 'utf8');
  const at = text.lastIndexOf('\n}');
  const extra = [
    '  nickName <- Join(".", ToLower([givenName]), ToLower([surname]))',
    '  locale <- Switch([country], "en-US", "Germany", "de-DE", "France", "fr-FR", "Norway", "nb-NO")',
    '  timezone <- IIF([state]="WA", "America/Los_Angeles", "America/Chicago")',
    '  profileUrl <- Append("https://people.contoso.com/", ToLower([mailNickname]))',
    '  addresses[type eq "work"].formatted <- Join(", ", [streetAddress], [city], [state], [postalCode])',
  ];
  const parsed = parseMappingDocument(`${text.slice(0, at)}\n${extra.join('\n')}${text.slice(at)}`);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`bench mapping: ${errors.map((d) => d.message).join('; ')}`);
  const mappings = parsed.model.rules[0].objectMappings[0].attributeMappings.length;
  if (mappings !== 30) throw new Error(`bench mapping: expected 30 attribute mappings, found ${mappings}`);
  return parsed.model;
}

/** Deterministic generated users, shaped like personify.users.json (mostly employees, a few leavers). */
export function generateUsers(count: number, seed = 0x2f6e2b1): SourceObject[] {
  let s = seed >>> 0;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const given = ['Adele', 'Alex', 'Diego', 'Megan', 'Isaiah', 'Johanna', 'Lee', 'Lynne', 'Nestor', 'Patti', 'Pradeep', 'Zoë', 'Łukasz', 'Ana María'];
  const family = ['Vance', 'Wilber', 'Siciliani', 'Bowen', 'Langer', 'Lorenz', 'Gu', 'Robbins', 'Wilke', 'Fernandez', 'Gupta', 'van der Berg', 'Żółć', 'Núñez'];
  const places = [
    { city: 'Bellevue', state: 'WA', country: 'United States', postalCode: '98004' },
    { city: 'Tulsa', state: 'OK', country: 'United States', postalCode: '74103' },
    { city: 'Munich', state: 'BY', country: 'Germany', postalCode: '80331' },
    { city: 'Paris', state: 'IDF', country: 'France', postalCode: '75001' },
    { city: 'Oslo', state: 'Oslo', country: 'Norway', postalCode: '0150' },
  ];
  const departments = ['Retail', 'Marketing', 'HR', 'Sales', 'Engineering', 'Support', 'Finance'];
  const titles = ['Manager', 'Assistant', 'Engineer', 'Consultant', 'Director', 'Analyst'];
  const users: SourceObject[] = [];
  for (let i = 0; i < count; i++) {
    const g = pick(given);
    const f = pick(family);
    const nick = `${g}.${f}.${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    const place = pick(places);
    const roll = rand();
    const u: SourceObject = {
      objectId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      userPrincipalName: `${nick}@contoso.com`,
      mail: `${nick}@contoso.com`,
      mailNickname: nick,
      displayName: `${g} ${f}`,
      givenName: g,
      surname: f,
      jobTitle: `${pick(departments)} ${pick(titles)}`,
      department: pick(departments),
      companyName: 'Contoso',
      employeeType: roll < 0.1 ? 'Contractor' : 'Employee',
      employeeId: String(1_000_000 + i),
      streetAddress: `${1 + Math.floor(rand() * 999)} Main Street`,
      ...place,
      telephoneNumber: `+1 425 555 ${String(Math.floor(rand() * 10000)).padStart(4, '0')}`,
      preferredLanguage: 'en-US',
      accountEnabled: roll > 0.02,
      IsSoftDeleted: roll >= 0.1 && roll < 0.12,
    };
    if (rand() < 0.5) u.mobile = `+1 425 555 ${String(Math.floor(rand() * 10000)).padStart(4, '0')}`;
    if (rand() < 0.3) u.employeeOrgData = { costCenter: `CC-${Math.floor(rand() * 90) + 10}`, division: pick(departments) };
    users.push(u);
  }
  return users;
}

// ---------------------------------------------------------------------------------------------
// (a) provision on demand vs plain undici
// ---------------------------------------------------------------------------------------------

interface Replay {
  method: string;
  /** Path below the Tenant URL, with the engine's target ids as placeholders. */
  path: string;
  body: string | undefined;
  /** POST: the id the engine's target returned (mapped to the replay target's id). */
  createdId?: string;
}

function replayOf(trace: ProvisionTrace, base: string): Replay[] {
  return trace.requests
    .filter((r: TraceRequest) => r.sent)
    .map((r) => {
      const created = r.method === 'POST' && r.response && typeof r.response === 'object' && !Array.isArray(r.response) ? (r.response as { id?: unknown }).id : undefined;
      return {
        method: r.method,
        path: r.url.slice(base.length),
        body: r.body === null ? undefined : JSON.stringify(r.body),
        createdId: typeof created === 'string' ? created : undefined,
      };
    });
}

async function sendReplay(target: RunningTarget, agent: Agent, sequence: Replay[], ids: Map<string, string>): Promise<void> {
  for (const r of sequence) {
    let p = r.path;
    for (const [from, to] of ids) if (p.includes(from)) p = p.split(from).join(to);
    const res = await request(target.url + p, {
      method: r.method as 'GET',
      dispatcher: agent,
      headers: {
        authorization: `Bearer ${target.token}`,
        accept: 'application/scim+json',
        ...(r.body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
      },
      body: r.body,
    });
    const text = await res.body.text();
    const json = text ? (JSON.parse(text) as { id?: unknown }) : undefined;
    if (res.statusCode >= 300) throw new Error(`replay: ${r.method} ${p} answered ${res.statusCode}: ${text.slice(0, 200)}`);
    if (r.createdId && typeof json?.id === 'string') ids.set(r.createdId, json.id);
  }
}

/** Wall and CPU time of one phase: totals, and per round (for the median ratio). */
class Phase {
  wall = 0;
  cpu = 0;
  round = 0;
  async time<T>(fn: () => Promise<T>, measured: boolean): Promise<T> {
    const w = performance.now();
    const c = cpuMs();
    const out = await fn();
    if (measured) {
      const spent = cpuMs() - c;
      this.cpu += spent;
      this.round += spent;
      this.wall += performance.now() - w;
    }
    return out;
  }
  endRound(): number {
    const r = this.round;
    this.round = 0;
    return r;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function provisionVsUndici(): Promise<void> {
  section('Provision on demand against the embedded SCIM target on 127.0.0.1, beside plain undici');
  const model = benchMapping();
  const COUNT = 600;
  const WARMUP = 50;
  const ROUND = 25;
  const people: SourceObject[] = generateUsers(COUNT).map((u) => ({ ...u, employeeType: 'Employee', accountEnabled: true, IsSoftDeleted: false }));
  // Each user is created from an earlier state, then updated after a change (4 requests).
  const before: SourceObject[] = people.map((u) => ({ ...u, jobTitle: `${String(u.jobTitle)} (earlier)` }));
  const engineTarget = await startTarget({ port: 0 });
  const replayTarget = await startTarget({ port: 0 });
  const cliTarget = await startTarget({ port: 0 });
  const engineAgent = new Agent({ keepAliveTimeout: 10_000 });
  const replayAgent = new Agent({ keepAliveTimeout: 10_000 });
  const ids = new Map<string, string>();
  const engine = new Phase();
  const replay = new Phase();
  const cli = new Phase();
  const ratios: number[] = [];
  const cliRatios: number[] = [];
  let requests = 0;
  const actions = new Map<string, number>();
  try {
    // User by user, the three phases in turn, so that whatever else the machine does falls on
    // all three alike. The first users warm up the JIT and the connections.
    for (let i = 0; i < COUNT; i++) {
      const measured = i >= WARMUP;
      const upn = String(people[i].userPrincipalName);
      // The engine, with a keep-alive connection pool as the replay has.
      const traces = await engine.time(async () => {
        const common = { model, url: engineTarget.url, token: engineTarget.token, user: upn, dispatcher: engineAgent, env: {} };
        return [await provisionUser({ ...common, users: before }), await provisionUser({ ...common, users: people })];
      }, measured);
      for (const t of traces) {
        if (!t.completed) throw new Error(`provision failed: ${JSON.stringify(t.steps.find((s) => s.status === 'failed'))}`);
        if (measured) actions.set(t.action, (actions.get(t.action) ?? 0) + 1);
      }
      // The same requests, plain undici.
      const sequence = traces.flatMap((t) => replayOf(t, engineTarget.url));
      await replay.time(() => sendReplay(replayTarget, replayAgent, sequence, ids), measured);
      if (measured) requests += sequence.length;
      // The engine as the CLI runs it: a connection pool of its own per run.
      await cli.time(async () => {
        const common = { model, url: cliTarget.url, token: cliTarget.token, user: upn, env: {} };
        await provisionUser({ ...common, users: before });
        await provisionUser({ ...common, users: people });
      }, measured);
      if (measured && (i - WARMUP + 1) % ROUND === 0) {
        const r = replay.endRound();
        ratios.push(engine.endRound() / r);
        cliRatios.push(cli.endRound() / r);
      }
    }
  } finally {
    await engineAgent.close();
    await replayAgent.close();
    await Promise.all([engineTarget.close(), replayTarget.close(), cliTarget.close()]);
  }
  const users = COUNT - WARMUP;
  const perUser = (p: Phase) => `${fmt((p.cpu / users) * 1000, 0)} µs cpu, ${fmt((p.wall / users) * 1000, 0)} µs wall`;
  console.log(`  (per user: create from an earlier state, then update after a change; ${users} users: ${[...actions].map(([a, n]) => `${n} ${a}`).join(', ')};`);
  console.log(`   the target runs in this process, so its work is in every figure; ratios are the median of ${ratios.length} rounds of ${ROUND} users, CPU time)`);
  row('engine (keep-alive pool)', perUser(engine));
  row(`plain undici: the same ${requests} requests, replayed`, perUser(replay));
  row('  ratio engine / undici', `${fmt(median(ratios), 2)}x`, 'goal <= 1.2x');
  row('  the engine\'s own work per provisioning run', `${fmt(((engine.cpu - replay.cpu) / (users * 2)) * 1000, 0)} µs cpu`);
  row('engine with a connection pool per run (as the CLI runs it)', perUser(cli));
  row('  ratio per-run pool / undici', `${fmt(median(cliRatios), 2)}x`);
}

// ---------------------------------------------------------------------------------------------
// (b) bulk dry run
// ---------------------------------------------------------------------------------------------

async function bulkDryRun(): Promise<void> {
  section('Bulk dry run: scope + all attributes, no HTTP (computeBulk)');
  const model = benchMapping();
  const COUNT = 100_000;
  const t0 = performance.now();
  const users = generateUsers(COUNT);
  row(`generate ${COUNT.toLocaleString('en-US')} users`, `${fmt(performance.now() - t0, 0)} ms`);
  // Warm-up on a slice, then the full run: best of 3.
  computeBulk(model, users.slice(0, 5_000), { now: new Date('2025-06-01T00:00:00Z') });
  let best = Infinity;
  let report: ReturnType<typeof computeBulk> | undefined;
  for (let i = 0; i < 3; i++) {
    const c0 = cpuMs();
    let checksum = 0;
    report = computeBulk(model, users, { now: new Date('2025-06-01T00:00:00Z'), onUser: (r) => (checksum += r.values.length) });
    const ms = cpuMs() - c0;
    if (checksum !== COUNT * report.targets.length) throw new Error('bulk: rows missing');
    best = Math.min(best, ms);
  }
  const r = report!;
  const out = Object.entries(r.outOfScope).map(([why, n]) => `${n} ${why}`).join(', ');
  console.log(`  (${r.inScope} in scope; out of scope: ${out}; ${r.outcomes.value} values, ${r.outcomes.null} null, ${r.outcomes.error} errors)`);
  row(`${COUNT.toLocaleString('en-US')} users x ${r.targets.length} mappings, best of 3 (CPU time)`, `${fmt(best, 0)} ms`, 'goal <= 3000 ms');
  row('  per user', `${fmt((best / COUNT) * 1000, 1)} µs`);
  row('  per mapping evaluation', `${fmt((best / r.evaluations) * 1e6, 0)} ns`);
}

export async function run(): Promise<void> {
  await provisionVsUndici();
  await bulkDryRun();
}
