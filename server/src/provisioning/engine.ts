// Provision on demand: one user (or one group with its members) through the portal's steps —
// import, scope, match, compute, action — against a real SCIM endpoint, recording a trace
// (trace.ts) with every request and response, redacted. See provisioning-engine.md sections 4, 5
// and 7, scoping-filters.md sections 6 and 7.
//
// Source objects are Graph-shaped JSON (users.json): `objectId` (or Graph's `id`),
// `userPrincipalName`, ... plus these conventions:
//   IsSoftDeleted: true, or deletedDateTime set  → soft-deleted in Entra (disable)
//   accountEnabled: false                         → blocked from sign-in (disable)
//   assigned: false                               → not assigned to the app (out of scope unless syncAll)
//   "@removed": { "reason": "deleted" }           → hard-deleted in Entra (Graph delta form; DELETE)
//   manager: "<objectId>" or { "id": "<objectId>" } → a reference, resolved to the manager's target id
// Groups: `objectId`/`id`, `displayName`, `members` (ids or { id }), and optionally
// `members@delta` entries with "@removed" (members that left the group).
import type { JsonObject, JsonValue } from '../model/json';
import type { MappingModel, ObjectMapping } from '../model/types';
import { sourceCatalog } from '../catalog/source-attributes';
import { readScopeFilter } from '../scoping/read';
import { Clock, systemClock } from './clock';
import { ScimClient, ScimClientOptions, ScimExchange, ScimResponse, formatMs, parseRetryAfter } from './client';
import { FlowDecision, MappingResult, SourceObject, computeMappings, decideFlow, isGroupMapping } from './compute';
import { ScimRequestError } from './errors';
import { decideScope } from './scope';
import { CurrentValue, TargetPath, holderOf, markPrimaries, readPath, sameValue, writePath } from './paths';
import { Redactor, REDACTED, isSensitiveName } from './redact';
import {
  ADSCIM_GROUP,
  CORE_GROUP,
  CORE_USER,
  PATCH_OP,
  explainStatus,
  filterLiteral,
  filterQuery,
  getCI,
  isObject,
  readListResponse,
  serverSays,
} from './scim';
import {
  AttributeChange,
  FLOW_REASONS,
  ProvisionTrace,
  StepName,
  StepStatus,
  TRACE_VERSION,
  TraceAction,
  TraceError,
  TraceRequest,
  TraceStep,
  toTraceRequest,
} from './trace';

export type RequestShapes = 'compliant' | 'legacy';

export interface ProvisionOptions extends Omit<ScimClientOptions, 'redactor' | 'onExchange'> {
  /** The configuration (from an .entramap file or Graph schema JSON). */
  model: MappingModel;
  /** Every source user known (the subject, managers, group members). */
  users: SourceObject[];
  /** Source groups (for group runs). */
  groups?: SourceObject[];
  /** Build and show the write requests without sending them (reads are sent). */
  dryRun?: boolean;
  /**
   * PATCH shapes: `compliant` (RFC 7644, as with the aadOptscim062020 flag: lowercase ops,
   * Booleans, path-less multi-attribute replace) or `legacy` (Entra's default without the flag:
   * capitalised ops, one operation per attribute, "True"/"False" strings). Default: from the
   * Tenant URL flags (AzureAdScimPatch2017 → legacy), else compliant.
   */
  shapes?: RequestShapes;
  /** The job setting SkipOutOfScopeDeletions: leave users that left scope untouched. */
  skipOutOfScopeDeletions?: boolean;
  /** Scope "Sync all users and groups" (default: only assigned ones; see `assigned`). */
  syncAll?: boolean;
  /** Now() for expressions. */
  now?: Date;
  /** Randomness for Guid() / RandomString(). */
  random?: () => number;
  signal?: AbortSignal;
  /** How often a create that failed without an answer is retried (after checking it did not land). Default 1. */
  maxCreateRetries?: number;
  /** Time for create retries (tests inject one that does not wait). */
  clock?: Clock;
}

interface Subject {
  source: SourceObject;
  id: string;
  display: string;
}

class StepFailure extends Error {
  constructor(readonly error: TraceError) {
    super(error.message);
  }
}

function traceErrorOf(err: unknown): TraceError {
  if (err instanceof StepFailure) return err.error;
  if (err instanceof ScimRequestError) return { category: err.category, message: err.message, hint: err.hint };
  return { category: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/** Builds one trace (a user or a group). */
class TraceBuilder {
  readonly trace: ProvisionTrace;
  current: StepName = 'import';
  private readonly started = performance.now();
  /**
   * Exchanges with the step that sent them and the redactor version they were redacted at;
   * converted at the end (retry notes come later).
   */
  readonly exchanges: Array<{ exchange: ScimExchange; step: StepName; version: number }> = [];

  constructor(type: 'User' | 'Group', id: string, dryRun: boolean) {
    this.trace = {
      version: TRACE_VERSION,
      object: { type, id },
      action: 'none',
      completed: true,
      dryRun,
      steps: [],
      requests: [],
      warnings: [],
      startedAt: new Date().toISOString(),
      durationMs: 0,
    };
  }

  step(name: StepName, status: StepStatus, summary: string, details: Record<string, unknown>, error?: TraceError): TraceStep {
    const s: TraceStep = { name, status, summary, details };
    if (error) s.error = error;
    this.trace.steps.push(s);
    if (status === 'failed') this.trace.completed = false;
    return s;
  }

  finish(redactor?: Redactor): ProvisionTrace {
    const t = this.trace;
    if (!redactor) t.requests = this.exchanges.map((x) => toTraceRequest(x.exchange, x.step));
    else {
      // Values learnt to be secret late in the run (a Redact() result, a value sent to a password
      // attribute) may already sit in earlier steps: one last pass over everything. A request
      // redacted when the redactor already knew all it knows now needs no second pass.
      const version = redactor.version;
      t.requests = this.exchanges.map((x) => {
        const r = toTraceRequest(x.exchange, x.step);
        if (x.version !== version) return redactor.json(r as unknown as JsonValue) as unknown as TraceRequest;
        // Retry notes are added after the exchange was recorded, and may quote the server.
        if (r.note !== undefined) r.note = redactor.text(r.note);
        return r;
      });
      t.steps = redactor.json(t.steps as unknown as JsonValue) as unknown as TraceStep[];
      t.warnings = t.warnings.map((w) => redactor.text(w));
    }
    this.trace.durationMs = Math.round(performance.now() - this.started);
    return this.trace;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Positions of users by lower-cased objectId (or id) and userPrincipalName; the first one wins. */
interface UserIndex {
  byId: Map<string, number>;
  byUpn: Map<string, number>;
}

const userIndexes = new WeakMap<SourceObject[], UserIndex>();

function indexUsers(users: SourceObject[]): UserIndex {
  const index: UserIndex = { byId: new Map(), byUpn: new Map() };
  users.forEach((u, i) => {
    const id = objectIdOf(u)?.toLowerCase();
    if (id !== undefined && !index.byId.has(id)) index.byId.set(id, i);
    const upn = str(u.userPrincipalName)?.toLowerCase();
    if (upn !== undefined && !index.byUpn.has(upn)) index.byUpn.set(upn, i);
  });
  return index;
}

/** `text` equals the lower-cased `key`, ignoring case. */
function sameKey(text: string | undefined, key: string): boolean {
  return text !== undefined && text.length === key.length && (text === key || text.toLowerCase() === key);
}

/** The source id: provisioning's `objectId`, or Graph's `id`. */
function objectIdOf(o: SourceObject): string | undefined {
  return str(o.objectId) ?? str(o.id);
}

function refId(v: unknown): string | undefined {
  if (typeof v === 'string') return v || undefined;
  if (isObject(v as JsonValue)) {
    const o = v as Record<string, unknown>;
    return str(o.id) ?? str(o.objectId) ?? str(o.value);
  }
  return undefined;
}

/** Source attributes for the import step: sensitive ones masked. */
function importedAttributes(source: SourceObject, type: 'User' | 'Group', redactor: Redactor): Record<string, unknown> {
  const catalog = sourceCatalog(type);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) {
    if (catalog.get(k)?.sensitive || isSensitiveName(k)) {
      redactor.addValue(v);
      out[k] = v === null || v === undefined ? v : REDACTED;
    } else if (isObject(v as JsonValue) && k !== 'manager') {
      out[k] = redactor.json(v as JsonValue);
    } else out[k] = v;
  }
  return out;
}

/** What one provisioning session shares between the user and member traces. */
class Session {
  readonly client: ScimClient;
  readonly redactor = new Redactor();
  readonly shapes: RequestShapes;
  readonly clock: Clock;
  builder: TraceBuilder | undefined;
  private readonly referenceCache = new Map<string, { targetId?: string; note: string }>();

  constructor(readonly options: ProvisionOptions) {
    this.client = new ScimClient({
      ...options,
      redactor: this.redactor,
      onExchange: (e) => this.onExchange(e),
    });
    this.clock = options.clock ?? systemClock;
    this.shapes = options.shapes ?? (this.client.tenant.flags.includes('AzureAdScimPatch2017') ? 'legacy' : 'compliant');
  }

  private onExchange(e: ScimExchange): void {
    const b = this.builder;
    // The client redacted the exchange just before this call: with the redactor as it is now.
    if (b) b.exchanges.push({ exchange: e, step: b.current, version: this.redactor.version });
  }

  objectMapping(type: 'User' | 'Group'): ObjectMapping | undefined {
    const all = this.options.model.rules.flatMap((r) => r.objectMappings).filter((om) => !om.raw);
    const want = type.toLowerCase();
    return all.find((om) => om.enabled && (om.sourceObjectName ?? '').toLowerCase() === want) ?? all.find((om) => (om.sourceObjectName ?? '').toLowerCase() === want);
  }

  findUser(idOrUpn: string): SourceObject | undefined {
    const key = idOrUpn.trim().toLowerCase();
    const users = this.options.users;
    // An index of the users array, kept between runs on the same array. A hit is checked
    // against the array as it is now; anything else falls back to scanning it.
    let index = userIndexes.get(users);
    if (!index) userIndexes.set(users, (index = indexUsers(users)));
    for (const [map, keyOf] of [
      [index.byId, objectIdOf],
      [index.byUpn, (u: SourceObject) => str(u.userPrincipalName)],
    ] as const) {
      const at = map.get(key);
      if (at !== undefined && sameKey(keyOf(users[at] ?? {}), key)) return users[at];
    }
    for (const u of users) if (sameKey(objectIdOf(u), key)) return u;
    for (const u of users) if (sameKey(str(u.userPrincipalName), key)) return u;
    return undefined;
  }

  findGroup(idOrName: string): SourceObject | undefined {
    const key = idOrName.trim().toLowerCase();
    const groups = this.options.groups ?? [];
    return groups.find((g) => objectIdOf(g)?.toLowerCase() === key) ?? groups.find((g) => str(g.displayName)?.toLowerCase() === key);
  }

  op(name: 'add' | 'replace' | 'remove'): string {
    return this.shapes === 'legacy' ? name[0].toUpperCase() + name.slice(1) : name;
  }

  async send(req: Parameters<ScimClient['send']>[0]): Promise<ScimResponse> {
    return this.client.send({ ...req, signal: this.options.signal });
  }

  /** Sends a write, or records it unsent in a dry run (returns undefined then). */
  async write(req: Parameters<ScimClient['send']>[0]): Promise<ScimResponse | undefined> {
    if (this.options.dryRun) {
      this.client.recordUnsent(req);
      return undefined;
    }
    return this.send(req);
  }

  /** Resolves a referenced source user (manager) to its target id, by the user mapping's matching attributes. */
  async resolveUserReference(sourceId: string): Promise<{ targetId?: string; note: string }> {
    const cached = this.referenceCache.get(sourceId.toLowerCase());
    if (cached) return cached;
    const result = await this.resolveUncached(sourceId);
    // Only hits are kept: a referenced user may be created later in the same run (group members).
    if (result.targetId) this.referenceCache.set(sourceId.toLowerCase(), result);
    return result;
  }

  private async resolveUncached(sourceId: string): Promise<{ targetId?: string; note: string }> {
    const user = this.findUser(sourceId);
    if (!user) return { note: `the referenced user ${sourceId} is not among the source users: the reference is not sent` };
    const om = this.objectMapping('User');
    if (!om) return { note: 'no user object mapping to match the referenced user with' };
    const results = computeMappings(this.options.model, om, { ...user, objectId: objectIdOf(user) }, this.redactor, this.options);
    for (const m of matchingOrder(results)) {
      if (m.outcome !== 'value' || typeof m.value !== 'string' || !m.value) continue;
      const res = await this.send({ method: 'GET', path: `/Users${filterQuery(m.target, m.value)}`, purpose: 'reference' });
      if (res.status !== 200) throw new StepFailure(httpError(res, `GET /Users?filter=${m.target} eq … (reference)`, this.options.token, true));
      const read = readListResponse(res);
      if ('problem' in read) throw new StepFailure(protocolError(read.problem));
      const ids = read.list.resources.map((r) => getCI(r, 'id')).filter((id): id is string => typeof id === 'string');
      if (ids.length === 1) return { targetId: ids[0], note: `matched by ${m.target} eq ${JSON.stringify(m.value)}` };
      if (ids.length > 1) return { note: `${ids.length} target users match ${m.target} eq ${JSON.stringify(m.value)} (DuplicateTargetEntries): the reference is not sent` };
    }
    const who = str(user.userPrincipalName) ?? sourceId;
    return { note: `the referenced user ${who} is not in the target yet: the reference is not sent (Entra fixes it in a later cycle)` };
  }
}

function matchingOrder(results: MappingResult[]): MappingResult[] {
  return results.filter((m) => m.matchingPriority > 0).sort((a, b) => a.matchingPriority - b.matchingPriority);
}

function protocolError(problem: string): TraceError {
  return {
    category: 'protocol',
    code: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
    message: `Not a SCIM answer: ${problem}.`,
    hint: 'The endpoint must answer with SCIM JSON (RFC 7644); check that the Tenant URL is the SCIM base URL.',
  };
}

/** A failed HTTP answer as a trace error. `query` marks filter queries (400 → not filterable). */
function httpError(res: ScimResponse, what: string, token: string, query = false): TraceError {
  const says = serverSays(res);
  if (res.status === 400 && query) {
    return {
      category: 'protocol',
      message: `The target rejected the filter query: HTTP 400 on ${what}${says}.`,
      hint: 'The matching attribute must be filterable with "eq" on the target; make it filterable, or match on another attribute.',
    };
  }
  if (res.status === 404 && !query && /^(PATCH|DELETE|PUT) /.test(what)) {
    return {
      category: 'target',
      code: 'InvalidAnchor',
      message: `The target object no longer exists: HTTP 404 on ${what}${says}.`,
      hint: 'It was probably deleted in the target after it was matched; run provisioning again to re-match (or create) it.',
    };
  }
  if (res.status === 409) {
    return {
      category: 'target',
      code: 'EntryConflict',
      message: `The target refused: an object with the same unique value already exists (HTTP 409 on ${what})${says}.`,
      hint: 'A target object holds this unique value but was not matched: check the matching attributes, or remove the duplicate in the target.',
    };
  }
  if (res.status >= 400 && res.status < 500 && ![401, 403, 404, 405, 429].includes(res.status)) {
    return {
      category: 'target',
      code: res.status === 422 ? 'UnprocessableEntity' : undefined,
      message: `The target rejected the request: HTTP ${res.status} on ${what}${says}.`,
      hint: 'See the request and the response in the trace: the target may not accept an attribute or a value.',
    };
  }
  const explained = explainStatus(res, what, token);
  if (explained) {
    const code = res.status === 429 ? 'TooManyRequests' : res.status >= 500 ? 'InternalServerError' : res.status === 401 || res.status === 403 ? 'Unauthorized' : undefined;
    return code ? { ...explained, code } : explained;
  }
  return { category: 'protocol', message: `Unexpected answer HTTP ${res.status} on ${what}${says}.`, hint: 'See the response in the trace.' };
}

// ---------------------------------------------------------------------------------------------
// Scope
// ---------------------------------------------------------------------------------------------

interface ScopeResult {
  inScope: boolean;
  hardDeleted: boolean;
  softDeleted: boolean;
  /** IsSoftDeleted as the provisioning service computes it. */
  isSoftDeleted: boolean;
  reason: string;
  details: Record<string, unknown>;
}

function determineScope(om: ObjectMapping, source: SourceObject, type: 'User' | 'Group', syncAll: boolean): ScopeResult | TraceError {
  const read = readScopeFilter(om.scope ? om.scope.json : null);
  if (read.diagnostics.length) {
    return { category: 'mapping', message: `The scoping filter cannot be evaluated: ${read.diagnostics[0].message}`, hint: 'Fix the scope of the object mapping (entramap check shows where).' };
  }
  const { inScope, hardDeleted, softDeleted, active, assigned, verdict, reason } = decideScope(read.filter, source, type, syncAll);
  const conditions = [
    { name: 'Active in source system', value: type === 'User' ? (source.accountEnabled ?? null) : true, result: active },
    { name: 'Not deleted in source system', value: hardDeleted ? 'hard-deleted' : softDeleted ? 'soft-deleted' : 'present', result: !hardDeleted && !softDeleted },
    { name: 'Assigned to application', value: syncAll ? 'sync all' : (source.assigned ?? true), result: assigned },
    { name: 'Scope sync all', value: syncAll, result: true },
    { name: 'Scoping filters', value: verdict.groups.length ? `${verdict.groups.filter((g) => g.result).length} of ${verdict.groups.length} passed` : 'none', result: verdict.inScope },
  ];
  return {
    inScope,
    hardDeleted,
    softDeleted,
    isSoftDeleted: !inScope,
    reason,
    details: {
      inScope,
      reason,
      isSoftDeleted: !inScope,
      conditions,
      filters: verdict.groups,
      ...(verdict.inputFilterGroups ? { inputFilterGroups: verdict.inputFilterGroups } : {}),
      ...(verdict.categoryFilterGroups ? { categoryFilterGroups: verdict.categoryFilterGroups } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Match
// ---------------------------------------------------------------------------------------------

interface MatchAttempt {
  priority: number;
  targetAttribute: string;
  expression: string | null;
  value: JsonValue | null;
  url?: string;
  found?: number;
  ids?: string[];
  note?: string;
}

interface MatchResult {
  attempts: MatchAttempt[];
  resource?: JsonObject;
  /** The matched resource as the trace shows it (redacted). */
  shown?: JsonValue;
  id?: string;
  /** No matching attribute had a value. */
  noValue: boolean;
  /** The first attempt that had a value: re-run before retrying a create. */
  firstQuery?: { target: string; value: string };
}

async function match(session: Session, endpoint: 'Users' | 'Groups', results: MappingResult[], redactor: Redactor): Promise<MatchResult> {
  const ordered = matchingOrder(results);
  const attempts: MatchAttempt[] = [];
  let firstQuery: MatchResult['firstQuery'];
  for (const m of ordered) {
    const attempt: MatchAttempt = {
      priority: m.matchingPriority,
      targetAttribute: m.target,
      expression: m.expression === null ? null : redactor.text(m.expression),
      value: m.outcome === 'value' ? (redactor.json(m.value!) ?? null) : null,
    };
    attempts.push(attempt);
    if (m.outcome === 'error') throw new StepFailure({ category: 'mapping', message: `The matching attribute ${m.target} cannot be computed: ${m.error}`, hint: 'Fix the expression of the matching mapping.' });
    if (m.outcome !== 'value' || m.value === '' || m.value === null || (Array.isArray(m.value) && !m.value.length)) {
      attempt.note = m.outcome === 'noflow' ? 'no value (IgnoreFlowIfNullOrEmpty)' : 'no value';
      continue;
    }
    const value = Array.isArray(m.value) ? String(m.value[0]) : typeof m.value === 'object' ? JSON.stringify(m.value) : String(m.value);
    firstQuery ??= { target: m.target, value };
    const found = await queryByAttribute(session, endpoint, m.target, value);
    attempt.url = found.url;
    attempt.found = found.resources.length;
    attempt.ids = found.resources.map((r) => String(getCI(r, 'id') ?? '?'));
    if (found.resources.length === 1) return { attempts, resource: found.resources[0], shown: found.redacted?.[0], id: attempt.ids[0], noValue: false, firstQuery };
    if (found.resources.length > 1) {
      throw new StepFailure({
        category: 'target',
        code: 'DuplicateTargetEntries',
        message: `${found.resources.length} target objects match ${m.target} eq ${JSON.stringify(redactor.text(value))}: the matching attribute must be unique.`,
        hint: 'Remove the duplicates in the target, or match on a unique attribute.',
      });
    }
  }
  return { attempts, noValue: !firstQuery, firstQuery };
}

async function queryByAttribute(
  session: Session,
  endpoint: 'Users' | 'Groups',
  attribute: string,
  value: string,
): Promise<{ url: string; resources: JsonObject[]; redacted?: JsonValue[] }> {
  const extra = endpoint === 'Groups' ? 'excludedAttributes=members' : undefined;
  const path = `/${endpoint}${filterQuery(attribute, value, extra)}`;
  const what = `GET /${endpoint}?filter=${attribute} eq …`;
  const res = await session.send({ method: 'GET', path, purpose: 'match' });
  if (res.status !== 200) throw new StepFailure(httpError(res, what, session.options.token, true));
  const read = readListResponse(res);
  if ('problem' in read) throw new StepFailure(protocolError(read.problem));
  for (const r of read.list.resources) {
    if (typeof getCI(r, 'id') !== 'string') throw new StepFailure(protocolError('a resource in the ListResponse has no "id"'));
  }
  // The trace already holds the answer redacted (the exchange's response): the match step shows
  // those resources rather than redacting them once more.
  const shown = isObject(res.exchange.response ?? null) ? getCI(res.exchange.response as JsonObject, 'Resources') : undefined;
  const redacted = Array.isArray(shown) && shown.length === read.list.resources.length ? (shown as JsonValue[]) : undefined;
  return { url: res.exchange.url, resources: read.list.resources, redacted };
}

// ---------------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------------

interface Flowing {
  m: MappingResult;
  path: TargetPath;
  value: JsonValue;
  current?: CurrentValue;
}

/** The POST body of a create: schemas (core + extensions actually sent), the values, meta. */
function createBody(type: 'User' | 'Group', flowing: Flowing[], shapes: RequestShapes): JsonObject {
  const resource: JsonObject = {};
  const holders: Array<{ holder: JsonObject; attribute: string }> = [];
  for (const f of flowing) {
    writePath(resource, f.path, f.value);
    if (f.path.filter && f.path.filter.attribute.toLowerCase() !== 'primary') holders.push({ holder: holderOf(resource, f.path), attribute: f.path.attribute });
  }
  markPrimaries(resource, holders);
  const extensions = [...new Set(flowing.map((f) => f.path.urn).filter((u): u is string => !!u))];
  const schemas = type === 'Group' ? [CORE_GROUP, ADSCIM_GROUP] : [CORE_USER, ...extensions];
  if (type === 'Group') schemas.push(...extensions);
  void shapes;
  return { schemas, ...resource, meta: { resourceType: type } };
}

interface PatchChange {
  path: TargetPath;
  value: JsonValue;
  /** The target had a value at the path. */
  present: boolean;
}

function legacyValue(v: JsonValue): JsonValue {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return v;
}

/** PATCH operations for attribute changes, in the chosen shapes (spec 5.4, section 6). */
function patchOperations(changes: PatchChange[], shapes: RequestShapes, op: (n: 'add' | 'replace' | 'remove') => string): JsonObject[] {
  const ops: JsonObject[] = [];
  if (shapes === 'legacy') {
    for (const c of changes) {
      if (c.path.leafMultiValued && Array.isArray(c.value) && !c.path.filter && c.path.type !== 'complex') {
        // Custom multi-valued attributes: Add with [{ value }] elements (appends).
        ops.push({ op: op('add'), path: c.path.patchPath, value: c.value.map((v) => ({ value: v })) });
      } else {
        ops.push({ op: op(c.present ? 'replace' : 'add'), path: c.path.patchPath, value: legacyValue(c.value) });
      }
    }
    return ops;
  }
  const replaceable = changes.filter((c) => c.present && !c.path.filter);
  for (const c of changes) {
    if (c.present && !c.path.filter) continue;
    ops.push({ op: op(c.present ? 'replace' : 'add'), path: c.path.patchPath, value: c.value });
  }
  if (replaceable.length === 1) {
    const c = replaceable[0];
    ops.unshift({ op: op('replace'), path: c.path.patchPath, value: c.value });
  } else if (replaceable.length > 1) {
    const value: JsonObject = {};
    for (const c of replaceable) value[c.path.patchPath] = c.value;
    ops.unshift({ op: op('replace'), value });
  }
  return ops;
}

function patchBody(operations: JsonObject[]): JsonObject {
  return { schemas: [PATCH_OP], Operations: operations };
}

// ---------------------------------------------------------------------------------------------
// Compute + action for one object
// ---------------------------------------------------------------------------------------------

interface ComputedRow {
  target: string;
  type: string;
  expression: string | null;
  inputs: Record<string, unknown>;
  value: JsonValue | null;
  flows: boolean;
  reason?: string;
  flowType: string;
  matching?: number;
  redacted?: boolean;
  reference?: { source: string; targetId?: string; note: string };
  current?: JsonValue | null;
}

function rowOf(m: MappingResult, d: FlowDecision, redactor: Redactor, current?: CurrentValue): ComputedRow {
  const row: ComputedRow = {
    target: m.target,
    type: m.mappingType,
    // A Redact()ed constant is also written in the expression itself.
    expression: m.expression === null ? null : redactor.text(m.expression),
    inputs: m.inputs,
    value: m.outcome === 'value' ? (m.redacted ? REDACTED : (redactor.json(m.value!) ?? null)) : null,
    flows: d.flows,
    flowType: m.flowType,
  };
  if (d.value !== undefined && d.value !== m.value) row.value = m.redacted ? REDACTED : (redactor.json(d.value) ?? null);
  if (d.reason) row.reason = d.reason;
  if (m.matchingPriority > 0) row.matching = m.matchingPriority;
  if (m.redacted) row.redacted = true;
  if (current) row.current = current.present ? (m.redacted ? REDACTED : (redactor.json(current.value) ?? null)) : null;
  return row;
}

interface Plan {
  rows: ComputedRow[];
  flowing: Flowing[];
  /** References to send after a create (Entra resolves them in an extra update). */
  deferredReferences: Flowing[];
  errors: string[];
}

/**
 * Decides what flows for `kind`, resolving references. For updates and disables, `resource` is
 * the target's current object and only differing values are kept.
 */
async function plan(session: Session, results: MappingResult[], kind: 'create' | 'update' | 'disable', resource?: JsonObject): Promise<Plan> {
  const p: Plan = { rows: [], flowing: [], deferredReferences: [], errors: [] };
  for (const m of results) {
    if (m.path && m.path.reference && m.path.attribute.toLowerCase() === 'members') {
      // Group members are provisioned after the group, by membership PATCHes (below).
      p.rows.push({ ...rowOf(m, { flows: false, reason: 'memberships are provisioned after the group (see membership)' }, session.redactor), value: null });
      continue;
    }
    const current = resource && m.path ? readPath(resource, m.path) : undefined;
    let d = decideFlow(m, kind, current);
    let reference: ComputedRow['reference'];
    if (d.flows && m.path?.reference && m.referenceId) {
      const r = await session.resolveUserReference(m.referenceId);
      reference = { source: m.referenceId, ...r };
      d = r.targetId ? { flows: true, value: r.targetId, reason: `reference: the target id of ${m.referenceId}` } : { flows: false, reason: r.note };
    }
    if (m.outcome === 'error') p.errors.push(`${m.target}: ${m.error}`);
    let shown = d;
    if (d.flows && kind !== 'create' && current && current.present && sameValue(d.value!, current.value, m.path!.caseExact, m.path!.subAttributes)) {
      shown = { flows: false, value: d.value, reason: reference ? `${d.reason}; ${FLOW_REASONS.unchangedReference}` : FLOW_REASONS.unchanged };
      d = { flows: false };
    }
    const row = rowOf(m, shown, session.redactor, kind === 'create' ? undefined : current);
    if (reference) row.reference = reference;
    p.rows.push(row);
    if (d.flows && m.path) {
      const f: Flowing = { m, path: m.path, value: d.value!, current };
      if (kind === 'create' && m.path.reference) p.deferredReferences.push(f);
      else p.flowing.push(f);
    }
  }
  return p;
}

function changesOf(flowing: Flowing[], redactor: Redactor, withOld: boolean): AttributeChange[] {
  return flowing.map((f) => {
    const masked = f.m.redacted;
    const c: AttributeChange = { attribute: f.path.text, new: masked ? REDACTED : (redactor.json(f.value) ?? null) };
    if (withOld) c.old = f.current?.present ? (masked ? REDACTED : (redactor.json(f.current.value) ?? null)) : null;
    return c;
  });
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

export interface ProvisionUserOptions extends ProvisionOptions {
  /** objectId or userPrincipalName of the source user. */
  user: string;
}

export interface ProvisionGroupOptions extends ProvisionOptions {
  /** objectId or displayName of the source group. */
  group: string;
  /** Member ids to provision with the group (default: all its members). */
  members?: string[];
}

/** Provisions one user on demand and returns the trace. Never throws. */
export async function provisionUser(options: ProvisionUserOptions): Promise<ProvisionTrace> {
  let session: Session;
  try {
    session = new Session(options);
  } catch (err) {
    return setupFailure('User', options.user, options.dryRun ?? false, err);
  }
  try {
    return await runUser(session, options.user);
  } finally {
    await session.client.close();
  }
}

function setupFailure(type: 'User' | 'Group', id: string, dryRun: boolean, err: unknown): ProvisionTrace {
  const b = new TraceBuilder(type, id, dryRun);
  const e = traceErrorOf(err);
  b.step('import', 'failed', e.message, {}, e);
  return b.finish();
}

interface UserOutcome {
  trace: ProvisionTrace;
  /** The user's target id after the run (matched or created), when known. */
  targetId?: string;
  inScope: boolean;
}

async function runUser(session: Session, who: string): Promise<ProvisionTrace> {
  return (await runUserOutcome(session, who)).trace;
}

async function runUserOutcome(session: Session, who: string): Promise<UserOutcome> {
  const opts = session.options;
  const b = new TraceBuilder('User', who, opts.dryRun ?? false);
  const outer = session.builder;
  session.builder = b;
  const outcome: UserOutcome = { trace: b.trace, inScope: false };
  try {
    await userSteps(session, b, who, outcome);
  } catch (err) {
    const e = traceErrorOf(err);
    b.step(b.current, 'failed', e.message, {}, e);
  } finally {
    session.builder = outer;
  }
  outcome.trace = b.finish(session.redactor);
  return outcome;
}

async function userSteps(session: Session, b: TraceBuilder, who: string, out: UserOutcome): Promise<void> {
  const opts = session.options;
  const redactor = session.redactor;
  const t = b.trace;

  // ---- import
  b.current = 'import';
  const om = session.objectMapping('User');
  if (!om) {
    b.step('import', 'failed', 'No user object mapping', {}, { category: 'mapping', message: 'The mapping file has no object mapping for users (source object User).', hint: 'Add a user mapping to the file.' });
    return;
  }
  if (!om.enabled) {
    b.step('import', 'failed', 'The user object mapping is disabled', {}, { category: 'mapping', message: `The object mapping "${om.name ?? 'users'}" is disabled.`, hint: 'Enable it (users cannot be provisioned otherwise).' });
    return;
  }
  const found = session.findUser(who);
  if (!found) {
    b.step('import', 'failed', `No source user ${JSON.stringify(who)}`, { searched: who, users: opts.users.length }, {
      category: 'input',
      message: `No user with objectId or userPrincipalName ${JSON.stringify(who)} among the ${opts.users.length} source users.`,
      hint: 'Check --user against the users file (objectId, id or userPrincipalName).',
    });
    return;
  }
  const subject: Subject = {
    source: { ...found, objectId: objectIdOf(found) },
    id: objectIdOf(found) ?? who,
    display: str(found.userPrincipalName) ?? str(found.displayName) ?? who,
  };
  t.object = { type: 'User', id: subject.id, displayName: str(found.displayName), reportableIdentifier: str(found.userPrincipalName) };
  b.step('import', 'success', `Imported ${subject.display}`, {
    objectId: subject.id,
    userPrincipalName: found.userPrincipalName ?? null,
    mapping: om.name ?? null,
    attributes: importedAttributes(found, 'User', redactor),
  });

  // ---- scope
  b.current = 'scope';
  const scope = determineScope(om, subject.source, 'User', opts.syncAll ?? false);
  if (!('inScope' in scope)) {
    b.step('scope', 'failed', scope.message, {}, scope);
    return;
  }
  out.inScope = scope.inScope;
  b.step('scope', 'success', scope.inScope ? 'In scope' : `Out of scope: ${scope.reason}`, scope.details);
  const source: SourceObject = { ...subject.source, IsSoftDeleted: scope.isSoftDeleted };
  const results = computeMappings(opts.model, om, source, redactor, opts);

  // ---- match
  b.current = 'match';
  const m = await match(session, 'Users', results, redactor);
  if (m.noValue) {
    b.step('match', 'skipped', 'No matching attribute has a value (ImportSkipped)', { attempts: m.attempts, matched: null });
    skipRest(b, 'skip', 'ImportSkipped', 'The user has no value for any matching attribute: it cannot be matched, so it is skipped.');
    return;
  }
  out.targetId = m.id;
  if (m.id) t.targetId = m.id;
  b.step('match', 'success', m.id ? `Matched target user ${m.id}` : 'No target user matches', {
    attempts: m.attempts,
    matched: m.id ? { id: m.id, by: m.attempts[m.attempts.length - 1].targetAttribute, resource: m.shown ?? redactor.json(m.resource!) } : null,
  });

  // ---- decide
  if (scope.hardDeleted) {
    if (!m.id) return skipRest(b, 'skip', 'EntrySynchronizationSkipped', 'Deleted in the source and not in the target: nothing to do.');
    if (!om.actions.delete) return skipRest(b, 'skip', 'EntrySynchronizationSkipped', 'Deleted in the source, but the object mapping does not allow Delete: the target user is left as it is.');
    b.step('compute', 'skipped', 'Not needed for a delete', {});
    await performDelete(session, b, 'Users', m.id);
    return;
  }
  if (!scope.inScope) {
    if (!m.id) return skipRest(b, 'skip', 'EntrySynchronizationSkipped', `Out of scope (${scope.reason}) and never provisioned: skipped.`);
    if (opts.skipOutOfScopeDeletions) return skipRest(b, 'skip', 'EntrySynchronizationSkipped', 'Out of scope, but SkipOutOfScopeDeletions is set: the target user is left as it is.');
    if (!results.some((r) => r.softDelete)) {
      return skipRest(b, 'skip', 'EntrySynchronizationSkipped', 'Out of scope, but no mapping reads IsSoftDeleted: nothing is sent (map IsSoftDeleted to active to disable users).');
    }
    if (!om.actions.update) return skipRest(b, 'skip', 'EntrySynchronizationSkipped', 'Out of scope, but the object mapping does not allow Update (a disable is an update).');
    await computeAndWrite(session, b, 'disable', results, m.resource!, m.id);
    return;
  }
  if (!m.id) {
    if (!om.actions.create) return skipRest(b, 'skip', 'EntrySynchronizationSkipped', 'Not in the target, but the object mapping does not allow Create.');
    const id = await computeAndCreate(session, b, 'Users', results, m);
    if (id) {
      out.targetId = id;
      t.targetId = id;
    }
    return;
  }
  if (!om.actions.update) return skipRest(b, 'skip', 'EntrySynchronizationSkipped', 'Matched, but the object mapping does not allow Update.');
  await computeAndWrite(session, b, 'update', results, m.resource!, m.id);
}

function skipRest(b: TraceBuilder, action: TraceAction, reason: string, message: string): void {
  b.trace.action = action;
  b.trace.reason = reason;
  if (!b.trace.steps.some((s) => s.name === 'compute')) b.step('compute', 'skipped', 'Not needed', {});
  b.step('action', 'skipped', message, { action, reason });
}

function computeFailure(b: TraceBuilder, plan: Plan): boolean {
  if (!plan.errors.length) return false;
  b.step('compute', 'failed', `${plan.errors.length} ${plan.errors.length === 1 ? 'mapping fails' : 'mappings fail'}`, { mappings: plan.rows }, {
    category: 'mapping',
    message: `Attribute mappings cannot be computed: ${plan.errors.join('; ')}`,
    hint: 'Fix the expressions (entramap check and entramap eval help), or the source values.',
  });
  b.step('action', 'skipped', 'Not performed: the attributes could not be computed', {});
  return true;
}

/** Update or disable a matched object: PATCH only what differs; nothing when all is equal. */
async function computeAndWrite(session: Session, b: TraceBuilder, kind: 'update' | 'disable', results: MappingResult[], resource: JsonObject, id: string, endpoint: 'Users' | 'Groups' = 'Users'): Promise<boolean> {
  b.current = 'compute';
  b.trace.action = kind;
  const p = await plan(session, results, kind, resource);
  if (computeFailure(b, p)) return false;
  b.step('compute', 'success', `${p.flowing.length} of ${p.rows.length} attributes differ from the target`, { mappings: p.rows });
  b.current = 'action';
  if (!p.flowing.length) {
    b.trace.action = 'none';
    b.trace.reason = 'RedundantExport';
    b.step('action', 'skipped', 'The state of the object in both systems already matches: nothing sent (RedundantExport)', { action: 'none', changes: [] });
    return true;
  }
  const changes: PatchChange[] = p.flowing.map((f) => ({ path: f.path, value: f.value, present: !!f.current?.present }));
  const body = patchBody(patchOperations(changes, session.shapes, (n) => session.op(n)));
  const res = await session.write({ method: 'PATCH', path: `/${endpoint}/${encodeURIComponent(id)}`, body, purpose: kind });
  const details = { action: kind, operation: `PATCH /${endpoint}/${id}`, sent: !!res, shapes: session.shapes, changes: changesOf(p.flowing, session.redactor, true) };
  if (!res) {
    b.step('action', 'success', `${kind === 'disable' ? 'Disable' : 'Update'} prepared, not sent (dry run)`, details);
    return true;
  }
  if (res.status === 200 || res.status === 204) {
    b.step('action', 'success', `${kind === 'disable' ? 'Disabled' : 'Updated'} ${endpoint === 'Users' ? 'user' : 'group'} ${id} (HTTP ${res.status})`, details);
    return true;
  }
  const e = httpError(res, `PATCH /${endpoint}/{id}`, session.options.token);
  b.step('action', 'failed', e.message, details, e);
  return false;
}

/** Creates the object; before retrying a create that got no answer, re-runs the match query. */
async function computeAndCreate(session: Session, b: TraceBuilder, endpoint: 'Users' | 'Groups', results: MappingResult[], m: MatchResult): Promise<string | undefined> {
  b.current = 'compute';
  b.trace.action = 'create';
  const type = endpoint === 'Users' ? 'User' : 'Group';
  const p = await plan(session, results, 'create', undefined);
  if (computeFailure(b, p)) return undefined;
  b.step('compute', 'success', `${p.flowing.length + p.deferredReferences.length} of ${p.rows.length} attributes flow`, { mappings: p.rows });
  b.current = 'action';
  const body = createBody(type, p.flowing, session.shapes);
  const details: Record<string, unknown> = { action: 'create', operation: `POST /${endpoint}`, sent: false, changes: changesOf(p.flowing, session.redactor, false) };
  if (session.options.dryRun) {
    session.client.recordUnsent({ method: 'POST', path: `/${endpoint}`, body, purpose: 'create' });
    for (const f of p.deferredReferences) {
      session.client.recordUnsent(
        { method: 'PATCH', path: `/${endpoint}/{id}`, body: patchBody(patchOperations([{ path: f.path, value: f.value, present: false }], session.shapes, (n) => session.op(n))), purpose: 'reference' },
        'dry run: not sent; {id} is the id the create would return',
      );
    }
    details.changes = changesOf([...p.flowing, ...p.deferredReferences], session.redactor, false);
    b.step('action', 'success', 'Create prepared, not sent (dry run)', details);
    return undefined;
  }
  const maxRetries = session.options.maxCreateRetries ?? 1;
  const policy = session.client.retry;
  let failures = 0;
  let throttled = 0;
  const retries: string[] = [];
  let id: string | undefined;
  const fail = (e: TraceError): undefined => {
    if (retries.length) details.retries = retries;
    b.step('action', 'failed', e.message, { ...details, sent: true }, e);
    return undefined;
  };
  for (;;) {
    let res: ScimResponse | undefined;
    let failure: TraceError | undefined;
    try {
      // A create is never repeated blindly: no automatic retry of any kind here; the loop below
      // first checks whether the object landed.
      res = await session.send({ method: 'POST', path: `/${endpoint}`, body, purpose: 'create', idempotent: false, retryThrottled: false });
    } catch (err) {
      failure = traceErrorOf(err);
      if (failure.category === 'cancelled') throw err;
    }
    if (res && (res.status === 201 || res.status === 200)) {
      const created = isObject(res.json) ? getCI(res.json, 'id') : undefined;
      if (typeof created !== 'string' || !created) return fail(protocolError('the create answer has no "id"'));
      id = created;
      details.sent = true;
      details.id = id;
      break;
    }
    if (res) {
      failure = httpError(res, `POST /${endpoint}`, session.options.token);
      if (!(res.status >= 500 || res.status === 429)) return fail(failure);
    }
    // No usable answer: the create may or may not have landed. Look before trying again.
    const landed = m.firstQuery ? await queryByAttribute(session, endpoint, m.firstQuery.target, m.firstQuery.value).catch(() => undefined) : undefined;
    if (landed && landed.resources.length === 1) {
      id = String(getCI(landed.resources[0], 'id'));
      details.sent = true;
      details.id = id;
      details.note = `the create failed (${failure!.message}) but the object exists now: the create had gone through, it is not sent again`;
      b.trace.warnings.push(details.note as string);
      break;
    }
    if (!landed) return fail({ ...failure!, message: `${failure!.message} Whether the object was created could not be checked, so the create is not sent again.` });
    if (landed.resources.length > 1) return fail({ category: 'target', code: 'DuplicateTargetEntries', message: `${failure!.message} Several target objects now match ${m.firstQuery!.target}.`, hint: 'Remove the duplicates in the target.' });
    let delay: number;
    if (res?.status === 429) {
      if (throttled >= policy.maxThrottleRetries) return fail(failure!);
      throttled++;
      const after = parseRetryAfter(res.headers['retry-after'], session.clock.now());
      if (after !== undefined && after > policy.maxRetryAfterMs) return fail({ ...failure!, message: `${failure!.message} (Retry-After ${formatMs(after)} is longer than the cap)` });
      delay = after ?? Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (throttled - 1));
    } else {
      if (failures >= maxRetries) return fail(failure!);
      failures++;
      delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
    }
    retries.push(`${failure!.message} The object is not in the target: retried after ${formatMs(delay)}.`);
    try {
      await session.clock.sleep(delay, session.options.signal);
    } catch {
      throw new ScimRequestError('cancelled', 'Provisioning was cancelled.', 'Run it again.');
    }
  }
  if (retries.length) details.retries = retries;
  // References (manager) go in an extra update, as Entra does.
  if (p.deferredReferences.length) {
    const ops = patchOperations(p.deferredReferences.map((f) => ({ path: f.path, value: f.value, present: false })), session.shapes, (n) => session.op(n));
    const res = await session.send({ method: 'PATCH', path: `/${endpoint}/${encodeURIComponent(id!)}`, body: patchBody(ops), purpose: 'reference' });
    details.changes = changesOf([...p.flowing, ...p.deferredReferences], session.redactor, false);
    if (res.status !== 200 && res.status !== 204) {
      const e = httpError(res, `PATCH /${endpoint}/{id} (reference)`, session.options.token);
      b.step('action', 'failed', `Created ${id}, but the reference update failed: ${e.message}`, details, e);
      return id;
    }
  }
  b.step('action', 'success', `Created ${type.toLowerCase()} ${id}`, details);
  return id;
}

async function performDelete(session: Session, b: TraceBuilder, endpoint: 'Users' | 'Groups', id: string): Promise<void> {
  b.current = 'action';
  b.trace.action = 'delete';
  const res = await session.write({ method: 'DELETE', path: `/${endpoint}/${encodeURIComponent(id)}`, purpose: 'delete' });
  const details = { action: 'delete', operation: `DELETE /${endpoint}/${id}`, sent: !!res };
  if (!res) return void b.step('action', 'success', 'Delete prepared, not sent (dry run)', details);
  if (res.status === 204 || res.status === 200) return void b.step('action', 'success', `Deleted ${id} (HTTP ${res.status})`, details);
  if (res.status === 404) return void b.step('action', 'success', `Already gone from the target (HTTP 404)`, details);
  const e = httpError(res, `DELETE /${endpoint}/{id}`, session.options.token);
  b.step('action', 'failed', e.message, details, e);
}

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

/** Provisions one group with its members on demand. Never throws. */
export async function provisionGroup(options: ProvisionGroupOptions): Promise<ProvisionTrace> {
  let session: Session;
  try {
    session = new Session(options);
  } catch (err) {
    return setupFailure('Group', options.group, options.dryRun ?? false, err);
  }
  const b = new TraceBuilder('Group', options.group, options.dryRun ?? false);
  session.builder = b;
  try {
    await groupSteps(session, b, options);
  } catch (err) {
    const e = traceErrorOf(err);
    b.step(b.current, 'failed', e.message, {}, e);
  } finally {
    session.builder = undefined;
    await session.client.close();
  }
  return b.finish(session.redactor);
}

function memberIds(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map(refId).filter((id): id is string => !!id);
}

async function groupSteps(session: Session, b: TraceBuilder, options: ProvisionGroupOptions): Promise<void> {
  const redactor = session.redactor;
  const t = b.trace;
  b.current = 'import';
  const om = session.objectMapping('Group');
  if (!om || !om.enabled) {
    b.step('import', 'failed', 'No enabled group object mapping', {}, {
      category: 'mapping',
      message: om ? `The group object mapping "${om.name ?? 'groups'}" is disabled.` : 'The mapping file has no object mapping for groups (source object Group).',
      hint: 'Enable (or add) the group mapping to provision groups.',
    });
    return;
  }
  const found = session.findGroup(options.group);
  if (!found) {
    b.step('import', 'failed', `No source group ${JSON.stringify(options.group)}`, {}, {
      category: 'input',
      message: `No group with objectId or displayName ${JSON.stringify(options.group)} among the ${(options.groups ?? []).length} source groups.`,
      hint: 'Check the group id or name against the groups file.',
    });
    return;
  }
  const gid = objectIdOf(found) ?? options.group;
  const allMembers = memberIds(found.members);
  const removedMembers = Array.isArray(found['members@delta'])
    ? (found['members@delta'] as unknown[]).filter((e) => isObject(e as JsonValue) && (e as Record<string, unknown>)['@removed'] !== undefined).map(refId).filter((x): x is string => !!x)
    : [];
  const addedFromDelta = Array.isArray(found['members@delta'])
    ? (found['members@delta'] as unknown[]).filter((e) => !(isObject(e as JsonValue) && (e as Record<string, unknown>)['@removed'] !== undefined)).map(refId).filter((x): x is string => !!x)
    : [];
  const members = options.members?.length ? options.members : [...new Set([...allMembers, ...addedFromDelta])];
  t.object = { type: 'Group', id: gid, displayName: str(found.displayName) };
  if (members.length > 5) t.warnings.push(`Entra's provision on demand takes a group with at most 5 members; all ${members.length} are provisioned here.`);
  b.step('import', 'success', `Imported group ${str(found.displayName) ?? gid} (${members.length} ${members.length === 1 ? 'member' : 'members'})`, {
    objectId: gid,
    displayName: found.displayName ?? null,
    members,
    removedMembers,
    attributes: importedAttributes(found, 'Group', redactor),
  });

  b.current = 'scope';
  const source: SourceObject = { ...found, objectId: gid };
  const scope = determineScope(om, source, 'Group', session.options.syncAll ?? false);
  if (!('inScope' in scope)) {
    b.step('scope', 'failed', scope.message, {}, scope);
    return;
  }
  b.step('scope', 'success', scope.inScope ? 'In scope' : `Out of scope: ${scope.reason}`, scope.details);
  const results = computeMappings(session.options.model, om, { ...source, IsSoftDeleted: scope.isSoftDeleted }, redactor, session.options);

  b.current = 'match';
  const m = await match(session, 'Groups', results, redactor);
  if (m.noValue) {
    b.step('match', 'skipped', 'No matching attribute has a value (ImportSkipped)', { attempts: m.attempts, matched: null });
    return skipRest(b, 'skip', 'ImportSkipped', 'The group has no value for any matching attribute: skipped.');
  }
  if (m.id) t.targetId = m.id;
  b.step('match', 'success', m.id ? `Matched target group ${m.id}` : 'No target group matches', {
    attempts: m.attempts,
    matched: m.id ? { id: m.id, resource: m.shown ?? redactor.json(m.resource!) } : null,
  });

  if (!scope.inScope || scope.hardDeleted) {
    // Groups have no soft delete in SCIM: a group that leaves scope is deleted where allowed.
    if (!m.id) return skipRest(b, 'skip', 'EntrySynchronizationSkipped', `Out of scope (${scope.reason}) and not in the target: skipped.`);
    if (!om.actions.delete || session.options.skipOutOfScopeDeletions) {
      return skipRest(b, 'skip', 'EntrySynchronizationSkipped', `Out of scope (${scope.reason}), but ${om.actions.delete ? 'SkipOutOfScopeDeletions is set' : 'the object mapping does not allow Delete'}: the target group is left as it is.`);
    }
    b.step('compute', 'skipped', 'Not needed for a delete', {});
    return performDelete(session, b, 'Groups', m.id);
  }

  let groupId = m.id;
  let created = false;
  if (!m.id) {
    if (!om.actions.create) return skipRest(b, 'skip', 'EntrySynchronizationSkipped', 'Not in the target, but the group object mapping does not allow Create.');
    groupId = await computeAndCreate(session, b, 'Groups', results, m);
    if (!t.completed) return;
    created = true;
    if (groupId) t.targetId = groupId;
  } else if (om.actions.update) {
    const ok = await computeAndWrite(session, b, 'update', results, m.resource!, m.id, 'Groups');
    if (!ok) return;
  } else {
    skipRest(b, 'skip', 'EntrySynchronizationSkipped', 'Matched, but the group object mapping does not allow Update: attributes are left as they are.');
  }

  // ---- members: provision each member user, then PATCH the membership differences.
  const membersMapped = om.attributeMappings.some((a) => a.targetAttributeName?.toLowerCase() === 'members');
  if (!membersMapped) {
    if (members.length) t.warnings.push('The group mapping has no "members" mapping: memberships are not provisioned.');
    return;
  }
  t.members = [];
  const toAdd: string[] = [];
  const skipped: Array<{ member: string; reason: string }> = [];
  for (const memberId of members) {
    const outcome = await runUserOutcome(session, memberId);
    t.members.push(outcome.trace);
    if (!outcome.trace.completed) skipped.push({ member: memberId, reason: 'its provisioning failed' });
    else if (!outcome.inScope) skipped.push({ member: memberId, reason: 'out of scope: not added to the group' });
    else if (!outcome.targetId) skipped.push({ member: memberId, reason: session.options.dryRun ? 'dry run: the member would be created first' : 'no target id' });
    else toAdd.push(outcome.targetId);
  }
  const toRemove: string[] = [];
  b.current = 'action';
  for (const memberId of removedMembers) {
    const r = await session.resolveUserReference(memberId);
    if (r.targetId) toRemove.push(r.targetId);
    else skipped.push({ member: memberId, reason: `left the group; ${r.note}` });
  }
  // Which changes are needed: Entra's membership check query per member.
  const add: string[] = [];
  const remove: string[] = [];
  for (const uid of toAdd) if (created || !groupId || !(await isMember(session, groupId, uid))) add.push(uid);
  for (const uid of toRemove) if (!created && groupId && (await isMember(session, groupId, uid))) remove.push(uid);
  const membership = { add, remove, skipped, operation: groupId ? `PATCH /Groups/${groupId}` : 'PATCH /Groups/{id}' };
  const actionStep = t.steps.filter((s) => s.name === 'action').pop();
  if (!add.length && !remove.length) {
    if (actionStep) actionStep.details.membership = { ...membership, note: 'memberships already match' };
    return;
  }
  const ops: JsonObject[] = [];
  if (add.length) {
    ops.push({ op: session.op('add'), path: 'members', value: add.map((v): JsonObject => (session.shapes === 'legacy' ? { $ref: null, value: v } : { value: v })) });
  }
  if (remove.length) {
    if (session.shapes === 'legacy') ops.push({ op: session.op('remove'), path: 'members', value: remove.map((v) => ({ $ref: null, value: v })) });
    else for (const v of remove) ops.push({ op: session.op('remove'), path: `members[value eq ${filterLiteral(v)}]` });
  }
  const res = await session.write({ method: 'PATCH', path: `/Groups/${groupId ? encodeURIComponent(groupId) : '{id}'}`, body: patchBody(ops), purpose: 'membership' });
  if (t.action === 'none' || t.action === 'skip') {
    t.action = 'update';
    delete t.reason;
  }
  const detail = { ...membership, sent: !!res };
  if (!res) {
    if (actionStep) {
      actionStep.details.membership = detail;
      actionStep.summary += `; membership change prepared, not sent (dry run)`;
      actionStep.status = 'success';
    } else b.step('action', 'success', 'Membership change prepared, not sent (dry run)', { membership: detail });
    return;
  }
  if (res.status === 200 || res.status === 204) {
    const summary = `Members: ${add.length} added, ${remove.length} removed`;
    if (actionStep) {
      actionStep.details.membership = detail;
      actionStep.summary += `; ${summary}`;
      actionStep.status = 'success';
    } else b.step('action', 'success', summary, { membership: detail });
    return;
  }
  const e = httpError(res, 'PATCH /Groups/{id} (members)', session.options.token);
  if (actionStep) {
    actionStep.details.membership = detail;
    actionStep.status = 'failed';
    actionStep.error = e;
    actionStep.summary += `; the membership update failed`;
    t.completed = false;
  } else b.step('action', 'failed', e.message, { membership: detail }, e);
}

/** Entra's membership check: `filter=id eq "<group>" and members[value eq "<user>"]`. */
async function isMember(session: Session, groupId: string, userId: string): Promise<boolean> {
  const filter = `id eq ${filterLiteral(groupId)} and members[value eq ${filterLiteral(userId)}]`;
  const res = await session.send({ method: 'GET', path: `/Groups?excludedAttributes=members&filter=${encodeURIComponent(filter)}`, purpose: 'member check' });
  if (res.status !== 200) throw new StepFailure(httpError(res, 'GET /Groups?filter=id eq … and members[value eq …]', session.options.token, true));
  const read = readListResponse(res);
  if ('problem' in read) throw new StepFailure(protocolError(read.problem));
  return read.list.resources.length > 0 || (read.list.totalResults ?? 0) > 0;
}

/** Either kind of subject. */
export async function provisionOnDemand(options: ProvisionOptions & { subject: { type: 'User' | 'Group'; id: string; members?: string[] } }): Promise<ProvisionTrace> {
  return options.subject.type === 'Group'
    ? provisionGroup({ ...options, group: options.subject.id, members: options.subject.members })
    : provisionUser({ ...options, user: options.subject.id });
}

export { isGroupMapping };
