// Whether a source object is in scope for provisioning, as the provisioning service decides it
// (provisioning-engine.md section 7.1 step 3, scoping-filters.md sections 6-8): present in the
// source (not hard- or soft-deleted), active, assigned to the application (unless "Sync all"),
// and passing the scoping filter. Shared by provision on demand (which explains it in the trace)
// and the bulk dry run (which needs only the verdict).
import { sourceCatalog } from '../catalog/source-attributes';
import type { JsonValue } from '../model/json';
import { evaluateScope } from '../scoping/evaluate';
import type { ScopeFilter, ScopeVerdict } from '../scoping/model';
import { isObject } from './scim';

export type ScopeReason =
  | 'in scope'
  | 'deleted in the source'
  | 'soft-deleted in the source'
  | 'blocked from sign-in (accountEnabled is false)'
  | 'not assigned to the application'
  | 'no scoping filter passed';

export interface ScopeDecision {
  inScope: boolean;
  /** Graph delta's `"@removed": { "reason": "deleted" }`: gone from Entra ID (a delete). */
  hardDeleted: boolean;
  /** `IsSoftDeleted: true`, or `deletedDateTime` set: in the recycle bin (a disable). */
  softDeleted: boolean;
  /** Not blocked from sign-in (`accountEnabled` is not false); always true for groups. */
  active: boolean;
  /** Assigned to the application (`assigned` is not false), or the scope is "Sync all". */
  assigned: boolean;
  /** The scoping filter's verdict, clause by clause. */
  verdict: ScopeVerdict;
  /** The first reason the object is out of scope, or "in scope". */
  reason: ScopeReason;
}

function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

function falsy(v: unknown): boolean {
  return v === false || (typeof v === 'string' && v.toLowerCase() === 'false');
}

/** Decides the scope of one source object. `filter` is the object mapping's scoping filter, read. */
export function decideScope(filter: ScopeFilter | null, source: Record<string, unknown>, type: 'User' | 'Group', syncAll: boolean): ScopeDecision {
  const removed = source['@removed'];
  const hardDeleted = isObject(removed as JsonValue) && String((removed as Record<string, unknown>).reason ?? '').toLowerCase() === 'deleted';
  const softDeleted = truthy(source.IsSoftDeleted) || (source.deletedDateTime !== undefined && source.deletedDateTime !== null);
  const active = type === 'Group' || !falsy(source.accountEnabled);
  const assigned = syncAll || !falsy(source.assigned);
  const verdict = evaluateScope(filter, source, { catalog: sourceCatalog(type) });
  const inScope = !hardDeleted && !softDeleted && active && assigned && verdict.inScope;
  const reason: ScopeReason = hardDeleted
    ? 'deleted in the source'
    : softDeleted
      ? 'soft-deleted in the source'
      : !active
        ? 'blocked from sign-in (accountEnabled is false)'
        : !assigned
          ? 'not assigned to the application'
          : !verdict.inScope
            ? 'no scoping filter passed'
            : 'in scope';
  return { inScope, hardDeleted, softDeleted, active, assigned, verdict, reason };
}
