// Structural checks of Graph synchronizationSchema JSON (EGJ codes): wrong types, missing
// required properties, unknown enum values. Each check looks at one element's own properties;
// the readers call it once per element, with a `locate` that turns a property path into a range
// (a JSON node in a Graph file; the `@graph` key, or the statement, in an .entramap file).
import { codeInfo } from '../diagnostics/codes';
import { hasKey, isJsonObject, JsonObject, JsonValue } from '../model/json';
import type { Range } from '../model/positions';
import type { ModelDiagnostic } from '../model/types';
import {
  ATTRIBUTE_FLOW_TYPES,
  ATTRIBUTE_TYPES,
  FLOW_BEHAVIORS,
  MUTABILITIES,
  parseFlowTypes,
  SOURCE_TYPES,
} from './elements';

export type Locate = (path: readonly (string | number)[]) => Range;

export class DiagnosticSink {
  readonly items: ModelDiagnostic[] = [];
  add(code: string, message: string, range: Range): void {
    const info = codeInfo(code);
    this.items.push({ code, severity: info?.severity ?? 'error', message, range });
  }
}

type Kind = 'string' | 'integer' | 'boolean' | 'array' | 'object' | 'string|null' | 'object|null';

const KIND_TEXT: Record<Kind, string> = {
  string: 'a string',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  'string|null': 'a string or null',
  'object|null': 'an object or null',
};

function describeValue(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return Number.isInteger(v) ? `the number ${v}` : `the number ${v}`;
  return typeof v === 'string' ? `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}` : String(v);
}

function fits(v: JsonValue, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isSafeInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isJsonObject(v);
    case 'string|null':
      return v === null || typeof v === 'string';
    case 'object|null':
      return v === null || isJsonObject(v);
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A property path, built as a linked list while checking and turned into the array `Locate`
 * takes only when a problem is reported (most elements are fine: no arrays on the way).
 */
interface Path {
  readonly parent: Path | undefined;
  readonly segment: string | number;
}

const at = (parent: Path | undefined, segment: string | number): Path => ({ parent, segment });

function segments(path: Path | undefined, ...more: (string | number)[]): (string | number)[] {
  const out = more;
  for (let p = path; p; p = p.parent) out.unshift(p.segment);
  return out;
}

class Checker {
  constructor(
    readonly sink: DiagnosticSink,
    readonly locate: Locate,
    readonly what: string,
  ) {}

  /** Checks the type of an optional (or, with `required`, mandatory) property. */
  prop(o: JsonObject, key: string, kind: Kind, required = false, path?: Path): boolean {
    if (!hasKey(o, key)) {
      if (required) this.sink.add('EGJ005', `${cap(this.what)} needs "${key}".`, this.locate(segments(path)));
      return false;
    }
    const v = o[key];
    if (fits(v, kind)) return true;
    const code = kind === 'array' ? 'EGJ003' : kind === 'object' ? 'EGJ002' : 'EGJ004';
    this.sink.add(code, `"${key}" of ${this.what} should be ${KIND_TEXT[kind]}, not ${describeValue(v)}.`, this.locate(segments(path, key)));
    return false;
  }

  known(o: JsonObject, key: string, values: readonly string[], path?: Path): void {
    const v = o[key];
    if (typeof v !== 'string' || values.includes(v)) return;
    const hint = values.find((x) => x.toLowerCase() === v.toLowerCase());
    this.sink.add(
      'EGJ007',
      hint
        ? `"${key}" is "${v}"; Graph spells it "${hint}".`
        : `Unknown ${key} "${v}"; expected one of ${values.join(', ')}.`,
      this.locate(segments(path, key)),
    );
  }

  object(v: JsonValue, path?: Path): v is JsonObject {
    if (isJsonObject(v)) return true;
    this.sink.add('EGJ002', `${cap(this.what)} should be an object, not ${describeValue(v)}.`, this.locate(segments(path)));
    return false;
  }

  metadata(o: JsonObject, path?: Path): void {
    if (!this.prop(o, 'metadata', 'array', false, path)) return;
    const list = o.metadata as JsonValue[];
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      const p = at(at(path, 'metadata'), i);
      if (!isJsonObject(e)) {
        this.sink.add('EGJ002', `A metadata entry should be an object with "key" and "value", not ${describeValue(e)}.`, this.locate(segments(p)));
        continue;
      }
      const c = new Checker(this.sink, this.locate, 'a metadata entry');
      c.prop(e, 'key', 'string', true, p);
      c.prop(e, 'value', 'string|null', false, p);
    }
  }
}

export function validateSchema(v: JsonValue, sink: DiagnosticSink, locate: Locate): void {
  const c = new Checker(sink, locate, 'the schema');
  if (!c.object(v)) return;
  if (!hasKey(v, 'synchronizationRules') && !hasKey(v, 'directories')) {
    sink.add(
      'EGJ011',
      hasKey(v, 'schema')
        ? 'This looks like a synchronizationJob; convert the value of its "schema" property.'
        : 'Not a synchronizationSchema: it has neither "synchronizationRules" nor "directories".',
      locate([]),
    );
  }
  c.prop(v, 'synchronizationRules', 'array');
  c.prop(v, 'directories', 'array');
  c.prop(v, 'version', 'string|null');
}

export function validateRule(v: JsonValue, sink: DiagnosticSink, locate: Locate): void {
  const c = new Checker(sink, locate, 'a synchronization rule');
  if (!c.object(v)) return;
  c.prop(v, 'objectMappings', 'array', true);
  for (const k of ['id', 'name', 'sourceDirectoryName', 'targetDirectoryName']) c.prop(v, k, 'string');
  c.prop(v, 'priority', 'integer');
  c.prop(v, 'editable', 'boolean');
  c.metadata(v);
}

export function validateObjectMapping(v: JsonValue, sink: DiagnosticSink, locate: Locate, requireObjectNames = true): void {
  const c = new Checker(sink, locate, 'an object mapping');
  if (!c.object(v)) return;
  c.prop(v, 'attributeMappings', 'array', true);
  c.prop(v, 'sourceObjectName', 'string', requireObjectNames);
  c.prop(v, 'targetObjectName', 'string', requireObjectNames);
  c.prop(v, 'name', 'string');
  c.prop(v, 'enabled', 'boolean');
  c.prop(v, 'scope', 'object|null');
  if (c.prop(v, 'flowTypes', 'string')) {
    const parsed = parseFlowTypes(v.flowTypes as string);
    if (parsed.unknown.length) {
      sink.add(
        'EGJ007',
        `Unknown target object action ${parsed.unknown.map((w) => `"${w}"`).join(', ')} in flowTypes; expected Add, Update, Delete.`,
        locate(['flowTypes']),
      );
    }
  }
  c.metadata(v);
}

export function validateScope(v: JsonValue, sink: DiagnosticSink, locate: Locate): void {
  const c = new Checker(sink, locate, 'a scope');
  if (!c.object(v)) return;
  for (const k of ['groups', 'inputFilterGroups', 'categoryFilterGroups']) c.prop(v, k, 'array');
}

export function validateGroup(v: JsonValue, sink: DiagnosticSink, locate: Locate): void {
  const c = new Checker(sink, locate, 'a scoping filter');
  if (!c.object(v)) return;
  c.prop(v, 'clauses', 'array', true);
  c.prop(v, 'name', 'string|null');
}

export function validateClause(v: JsonValue, sink: DiagnosticSink, locate: Locate): void {
  const c = new Checker(sink, locate, 'a scoping clause');
  if (!c.object(v)) return;
  c.prop(v, 'sourceOperandName', 'string', true);
  c.prop(v, 'operatorName', 'string', true);
  if (c.prop(v, 'targetOperand', 'object|null') && isJsonObject(v.targetOperand)) {
    const operand = v.targetOperand;
    const oc = new Checker(sink, locate, 'the target operand');
    if (oc.prop(operand, 'values', 'array', false, at(undefined, 'targetOperand'))) {
      (operand.values as JsonValue[]).forEach((x, i) => {
        if (typeof x !== 'string') {
          sink.add('EGJ004', `Scoping values are strings; this one is ${describeValue(x)}.`, locate(['targetOperand', 'values', i]));
        }
      });
    }
  }
}

/** Checks an attributeMappingSource and its parameters (recursively). */
function validateSource(v: JsonValue, sink: DiagnosticSink, locate: Locate, path: Path, depth: number): void {
  const c = new Checker(sink, locate, depth === 0 ? 'the source' : 'a parameter value');
  if (!c.object(v, path)) return;
  if (c.prop(v, 'type', 'string', true, path) && !(SOURCE_TYPES as readonly string[]).includes(v.type as string)) {
    sink.add('EGJ006', `Unknown source type "${v.type as string}"; expected Attribute, Constant or Function.`, locate(segments(path, 'type')));
  }
  c.prop(v, 'name', 'string', true, path);
  c.prop(v, 'expression', 'string|null', false, path);
  if (c.prop(v, 'parameters', 'array', false, path) && depth < 100) {
    const parameters = v.parameters as JsonValue[];
    if (!parameters.length) return;
    const listPath = at(path, 'parameters');
    const pc = new Checker(sink, locate, 'a source parameter');
    for (let i = 0; i < parameters.length; i++) {
      const p = parameters[i];
      const pp = at(listPath, i);
      if (!pc.object(p, pp)) continue;
      pc.prop(p, 'key', 'string', true, pp);
      if (pc.prop(p, 'value', 'object', true, pp)) validateSource(p.value, sink, locate, at(pp, 'value'), depth + 1);
    }
  }
}

export function validateAttributeMapping(v: JsonValue, sink: DiagnosticSink, locate: Locate, checkSource = true): void {
  const c = new Checker(sink, locate, 'an attribute mapping');
  if (!c.object(v)) return;
  c.prop(v, 'targetAttributeName', 'string', true);
  c.prop(v, 'defaultValue', 'string|null');
  c.prop(v, 'matchingPriority', 'integer');
  if (c.prop(v, 'flowType', 'string')) c.known(v, 'flowType', ATTRIBUTE_FLOW_TYPES);
  if (c.prop(v, 'flowBehavior', 'string')) c.known(v, 'flowBehavior', FLOW_BEHAVIORS);
  c.prop(v, 'exportMissingReferences', 'boolean');
  if (checkSource && hasKey(v, 'source') && v.source !== null) validateSource(v.source, sink, locate, at(undefined, 'source'), 0);
}

const DEFINITION_FLAGS = ['anchor', 'caseExact', 'multivalued', 'required', 'flowNullValues'];

export function validateDirectory(v: JsonValue, sink: DiagnosticSink, locate: Locate): void {
  const c = new Checker(sink, locate, 'a directory definition');
  if (!c.object(v)) return;
  c.prop(v, 'name', 'string', true);
  c.prop(v, 'id', 'string|null');
  if (!c.prop(v, 'objects', 'array')) return;
  const objects = v.objects as JsonValue[];
  const oc = new Checker(sink, locate, 'an object definition');
  const ac = new Checker(sink, locate, 'an attribute definition');
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    const op = at(at(undefined, 'objects'), i);
    if (!oc.object(o, op)) continue;
    oc.prop(o, 'name', 'string', true, op);
    if (!oc.prop(o, 'attributes', 'array', false, op)) continue;
    const attributes = o.attributes as JsonValue[];
    const listPath = at(op, 'attributes');
    for (let j = 0; j < attributes.length; j++) {
      const a = attributes[j];
      const ap = at(listPath, j);
      if (!ac.object(a, ap)) continue;
      ac.prop(a, 'name', 'string', true, ap);
      if (ac.prop(a, 'type', 'string', false, ap)) ac.known(a, 'type', ATTRIBUTE_TYPES, ap);
      if (ac.prop(a, 'mutability', 'string', false, ap)) ac.known(a, 'mutability', MUTABILITIES, ap);
      for (const k of DEFINITION_FLAGS) ac.prop(a, k, 'boolean', false, ap);
      ac.prop(a, 'defaultValue', 'string|null', false, ap);
      ac.prop(a, 'referencedObjects', 'array', false, ap);
    }
  }
}
