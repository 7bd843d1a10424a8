// SCIM filter expressions (RFC 7644 §3.4.2.2): a parser for the full grammar (and/or/not,
// grouping, value paths, all comparison operators) and a compiler that evaluates a filter
// against stored resources with the attribute's own semantics: case-insensitive names and
// operators, caseExact-aware string comparison, dateTime and number ordering.
//
// Leniencies for Microsoft Entra and its reference clients (always on):
//  - unquoted values (`externalId eq abc`, `meta.created gt 2015-10-10T14:38:21Z`) are strings;
//  - `emails[type eq "work"].value eq "x"` (a value path followed by a sub-attribute comparison);
//  - a bare extension attribute name (`manager eq "id"`) resolves against the schema extensions;
//  - a complex attribute compared directly (`manager eq "id"`, `emails co "@x"`) compares `value`.
// Attributes of custom extensions (no declared type, see schema.ts) compare by the JSON type of
// each stored value: strings case-insensitively, numbers and booleans as such.
import { badRequest } from './errors';
import {
  AttrDef,
  AttrRef,
  JsonObject,
  ResolvedAttr,
  ResourceTypeDef,
  container,
  getCI,
  isObject,
  parseAttrRef,
  resolveAttr,
  subAttr,
} from './schema';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';
export type Literal = string | number | boolean | null;

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; expr: FilterNode }
  | { kind: 'compare'; path: AttrRef; op: CompareOp; value: Literal }
  | { kind: 'present'; path: AttrRef }
  | { kind: 'valuePath'; path: AttrRef; filter: FilterNode; then?: Tail };

/** The comparison after a value path: `emails[type eq "work"].value eq "x"` or `... .value pr`. */
export type Tail = { sub: string; op: CompareOp; value: Literal } | { sub: string; op: 'pr' };

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le']);

// ---------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------

type Token =
  | { t: 'punct'; v: '(' | ')' | '[' | ']'; pos: number; spaced: boolean }
  | { t: 'string'; v: string; pos: number; spaced: boolean }
  | { t: 'word'; v: string; pos: number; spaced: boolean };

const invalid = (detail: string) => badRequest('invalidFilter', detail);

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let spaced = true;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      spaced = true;
      continue;
    }
    const pos = i;
    if (c === '(' || c === ')' || c === '[' || c === ']') {
      out.push({ t: 'punct', v: c, pos, spaced });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw invalid(`unterminated string starting at position ${pos + 1}`);
      let v: unknown;
      try {
        v = JSON.parse(text.slice(i, j + 1));
      } catch {
        throw invalid(`invalid string literal at position ${pos + 1}`);
      }
      out.push({ t: 'string', v: v as string, pos, spaced });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()[\]"]/.test(text[j])) j++;
      out.push({ t: 'word', v: text.slice(i, j), pos, spaced });
      i = j;
    }
    spaced = false;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parser: precedence not > and > or; parentheses group; brackets hold a value filter.
// ---------------------------------------------------------------------------------------------

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterNode {
    if (this.tokens.length === 0) throw invalid('the filter is empty');
    const node = this.or(false);
    const extra = this.peek();
    if (extra) throw invalid(`unexpected ${describe(extra)} at position ${extra.pos + 1}`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(what: string): Token {
    const tok = this.tokens[this.i++];
    if (!tok) throw invalid(`the filter ends where ${what} was expected`);
    return tok;
  }

  private isWord(tok: Token | undefined, word: string): boolean {
    return tok?.t === 'word' && tok.v.toLowerCase() === word;
  }

  private expect(v: '(' | ')' | '[' | ']'): void {
    const tok = this.next(`"${v}"`);
    if (tok.t !== 'punct' || tok.v !== v) throw invalid(`expected "${v}" but found ${describe(tok)} at position ${tok.pos + 1}`);
  }

  private or(inValue: boolean): FilterNode {
    let left = this.and(inValue);
    while (this.isWord(this.peek(), 'or')) {
      this.i++;
      left = { kind: 'or', left, right: this.and(inValue) };
    }
    return left;
  }

  private and(inValue: boolean): FilterNode {
    let left = this.unary(inValue);
    while (this.isWord(this.peek(), 'and')) {
      this.i++;
      left = { kind: 'and', left, right: this.unary(inValue) };
    }
    return left;
  }

  private unary(inValue: boolean): FilterNode {
    const tok = this.peek();
    if (!tok) throw invalid('the filter ends where an expression was expected');
    const after = this.tokens[this.i + 1];
    if (this.isWord(tok, 'not') && after?.t === 'punct' && after.v === '(') {
      this.i += 2;
      const expr = this.or(inValue);
      this.expect(')');
      return { kind: 'not', expr };
    }
    if (tok.t === 'punct' && tok.v === '(') {
      this.i++;
      const expr = this.or(inValue);
      this.expect(')');
      return expr;
    }
    return this.attrExpression(inValue);
  }

  private attrPath(tok: Token): AttrRef {
    if (tok.t !== 'word') throw invalid(`expected an attribute name but found ${describe(tok)} at position ${tok.pos + 1}`);
    const ref = parseAttrRef(tok.v);
    if (!ref || !ref.attr) throw invalid(`"${tok.v}" at position ${tok.pos + 1} is not a valid attribute path`);
    return ref;
  }

  private attrExpression(inValue: boolean): FilterNode {
    const pathTok = this.next('an attribute name');
    const path = this.attrPath(pathTok);
    const open = this.peek();
    if (open?.t === 'punct' && open.v === '[') {
      if (inValue) throw invalid(`value filters cannot be nested (position ${open.pos + 1})`);
      if (path.sub !== undefined) throw invalid(`"${pathTok.v}[" must name a multi-valued attribute, not a sub-attribute`);
      this.i++;
      const filter = this.or(true);
      this.expect(']');
      const dotted = this.peek();
      if (dotted?.t === 'word' && !dotted.spaced && dotted.v.startsWith('.')) {
        this.i++;
        const sub = dotted.v.slice(1);
        if (!/^[A-Za-z$][\w$-]*$/.test(sub)) throw invalid(`"${dotted.v}" is not a valid sub-attribute`);
        const op = this.operator();
        if (op === 'pr') return { kind: 'valuePath', path, filter, then: { sub, op } };
        return { kind: 'valuePath', path, filter, then: { sub, op, value: this.literal() } };
      }
      return { kind: 'valuePath', path, filter };
    }
    const op = this.operator();
    if (op === 'pr') return { kind: 'present', path };
    return { kind: 'compare', path, op, value: this.literal() };
  }

  private operator(): CompareOp | 'pr' {
    const tok = this.next('an operator');
    const v = tok.t === 'word' ? tok.v.toLowerCase() : '';
    if (v === 'pr' || COMPARE_OPS.has(v)) return v as CompareOp | 'pr';
    throw invalid(`expected an operator (eq, ne, co, sw, ew, gt, lt, ge, le, pr) but found ${describe(tok)} at position ${tok.pos + 1}`);
  }

  private literal(): Literal {
    const tok = this.next('a value');
    if (tok.t === 'string') return tok.v;
    if (tok.t === 'punct') throw invalid(`expected a value but found "${tok.v}" at position ${tok.pos + 1}`);
    const lower = tok.v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(tok.v)) return Number(tok.v);
    if (['and', 'or', 'not'].includes(lower)) throw invalid(`expected a value but found "${tok.v}" at position ${tok.pos + 1}`);
    return tok.v; // unquoted value: accepted as a string (legacy Entra samples send these)
  }
}

function describe(tok: Token): string {
  return tok.t === 'string' ? `the string ${JSON.stringify(tok.v)}` : `"${tok.v}"`;
}

/** Bounds that keep a hostile filter from exhausting the stack (the grammar is recursive). */
const MAX_FILTER_TOKENS = 4000;
const MAX_FILTER_DEPTH = 50;

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  if (tokens.length > MAX_FILTER_TOKENS) throw invalid(`the filter is too long (more than ${MAX_FILTER_TOKENS} tokens)`);
  let depth = 0;
  for (const t of tokens) {
    if (t.t !== 'punct') continue;
    depth += t.v === '(' || t.v === '[' ? 1 : -1;
    if (depth > MAX_FILTER_DEPTH) throw invalid(`the filter nests more than ${MAX_FILTER_DEPTH} levels deep`);
  }
  return new Parser(tokens).parse();
}

// ---------------------------------------------------------------------------------------------
// Compiler
// ---------------------------------------------------------------------------------------------

export type Predicate = (resource: JsonObject) => boolean;

/** Values of one attribute in one object, with the definition that governs comparisons. */
interface Accessor {
  def: AttrDef;
  label: string;
  get: (obj: JsonObject) => unknown[];
}

const asList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function hasValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.some(hasValue);
  if (isObject(v)) return Object.values(v).some(hasValue);
  return true;
}

/** Compiles `text` for resources of type `rt`; unknown attributes are an `invalidFilter` error. */
export function compileFilter(rt: ResourceTypeDef, text: string): Predicate {
  return compile(rt, parseFilter(text));
}

export function compile(rt: ResourceTypeDef, node: FilterNode): Predicate {
  return compileNode(node, { rt });
}

interface Scope {
  rt: ResourceTypeDef;
  /** Inside `attr[...]`: names resolve against this complex attribute's sub-attributes. */
  parent?: AttrDef;
}

function compileNode(node: FilterNode, scope: Scope): Predicate {
  switch (node.kind) {
    case 'and': {
      const l = compileNode(node.left, scope);
      const r = compileNode(node.right, scope);
      return (x) => l(x) && r(x);
    }
    case 'or': {
      const l = compileNode(node.left, scope);
      const r = compileNode(node.right, scope);
      return (x) => l(x) || r(x);
    }
    case 'not': {
      const e = compileNode(node.expr, scope);
      return (x) => !e(x);
    }
    case 'present': {
      const acc = accessor(scope, node.path, true);
      return (x) => acc.get(x).some(hasValue);
    }
    case 'compare': {
      const acc = accessor(scope, node.path, false);
      const test = comparator(acc, node.op, node.value);
      return (x) => test(acc.get(x));
    }
    case 'valuePath': {
      if (scope.parent) throw invalid('value filters cannot be nested');
      const resolved = resolveOrFail(scope.rt, node.path);
      if (resolved.attr.type !== 'complex' && !resolved.dynamic) {
        throw invalid(`"${resolved.path}" is not a complex attribute, so it cannot have a value filter`);
      }
      const inner = compileNode(node.filter, { rt: scope.rt, parent: resolved.attr });
      let tail: ((element: JsonObject) => boolean) | undefined;
      if (node.then) {
        const subAcc = accessor({ rt: scope.rt, parent: resolved.attr }, { attr: node.then.sub }, node.then.op === 'pr');
        if (node.then.op === 'pr') tail = (e) => subAcc.get(e).some(hasValue);
        else {
          const test = comparator(subAcc, node.then.op, node.then.value);
          tail = (e) => test(subAcc.get(e));
        }
      }
      const attr = resolved.attr;
      const read = resolved.dynamic ? (h: JsonObject | undefined) => getCI(h, attr.name) : (h: JsonObject | undefined) => h?.[attr.name];
      return (x) => {
        const elements = asList(read(container(x, resolved))).filter(isObject);
        return elements.some((e) => inner(e) && (!tail || tail(e)));
      };
    }
  }
}

function resolveOrFail(rt: ResourceTypeDef, ref: AttrRef): ResolvedAttr {
  const resolved = resolveAttr(rt, ref);
  if (!resolved) throw invalid(`unknown attribute "${refText(ref)}" for ${rt.name} resources`);
  return resolved;
}

const refText = (ref: AttrRef) => `${ref.uri ? `${ref.uri}:` : ''}${ref.attr}${ref.sub !== undefined ? `.${ref.sub}` : ''}`;

/**
 * Builds the value reader for an attribute path. For a complex attribute named without a
 * sub-attribute, comparisons use its `value` sub-attribute; presence tests the whole value.
 */
function accessor(scope: Scope, ref: AttrRef, presence: boolean): Accessor {
  if (scope.parent) {
    if (ref.uri || ref.sub !== undefined) throw invalid(`"${refText(ref)}" is not a sub-attribute of "${scope.parent.name}"`);
    const def = subAttr(scope.parent, ref.attr);
    if (!def) throw invalid(`"${scope.parent.name}" has no sub-attribute "${ref.attr}"`);
    const name = def.name;
    return { def, label: `${scope.parent.name}.${name}`, get: def.dynamic ? (e) => asList(getCI(e, name)) : (e) => asList(e[name]) };
  }
  const r = resolveOrFail(scope.rt, ref);
  const attrName = r.attr.name;
  if (r.dynamic) {
    const read = (x: JsonObject) => asList(getCI(container(x, r), attrName));
    if (r.sub) {
      const subName = r.sub.name;
      return { def: r.sub, label: r.path, get: (x) => read(x).flatMap((e) => (isObject(e) ? asList(getCI(e, subName)) : [])) };
    }
    if (presence) return { def: r.attr, label: r.path, get: read };
    // Compared directly, a complex value compares its `value`, as for declared attributes.
    return { def: r.attr, label: r.path, get: (x) => read(x).flatMap((e) => (isObject(e) ? asList(getCI(e, 'value')) : [e])) };
  }
  const read = (x: JsonObject) => asList(container(x, r)?.[attrName]);
  if (r.sub) {
    const subName = r.sub.name;
    return {
      def: r.sub,
      label: r.path,
      get: (x) => read(x).flatMap((e) => (isObject(e) ? asList(e[subName]) : [])),
    };
  }
  if (r.attr.type === 'complex' && !presence) {
    const value = subAttr(r.attr, 'value');
    if (!value) throw invalid(`"${r.path}" is a complex attribute: name one of its sub-attributes`);
    return {
      def: value,
      label: `${r.path}.value`,
      get: (x) => read(x).flatMap((e) => (isObject(e) ? asList(e.value) : [])),
    };
  }
  return { def: r.attr, label: r.path, get: read };
}

/**
 * Comparison for an attribute without a declared type: each stored value is compared by its
 * own JSON type. Strings compare case-insensitively (with the literal's text, so a legacy
 * "True" matches true); numbers and booleans compare as such; objects and arrays never match.
 */
function dynamicComparator(op: CompareOp, expected: string | number | boolean): (v: unknown) => boolean {
  const text = String(expected).toLowerCase();
  const number = typeof expected === 'number' ? expected : typeof expected === 'string' && expected.trim() !== '' ? Number(expected) : NaN;
  const bool = toBoolean(expected);
  return (v) => {
    if (typeof v === 'string') return textMatch(op, v.toLowerCase(), text);
    if (typeof v === 'number') {
      if (op === 'co' || op === 'sw' || op === 'ew') return textMatch(op, String(v).toLowerCase(), text);
      return Number.isFinite(number) && order(op, v - number);
    }
    if (typeof v === 'boolean') {
      if (op !== 'eq' && op !== 'ne') return false;
      return bool !== undefined && (op === 'eq' ? v === bool : v !== bool);
    }
    return false;
  };
}

type Test = (values: unknown[]) => boolean;

function comparator(acc: Accessor, op: CompareOp, expected: Literal): Test {
  const { def, label } = acc;
  if (expected === null) {
    if (op === 'eq') return (vs) => !vs.some(hasValue);
    if (op === 'ne') return (vs) => vs.some(hasValue);
    throw invalid(`"${op}" cannot compare "${label}" with null`);
  }
  // RFC 7644 §3.4.2.2: "ne" also matches a resource without the attribute.
  const any = (match: (v: unknown) => boolean): Test =>
    op === 'ne' ? (vs) => vs.length === 0 || vs.some(match) : (vs) => vs.some(match);
  if (def.dynamic) return any(dynamicComparator(op, expected));

  switch (def.type) {
    case 'boolean': {
      const b = toBoolean(expected);
      if (b === undefined) throw invalid(`"${label}" is a boolean; compare it with true or false`);
      if (op === 'eq') return any((v) => toBoolean(v) === b);
      if (op === 'ne') return any((v) => toBoolean(v) !== b);
      throw invalid(`"${op}" is not supported for the boolean attribute "${label}"`);
    }
    case 'integer':
    case 'decimal': {
      const n = typeof expected === 'number' ? expected : Number(expected);
      if (typeof expected === 'boolean' || !Number.isFinite(n)) throw invalid(`"${label}" is a number; ${JSON.stringify(expected)} is not`);
      if (op === 'co' || op === 'sw' || op === 'ew') throw invalid(`"${op}" is not supported for the numeric attribute "${label}"`);
      return any((v) => typeof v === 'number' && order(op, v - n));
    }
    case 'dateTime': {
      if (op === 'co' || op === 'sw' || op === 'ew') {
        const s = String(expected);
        return any((v) => typeof v === 'string' && textMatch(op, v, s));
      }
      const t = typeof expected === 'string' ? Date.parse(expected) : NaN;
      if (Number.isNaN(t)) throw invalid(`"${label}" is a dateTime; ${JSON.stringify(expected)} is not a valid date and time`);
      return any((v) => {
        const actual = typeof v === 'string' ? Date.parse(v) : NaN;
        return !Number.isNaN(actual) && order(op, actual - t);
      });
    }
    case 'complex':
      throw invalid(`"${label}" is a complex attribute: name one of its sub-attributes`);
    default: {
      if (def.type === 'binary' && op !== 'eq' && op !== 'ne') throw invalid(`"${op}" is not supported for the binary attribute "${label}"`);
      const fold = def.caseExact ? (s: string) => s : (s: string) => s.toLowerCase();
      const e = fold(String(expected));
      return any((v) => (typeof v === 'string' || typeof v === 'number' ? textMatch(op, fold(String(v)), e) : false));
    }
  }
}

function toBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}

function order(op: CompareOp, diff: number): boolean {
  switch (op) {
    case 'eq':
      return diff === 0;
    case 'ne':
      return diff !== 0;
    case 'gt':
      return diff > 0;
    case 'ge':
      return diff >= 0;
    case 'lt':
      return diff < 0;
    case 'le':
      return diff <= 0;
    default:
      return false;
  }
}

function textMatch(op: CompareOp, actual: string, expected: string): boolean {
  switch (op) {
    case 'co':
      return actual.includes(expected);
    case 'sw':
      return actual.startsWith(expected);
    case 'ew':
      return actual.endsWith(expected);
    default:
      return order(op, actual < expected ? -1 : actual > expected ? 1 : 0);
  }
}

/** Compiles the filter inside `attr[...]` into a test for one element of that complex attribute. */
export function compileValueFilter(rt: ResourceTypeDef, parent: AttrDef, text: string): (element: JsonObject) => boolean {
  if (parent.type !== 'complex' && !parent.dynamic) throw invalid(`"${parent.name}" is not a complex attribute, so it cannot have a value filter`);
  return compileNode(parseFilter(text), { rt, parent });
}
