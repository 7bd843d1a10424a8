// Completion inside one expression: functions (with parameter snippets), source attributes
// inside `[...]`, and the values a parameter accepts (InStr's compare types, DateAdd/DateDiff
// interval codes, "True"/"False" where a boolean string is compared). Nothing inside an ordinary
// string constant. Every function fact comes from the catalogue.
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver/node';
import type { Command, CompletionItemLabelDetails, MarkupContent } from 'vscode-languageserver/node';
import {
  allFunctions,
  FunctionInfo,
  getFunction,
  NamedValue,
  parameterAt,
  ParameterInfo,
  signatureOf,
} from '../../catalog/functions';
import type { Expr, ParseResult, StringExpr, Token } from '../../language/expression/ast';
import { parseExpression } from '../../language/expression/parser';
import { attributeTypeText, catalogueAttributes, ExpressionAttribute, isBooleanAttribute, resolveAttribute } from './attributes';
import type { ExpressionContext } from './context';
import { CallSite, callSiteAt, nodeStartingAt, tokenIndexBefore } from './cursor';
import { attributeMarkdown, functionMarkdown } from './docs';
import { quoteString } from './markdown';
import type { OffsetEdit } from './types';

export interface ExpressionCompletionItem {
  label: string;
  kind: CompletionItemKind;
  /** The signature of a function, the type of an attribute, the meaning of a value. */
  detail?: string;
  labelDetails?: CompletionItemLabelDetails;
  documentation?: MarkupContent;
  /** Orders the list before the client's own fuzzy ranking; compare as plain strings. */
  sortText: string;
  /** What the client filters on (the word typed). Defaults to `label`. */
  filterText?: string;
  insertTextFormat: InsertTextFormat;
  /** Replace [start, end) of the expression with `newText` (a snippet when insertTextFormat says so). */
  edit: OffsetEdit;
  preselect?: boolean;
  /** Run after insertion (parameter hints after a function snippet). */
  command?: Command;
}

export interface ExpressionCompletionList {
  items: ExpressionCompletionItem[];
  /** Always false: the list is complete for the position. */
  isIncomplete: false;
}

/** Characters worth registering as completion triggers for expressions. */
export const EXPRESSION_COMPLETION_TRIGGERS: readonly string[] = ['[', '"'];

/** The strings Entra uses for booleans (spec 2.8: there are no boolean literals). */
export const BOOLEAN_STRINGS: readonly NamedValue[] = [
  { value: 'True', description: 'true, as text' },
  { value: 'False', description: 'false, as text' },
];

const TRIGGER_PARAMETER_HINTS: Command = { title: 'Trigger parameter hints', command: 'editor.action.triggerParameterHints' };

/** Characters that end an attribute name being typed when no `]` closes it. */
const ATTRIBUTE_BREAK = /[,()"\[\r\n]/;

/** Sort tiers (the first character of sortText). */
const TIER = { value: '0', preferred: '1', normal: '2', later: '3', demoted: '4' } as const;

/**
 * Completion items at `offset` of the expression `text`. Never throws; an empty list where
 * nothing can be typed (inside a string constant that takes arbitrary text, after a complete
 * term, inside a number).
 */
export function completeExpression(text: string, offset: number, context: ExpressionContext = {}): ExpressionCompletionList {
  const at = Math.max(0, Math.min(offset, text.length));
  const parse = parseExpression(text);
  return { items: new Completer(parse, at, context).run(), isIncomplete: false };
}

type Site =
  | { kind: 'none' }
  | { kind: 'string'; token: Token; node: StringExpr | undefined }
  | { kind: 'attribute'; token: Token }
  | { kind: 'term'; word: Token | undefined };

class Completer {
  private readonly text: string;
  private readonly attributes: readonly ExpressionAttribute[];
  private readonly snippets: boolean;
  private readonly items: ExpressionCompletionItem[] = [];

  constructor(
    private readonly parse: ParseResult,
    private readonly offset: number,
    context: ExpressionContext,
  ) {
    this.text = parse.text;
    this.attributes = context.attributes ?? catalogueAttributes('User');
    this.snippets = context.snippets !== false;
  }

  run(): ExpressionCompletionItem[] {
    const site = this.site();
    switch (site.kind) {
      case 'none':
        return [];
      case 'string':
        this.completeInString(site.token, site.node);
        break;
      case 'attribute':
        this.completeAttributeName(site.token);
        break;
      case 'term':
        this.completeTerm(site.word);
        break;
    }
    return this.items;
  }

  // ---- where are we ----

  private site(): Site {
    const tokens = this.parse.tokens;
    const offset = this.offset;
    const i = tokenIndexBefore(tokens, offset);
    const t = i >= 0 ? tokens[i] : undefined;
    const next = tokens[i + 1];
    if (t && offset < t.end) {
      // strictly inside a token
      switch (t.kind) {
        case 'string':
          return { kind: 'string', token: t, node: nodeStartingAt(this.parse, t.start, 'string') };
        case 'attribute':
          return { kind: 'attribute', token: t };
        case 'identifier':
        case 'function':
          return this.termAfter(i - 1, t);
        default:
          return { kind: 'none' };
      }
    }
    if (t && offset === t.end) {
      // touching the end of a token
      if (t.kind === 'identifier' || t.kind === 'function') return this.termAfter(i - 1, t);
      if (t.kind === 'string' && !this.closedString(t)) {
        return { kind: 'string', token: t, node: nodeStartingAt(this.parse, t.start, 'string') };
      }
      if (t.kind === 'attribute' && this.text[t.end - 1] !== ']') return { kind: 'attribute', token: t };
    }
    if (next && next.start === offset && (next.kind === 'identifier' || next.kind === 'function')) {
      return this.termAfter(i, next);
    }
    const term = this.termAfter(i, undefined);
    // Directly before a constant or attribute, an insertion would glue onto it.
    if (term.kind === 'term' && next && next.start === offset && ['string', 'attribute', 'number', 'hex'].includes(next.kind)) {
      return { kind: 'none' };
    }
    return term;
  }

  /** A term may start after token `prevIndex` (none, `(`, `,`, a comparison operator). */
  private termAfter(prevIndex: number, word: Token | undefined): Site {
    const prev = prevIndex >= 0 ? this.parse.tokens[prevIndex] : undefined;
    if (!prev || prev.kind === 'lparen' || prev.kind === 'comma' || prev.kind === 'operator') return { kind: 'term', word };
    return { kind: 'none' };
  }

  private closedString(t: Token): boolean {
    if (t.end - t.start < 2 || this.text[t.end - 1] !== '"') return false;
    const node = nodeStartingAt(this.parse, t.start, 'string');
    if (node) return node.closed;
    // A string the tree does not hold (after a nesting cut): decide from the text.
    let i = t.start + 1;
    while (i < t.end - 1) i += this.text[i] === '\\' ? 2 : 1;
    return i === t.end - 1;
  }

  // ---- inside a string constant ----

  private completeInString(token: Token, node: StringExpr | undefined): void {
    const site = callSiteAt(this.parse, this.offset);
    if (!site) return;
    const closed = node ? node.closed : this.closedString(token);
    const values = this.valuesFor(site);
    if (!values.length) return; // an ordinary string: free text
    const edit = { start: token.start, end: closed ? token.end : this.offset };
    for (const v of values) {
      const quoted = quoteString(v.value);
      this.items.push({
        label: quoted,
        kind: CompletionItemKind.Value,
        detail: v.description,
        sortText: `${TIER.value}${String(values.indexOf(v)).padStart(3, '0')}`,
        filterText: quoted,
        insertTextFormat: InsertTextFormat.PlainText,
        edit: { ...edit, newText: quoted },
      });
    }
  }

  /** The string constants the slot at the cursor accepts: allowed values, or "True"/"False". */
  private valuesFor(site: CallSite): readonly NamedValue[] {
    const p = site.binding?.parameter;
    if (site.comparison) {
      const { node, side } = site.comparison;
      return this.comparedWithBoolean(side === 'right' ? node.left : node.right) ? BOOLEAN_STRINGS : [];
    }
    if (!p) return [];
    if (p.allowedValues?.length) return p.allowedValues;
    if (p.type === 'boolean') return BOOLEAN_STRINGS;
    if (this.isSwitchKey(site) && this.comparedWithBoolean(site.call.args[0]?.value ?? null)) return BOOLEAN_STRINGS;
    return [];
  }

  /** Switch's keys are compared with its source (the first argument). */
  private isSwitchKey(site: CallSite): boolean {
    const sw = getFunction('Switch');
    if (!sw || site.fn !== sw || !site.binding) return false;
    const key = sw.repeatedParameters[0];
    return site.binding.parameter === key;
  }

  /** The value is a Boolean attribute or a function returning a boolean ("True"/"False"). */
  private comparedWithBoolean(e: Expr | null): boolean {
    if (!e) return false;
    if (e.kind === 'attribute') {
      const r = resolveAttribute(e.name, this.attributes);
      return r.kind !== 'unknown' && isBooleanAttribute(r.attribute);
    }
    if (e.kind === 'call') return getFunction(e.name)?.returns.kind === 'boolean';
    return false;
  }

  // ---- inside [...] ----

  private completeAttributeName(token: Token): void {
    const text = this.text;
    const open = text.lastIndexOf('[', this.offset - 1);
    if (open < token.start) return;
    const typed = text.slice(open + 1, this.offset);
    if (ATTRIBUTE_BREAK.test(typed) || typed.includes(']')) return;
    let end = this.offset;
    let closed = false;
    while (end < token.end) {
      const c = text[end];
      if (c === ']') {
        closed = true;
        break;
      }
      if (ATTRIBUTE_BREAK.test(c)) break;
      end++;
    }
    if (!closed) {
      // keep the white space before whatever follows
      while (end > this.offset && /\s/.test(text[end - 1])) end--;
    }
    const site = callSiteAt(this.parse, this.offset);
    const expected = site?.binding?.parameter;
    for (const a of this.attributes) {
      if (!fuzzyMatch(typed, a.name)) continue;
      const tier = this.attributeTier(a, expected);
      this.items.push(this.attributeItem(a, tier, { start: open + 1, end, newText: closed ? a.name : `${a.name}]` }, a.name));
    }
  }

  private attributeItem(a: ExpressionAttribute, tier: string, edit: OffsetEdit, filterText: string): ExpressionCompletionItem {
    const type = attributeTypeText(a);
    const item: ExpressionCompletionItem = {
      label: a.name,
      kind: CompletionItemKind.Field,
      sortText: `${tier}${a.name.toLowerCase()}`,
      filterText,
      insertTextFormat: InsertTextFormat.PlainText,
      edit,
      documentation: { kind: MarkupKind.Markdown, value: attributeMarkdown(a) },
    };
    if (type) {
      item.detail = type;
      item.labelDetails = { description: type };
    }
    return item;
  }

  /** Attributes whose type suits the parameter come first; appRoleAssignments only where it belongs. */
  private attributeTier(a: ExpressionAttribute, p: ParameterInfo | undefined): string {
    if (p?.attributeName) return a.name === p.attributeName ? TIER.value : TIER.demoted;
    if (a.roleAssignments) return TIER.demoted;
    if (!p) return TIER.normal;
    const type = a.type?.toLowerCase();
    switch (p.type) {
      case 'multivalued':
        return a.multiValued ? TIER.preferred : TIER.later;
      case 'datetime':
        return type === 'datetime' ? TIER.preferred : TIER.normal;
      case 'boolean':
        return type === 'boolean' ? TIER.preferred : TIER.normal;
      case 'number':
        return type === 'integer' ? TIER.preferred : TIER.normal;
      default:
        return TIER.normal;
    }
  }

  // ---- where a term starts ----

  private completeTerm(word: Token | undefined): void {
    const start = word ? word.start : this.offset;
    const end = word ? word.end : this.offset;
    const typed = this.text.slice(start, this.offset);
    const site = callSiteAt(this.parse, this.offset);
    const p = site?.comparison ? undefined : site?.binding?.parameter;

    // A parameter that takes bare words takes nothing else.
    if (p?.type === 'enum' && p.enumValues?.length) {
      p.enumValues.forEach((v, i) => {
        if (!fuzzyMatch(typed, v.value)) return;
        this.items.push({
          label: v.value,
          kind: CompletionItemKind.EnumMember,
          detail: v.description,
          documentation: { kind: MarkupKind.Markdown, value: `${p.name} of ${site!.call.name}: ${v.description}` },
          sortText: `${TIER.value}${String(i).padStart(3, '0')}`,
          insertTextFormat: InsertTextFormat.PlainText,
          edit: { start, end, newText: v.value },
        });
      });
      return;
    }

    // Values the slot accepts.
    const values = site ? this.valuesFor(site) : [];
    values.forEach((v, i) => {
      if (!fuzzyMatch(typed, v.value)) return;
      const quoted = quoteString(v.value);
      this.items.push({
        label: quoted,
        kind: CompletionItemKind.Value,
        detail: v.description,
        sortText: `${TIER.value}${String(i).padStart(3, '0')}`,
        filterText: v.value,
        insertTextFormat: InsertTextFormat.PlainText,
        edit: { start, end, newText: quoted },
        preselect: i === 0 ? true : undefined,
      });
    });

    // Attributes as complete references.
    const nested = !!site;
    for (const a of this.attributes) {
      if (!fuzzyMatch(typed, a.name)) continue;
      let tier = this.attributeTier(a, p);
      if (!nested && tier === TIER.normal) tier = TIER.later; // at the top, functions come first
      const item = this.attributeItem(a, tier, { start, end, newText: `[${a.name}]` }, a.name);
      item.label = `[${a.name}]`;
      if (p?.attributeName && a.name === p.attributeName) item.preselect = true;
      this.items.push(item);
    }

    // Functions.
    const callFollows = this.text.slice(end).trimStart().startsWith('(');
    for (const fn of allFunctions()) {
      if (!fuzzyMatch(typed, fn.name)) continue;
      this.items.push(this.functionItem(fn, this.functionTier(fn, p, nested), start, end, callFollows));
    }
  }

  private functionTier(fn: FunctionInfo, p: ParameterInfo | undefined, nested: boolean): string {
    if (nested) {
      if (fn.returns.kind === 'complex') return TIER.demoted;
      if (fn.restrictions.some((r) => r.rule === 'topLevelOnly')) return TIER.demoted;
    }
    if (p?.attributeName) return TIER.demoted;
    const wanted = p ? preferredReturn(p) : undefined;
    if (wanted && wanted.includes(fn.returns.kind)) return TIER.preferred;
    if (fn.documentedIn !== 'reference') return TIER.later;
    return TIER.normal;
  }

  private functionItem(fn: FunctionInfo, tier: string, start: number, end: number, callFollows: boolean): ExpressionCompletionItem {
    const item: ExpressionCompletionItem = {
      label: fn.name,
      kind: CompletionItemKind.Function,
      detail: signatureOf(fn),
      labelDetails: { detail: `(${shortParameterList(fn)})`, description: fn.summary },
      documentation: { kind: MarkupKind.Markdown, value: functionMarkdown(fn, { signature: false }) },
      sortText: `${tier}${fn.name.toLowerCase()}`,
      insertTextFormat: InsertTextFormat.PlainText,
      edit: { start, end, newText: fn.name },
    };
    if (!callFollows && this.snippets) {
      item.insertTextFormat = InsertTextFormat.Snippet;
      item.edit = { start, end, newText: functionSnippet(fn) };
      if (fn.parameters.length) item.command = TRIGGER_PARAMETER_HINTS;
    }
    return item;
  }
}

/** Return kinds that suit a parameter type, best first; undefined when any value does. */
function preferredReturn(p: ParameterInfo): readonly string[] | undefined {
  switch (p.type) {
    case 'number':
      return ['number'];
    case 'datetime':
      return ['datetime'];
    case 'multivalued':
      return ['multivalued'];
    case 'boolean':
    case 'condition':
      return ['boolean'];
    default:
      return undefined;
  }
}

/** `separator, source...` / `source, [defaultValue], key, value...`. */
export function shortParameterList(fn: FunctionInfo): string {
  const names = fn.fixedParameters.map((p) => (p.required ? p.name : `[${p.name}]`));
  const group = fn.repeatedParameters;
  if (group.length === 1) names.push(`${group[0].name}...`);
  else if (group.length > 1) names.push(`${group.map((p) => p.name).join(', ')}...`);
  return names.join(', ');
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** Inside a choice only `,`, `|` and `\` are escapes (a backslash before `$` or `}` would stay). */
function escapeChoice(text: string): string {
  return text.replace(/[\\,|]/g, (c) => `\\${c}`);
}

/**
 * `Join(${1:separator}, ${2:source1})`: every slot up to the last required one (the minimum a
 * call needs), optional slots before it as empty tab stops, allowed values as a choice.
 */
export function functionSnippet(fn: FunctionInfo): string {
  const parts: string[] = [];
  for (let i = 0; i < fn.minArgs; i++) {
    const b = parameterAt(fn, i);
    if (!b) break;
    const p = b.parameter;
    const n = i + 1;
    if (!p.required) parts.push(`\${${n}}`);
    else if (p.allowedValues?.length) parts.push(`\${${n}|${p.allowedValues.map((v) => escapeChoice(quoteString(v.value))).join(',')}|}`);
    else if (p.attributeName) parts.push(`\${${n}:${escapeSnippet(`[${p.attributeName}]`)}}`);
    else parts.push(`\${${n}:${escapeSnippet(b.label)}}`);
  }
  return `${fn.name}(${parts.join(', ')})$0`;
}

/** Where a word part starts: the beginning, a capital after a lower-case letter, after `.`/`_`/`:`/`-`. */
function isWordStart(s: string, i: number): boolean {
  if (i === 0) return true;
  const prev = s[i - 1];
  const c = s[i];
  if (/[._:\-\s]/.test(prev)) return true;
  return /[A-Z]/.test(c) && /[a-z0-9]/.test(prev);
}

/**
 * Whether `candidate` matches the typed word as editors filter: the first typed character at
 * the start of a word part (`name` → displayName, `gn` → givenName), the rest in order, all
 * case-insensitively. The client ranks and re-filters; this only drops what cannot match.
 */
export function fuzzyMatch(typed: string, candidate: string): boolean {
  if (!typed) return true;
  const t = typed.toLowerCase();
  const c = candidate.toLowerCase();
  for (let s = 0; s < c.length; s++) {
    if (c[s] !== t[0] || !isWordStart(candidate, s)) continue;
    let j = 1;
    for (let i = s + 1; i < c.length && j < t.length; i++) if (c[i] === t[j]) j++;
    if (j === t.length) return true;
  }
  return false;
}
