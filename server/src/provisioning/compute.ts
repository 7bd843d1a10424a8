// Computing attribute mappings for one source object (the "compute" step): evaluate each mapping's
// expression with the evaluator, record its inputs, convert the result to the JSON the target
// attribute takes, and decide whether it flows (provisioning-engine.md 4.2, expression-language.md
// section 8): defaults only on create, null never flows, IgnoreFlowIfNullOrEmpty, on-create-only
// mappings, add-only flow types.
import { sourceCatalog } from '../catalog/source-attributes';
import { evaluateExpression, ReferenceValue, RolesValue, textOf, toJson } from '../evaluate';
import type { Value } from '../evaluate';
import { walk } from '../language/expression/ast';
import type { JsonValue } from '../model/json';
import type { AttributeDefinition, AttributeMapping, MappingModel, ObjectMapping } from '../model/types';
import { CurrentValue, TargetPath, targetPath } from './paths';
import { Redactor, REDACTED, isSensitiveName } from './redact';

export type SourceObject = Record<string, unknown>;

export interface EvaluationContext {
  now?: Date;
  random?: () => number;
}

/** One mapping, evaluated. `value` is the target JSON (not redacted: only traces redact). */
export interface MappingResult {
  mapping: AttributeMapping;
  /** Target attribute path as mapped. */
  target: string;
  path?: TargetPath;
  mappingType: string;
  /** The expression text; null for a `none` mapping. */
  expression: string | null;
  /** Source attributes the expression reads, with their values. */
  inputs: Record<string, unknown>;
  outcome: 'value' | 'null' | 'noflow' | 'error';
  /** The value for the target (after conversion); undefined unless outcome is "value". */
  value?: JsonValue;
  /** The evaluator's value, for references. */
  raw?: Value;
  /** The referenced source object id, when the value is a reference (manager). */
  referenceId?: string;
  /** Redact() was evaluated, or a sensitive source attribute was read. */
  redacted: boolean;
  error?: string;
  /** Why IgnoreFlowIfNullOrEmpty dropped the attribute. */
  noflowReason?: string;
  /** The mapping reads IsSoftDeleted (it carries the disable). */
  softDelete: boolean;
  matchingPriority: number;
  flowType: string;
}

/** The attribute names an expression reads. */
export function inputNames(mapping: AttributeMapping): string[] {
  const names: string[] = [];
  const expr = mapping.source?.expression.parse.expr;
  walk(expr, (node) => {
    if (node.kind === 'attribute' && !names.includes(node.name)) names.push(node.name);
  });
  return names;
}

function lookup(source: SourceObject, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(source, name)) return source[name];
  const lower = name.toLowerCase();
  const key = Object.keys(source).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : source[key];
}

/** Definition of a target attribute in the model's target directory, when the file has one. */
export function targetDefinition(model: MappingModel, om: ObjectMapping, name: string): AttributeDefinition | undefined {
  const targetObject = om.targetObjectName?.toLowerCase();
  for (const dir of model.directories) {
    for (const obj of dir.objects) {
      if (!obj.name || obj.name.toLowerCase() !== targetObject) continue;
      const def = obj.attributes.find((a) => a.name?.toLowerCase() === name.toLowerCase());
      if (def) return def;
    }
  }
  return undefined;
}

/** Converts an evaluator value into the JSON the target path takes. */
export function toTargetJson(v: Value, path: TargetPath | undefined): { ok: true; value: JsonValue } | { ok: false; reason: string } | { ok: true; value: null } {
  if (v === null) return { ok: true, value: null };
  const type = path?.type ?? 'string';
  if (v instanceof ReferenceValue) return { ok: true, value: v.id };
  if (v instanceof RolesValue && v.mode !== 'single') return { ok: true, value: toJson(v) as JsonValue };
  if (type === 'complex') return { ok: true, value: toJson(v) as JsonValue };
  if (Array.isArray(v)) {
    const list = v.slice();
    if (path?.leafMultiValued || (path?.filter && path.multiValued)) {
      return type === 'boolean' ? { ok: false, reason: 'a multi-valued value cannot go into a Boolean attribute' } : { ok: true, value: list };
    }
    if (list.length === 1) return toTargetJson(list[0], path);
    return {
      ok: false,
      reason: `the value has ${list.length} values but ${path?.text ?? 'the target'} is single-valued (SchemaPropertyCanOnlyAcceptValue); use Join() or Item()`,
    };
  }
  const text = textOf(v);
  if (text === undefined) return { ok: true, value: toJson(v) as JsonValue };
  if (type === 'boolean') {
    if (typeof v === 'boolean') return { ok: true, value: v };
    const t = text.trim().toLowerCase();
    if (t === 'true') return { ok: true, value: true };
    if (t === 'false') return { ok: true, value: false };
    return { ok: false, reason: `${JSON.stringify(text)} is not a Boolean ("True" or "False") for ${path?.text}` };
  }
  if (type === 'integer' || type === 'decimal') {
    if (typeof v === 'number') return { ok: true, value: v };
    const n = Number(text.trim());
    if (text.trim() !== '' && Number.isFinite(n) && (type === 'decimal' || Number.isInteger(n))) return { ok: true, value: n };
    return { ok: false, reason: `${JSON.stringify(text)} is not ${type === 'integer' ? 'an integer' : 'a number'} for ${path?.text}` };
  }
  return { ok: true, value: text };
}

function display(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof ReferenceValue) return value.id;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * Evaluates every attribute mapping of an object mapping against `source`. Values of sensitive
 * source attributes and of Redact() results are added to `redactor`.
 */
export function computeMappings(
  model: MappingModel,
  om: ObjectMapping,
  source: SourceObject,
  redactor: Redactor,
  ctx: EvaluationContext,
): MappingResult[] {
  const resourceType = isGroupMapping(om) ? 'Group' : 'User';
  const catalog = sourceCatalog(resourceType);
  return om.attributeMappings
    .filter((m) => !m.raw && m.targetAttributeName)
    .map((m) => {
      const target = m.targetAttributeName!;
      const path = targetPath(target, resourceType, targetDefinition(model, om, target));
      const names = inputNames(m);
      // A secret target (password, ...) is never shown, whatever feeds it.
      let redacted = isSensitiveName(target);
      const inputs: Record<string, unknown> = {};
      for (const n of names) {
        const v = lookup(source, n);
        const sensitive = catalog.get(n)?.sensitive || isSensitiveName(n);
        if (sensitive) {
          redacted = true;
          redactor.addValue(v);
          inputs[n] = v === undefined || v === null ? null : REDACTED;
        } else inputs[n] = display(v);
      }
      const base = {
        mapping: m,
        target,
        path: 'error' in path ? undefined : path,
        mappingType: m.mappingType ?? 'unknown',
        expression: m.source ? m.source.expression.text : null,
        inputs,
        redacted,
        softDelete: names.some((n) => n.toLowerCase() === 'issoftdeleted'),
        matchingPriority: m.matchingPriority,
        flowType: m.flowType,
      };
      if ('error' in path) return { ...base, outcome: 'error' as const, error: `target attribute "${target}": ${path.error}` };
      if (!m.source) return { ...base, outcome: 'null' as const };
      const outcome = evaluateExpression(m.source.expression.text, { source, now: ctx.now, random: ctx.random });
      if (outcome.kind === 'error') return { ...base, outcome: 'error' as const, error: `${outcome.message} (${outcome.code})` };
      if (outcome.redacted) base.redacted = true;
      if (outcome.kind === 'noflow') return { ...base, outcome: 'noflow' as const, noflowReason: outcome.reason };
      const raw = outcome.value;
      if (base.redacted) redactor.addValue(textOf(raw) ?? (Array.isArray(raw) ? raw : undefined));
      const converted = toTargetJson(raw, path);
      if (!converted.ok) return { ...base, outcome: 'error' as const, raw, error: converted.reason };
      if (converted.value === null) return { ...base, outcome: 'null' as const, raw };
      const referenceId = raw instanceof ReferenceValue ? raw.id : path.reference && typeof converted.value === 'string' ? converted.value : undefined;
      return { ...base, outcome: 'value' as const, raw, value: converted.value, referenceId: path.reference ? referenceId : undefined };
    });
}

export function isGroupMapping(om: ObjectMapping): boolean {
  return (om.sourceObjectName ?? '').toLowerCase() === 'group';
}

export type FlowKind = 'create' | 'update' | 'disable';

export interface FlowDecision {
  flows: boolean;
  /** The value that flows (the default on create when the source is null). */
  value?: JsonValue;
  reason?: string;
}

function defaultJson(m: MappingResult): JsonValue | undefined {
  const d = m.mapping.defaultValue;
  if (d === null || d === undefined) return undefined;
  const converted = toTargetJson(d, m.path);
  return converted.ok ? converted.value : undefined;
}

/**
 * Whether a computed mapping flows in a create, an update or a disable, given the target's
 * current value (updates). References flow only once resolved (the caller sets `value`).
 */
export function decideFlow(m: MappingResult, kind: FlowKind, current?: CurrentValue): FlowDecision {
  if (m.outcome === 'error') return { flows: false, reason: m.error };
  if (kind === 'disable' && !m.softDelete) return { flows: false, reason: 'a disable sends only the IsSoftDeleted mappings' };
  if (m.outcome === 'noflow') return { flows: false, reason: m.noflowReason ?? 'IgnoreFlowIfNullOrEmpty: the value is null or empty, so the attribute does not flow' };
  const addOnly = m.flowType === 'ObjectAddOnly';
  if (kind !== 'create' && addOnly) return { flows: false, reason: 'applied only when the object is created' };
  if (m.outcome === 'null') {
    const def = defaultJson(m);
    if (kind === 'create') {
      if (def !== undefined) return { flows: true, value: def, reason: 'the source is null: default value used' };
      return { flows: false, reason: m.mapping.source ? 'null: never provisioned' : 'no source and no default value' };
    }
    if (!m.mapping.source && def !== undefined && current && !current.present) {
      // A "None" mapping fills an empty target with its default.
      return { flows: true, value: def, reason: 'the target is empty: default value used' };
    }
    return { flows: false, reason: m.mapping.source ? 'null: never provisioned (a default applies only on create)' : 'no source: the target is left as it is' };
  }
  if (kind !== 'create' && m.flowType === 'AttributeAddOnly' && current?.present) {
    return { flows: false, reason: 'AttributeAddOnly: the target already has a value' };
  }
  if (kind !== 'create' && (m.flowType === 'ValueAddOnly' || m.flowType === 'MultiValueAddOnly') && current?.present) {
    const now = Array.isArray(current.value) ? current.value : [current.value];
    const wanted = Array.isArray(m.value) ? m.value : [m.value!];
    const added = wanted.filter((w) => !now.some((c) => JSON.stringify(c).toLowerCase() === JSON.stringify(w).toLowerCase()));
    if (!added.length) return { flows: false, reason: `${m.flowType}: nothing to add` };
    return { flows: true, value: Array.isArray(m.value) ? [...now, ...added] as JsonValue : m.value };
  }
  return { flows: true, value: m.value };
}
