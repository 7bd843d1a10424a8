// App role functions: SingleAppRoleAssignment, AppRoleAssignmentsComplex and (from the mapping
// tutorial, spec 4.44) AssertiveAppRoleAssignmentsComplex, over the user's [appRoleAssignments].
//
// Accepted forms of the appRoleAssignments value (docs/evaluation.md, "App roles"):
//   [ { "appRoleId": "...", "appRoleValue": "Admin", "displayName": "Administrator" }, ... ]
//     (the role's value may also be given as "value"; "id" stands for appRoleId when appRoleId is
//     absent), one such object alone, or plain role values [ "Admin", "Reader" ].
// Assignments of the default access role (appRoleId 00000000-0000-0000-0000-000000000000 without a
// value or name) carry no role and are skipped.

import { EvalError } from '../errors';
import { evValue } from '../convert';
import type { Binder, CallSite, CNode } from '../state';
import { AppRole, ComplexValue, describeKind, ReferenceValue, RolesMode, RolesValue, textOf, Value } from '../values';

const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';

function str(o: Record<string, unknown>, ...keys: string[]): string | null {
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
    const v = o[k];
    if (typeof v === 'string' && v !== '') return v;
  }
  return null;
}

function notAssignments(site: CallSite, node: CNode, why: string): EvalError {
  return new EvalError(
    'EVL015',
    `${site.fn.name} needs [appRoleAssignments]: a list of assignments such as { "appRoleId": "…", "appRoleValue": "Admin", "displayName": "Administrator" } or plain role values. ${why}`,
    node.start,
    node.end,
  );
}

/** The roles an appRoleAssignments value holds, in order, without duplicates. */
export function rolesOf(v: Value, site: CallSite, node: CNode): AppRole[] | null {
  if (v === null) return null;
  let items: unknown[];
  if (typeof v === 'string') items = v === '' ? [] : [v];
  else if (Array.isArray(v)) items = v;
  else if (v instanceof ComplexValue) items = Array.isArray(v.raw) ? v.raw : [v.raw];
  else if (v instanceof ReferenceValue) items = [v.raw ?? v.id];
  else if (v instanceof RolesValue) return v.roles.slice();
  else throw notAssignments(site, node, `It is ${describeKind(v)}.`);
  const roles: AppRole[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    let role: AppRole;
    if (typeof item === 'string') {
      if (item === '') return;
      role = { id: undefined, value: item, displayName: item };
    } else if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const o = item as Record<string, unknown>;
      const id = str(o, 'appRoleId') ?? str(o, 'id') ?? undefined;
      const value = str(o, 'appRoleValue', 'value');
      const displayName = str(o, 'displayName', 'appRoleDisplayName');
      if (value === null && displayName === null) {
        if (id === DEFAULT_ACCESS) return;
        throw notAssignments(site, node, `Element ${i + 1} has neither "appRoleValue" (or "value") nor "displayName".`);
      }
      role = { id, value, displayName };
    } else if (item === null || item === undefined) {
      return;
    } else {
      throw notAssignments(site, node, `Element ${i + 1} is ${typeof item === 'number' || typeof item === 'boolean' ? textOf(item) : 'not an object'}.`);
    }
    const key = role.id ?? `value:${role.value ?? ''}|${role.displayName ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    roles.push(role);
  });
  return roles;
}

function roleBinder(mode: RolesMode): Binder {
  return (site) => {
    const arg = site.arg('appRoleAssignments')!;
    return (st) => {
      const roles = rolesOf(evValue(st, arg), site, arg);
      if (roles === null || roles.length === 0) return null;
      return new RolesValue(mode, mode === 'single' ? [roles[0]] : roles);
    };
  };
}

/**
 * SingleAppRoleAssignment([appRoleAssignments]): one role; its text is the role's value (or its
 * display name when it has no value). [undocumented] With several assignments the docs guarantee
 * nothing; entramap takes the first. No assignment gives null.
 */
export const SingleAppRoleAssignment: Binder = roleBinder('single');

/**
 * AppRoleAssignmentsComplex([appRoleAssignments]): all the roles, as SCIM role objects
 * { primary: false, type: "WindowsAzureActiveDirectoryRole", displayName, value } (POST shape);
 * updates only add roles. Duplicate assignments of one role count once. None gives null.
 */
export const AppRoleAssignmentsComplex: Binder = roleBinder('complex');

/**
 * AssertiveAppRoleAssignmentsComplex([appRoleAssignments]): as AppRoleAssignmentsComplex, with role
 * objects { primary: false, type, display, value } that replace the target's whole roles collection.
 */
export const AssertiveAppRoleAssignmentsComplex: Binder = roleBinder('assertive');
