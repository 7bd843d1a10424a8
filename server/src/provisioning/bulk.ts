// The bulk dry run: scope and every attribute mapping for many source users at once, with no HTTP
// (what an initial cycle would compute before it talks to the target). Expressions are compiled
// once per object mapping (compute.ts prepareMappings) and reused for every user; nothing per
// user is kept unless the caller keeps it (`onUser`), so 100,000 users run in constant memory.
// The values are those provision on demand computes for the same user (compute.ts
// computeMappings, with IsSoftDeleted set from the scope decision as the engine does); they are
// not redacted: a caller that shows them must mask `row.redacted` values.
import type { JsonValue } from '../model/json';
import type { MappingModel, ObjectMapping } from '../model/types';
import { readScopeFilter } from '../scoping/read';
import type { ScopeFilter } from '../scoping/model';
import { computeValue, isGroupMapping, prepareMappings, PreparedMapping, SourceObject } from './compute';
import { decideScope, ScopeReason } from './scope';
import type { EvalContext } from '../evaluate';

export interface BulkOptions {
  /**
   * The object mapping to run: one of the model's, or its name. Default: the enabled object
   * mapping whose source object is User (as provision on demand picks it).
   */
  objectMapping?: ObjectMapping | string;
  /** Scope "Sync all users and groups" (default: only assigned ones; see `assigned`). */
  syncAll?: boolean;
  /** Now() for expressions (default: the real time). */
  now?: Date;
  /** Randomness for Guid() / RandomString(). */
  random?: () => number;
  /** Receives each user's row, in order. The row object is reused: copy what you keep. */
  onUser?: (row: BulkRow) => void;
  /** How many errors the report lists (all are counted). Default 100. */
  maxErrorSamples?: number;
}

/** One user's result. `values[i]` belongs to `report.targets[i]`. */
export interface BulkRow {
  /** Position in the input. */
  index: number;
  /** `objectId` (or Graph's `id`). */
  id: string | undefined;
  inScope: boolean;
  reason: ScopeReason;
  /**
   * Per mapping: the value for the target (converted to its JSON type); null when the mapping
   * has no value (null, or no source); undefined when it does not flow (IgnoreFlowIfNullOrEmpty)
   * or fails (see `errors`).
   */
  values: Array<JsonValue | null | undefined>;
  /** Mappings that failed for this user, by index. */
  errors: Array<{ mapping: number; message: string }>;
  /** Indexes of values that are secret (Redact(), a sensitive source, a password target). */
  redacted: number[];
}

export interface BulkReport {
  /** The object mapping's name. */
  mapping: string | null;
  /** The target attribute of each value index. */
  targets: string[];
  users: number;
  inScope: number;
  /** Users out of scope, by the first reason. */
  outOfScope: Partial<Record<ScopeReason, number>>;
  /** Mapping evaluations (users × mappings). */
  evaluations: number;
  /** How many evaluations produced a value, no value (null), no flow, or an error. */
  outcomes: { value: number; null: number; noflow: number; error: number };
  /** The first errors (up to maxErrorSamples). */
  errorSamples: Array<{ index: number; id: string | undefined; target: string; message: string }>;
  durationMs: number;
}

/** A problem with the run as a whole (no such object mapping, an unreadable scoping filter). */
export class BulkSetupError extends Error {}

function pickObjectMapping(model: MappingModel, wanted: BulkOptions['objectMapping']): ObjectMapping {
  const all = model.rules.flatMap((r) => r.objectMappings).filter((om) => !om.raw);
  if (wanted && typeof wanted !== 'string') return wanted;
  if (typeof wanted === 'string') {
    const om = all.find((o) => (o.name ?? '').toLowerCase() === wanted.toLowerCase());
    if (!om) throw new BulkSetupError(`no object mapping named ${JSON.stringify(wanted)} (there are: ${all.map((o) => JSON.stringify(o.name ?? '')).join(', ')})`);
    return om;
  }
  const users = all.filter((o) => (o.sourceObjectName ?? '').toLowerCase() === 'user');
  const om = users.find((o) => o.enabled) ?? users[0];
  if (!om) throw new BulkSetupError('the mapping file has no object mapping for users (source object User)');
  return om;
}

function idOf(u: SourceObject): string | undefined {
  const id = typeof u.objectId === 'string' && u.objectId ? u.objectId : u.id;
  return typeof id === 'string' && id ? id : undefined;
}

/**
 * Computes scope and all attribute mappings for every user. Throws BulkSetupError when the object
 * mapping cannot be run at all; per-user problems are counted and sampled, never thrown.
 */
export function computeBulk(model: MappingModel, users: Iterable<SourceObject>, options: BulkOptions = {}): BulkReport {
  const started = performance.now();
  const om = pickObjectMapping(model, options.objectMapping);
  const type = isGroupMapping(om) ? 'Group' : 'User';
  const read = readScopeFilter(om.scope ? om.scope.json : null);
  if (read.diagnostics.length) throw new BulkSetupError(`the scoping filter cannot be evaluated: ${read.diagnostics[0].message}`);
  const filter: ScopeFilter | null = read.filter;
  const prepared: PreparedMapping[] = prepareMappings(model, om);
  const readsSoftDeleted = prepared.some((p) => p.softDelete);
  const staticRedacted = prepared.map((p, i) => (p.sensitiveTarget || p.sensitiveInput ? i : -1)).filter((i) => i >= 0);
  const maxSamples = options.maxErrorSamples ?? 100;
  const syncAll = options.syncAll ?? false;

  const report: BulkReport = {
    mapping: om.name ?? null,
    targets: prepared.map((p) => p.target),
    users: 0,
    inScope: 0,
    outOfScope: {},
    evaluations: 0,
    outcomes: { value: 0, null: 0, noflow: 0, error: 0 },
    errorSamples: [],
    durationMs: 0,
  };
  const row: BulkRow = { index: 0, id: undefined, inScope: false, reason: 'in scope', values: new Array(prepared.length), errors: [], redacted: [] };
  const context: EvalContext = { source: {}, now: options.now, random: options.random };
  const outcomes = report.outcomes;
  let index = 0;
  for (const user of users) {
    const scope = decideScope(filter, user, type, syncAll);
    if (scope.inScope) report.inScope++;
    else report.outOfScope[scope.reason] = (report.outOfScope[scope.reason] ?? 0) + 1;
    // The engine evaluates with IsSoftDeleted as it decided it (out of scope ⇒ soft-deleted).
    const softDeleted = !scope.inScope;
    context.source = readsSoftDeleted && user.IsSoftDeleted !== softDeleted ? { ...user, IsSoftDeleted: softDeleted } : user;
    row.index = index;
    row.id = idOf(user);
    row.inScope = scope.inScope;
    row.reason = scope.reason;
    row.errors.length = 0;
    row.redacted.length = 0;
    for (let i = 0; i < staticRedacted.length; i++) row.redacted.push(staticRedacted[i]);
    const values = row.values;
    for (let i = 0; i < prepared.length; i++) {
      const c = computeValue(prepared[i], context);
      if (c.outcome === 'value') {
        values[i] = c.value;
        outcomes.value++;
      } else if (c.outcome === 'null') {
        values[i] = null;
        outcomes.null++;
      } else if (c.outcome === 'noflow') {
        values[i] = undefined;
        outcomes.noflow++;
      } else {
        values[i] = undefined;
        outcomes.error++;
        row.errors.push({ mapping: i, message: c.error });
        if (report.errorSamples.length < maxSamples) report.errorSamples.push({ index, id: row.id, target: prepared[i].target, message: c.error });
      }
      if (c.redacted && !prepared[i].sensitiveTarget && !prepared[i].sensitiveInput) row.redacted.push(i);
    }
    report.evaluations += prepared.length;
    options.onUser?.(row);
    index++;
  }
  report.users = index;
  report.durationMs = Math.round(performance.now() - started);
  return report;
}
