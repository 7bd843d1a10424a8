// Computing attribute mappings for one source object (the "compute" step): evaluate each mapping's
// expression with the evaluator, record its inputs, convert the result to the JSON the target
// attribute takes, and decide whether it flows (provisioning-engine.md 4.2, expression-language.md
// section 8): defaults only on create, null never flows, IgnoreFlowIfNullOrEmpty, on-create-only
// mappings, add-only flow types.
import { sourceCatalog } from '../catalog/source-attributes';
import { compileExpression, evaluate, ReferenceValue, RolesValue, textOf, toJson } from '../evaluate';
import type { CompiledExpression, EvalContext, Value } from '../evaluate';
import { walk } from '../language/expression/ast';
import type { JsonValue } from '../model/json';
import type { AttributeDefinition, AttributeMapping, MappingModel, ObjectMapping } from '../model/types';
import { CurrentValue, TargetPath, missingValues, targetPath } from './paths';
import { Redactor, REDACTED, isSensitiveName } from './redact';
import { FLOW_REASONS } from './trace';

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
  // Only keys of the same length can match: most absent attributes cost no lowercasing at all.
  for (const k in source) {
    if (k.length === name.length && Object.prototype.hasOwnProperty.call(source, k) && k.toLowerCase() === lower) return source[k];
  }
  return undefined;
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
 * One attribute mapping with everything that does not depend on the source object worked out
 * once: its target path, the attributes its expression reads, which of them are sensitive, and
 * the compiled expression. Prepared once per object mapping and reused for every user.
 */
export interface PreparedMapping {
  mapping: AttributeMapping;
  target: string;
  path?: TargetPath;
  /** Why the target path is unusable. */
  pathError?: string;
  mappingType: string;
  expression: string | null;
  /** Source attributes the expression reads, and whether each is sensitive. */
  inputs: Array<{ name: string; sensitive: boolean }>;
  /** The target names a secret (password, ...): never shown, whatever feeds it. */
  sensitiveTarget: boolean;
  /** Some input is sensitive. */
  sensitiveInput: boolean;
  compiled?: CompiledExpression;
  softDelete: boolean;
  matchingPriority: number;
  flowType: string;
}

const preparedCache = new WeakMap<ObjectMapping, { model: MappingModel; list: PreparedMapping[] }>();

/** The attribute mappings of `om`, prepared (cached per object mapping of a model). */
export function prepareMappings(model: MappingModel, om: ObjectMapping): PreparedMapping[] {
  const hit = preparedCache.get(om);
  if (hit && hit.model === model) return hit.list;
  const resourceType = isGroupMapping(om) ? 'Group' : 'User';
  const catalog = sourceCatalog(resourceType);
  const list = om.attributeMappings
    .filter((m) => !m.raw && m.targetAttributeName)
    .map((m): PreparedMapping => {
      const target = m.targetAttributeName!;
      const path = targetPath(target, resourceType, targetDefinition(model, om, target));
      const inputs = inputNames(m).map((name) => ({ name, sensitive: !!catalog.get(name)?.sensitive || isSensitiveName(name) }));
      return {
        mapping: m,
        target,
        path: 'error' in path ? undefined : path,
        pathError: 'error' in path ? `target attribute "${target}": ${path.error}` : undefined,
        mappingType: m.mappingType ?? 'unknown',
        expression: m.source ? m.source.expression.text : null,
        inputs,
        sensitiveTarget: isSensitiveName(target),
        sensitiveInput: inputs.some((i) => i.sensitive),
        // The parse the model already holds is compiled directly: no second parse.
        compiled: m.source ? compileExpression(m.source.expression.parse) : undefined,
        softDelete: inputs.some((i) => i.name.toLowerCase() === 'issoftdeleted'),
        matchingPriority: m.matchingPriority,
        flowType: m.flowType,
      };
    });
  preparedCache.set(om, { model, list });
  return list;
}

/** The value of a prepared mapping for one source: evaluated and converted for the target. */
export type ComputedValue =
  | { outcome: 'value'; value: JsonValue; raw: Value; redacted: boolean }
  | { outcome: 'null'; raw?: Value; redacted: boolean }
  | { outcome: 'noflow'; reason?: string; redacted: boolean }
  | { outcome: 'error'; error: string; raw?: Value; redacted: boolean };

/** Evaluates one prepared mapping (`context.source` is the source object). Never throws. */
export function computeValue(p: PreparedMapping, context: EvalContext): ComputedValue {
  if (p.pathError !== undefined) return { outcome: 'error', error: p.pathError, redacted: false };
  if (!p.compiled) return { outcome: 'null', redacted: false };
  const outcome = evaluate(p.compiled, context);
  if (outcome.kind === 'error') return { outcome: 'error', error: `${outcome.message} (${outcome.code})`, redacted: false };
  const redacted = outcome.redacted === true;
  if (outcome.kind === 'noflow') return { outcome: 'noflow', reason: outcome.reason, redacted };
  const raw = outcome.value;
  const converted = toTargetJson(raw, p.path);
  if (!converted.ok) return { outcome: 'error', error: converted.reason, raw, redacted };
  if (converted.value === null) return { outcome: 'null', raw, redacted };
  return { outcome: 'value', value: converted.value, raw, redacted };
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
  const context: EvalContext = { source, now: ctx.now, random: ctx.random };
  return prepareMappings(model, om).map((p) => {
    const inputs: Record<string, unknown> = {};
    for (const { name, sensitive } of p.inputs) {
      const v = lookup(source, name);
      if (sensitive) {
        redactor.addValue(v);
        inputs[name] = v === undefined || v === null ? null : REDACTED;
      } else inputs[name] = display(v);
    }
    let redacted = p.sensitiveTarget || p.sensitiveInput;
    // One object shape for every result (no spreads: this runs once per mapping and user).
    const result = (outcome: MappingResult['outcome'], extra: { raw?: Value; value?: JsonValue; error?: string; noflowReason?: string; referenceId?: string } = {}): MappingResult => ({
      mapping: p.mapping,
      target: p.target,
      path: p.path,
      mappingType: p.mappingType,
      expression: p.expression,
      inputs,
      outcome,
      value: extra.value,
      raw: extra.raw,
      referenceId: extra.referenceId,
      redacted,
      error: extra.error,
      noflowReason: extra.noflowReason,
      softDelete: p.softDelete,
      matchingPriority: p.matchingPriority,
      flowType: p.flowType,
    });
    if (p.pathError !== undefined) return result('error', { error: p.pathError });
    if (!p.compiled) return result('null');
    const c = computeValue(p, context);
    if (c.redacted) redacted = true;
    if (c.outcome === 'noflow') return result('noflow', { noflowReason: c.reason });
    if (c.outcome === 'error' && c.raw === undefined) return result('error', { error: c.error });
    const raw = c.raw;
    if (redacted) redactor.addValue(textOf(raw!) ?? (Array.isArray(raw) ? raw : undefined));
    if (c.outcome === 'error') return result('error', { raw, error: c.error });
    if (c.outcome === 'null') return result('null', { raw });
    const path = p.path!;
    const value = c.value;
    const referenceId = raw instanceof ReferenceValue ? raw.id : path.reference && typeof value === 'string' ? value : undefined;
    return result('value', { raw, value, referenceId: path.reference ? referenceId : undefined });
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
  if (kind === 'disable' && !m.softDelete) return { flows: false, reason: FLOW_REASONS.disable };
  if (m.outcome === 'noflow') return { flows: false, reason: m.noflowReason ?? 'IgnoreFlowIfNullOrEmpty: the value is null or empty, so the attribute does not flow' };
  const addOnly = m.flowType === 'ObjectAddOnly';
  if (kind !== 'create' && addOnly) return { flows: false, reason: 'applied only when the object is created' };
  if (m.outcome === 'null') {
    const def = defaultJson(m);
    if (kind === 'create') {
      if (def !== undefined) return { flows: true, value: def, reason: 'the source is null: default value used' };
      return { flows: false, reason: m.mapping.source ? FLOW_REASONS.nullOnCreate : 'no source and no default value' };
    }
    if (!m.mapping.source && def !== undefined && current && !current.present) {
      // A "None" mapping fills an empty target with its default.
      return { flows: true, value: def, reason: 'the target is empty: default value used' };
    }
    return { flows: false, reason: m.mapping.source ? FLOW_REASONS.nullOnUpdate : 'no source: the target is left as it is' };
  }
  if (kind !== 'create' && m.flowType === 'AttributeAddOnly' && current?.present) {
    return { flows: false, reason: 'AttributeAddOnly: the target already has a value' };
  }
  if (kind !== 'create' && (m.flowType === 'ValueAddOnly' || m.flowType === 'MultiValueAddOnly') && current?.present) {
    const now: JsonValue[] = Array.isArray(current.value) ? current.value : current.value === undefined ? [] : [current.value];
    const wanted = Array.isArray(m.value) ? m.value : [m.value!];
    const added = missingValues(wanted, now, m.path?.caseExact ?? false, m.path?.subAttributes);
    if (!added.length) return { flows: false, reason: `${m.flowType}: nothing to add` };
    return { flows: true, value: Array.isArray(m.value) ? [...now, ...added] as JsonValue : m.value };
  }
  return { flows: true, value: m.value };
}
