// Typed access to the function catalogue (data/functions.json). This module is the one source of
// function facts: completion, hover, signature help, the checker and the evaluator ask it for
// names, parameters and argument counts, and never hard-code them.
//
// The JSON is validated against data/functions.schema.json in a unit test; at load time we only check
// the invariants the lookups below rely on (unique names, one trailing repeatable group).

import catalogJson from './data/functions.json';

/** What an argument must be; see functions.schema.json `paramType`. */
export type ParamType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'datetime'
  | 'attribute'
  | 'multivalued'
  | 'enum'
  | 'expression'
  | 'condition'
  | 'any';

export type ReturnKind = 'string' | 'number' | 'boolean' | 'datetime' | 'multivalued' | 'complex' | 'any';

export type FunctionCategory =
  | 'text'
  | 'conversion'
  | 'datetime'
  | 'logic'
  | 'test'
  | 'numeric'
  | 'multivalued'
  | 'roles'
  | 'generation'
  | 'flow';

export type RestrictionRule =
  | 'topLevelOnly'
  | 'createOnly'
  | 'notOnMatchingAttribute'
  | 'limitedTargets'
  | 'noReferenceAttributes'
  | 'notWithSyncAllScope'
  | 'noOnDemandProvisioning';

export interface NamedValue {
  value: string;
  description: string;
}

export interface ParameterInfo {
  /** The name the reference page uses. */
  name: string;
  /** The Graph `parameters[].key`, when it differs from `name`. Use {@link graphKey}. */
  graphName?: string;
  type: ParamType;
  required: boolean;
  repeatable: boolean;
  description: string;
  /** For `type: 'enum'`: the bare words accepted. */
  enumValues?: NamedValue[];
  /** For string parameters that accept only these constants (case-sensitive). */
  allowedValues?: NamedValue[];
  minimum?: number;
  maximum?: number;
  /** For `type: 'attribute'`: the one source attribute accepted (`appRoleAssignments`). */
  attributeName?: string;
  /** IIF's condition, Switch's source: null/empty tests here are unreliable (diagnosed). */
  nullTestCaution?: boolean;
}

/** Source attribute values of an example; null = absent. */
export type ExampleValue = string | null | string[];

export interface FunctionExample {
  expression: string;
  description?: string;
  inputs?: Record<string, ExampleValue>;
  output?: ExampleValue;
  outputPattern?: string;
  provenance: 'doc' | 'docCorrected' | 'ours';
  note?: string;
}

export interface Restriction {
  rule: RestrictionRule;
  basis: 'documented' | 'inferred';
  description: string;
}

export interface ArityNote {
  argumentCount: number;
  message: string;
}

/** One function as stored in functions.json. */
export interface FunctionData {
  name: string;
  documentedIn: 'reference' | 'mappingTutorial';
  category: FunctionCategory;
  summary: string;
  description: string;
  parameters: ParameterInfo[];
  repeat?: { minimumCount: number };
  returns: { kind: ReturnKind; description: string };
  examples: FunctionExample[];
  restrictions: Restriction[];
  arityNotes?: ArityNote[];
  nullTest?: boolean;
  nonDeterministic: boolean;
  docsUrl: string;
}

/** A function with the facts derived from its parameters (computed once, at load). */
export interface FunctionInfo extends FunctionData {
  /** Parameters before the repeatable group. */
  readonly fixedParameters: readonly ParameterInfo[];
  /** The repeatable group, in order (empty when nothing repeats). */
  readonly repeatedParameters: readonly ParameterInfo[];
  /** Fewest argument slots a call needs (optional positional slots count as they must be written). */
  readonly minArgs: number;
  /** Most argument slots a call may have; Infinity when a group repeats. */
  readonly maxArgs: number;
}

export type NotBuiltInOrigin = 'graphSample' | 'illustration' | 'practitioner' | 'none';

/** A name people write that is not a reference function (spec 4.44). */
export interface NotBuiltInInfo {
  name: string;
  origin: NotBuiltInOrigin;
  message: string;
}

export interface FunctionCatalogData {
  functions: FunctionData[];
  notBuiltIn: NotBuiltInInfo[];
}

/** The parameter a given argument slot binds to. */
export interface ParameterBinding {
  parameter: ParameterInfo;
  /** Index of `parameter` in `fn.parameters`. */
  parameterIndex: number;
  /** For a repeatable parameter, which repetition (0-based); 0 otherwise. */
  repetition: number;
  /** Human label: the name, numbered for repeated parameters (`key2`, `source3`). */
  label: string;
}

interface Catalog {
  functions: readonly FunctionInfo[];
  byLowerName: ReadonlyMap<string, FunctionInfo>;
  notBuiltIn: readonly NotBuiltInInfo[];
  notBuiltInByLowerName: ReadonlyMap<string, NotBuiltInInfo>;
}

function derive(fn: FunctionData): FunctionInfo {
  const firstRepeat = fn.parameters.findIndex((p) => p.repeatable);
  const fixed = firstRepeat < 0 ? fn.parameters : fn.parameters.slice(0, firstRepeat);
  const repeated = firstRepeat < 0 ? [] : fn.parameters.slice(firstRepeat);
  if (repeated.some((p) => !p.repeatable)) {
    throw new Error(`functions.json: ${fn.name}: repeatable parameters must form one trailing group`);
  }
  if (repeated.length > 0 && !fn.repeat) {
    throw new Error(`functions.json: ${fn.name}: repeatable parameters need "repeat"`);
  }
  if (repeated.length === 0 && fn.repeat) {
    throw new Error(`functions.json: ${fn.name}: "repeat" without repeatable parameters`);
  }
  // Positional slots: an optional parameter before a required one must still be written (as an
  // empty slot), so the minimum runs up to the last required fixed parameter.
  let lastRequired = -1;
  fixed.forEach((p, i) => {
    if (p.required) lastRequired = i;
  });
  const minRepeat = fn.repeat?.minimumCount ?? 0;
  const minArgs = repeated.length > 0 ? fixed.length + minRepeat * repeated.length : lastRequired + 1;
  const maxArgs = repeated.length > 0 ? Infinity : fixed.length;
  return Object.freeze({
    ...fn,
    fixedParameters: Object.freeze(fixed.slice()),
    repeatedParameters: Object.freeze(repeated.slice()),
    minArgs,
    maxArgs,
  });
}

function build(data: FunctionCatalogData): Catalog {
  const functions = data.functions.map(derive);
  const byLowerName = new Map<string, FunctionInfo>();
  for (const fn of functions) {
    const key = fn.name.toLowerCase();
    if (byLowerName.has(key)) throw new Error(`functions.json: duplicate function ${fn.name}`);
    byLowerName.set(key, fn);
  }
  const notBuiltInByLowerName = new Map<string, NotBuiltInInfo>();
  for (const nb of data.notBuiltIn) {
    const key = nb.name.toLowerCase();
    if (byLowerName.has(key) || notBuiltInByLowerName.has(key)) {
      throw new Error(`functions.json: ${nb.name} is listed twice`);
    }
    notBuiltInByLowerName.set(key, nb);
  }
  return { functions, byLowerName, notBuiltIn: data.notBuiltIn, notBuiltInByLowerName };
}

const defaultData = catalogJson as unknown as FunctionCatalogData;
let catalog: Catalog = build(defaultData);

/**
 * Test-only: replace the catalogue (for tests that need a synthetic function), or restore the
 * built-in one with no argument. Mirrors ARM's `setFunctionsMetadata`.
 */
export function setFunctionCatalogForTests(data?: FunctionCatalogData): void {
  catalog = build(data ?? defaultData);
}

/** The raw catalogue data (as in functions.json), e.g. for schema validation. */
export function functionCatalogData(): FunctionCatalogData {
  return defaultData;
}

/** The function with this name, case-insensitively; undefined when unknown. */
export function getFunction(name: string): FunctionInfo | undefined {
  return catalog.byLowerName.get(name.toLowerCase());
}

/** Every known function (the 43 reference functions and AssertiveAppRoleAssignmentsComplex), A–Z. */
export function allFunctions(): readonly FunctionInfo[] {
  return catalog.functions;
}

/** Only the functions of the function reference page. */
export function referenceFunctions(): FunctionInfo[] {
  return catalog.functions.filter((f) => f.documentedIn === 'reference');
}

/** Functions whose name starts with `prefix` (case-insensitive), for completion. */
export function filterFunctionsByPrefix(prefix: string): FunctionInfo[] {
  const p = prefix.toLowerCase();
  return catalog.functions.filter((f) => f.name.toLowerCase().startsWith(p));
}

/** A 4.44 name (Len, Concatenate, ...) that is not a built-in, case-insensitively. */
export function getNotBuiltIn(name: string): NotBuiltInInfo | undefined {
  return catalog.notBuiltInByLowerName.get(name.toLowerCase());
}

export function allNotBuiltIn(): readonly NotBuiltInInfo[] {
  return catalog.notBuiltIn;
}

export function minArgs(fn: FunctionInfo): number {
  return fn.minArgs;
}

/** Infinity when the function takes a repeatable group. */
export function maxArgs(fn: FunctionInfo): number {
  return fn.maxArgs;
}

/**
 * The parameter that argument slot `argIndex` (0-based) binds to, resolving repeatable groups:
 * for Switch(source, defaultValue, key, value, ...) index 4 is `key` (repetition 1, label `key2`).
 * Undefined when the slot is beyond the function's last parameter.
 */
export function parameterAt(fn: FunctionInfo, argIndex: number): ParameterBinding | undefined {
  if (!Number.isInteger(argIndex) || argIndex < 0) return undefined;
  if (argIndex < fn.fixedParameters.length) {
    const parameter = fn.fixedParameters[argIndex];
    return { parameter, parameterIndex: argIndex, repetition: 0, label: parameter.name };
  }
  const group = fn.repeatedParameters;
  if (group.length === 0) return undefined;
  const offset = argIndex - fn.fixedParameters.length;
  const inGroup = offset % group.length;
  const repetition = Math.floor(offset / group.length);
  const parameter = group[inGroup];
  return {
    parameter,
    parameterIndex: fn.fixedParameters.length + inGroup,
    repetition,
    label: `${parameter.name}${repetition + 1}`,
  };
}

/** Argument slot index of the fixed (non-repeatable) parameter `name`, or -1. */
export function parameterIndex(fn: FunctionInfo, name: string): number {
  return fn.fixedParameters.findIndex((p) => p.name === name);
}

/** The key Graph's attributeMappingSource.parameters uses for this parameter. */
export function graphKey(parameter: ParameterInfo): string {
  return parameter.graphName ?? parameter.name;
}

function typeText(p: ParameterInfo): string {
  return p.type === 'enum' && p.enumValues ? p.enumValues.map((v) => v.value).join(' | ') : p.type;
}

/** One parameter as shown in signatures: `name: type`, `[name: type]` when optional. */
export function parameterLabel(p: ParameterInfo): string {
  const text = `${p.name}: ${typeText(p)}`;
  return p.required ? text : `[${text}]`;
}

/**
 * The signature line used by hover, signature help and the catalogue baseline:
 * `Name(param: type, [optional: type], ...rest: type) -> return`; a repeated pair reads
 * `...(key: string, value: any)`.
 */
export function signatureOf(fn: FunctionInfo): string {
  const parts = fn.fixedParameters.map(parameterLabel);
  const group = fn.repeatedParameters;
  if (group.length === 1) {
    parts.push(`...${group[0].name}: ${typeText(group[0])}`);
  } else if (group.length > 1) {
    parts.push(`...(${group.map((p) => `${p.name}: ${typeText(p)}`).join(', ')})`);
  }
  return `${fn.name}(${parts.join(', ')}) -> ${fn.returns.kind}`;
}

/** Human description of the accepted argument counts: "2", "1 or 2", "at least 4". */
export function arityText(fn: FunctionInfo): string {
  if (fn.maxArgs === Infinity) return `at least ${fn.minArgs}`;
  if (fn.minArgs === fn.maxArgs) return String(fn.minArgs);
  if (fn.maxArgs === fn.minArgs + 1) return `${fn.minArgs} or ${fn.maxArgs}`;
  return `${fn.minArgs} to ${fn.maxArgs}`;
}

/** Damerau-free Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (s === t) return 0;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length];
}

/**
 * Known function names close to `name`, best first: within an edit distance of about a third of
 * the name's length (at least 1, at most 3), or names that start with / contain it when it is 3+
 * characters long. At most `limit` names.
 */
export function suggestFunctionNames(name: string, limit = 3): string[] {
  const lower = name.toLowerCase();
  const budget = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  const scored: { name: string; score: number }[] = [];
  for (const fn of catalog.functions) {
    const d = editDistance(name, fn.name);
    const candidate = fn.name.toLowerCase();
    if (d <= budget) {
      scored.push({ name: fn.name, score: d });
    } else if (lower.length >= 3 && (candidate.startsWith(lower) || lower.startsWith(candidate))) {
      scored.push({ name: fn.name, score: budget + 1 + Math.abs(candidate.length - lower.length) / 100 });
    }
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}
