// Semantic checks of one expression (codes EPX1xx): function names, argument counts and kinds,
// and the restrictions the Entra documentation states for individual functions. Syntax errors
// (EPX0xx) are the parser's; `syntaxDiagnostics` only adds severities and quick-fix data to them.
//
// Every function fact (names, parameters, arities, allowed values, restrictions) comes from the
// catalogue (catalog/functions.ts). Function-specific rules that cannot be expressed as data
// (Replace's modes, RandomString's length budget) look their parameters up there by name.
//
// Positions are UTF-16 offsets into the expression text, like the AST's.

import {
  allFunctions,
  arityText,
  FunctionInfo,
  getFunction,
  getNotBuiltIn,
  parameterAt,
  ParameterBinding,
  parameterIndex,
  ParameterInfo,
  suggestFunctionNames,
} from '../catalog/functions';
import { codeInfo, Severity } from '../diagnostics/codes';
import { ordinal } from '../evaluate/convert';
import { compileRegex, validateRegex } from '../evaluate/regex';
import { parseExpression } from '../language/expression/parser';
import type { CallExpr, ComparisonExpr, Expr, ParseResult, Span, StringExpr } from '../language/expression/ast';

/** What a quick fix needs. `replacement` replaces the diagnostic's range. */
export interface ExpressionDiagnosticData {
  /** The text that fixes the problem when it replaces [start, end). */
  replacement?: string;
  /** Alternative replacements for [start, end), best first (did-you-mean). */
  suggestions?: string[];
}

export interface ExpressionDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  data?: ExpressionDiagnosticData;
}

/** Graph flowType values ("Apply this mapping"). */
export type FlowType = 'Always' | 'ObjectAddOnly' | 'MultiValueAddOnly' | 'ValueAddOnly' | 'AttributeAddOnly';

/** One finding of a regular-expression validator; offset/length are in the pattern's value. */
export interface RegexFinding {
  severity: 'error' | 'warning';
  message: string;
  offset: number;
  length: number;
}

export interface CheckExpressionOptions {
  /** The mapping type the expression belongs to; checks the shape each type requires. */
  mappingType?: 'direct' | 'constant' | 'expression';
  /** The mapping's "Apply this mapping" setting, when known. */
  flowType?: FlowType;
  /** True when the mapping has a matching precedence. */
  matching?: boolean;
  /** Tells whether a source attribute is a reference (such as `manager`), when known. */
  isReferenceAttribute?: (name: string) => boolean;
  /**
   * Validates a .NET regular expression (Replace's regexPattern). Defaults to the evaluator's
   * validator (see `defaultRegexValidator`); pass `null` to skip regex validation.
   */
  validateRegex?: ((pattern: string) => RegexFinding[]) | null;
}

// ---- regex validator integration --------------------------------------------------------------

/** The .NET regex engine's validator: syntax errors, and constructs it cannot emulate exactly. */
export function defaultRegexValidator(): ((pattern: string) => RegexFinding[]) | null {
  return validateRegex;
}

// ---- public entry points ---------------------------------------------------------------------

/** Semantic diagnostics (EPX1xx) of a parsed expression, in text order. */
export function checkExpression(parsed: ParseResult, options: CheckExpressionOptions = {}): ExpressionDiagnostic[] {
  const checker = new Checker(parsed, options);
  checker.run();
  return sortDiagnostics(checker.out);
}

/** The parser's syntax errors (EPX0xx) as diagnostics with severities and quick-fix data. */
export function syntaxDiagnostics(parsed: ParseResult): ExpressionDiagnostic[] {
  return parsed.errors.map((e) => {
    const d: ExpressionDiagnostic = {
      code: e.code,
      severity: severityOf(e.code),
      message: e.message,
      start: e.start,
      end: e.end,
    };
    const data = syntaxFix(parsed.text, e.code, e.start, e.end);
    if (data) d.data = data;
    return d;
  });
}

/** Parses and checks: syntax and semantic diagnostics together, in text order. */
export function diagnoseExpression(text: string, options: CheckExpressionOptions = {}): ExpressionDiagnostic[] {
  const parsed = parseExpression(text);
  return sortDiagnostics([...syntaxDiagnostics(parsed), ...checkExpression(parsed, options)]);
}

// ---- helpers -----------------------------------------------------------------------------------

function severityOf(code: string): Severity {
  const info = codeInfo(code);
  if (!info) throw new Error(`diagnostic code ${code} is not in diagnostics/codes.ts`);
  return info.severity;
}

function sortDiagnostics(ds: ExpressionDiagnostic[]): ExpressionDiagnostic[] {
  return ds.sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code));
}

function syntaxFix(text: string, code: string, start: number, end: number): ExpressionDiagnosticData | undefined {
  const covered = text.slice(start, end);
  switch (code) {
    case 'EPX010': {
      const lower = covered.toLowerCase();
      if (lower === 'true' || lower === 'false') return { replacement: lower === 'true' ? '"True"' : '"False"' };
      if (lower === 'null' || lower === 'nothing' || lower === 'empty') return undefined;
      if (/^[A-Za-z][A-Za-z0-9_]*$/.test(covered)) return { suggestions: [`[${covered}]`, `"${covered}"`] };
      return undefined;
    }
    case 'EPX012': {
      const m = /^\[(.*)\]$/s.exec(covered);
      return m ? { replacement: `[${m[1].trim()}]` } : undefined;
    }
    case 'EPX009':
      // `\d` → `\\d`: a literal backslash followed by the character, as regexes need.
      return covered.length === 2 && covered[0] === '\\' ? { replacement: `\\\\${covered[1]}` } : undefined;
    case 'EPX001':
      if (/^[\u201c\u201d]+$|^[\u201c\u201d][^\u201c\u201d]*[\u201c\u201d]$/.test(covered)) {
        return { replacement: covered.replace(/[\u201c\u201d]/g, '"') };
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Integer value of a numeric constant: number, hex, or a string of digits. */
function integerValue(e: Expr): number | undefined {
  if (e.kind === 'number') return Number(e.text);
  if (e.kind === 'hex') return Number(e.value);
  if (e.kind === 'string' && /^\s*-?\d+\s*$/.test(e.value)) return Number(e.value.trim());
  return undefined;
}

function isConstant(e: Expr): boolean {
  return e.kind === 'string' || e.kind === 'number' || e.kind === 'hex';
}

function describeArg(e: Expr, text: string): string {
  const raw = text.slice(e.start, e.end).replace(/\s+/g, ' ');
  return raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
}

/** Where argument slot `index` reads in messages: `Mid's start (2nd argument)`. */
function argName(fn: FunctionInfo, binding: ParameterBinding, index: number): string {
  return `${fn.name}'s ${binding.label} (${ordinal(index + 1)} argument)`;
}

function parameterList(fn: FunctionInfo): string {
  const names = fn.fixedParameters.map((p) => (p.required ? p.name : `[${p.name}]`));
  if (fn.repeatedParameters.length === 1) names.push(`${fn.repeatedParameters[0].name}...`);
  else if (fn.repeatedParameters.length > 1) names.push(`${fn.repeatedParameters.map((p) => p.name).join(', ')}...`);
  return names.join(', ');
}

/**
 * The groups of a .NET pattern, from the regex engine itself (so numbering and names follow .NET
 * exactly); null when the pattern does not compile (its syntax error is reported separately).
 */
function regexGroups(pattern: string): { names: Set<string>; numbered: number } | null {
  try {
    const names = new Set<string>();
    let numbered = 0;
    for (const name of compileRegex(pattern).groupNames) {
      if (!/^\d+$/.test(name)) names.add(name);
      else if (name !== '0') numbered++;
    }
    return { names, numbered };
  } catch {
    return null;
  }
}

/** Capturing group names defined in a .NET pattern (empty when the pattern does not compile). */
export function regexGroupNames(pattern: string): Set<string> {
  return regexGroups(pattern)?.names ?? new Set();
}

/**
 * Maps offsets in a string constant's decoded value to offsets in the expression text: entry i is
 * where value character i starts; the last entry is the closing quote (or the end).
 */
export function stringValueOffsets(node: StringExpr, text: string): number[] {
  const map: number[] = [];
  const bodyEnd = node.closed ? node.end - 1 : node.end;
  let i = node.start + 1;
  while (i < bodyEnd) {
    if (text.charCodeAt(i) === 92 && i + 1 < bodyEnd) {
      const next = text[i + 1];
      if (next === '"' || next === '\\') {
        map.push(i); // one value character from two source characters
      } else {
        map.push(i, i + 1); // kept verbatim: two value characters
      }
      i += 2;
    } else {
      map.push(i);
      i++;
    }
  }
  map.push(bodyEnd);
  return map;
}

/** The expression range of value range [offset, offset+length) of a string constant. */
function valueRangeToText(node: StringExpr, text: string, offset: number, length: number): Span {
  const map = stringValueOffsets(node, text);
  const clamp = (k: number) => Math.max(0, Math.min(map.length - 1, k));
  const start = map[clamp(offset)];
  const end = length > 0 ? map[clamp(offset + length)] : start;
  return { start, end: Math.max(start, end) };
}

/**
 * The functions with a parameter that reads attribute `name` itself (AppRoleAssignmentsComplex's
 * [appRoleAssignments]), by lower-case name, built once per catalogue: a Direct mapping of such an
 * attribute is EPX132. Undefined when there is none (the common case, one map lookup).
 */
const roleFunctionIndex = new WeakMap<readonly FunctionInfo[], Map<string, string[]>>();

function roleFunctionsOf(name: string): string[] | undefined {
  const functions = allFunctions();
  let index = roleFunctionIndex.get(functions);
  if (!index) {
    index = new Map();
    for (const f of functions) {
      for (const p of f.parameters) {
        const key = p.attributeName?.toLowerCase();
        if (key === undefined) continue;
        const list = index.get(key) ?? [];
        if (!list.includes(f.name)) list.push(f.name);
        index.set(key, list);
      }
    }
    roleFunctionIndex.set(functions, index);
  }
  return index.get(name.toLowerCase());
}

// ---- the checker ------------------------------------------------------------------------------

interface Context {
  /** The function whose argument this node is. */
  fn?: FunctionInfo;
  /** The node is the whole expression. */
  top: boolean;
}

class Checker {
  readonly out: ExpressionDiagnostic[] = [];
  private readonly text: string;
  private readonly validateRegex: ((pattern: string) => RegexFinding[]) | null;

  constructor(
    private readonly parsed: ParseResult,
    private readonly options: CheckExpressionOptions,
  ) {
    this.text = parsed.text;
    this.validateRegex = options.validateRegex === undefined ? defaultRegexValidator() : options.validateRegex;
  }

  run(): void {
    const root = this.parsed.expr;
    if (!root) return;
    this.checkMappingShape(root);
    if (root.kind === 'comparison') {
      this.report(
        'EPX108',
        root.opSpan,
        `A comparison is not a value on its own: only the condition of IIF or CBool evaluates it. Wrap it, e.g. IIF(${describeArg(root, this.text)}, "True", "False") or CBool(${describeArg(root, this.text)}).`,
      );
    }
    if (root.kind === 'identifier' && this.enumOwner(root.name)) {
      this.report('EPX107', root, `${this.enumWordText(root.name)}; it is not a value on its own.`);
    }
    this.visit(root, { top: true });
  }

  private report(code: string, span: Span, message: string, data?: ExpressionDiagnosticData): void {
    const d: ExpressionDiagnostic = { code, severity: severityOf(code), message, start: span.start, end: span.end };
    if (data) d.data = data;
    this.out.push(d);
  }

  /** The function parameter whose enum contains this bare word (case-insensitive), if any. */
  private enumOwner(name: string): { fn: FunctionInfo; parameter: ParameterInfo; index: number } | undefined {
    const lower = name.toLowerCase();
    for (const fn of allFunctions()) {
      const index = fn.parameters.findIndex((p) => p.enumValues?.some((v) => v.value.toLowerCase() === lower));
      if (index >= 0) return { fn, parameter: fn.parameters[index], index };
    }
    return undefined;
  }

  /** `vbTextCompare is a compare type, only valid as InStr's compareType (4th argument)`. */
  private enumWordText(name: string): string {
    const owner = this.enumOwner(name)!;
    const value = owner.parameter.enumValues!.find((v) => v.value.toLowerCase() === name.toLowerCase())!;
    return `${name} (${value.description.replace(/\.$/, '').toLowerCase()}) is only valid as ${owner.fn.name}'s ${owner.parameter.name} (${ordinal(owner.index + 1)} argument)`;
  }

  // ---- mapping type ----

  private checkMappingShape(root: Expr): void {
    const type = this.options.mappingType;
    if (!type || root.kind === 'missing') return;
    if (type === 'direct' && root.kind === 'attribute') {
      const roleFunctions = roleFunctionsOf(root.name);
      if (roleFunctions) {
        this.report(
          'EPX132',
          root,
          `[${root.name}] should not be mapped directly: the documentation requires an expression that turns it into roles. Use ${roleFunctions
            .map((n) => `${n}([${root.name}])`)
            .join(' or ')} with the Expression mapping type.`,
        );
      }
    } else if (type === 'direct' && root.kind !== 'attribute') {
      this.report(
        'EPX126',
        root,
        root.kind === 'call'
          ? `A Direct mapping takes one source attribute such as [mail]; ${root.name}(...) needs the Expression mapping type.`
          : 'A Direct mapping takes one source attribute such as [mail]; use the Constant mapping type for fixed text and the Expression type for anything else.',
      );
    } else if (type === 'constant' && !isConstant(root)) {
      this.report(
        'EPX127',
        root,
        root.kind === 'attribute'
          ? `A Constant mapping takes fixed text such as "en-US"; to copy [${root.name}] use the Direct mapping type.`
          : 'A Constant mapping takes fixed text such as "en-US"; use the Expression mapping type for functions.',
      );
    } else if (type === 'expression' && (root.kind === 'attribute' || isConstant(root))) {
      const suggestion = root.kind === 'attribute' ? 'Direct' : 'Constant';
      this.report(
        'EPX125',
        root,
        `This Expression mapping holds a single ${root.kind === 'attribute' ? 'attribute' : 'constant'} and no function; it works, but the ${suggestion} mapping type says the same more plainly.`,
      );
    }
  }

  // ---- traversal ----

  private visit(node: Expr, ctx: Context): void {
    switch (node.kind) {
      case 'call':
        this.visitCall(node, ctx);
        return;
      case 'comparison':
        this.visit(node.left, { top: false });
        this.visit(node.right, { top: false });
        return;
      default:
        return;
    }
  }

  private visitCall(call: CallExpr, ctx: Context): void {
    const fn = this.resolveFunction(call);
    if (!fn) {
      for (const a of call.args) if (a.value) this.visit(a.value, { top: false });
      return;
    }
    this.checkArity(fn, call);
    this.checkRestrictions(fn, call, ctx);
    call.args.forEach((arg, i) => {
      const binding = parameterAt(fn, i);
      if (!binding) return; // beyond the last parameter: reported as too many
      if (!arg.value) {
        this.checkEmptySlot(fn, call, binding, i);
        return;
      }
      this.checkArgument(fn, call, binding, i, arg.value);
    });
    if (fn.name === 'Replace') this.checkReplace(fn, call);
    if (fn.name === 'RandomString') this.checkRandomString(fn, call);
    call.args.forEach((arg) => {
      if (arg.value) this.visit(arg.value, { fn, top: false });
    });
  }

  private resolveFunction(call: CallExpr): FunctionInfo | undefined {
    const fn = getFunction(call.name);
    if (fn) {
      if (fn.name !== call.name) {
        this.report(
          'EPX103',
          call.nameSpan,
          `Write ${fn.name}, not ${call.name}: expressions are case-sensitive and a non-canonical function name may not be accepted.`,
          { replacement: fn.name },
        );
      }
      return fn;
    }
    const nb = getNotBuiltIn(call.name);
    if (nb) {
      this.report('EPX102', call.nameSpan, nb.message);
      return undefined;
    }
    const suggestions = suggestFunctionNames(call.name);
    const hint = suggestions.length
      ? ` Did you mean ${suggestions.length === 1 ? suggestions[0] : `${suggestions.slice(0, -1).join(', ')} or ${suggestions[suggestions.length - 1]}`}?`
      : ' See the function reference for the functions Entra provides.';
    this.report(
      'EPX101',
      call.nameSpan,
      `Unknown function ${call.name}.${hint}`,
      suggestions.length ? { replacement: suggestions[0], suggestions } : undefined,
    );
    return undefined;
  }

  // ---- arity ----

  private checkArity(fn: FunctionInfo, call: CallExpr): void {
    const argc = call.args.length;
    const note = fn.arityNotes?.find((n) => n.argumentCount === argc);
    if (note) {
      if (call.rparen !== undefined) this.report('EPX124', call.nameSpan, note.message);
      return;
    }
    if (argc < fn.minArgs) {
      if (call.rparen === undefined) return; // still being typed; the missing ')' is reported
      const missing: string[] = [];
      for (let i = argc; i < fn.minArgs; i++) missing.push(parameterAt(fn, i)!.label);
      this.report(
        'EPX104',
        call.nameSpan,
        `${fn.name} needs ${arityText(fn)} argument${fn.minArgs === 1 && fn.maxArgs === 1 ? '' : 's'} (${parameterList(fn)}) but has ${argc}. Add ${missing.join(', ')}.`,
      );
      return;
    }
    if (argc > fn.maxArgs) {
      const first = call.args[fn.maxArgs];
      const last = call.args[argc - 1];
      // From the comma after the last accepted argument (when there is one) to the end.
      const prevEnd = fn.maxArgs > 0 ? call.args[fn.maxArgs - 1].end : first.start;
      const start = call.commas.find((c) => c >= prevEnd && c < first.start) ?? first.start;
      const takes = fn.maxArgs === 0 ? 'takes no arguments' : `takes ${arityText(fn)} argument${fn.maxArgs === 1 ? '' : 's'} (${parameterList(fn)})`;
      this.report(
        'EPX105',
        { start, end: last.end },
        `${fn.name} ${takes} but has ${argc}. Remove the extra argument${argc - fn.maxArgs === 1 ? '' : 's'}.`,
        { replacement: '' },
      );
      return;
    }
    const group = fn.repeatedParameters.length;
    if (group > 1 && argc > fn.fixedParameters.length && (argc - fn.fixedParameters.length) % group !== 0) {
      const last = call.args[argc - 1];
      const binding = parameterAt(fn, argc - 1)!;
      const groupNames = fn.repeatedParameters.map((p) => p.name).join('/');
      const after = fn.fixedParameters.map((p) => p.name).join(' and ');
      const what = last.value ? ` (${describeArg(last.value, this.text)})` : '';
      this.report(
        'EPX111',
        last,
        `${fn.name} takes ${groupNames} pairs after ${after}, so its argument count is even; ${binding.label}${what} has no ${fn.repeatedParameters[group - 1].name}. Add the ${fn.repeatedParameters[group - 1].name}, or remove the ${binding.parameter.name}.`,
      );
    }
  }

  private checkEmptySlot(fn: FunctionInfo, call: CallExpr, binding: ParameterBinding, index: number): void {
    if (!binding.parameter.required) return;
    const isLast = index === call.args.length - 1;
    if (isLast && call.rparen === undefined) return; // still being typed
    if (index >= fn.maxArgs) return;
    const slot = call.args[index];
    // An empty slot has a zero or whitespace-only span: show it with the separators around it.
    const separators = [call.lparen, ...call.commas, call.rparen].filter((o): o is number => o !== undefined);
    const before = separators.filter((o) => o < slot.start || (o === slot.start && o < slot.end)).pop();
    const after = separators.find((o) => o >= slot.end);
    const span = before !== undefined && after !== undefined ? { start: before, end: after + 1 } : slot;
    // Text the lexer could not read (a typographic quote, say) leaves the slot empty: the syntax
    // error already covers it.
    if (this.parsed.errors.some((e) => e.start < span.end && e.end > span.start)) return;
    this.report(
      'EPX106',
      span,
      `${argName(fn, binding, index)} is required but the slot is empty. Write a value there${isLast && binding.parameter.repeatable ? ', or remove the trailing comma' : ''}.`,
    );
  }

  // ---- restrictions ----

  private checkRestrictions(fn: FunctionInfo, call: CallExpr, ctx: Context): void {
    for (const r of fn.restrictions) {
      switch (r.rule) {
        case 'topLevelOnly':
          if (!ctx.top) {
            const where = ctx.fn ? ` inside ${ctx.fn.name}` : ' inside a comparison';
            if (r.basis === 'documented') {
              this.report(
                'EPX109',
                call.nameSpan,
                `${fn.name} must be the outermost function of the expression and cannot be nested; here it is used${where}. Make it the top-level call.`,
              );
            } else {
              this.report(
                'EPX110',
                call.nameSpan,
                `${fn.name} decides whether the whole attribute flows, so it belongs at the top of the expression; used${where} its effect is undocumented. Move it outermost.`,
              );
            }
          }
          break;
        case 'createOnly':
          if (this.options.flowType && this.options.flowType !== 'ObjectAddOnly') {
            this.report(
              'EPX129',
              call.nameSpan,
              `${fn.name} is meant for object creation only, but this mapping applies "${this.options.flowType}". Set "Apply this mapping" to "Only during object creation" (flowType ObjectAddOnly).`,
            );
          }
          break;
        case 'notOnMatchingAttribute':
          if (this.options.matching) {
            this.report(
              'EPX130',
              call.nameSpan,
              `${fn.name} cannot be used on an attribute that has a matching precedence. Remove the matching precedence or match on another attribute.`,
            );
          }
          break;
        case 'noReferenceAttributes': {
          const isRef = this.options.isReferenceAttribute;
          if (!isRef) break;
          call.args.forEach((a) => {
            if (a.value?.kind === 'attribute' && isRef(a.value.name)) {
              this.report(
                'EPX131',
                a.value,
                `[${a.value.name}] is a reference attribute; ${fn.name} must not be used with references. Map [${a.value.name}] directly instead.`,
              );
            }
          });
          break;
        }
        default:
          break; // limitedTargets, notWithSyncAllScope, noOnDemandProvisioning: job-level, checked elsewhere
      }
    }
    if (fn.nonDeterministic && this.options.flowType === 'Always') {
      this.report(
        'EPX128',
        call.nameSpan,
        `${fn.name}() produces a new value on every evaluation, so this "Always" mapping changes the target on every synchronization. Apply the mapping only during object creation.`,
      );
    }
  }

  // ---- arguments ----

  private checkArgument(fn: FunctionInfo, call: CallExpr, binding: ParameterBinding, index: number, value: Expr): void {
    const p = binding.parameter;
    const where = argName(fn, binding, index);
    if (value.kind === 'missing') return;

    if (value.kind === 'comparison') {
      if (p.type === 'condition') {
        if (p.nullTestCaution) this.checkConditionNullTest(fn, value);
        return;
      }
      this.report(
        'EPX108',
        value.opSpan,
        `${where} is a comparison, but only the condition of IIF or CBool evaluates comparisons. Wrap it: IIF(${describeArg(value, this.text)}, "True", "False").`,
      );
      return;
    }

    if (value.kind === 'identifier') {
      if (!this.enumOwner(value.name)) return; // not a value at all: the parser reported it
      if (p.type === 'enum') {
        const exact = p.enumValues!.find((v) => v.value === value.name);
        if (exact) return;
        const loose = p.enumValues!.find((v) => v.value.toLowerCase() === value.name.toLowerCase());
        if (loose) {
          this.report('EPX103', value, `Write ${loose.value}, not ${value.name}.`, { replacement: loose.value });
          return;
        }
      }
      this.report('EPX107', value, `${this.enumWordText(value.name)}; ${where} expects ${this.expectation(p)}.`);
      return;
    }

    if (value.kind === 'call') {
      const inner = getFunction(value.name);
      if (inner?.returns.kind === 'complex') {
        this.report(
          'EPX107',
          value.nameSpan,
          `${inner.name} produces role objects, not a value ${fn.name} can use: it must be the whole expression of a mapping to a roles attribute.`,
        );
        return;
      }
      if (p.nullTestCaution && inner?.nullTest) this.reportNullTest(fn, p, value, inner, call);
    }

    switch (p.type) {
      case 'enum': {
        const values = p.enumValues!;
        if (value.kind === 'string') {
          const match = values.find((v) => v.value.toLowerCase() === value.value.toLowerCase());
          this.report(
            'EPX107',
            value,
            match
              ? `${where} is written as a bare word: ${match.value}, without quotes.`
              : `${where} must be ${values.map((v) => v.value).join(' or ')}, written as a bare word.`,
            match ? { replacement: match.value } : undefined,
          );
        } else if (value.kind === 'number' || value.kind === 'hex') {
          this.report('EPX107', value, `${where} must be ${values.map((v) => v.value).join(' or ')}, written as a bare word.`);
        }
        return;
      }
      case 'number': {
        if (value.kind === 'string' && integerValue(value) === undefined) {
          this.report(
            'EPX107',
            value,
            `${where} must be a whole number, and ${describeArg(value, this.text)} is not one. Write a number such as ${p.minimum ?? 1}.`,
          );
          return;
        }
        this.checkRange(where, p, value);
        return;
      }
      case 'datetime': {
        if (value.kind === 'string' || value.kind === 'attribute') {
          const source = describeArg(value, this.text);
          this.report(
            'EPX115',
            value,
            `${where} expects a DateTime, but ${source} is ${value.kind === 'string' ? 'a string' : 'an attribute'}. Convert it with CDate(${source}) (or use Now() for the current time).`,
            { replacement: `CDate(${this.text.slice(value.start, value.end)})` },
          );
        } else if (value.kind === 'number' || value.kind === 'hex') {
          this.report(
            'EPX107',
            value,
            `${where} expects a DateTime, not a number. Convert an Active Directory integer date with DateFromNum(${describeArg(value, this.text)}).`,
            { replacement: `DateFromNum(${this.text.slice(value.start, value.end)})` },
          );
        }
        return;
      }
      case 'multivalued':
        if (isConstant(value)) {
          this.report(
            'EPX107',
            value,
            `${where} expects a multi-valued attribute such as [proxyAddresses] (or Split(...)); a constant holds a single value.`,
          );
        }
        return;
      case 'attribute': {
        const example = p.attributeName ? `[${p.attributeName}]` : 'an attribute reference in brackets';
        if (isConstant(value)) {
          this.report('EPX107', value, `${where} expects ${example}, not a constant.`, p.attributeName ? { replacement: `[${p.attributeName}]` } : undefined);
        } else if (p.attributeName && value.kind === 'attribute' && value.name.toLowerCase() !== p.attributeName.toLowerCase()) {
          this.report('EPX107', value, `${where} only takes [${p.attributeName}], not [${value.name}].`, { replacement: `[${p.attributeName}]` });
        }
        return;
      }
      case 'string':
        if (p.allowedValues && value.kind === 'string') this.checkAllowedValue(where, p, value);
        return;
      default:
        return;
    }
  }

  private expectation(p: ParameterInfo): string {
    switch (p.type) {
      case 'number':
        return 'a whole number';
      case 'datetime':
        return 'a DateTime such as CDate([attribute]) or Now()';
      case 'multivalued':
        return 'a multi-valued attribute';
      case 'attribute':
        return 'an attribute reference';
      case 'boolean':
        return 'the string "True" or "False"';
      case 'enum':
        return p.enumValues!.map((v) => v.value).join(' or ');
      default:
        return 'a string, attribute or function';
    }
  }

  private checkRange(where: string, p: ParameterInfo, value: Expr): void {
    const n = integerValue(value);
    if (n === undefined) return;
    if (p.maximum !== undefined && n > p.maximum) {
      this.report('EPX116', value, `${where} is ${n}, above the documented maximum of ${p.maximum}. Use at most ${p.maximum}.`);
    } else if (p.minimum !== undefined && n < p.minimum) {
      const why = p.minimum === 1 ? ' (counting starts at 1)' : '';
      this.report('EPX117', value, `${where} is ${n}, below the smallest meaningful value ${p.minimum}${why}. Use ${p.minimum} or more.`);
    }
  }

  private checkAllowedValue(where: string, p: ParameterInfo, value: StringExpr): void {
    const allowed = p.allowedValues!;
    if (allowed.some((v) => v.value === value.value)) return;
    const list = allowed.map((v) => `"${v.value}" (${v.description})`).join(', ');
    const loose = allowed.find((v) => v.value.toLowerCase() === value.value.toLowerCase());
    if (loose) {
      this.report('EPX103', value, `${where} is documented as "${loose.value}" (${loose.description}); write it in lower case.`, {
        replacement: `"${loose.value}"`,
      });
      return;
    }
    this.report('EPX114', value, `${where} "${value.value}" is not accepted; use one of ${list}.`);
  }

  // ---- null tests in IIF conditions and Switch sources (spec 4.17, 4.40) ----

  private reportNullTest(fn: FunctionInfo, p: ParameterInfo, value: CallExpr, inner: FunctionInfo, switchCall?: CallExpr): void {
    if (p.type === 'condition') {
      const attr = this.firstAttribute(value) ?? 'attribute';
      this.report(
        'EPX113',
        value.nameSpan,
        `${fn.name}'s ${p.name} uses ${inner.name}: the documentation lists this as unsupported, because the condition check fails when the attribute is null or empty. Use Switch instead, e.g. Switch([${attr}], [${attr}], "", "fallback").`,
      );
    } else {
      const keysAreTests = switchCall
        ? switchCall.args.some((a, i) => i > 0 && a.value?.kind === 'call' && getFunction(a.value.name)?.nullTest)
        : false;
      const chain = keysAreTests
        ? ' Its keys are null tests too, so the "True"/"False" texts are compared with each other: this does not pick the first present value (Coalesce([a], [b], ...) returns the first value that is not null).'
        : '';
      this.report(
        'EPX112',
        value.nameSpan,
        `Do not use ${inner.name} as ${fn.name}'s ${p.name}: its result is the text "True"/"False", compared with the keys as a string, and the documentation advises against it. Switch on the attribute itself and add a "" key for the empty case, e.g. Switch([x], "default", "", "value when empty").${chain}`,
      );
    }
  }

  private checkConditionNullTest(fn: FunctionInfo, cmp: ComparisonExpr): void {
    const p = fn.parameters.find((x) => x.type === 'condition')!;
    for (const side of [cmp.left, cmp.right]) {
      if (side.kind === 'string' && side.value === '') {
        const other = side === cmp.left ? cmp.right : cmp.left;
        const attr = other.kind === 'attribute' ? other.name : 'attribute';
        this.report(
          'EPX113',
          side,
          `${fn.name}'s ${p.name} compares with "": the documentation lists this as unsupported, because the condition check fails when the attribute is null or empty. Use Switch instead, e.g. Switch([${attr}], [${attr}], "", "fallback").`,
        );
      } else if (side.kind === 'call') {
        const inner = getFunction(side.name);
        if (inner?.nullTest) this.reportNullTest(fn, p, side, inner);
      }
    }
  }

  private firstAttribute(e: Expr): string | undefined {
    let found: string | undefined;
    const visit = (n: Expr): void => {
      if (found) return;
      if (n.kind === 'attribute') found = n.name;
      else if (n.kind === 'call') n.args.forEach((a) => a.value && visit(a.value));
      else if (n.kind === 'comparison') {
        visit(n.left);
        visit(n.right);
      }
    };
    visit(e);
    return found;
  }

  // ---- Replace (spec 4.35) ----

  private checkReplace(fn: FunctionInfo, call: CallExpr): void {
    if (call.args.length > fn.maxArgs) return;
    const slot = (name: string) => {
      const i = parameterIndex(fn, name);
      if (i < 0) throw new Error(`functions.json: ${fn.name} has no parameter ${name}`);
      return call.args[i]?.value ?? undefined;
    };
    const O = slot('oldValue');
    const R = slot('regexPattern');
    const G = slot('regexGroupName');
    const V = slot('replacementValue');
    const A = slot('replacementAttributeName');
    const T = slot('template');
    if (R?.kind === 'string') this.checkPattern(R, G, V);
    if (call.rparen === undefined) return;

    const has = { O: !!O, R: !!R, G: !!G, V: !!V, A: !!A, T: !!T };
    const key = (Object.keys(has) as (keyof typeof has)[]).filter((k) => has[k]).join('');
    const valid = new Set(['OV', 'OT', 'RV', 'RGV', 'RGA']);
    if (valid.has(key)) return;

    const modes =
      'The five modes are: oldValue + replacementValue; oldValue + template; regexPattern + replacementValue; regexPattern + regexGroupName + replacementValue; regexPattern + regexGroupName + replacementAttributeName.';
    let at: Span = call.nameSpan;
    let problem: string;
    if (has.O && has.R) {
      at = R!;
      problem = 'oldValue (2nd) and regexPattern (3rd) cannot both be supplied: use oldValue for literal text or regexPattern for a regular expression.';
    } else if (has.G && !has.R) {
      at = G!;
      problem = 'regexGroupName (4th) only works together with regexPattern (3rd).';
    } else if (has.A && !(has.R && has.G)) {
      at = A!;
      problem = 'replacementAttributeName (6th) needs regexPattern (3rd) and regexGroupName (4th).';
    } else if (has.T && !has.O) {
      at = T!;
      problem = 'template (7th) needs oldValue (2nd): the oldValue text inside the template is replaced by the source.';
    } else if (has.O && has.V && has.T) {
      at = T!;
      problem = 'With oldValue, supply either replacementValue (5th) or template (7th), not both.';
    } else if (has.V && has.A) {
      at = A!;
      problem = 'replacementValue (5th) and replacementAttributeName (6th) cannot both be supplied.';
    } else if (has.R && has.T) {
      at = T!;
      problem = 'template (7th) works with oldValue, not with regexPattern.';
    } else if (has.O) {
      at = O!;
      problem = 'oldValue (2nd) needs replacementValue (5th) or template (7th); without one there is nothing to replace it with.';
    } else if (has.R && has.G) {
      at = G!;
      problem = 'regexPattern with regexGroupName needs replacementValue (5th) or replacementAttributeName (6th).';
    } else if (has.R) {
      at = R!;
      problem = 'regexPattern (3rd) needs replacementValue (5th), even if it is "" to delete the matches.';
    } else if (has.V) {
      at = V!;
      problem = 'replacementValue (5th) needs oldValue (2nd) or regexPattern (3rd) to say what to replace.';
    } else {
      problem = 'Nothing to replace: supply oldValue (2nd) or regexPattern (3rd).';
    }
    this.report('EPX119', at, `Replace's arguments match none of its modes. ${problem} ${modes}`);
  }

  private checkPattern(pattern: StringExpr, group: Expr | undefined, replacement: Expr | undefined): void {
    if (this.validateRegex) {
      let findings: RegexFinding[] = [];
      try {
        findings = this.validateRegex(pattern.value);
      } catch (err) {
        findings = [{ severity: 'error', message: `The pattern could not be checked (${String(err)}).`, offset: 0, length: pattern.value.length }];
      }
      for (const f of findings) {
        const span = valueRangeToText(pattern, this.text, f.offset, f.length);
        this.report(f.severity === 'error' ? 'EPX120' : 'EPX121', span.end > span.start ? span : pattern, `Replace's regexPattern: ${f.message}`);
      }
    }
    const groups = regexGroups(pattern.value);
    if (!groups) return; // does not compile: EPX120 says why
    const names = groups.names;
    if (group?.kind === 'string' && group.value !== '' && !/^\d+$/.test(group.value) && !names.has(group.value)) {
      const known = [...names];
      this.report(
        'EPX122',
        group,
        `Replace's regexGroupName "${group.value}" is not a group of the pattern. ${known.length ? `The pattern defines ${known.map((n) => `"${n}"`).join(', ')}.` : 'The pattern defines no named group; add one with (?<name>...).'}`,
        known.length === 1 ? { replacement: `"${known[0]}"` } : undefined,
      );
    }
    if (replacement?.kind === 'string') {
      const numbered = groups.numbered + names.size;
      const re = /\$\{([^}]*)\}|\$(\d+)|\$\$/g;
      for (let m = re.exec(replacement.value); m; m = re.exec(replacement.value)) {
        const name = m[1];
        const num = m[2];
        const undefinedName = name !== undefined && !/^\d+$/.test(name) && !names.has(name);
        const undefinedNumber =
          (num !== undefined && Number(num) > numbered) || (name !== undefined && /^\d+$/.test(name) && Number(name) > numbered);
        if (undefinedName || undefinedNumber) {
          const span = valueRangeToText(replacement, this.text, m.index, m[0].length);
          this.report(
            'EPX123',
            span,
            `Replace's replacementValue refers to ${m[0]}, which the pattern does not define, so it is inserted literally. ${names.size ? `Defined groups: ${[...names].map((n) => `\${${n}}`).join(', ')}.` : 'Define the group in the pattern with (?<name>...).'}`,
          );
        }
      }
    }
  }

  // ---- RandomString (spec 4.32) ----

  private checkRandomString(fn: FunctionInfo, call: CallExpr): void {
    const value = (name: string) => {
      const i = parameterIndex(fn, name);
      if (i < 0) throw new Error(`functions.json: ${fn.name} has no parameter ${name}`);
      const e = call.args[i]?.value;
      return e ? integerValue(e) : undefined;
    };
    const lengthArg = call.args[parameterIndex(fn, 'Length')]?.value;
    const length = value('Length');
    const parts: [string, number | undefined][] = ['MinimumNumbers', 'MinimumSpecialCharacters', 'MinimumCapital', 'MinimumLowerCase'].map(
      (name) => [name, value(name)],
    );
    if (!lengthArg || length === undefined || parts.some(([, n]) => n === undefined)) return;
    const sum = parts.reduce((s, [, n]) => s + Math.max(0, n!), 0);
    if (length < sum) {
      this.report(
        'EPX118',
        lengthArg,
        `RandomString's Length is ${length}, less than the ${sum} characters its minimums require (${parts.map(([name, n]) => `${name} ${n}`).join(' + ')}). Raise Length to at least ${sum} or lower the minimums.`,
      );
    }
  }
}
