// Target attribute paths an object mapping can write, with the facts completion and hover show:
// SCIM core and enterprise attributes (multi-valued ones as whole `emails[type eq "work"].value`
// paths), the app template's attributes (required / filterable from its tutorial), its extension
// schemas, or — when the document defines the target object — exactly the directory's names.
import type { AppAttribute } from '../../catalog/templates/apps';
import {
  commonAttributes,
  entraTargetRestriction,
  resolveTargetPath,
  resourceType,
  ResolvedTargetPath,
  ScimAttribute,
  scimSchema,
  targetPathExamples,
} from '../../catalog/scim-schemas';
import { defaultSourceFor } from '../../check/proposals';
import { appAttributeTable, TargetContext, TargetFacts } from '../../check/target-context';
import type { AttributeDefinition, ObjectDefinition } from '../../model/types';
import type { DocumentFacts } from './context';

export interface TargetPathInfo {
  /** The path as written on a mapping line. */
  path: string;
  /** Identity (TargetContext key): the same attribute however it is spelled. */
  key: string;
  /** String, Boolean, Integer, DateTime, Reference, Complex, ...; undefined when unknown. */
  type?: string;
  multiValued: boolean;
  required: boolean;
  /** The target can find objects by it (a matching attribute). */
  filterable: boolean;
  mutability?: string;
  description?: string;
  /** Where the path comes from. */
  origin: 'app' | 'scim' | 'directory';
  /** The app tutorial's entry. */
  appAttribute?: AppAttribute;
  /** The usual Entra ID source (check/proposals.ts), when there is one. */
  defaultSource?: string;
  /** Ranking tier: 0 the app's and Entra's default paths, 1 other SCIM paths, 2 rarely used ones. */
  tier: number;
}

/** Sub-attributes of multi-valued attributes worth offering for each `type` value. */
const RARE_SUBATTRIBUTES = new Set(['display']);
const RARE_ATTRIBUTES = new Set(['ims', 'photos', 'x509Certificates', 'roles', 'nickName', 'profileUrl', 'password']);

function scimPaths(object: 'User' | 'Group', extensions: DocumentFacts['extensions']): { path: string; attr: ScimAttribute; leaf: ScimAttribute; rare: boolean }[] {
  const rt = resourceType(object);
  if (!rt) return [];
  const out: { path: string; attr: ScimAttribute; leaf: ScimAttribute; rare: boolean }[] = [];
  const add = (prefix: string, a: ScimAttribute) => {
    if (a.mutability === 'readOnly') return;
    const rare = RARE_ATTRIBUTES.has(a.name);
    if (a.type !== 'complex') {
      out.push({ path: prefix + a.name, attr: a, leaf: a, rare });
      return;
    }
    const subs = (a.subAttributes ?? []).filter((s) => s.mutability !== 'readOnly');
    if (subs.some((s) => s.name === '$ref') || (!a.multiValued && prefix && a.name === 'manager')) {
      // An object reference (members, manager): mapped whole.
      out.push({ path: prefix + a.name, attr: a, leaf: a, rare });
      return;
    }
    if (!a.multiValued) {
      for (const s of subs) out.push({ path: `${prefix}${a.name}.${s.name}`, attr: a, leaf: s, rare });
      return;
    }
    const type = subs.find((s) => s.name === 'type');
    const values = type?.canonicalValues?.length ? type.canonicalValues : undefined;
    const leaves = subs.filter((s) => s.name !== 'type' && s.name !== 'primary');
    if (values) {
      for (const v of values) {
        for (const s of leaves) out.push({ path: `${prefix}${a.name}[type eq "${v}"].${s.name}`, attr: a, leaf: s, rare: rare || RARE_SUBATTRIBUTES.has(s.name) });
      }
    } else if (subs.some((s) => s.name === 'primary')) {
      for (const s of leaves) out.push({ path: `${prefix}${a.name}[primary eq "True"].${s.name}`, attr: a, leaf: s, rare: rare || RARE_SUBATTRIBUTES.has(s.name) });
    }
  };
  const core = scimSchema(rt.schema);
  for (const a of core?.attributes ?? []) add('', a);
  for (const a of commonAttributes()) add('', a);
  for (const id of rt.schemaExtensions) for (const a of scimSchema(id)?.attributes ?? []) add(`${id}:`, a);
  for (const ext of extensions) {
    if (!ext.id.toLowerCase().endsWith(`:${object.toLowerCase()}`)) continue;
    for (const a of ext.attributes) add(`${ext.id}:`, a);
  }
  return out;
}

function graphDefinitionType(def: AttributeDefinition): string {
  return def.type;
}

/** Every path the object mapping's target can take, best first. Computed once per context. */
export function targetPathsFor(target: TargetContext, definition: ObjectDefinition | undefined, facts: DocumentFacts): TargetPathInfo[] {
  const required = new Set(target.checkable ? target.requiredAttributes().map((r) => r.key) : []);
  const object = target.scimObject;
  const appTable = facts.app && object ? appAttributeTable(facts.app, object) : undefined;
  const seen = new Map<string, TargetPathInfo>();
  const out: TargetPathInfo[] = [];
  const push = (info: TargetPathInfo) => {
    if (seen.has(info.key)) return;
    seen.set(info.key, info);
    out.push(info);
  };

  if (definition) {
    for (const def of definition.attributes) {
      if (!def.name || def.mutability === 'ReadOnly') continue;
      const r = target.lookup(def.name);
      const key = r.key;
      push({
        path: def.name,
        key,
        type: graphDefinitionType(def),
        multiValued: def.multivalued,
        required: def.required || required.has(key),
        filterable: target.isFilterable(def.name) === true || def.anchor,
        mutability: def.mutability,
        origin: 'directory',
        appAttribute: appTable?.get(key),
        defaultSource: defaultSourceFor(object, key),
        tier: def.required || defaultSourceFor(object, key) ? 0 : 1,
      });
    }
    return out;
  }
  if (!object) return out;

  const fromScim = (path: string, rare: boolean, origin: TargetPathInfo['origin'], appAttr?: AppAttribute) => {
    const r = target.lookup(path);
    const resolved = resolveTargetPath(path, { resourceType: object, extensions: facts.extensions });
    if (!resolved.ok && origin !== 'app') return;
    if (resolved.ok && entraTargetRestriction(resolved.path)) return;
    const facts2: TargetFacts | undefined = r.facts;
    const leaf = resolved.ok ? resolved.path.leaf : undefined;
    const key = r.key;
    const app = appAttr ?? appTable?.get(key);
    const dflt = defaultSourceFor(object, key);
    push({
      path: resolved.ok ? resolved.path.canonical.replace(/^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/, '') : path,
      key,
      type: facts2?.type,
      multiValued: resolved.ok ? resolved.path.attribute.multiValued && !resolved.path.filter && !resolved.path.subAttribute : false,
      required: required.has(key),
      filterable: target.isFilterable(path) === true,
      mutability: leaf?.mutability,
      description: resolved.ok ? describeResolved(resolved.path) : undefined,
      origin,
      appAttribute: app,
      defaultSource: dflt,
      tier: app || dflt || required.has(key) ? 0 : rare ? 2 : 1,
    });
  };
  for (const a of facts.app?.objects[object] ?? []) fromScim(a.path, false, 'app', a);
  for (const p of targetPathExamples()) if (!/extension:Contoso/.test(p)) fromScim(p, false, 'scim');
  for (const p of scimPaths(object, facts.extensions)) fromScim(p.path, p.rare, 'scim');
  return out;
}

/** The description of a resolved path: its leaf, under its attribute when they differ. */
export function describeResolved(p: ResolvedTargetPath): string {
  const parts: string[] = [];
  if (p.subAttribute && p.attribute.description) parts.push(p.attribute.description);
  if (p.filter) parts.push(`The value whose ${p.filter.attribute.name} is "${p.filter.value}".`);
  if (p.leaf.description) parts.push(p.leaf.description);
  return parts.join(' ');
}
