// Completion for whole documents.
//
// .entramap: at the start of a statement the keywords its block allows (as snippets), target
// attribute paths in a mapping block, scoping attributes in a filter block; after `app ...
// template` the template names; after `source` / `target` the object or directory names; the
// expression services after `<-` and inside expressions (with the mapping's source attributes);
// the line options (`default`, `match`, `on create`, ...) after the source; in clauses the
// operators (multi-word ones whole, ranked by the attribute's type) and then known values.
//
// Graph JSON: inside `expression` strings (edits JSON-escaped), and the values of
// `sourceOperandName`, `operatorName`, `targetAttributeName`, `sourceObjectName`,
// `targetObjectName`, `flowType` and `flowBehavior`.
import { IToken } from 'chevrotain';
import {
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  Position,
} from 'vscode-languageserver/node';
import { allTemplates, templateNames } from '../../catalog/templates';
import { appIds } from '../../catalog/templates/apps';
import type { SourceAttribute } from '../../catalog/source-attributes';
import { parseExpression } from '../../language/expression/parser';
import {
  Actions,
  Apply,
  App,
  Arrow,
  BareValue,
  Category,
  Default,
  Editable,
  Enabled,
  Expression,
  Flow,
  GraphAt,
  Input,
  JsonValue,
  Match,
  None,
  On,
  RawAt,
  Schema,
  ScopeOperator,
  Source,
  StringLit,
  Target,
  Template,
  UnterminatedString,
} from '../../language/mapping/lexer';
import { quoteString as entramapQuote, scanName } from '../../language/mapping/scan';
import type { ObjectMapping } from '../../model/types';
import { stringInnerRange } from '../../schema/json-tree';
import { OPERATORS, OperatorInfo } from '../../scoping/model';
import { completeExpression, ExpressionCompletionItem } from '../expression';
import { entramapValue } from '../../check/proposals';
import { encodeFor, isJsonSite, jsonEscape, jsonPathAt, lineStartOf, modelPathAt, siteAt, toOffset, toRange, wordAround } from './common';
import type { ParsedDocument } from './document';
import { expressionContextFor, SampleOptions, sampleValueOf } from './evaluation';
import { ACTION_WORDS, APPLY_VALUES, KEYWORDS, OPTION_KEYWORDS, SINGLE_PROPERTIES, STATEMENT_KEYWORDS } from './keywords';
import { Block, blockAt, commentAt, isNameToken, Statement, statementAt, statementOnLine, tokEnd } from './statements';
import type { TargetPathInfo } from './targets';
import { reportServiceError } from './errors';

export interface CompletionOptions extends SampleOptions {
  /** The client supports snippets (default true). */
  snippets?: boolean;
  /**
   * The character that triggered the request (LSP `context.triggerCharacter`). A blank triggers
   * only where a statement expects its next word (an operator, an option, an object name), never
   * in indentation or inside an expression.
   */
  triggerCharacter?: string;
}

/** Characters worth registering as completion triggers for documents. */
export const DOCUMENT_COMPLETION_TRIGGERS: readonly string[] = ['[', '"', ' '];

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/** Completion at `position`. Never throws; an empty list where nothing can be typed. */
export function completion(doc: ParsedDocument, position: Position, options: CompletionOptions = {}): CompletionList {
  try {
    const offset = toOffset(doc, position);
    const items = doc.kind === 'entramap' ? new EntramapCompleter(doc, offset, options).run() : jsonCompletion(doc, offset, options);
    return { isIncomplete: false, items };
  } catch (e) {
    reportServiceError(e, 'completion');
    return EMPTY;
  }
}

// ---- shared item builders -------------------------------------------------------------------------

/** An expression services item as an LSP item, its edit mapped through `map` and encoded. */
function fromExpressionItem(doc: ParsedDocument, item: ExpressionCompletionItem, map: (o: number) => number, encode: (s: string) => string): CompletionItem {
  const start = map(item.edit.start);
  const end = Math.max(start, map(item.edit.end));
  const out: CompletionItem = {
    label: item.label,
    kind: item.kind,
    sortText: item.sortText,
    insertTextFormat: item.insertTextFormat,
    textEdit: { range: toRange(doc, start, end), newText: encode(item.edit.newText) },
  };
  if (item.detail !== undefined) out.detail = item.detail;
  if (item.labelDetails) out.labelDetails = item.labelDetails;
  if (item.documentation) out.documentation = item.documentation;
  if (item.filterText !== undefined) out.filterText = encode(item.filterText);
  if (item.preselect) out.preselect = true;
  if (item.command) out.command = item.command;
  return out;
}

function markdown(value: string) {
  return { kind: MarkupKind.Markdown, value };
}

function targetItem(doc: ParsedDocument, t: TargetPathInfo, start: number, end: number, encode: (s: string) => string, index: number): CompletionItem {
  const facts: string[] = [];
  if (t.type) facts.push(t.type);
  if (t.multiValued) facts.push('multi-valued');
  if (t.required) facts.push('required');
  if (t.filterable) facts.push('matching');
  const doc_: string[] = [];
  if (t.description) doc_.push(t.description);
  const app = t.appAttribute;
  if (app) doc_.push(`Listed by the app${app.required ? ' as required' : ''}${app.filterable ? ', supported for filtering (matching)' : ''}.`);
  if (t.mutability && !/^readWrite$/i.test(t.mutability)) doc_.push(`Mutability: ${t.mutability}.`);
  if (t.defaultSource) doc_.push(`Usual source: \`${t.defaultSource}\``);
  const item: CompletionItem = {
    label: t.path,
    kind: CompletionItemKind.Property,
    detail: facts.join(' · ') || undefined,
    sortText: `${t.tier}${String(index).padStart(4, '0')}`,
    filterText: t.path,
    textEdit: { range: toRange(doc, start, end), newText: encode(t.path) },
  };
  if (doc_.length) item.documentation = markdown(doc_.join('\n\n'));
  return item;
}

function scopingAttributeItem(doc: ParsedDocument, a: SourceAttribute, start: number, end: number, encode: (s: string) => string): CompletionItem {
  const type = `${a.type}${a.multiValued ? ', multi-valued' : ''}`;
  return {
    label: a.name,
    kind: CompletionItemKind.Field,
    detail: type,
    documentation: a.description ? markdown(a.description) : undefined,
    sortText: `1${a.name.toLowerCase()}`,
    textEdit: { range: toRange(doc, start, end), newText: encode(a.name) },
  };
}

/** Operators ranked for an attribute type: the ones meant for it first, uncertain ones last. */
function rankedOperators(type: string | undefined): { op: OperatorInfo; rank: number }[] {
  const out: { op: OperatorInfo; rank: number }[] = [];
  OPERATORS.forEach((op, i) => {
    if (op.status === 'undocumented' || op.status === 'portalOnly') return;
    let rank = 1;
    if (op.status === 'uncertain') rank = 3;
    else if (type && op.attributeTypes.length && !op.attributeTypes.includes(type)) rank = 2;
    else if (type && op.attributeTypes.includes(type)) rank = 0;
    if (type === 'Boolean' && (op.name === 'IS TRUE' || op.name === 'IS FALSE')) rank = 0;
    out.push({ op, rank: rank * 100 + i });
  });
  return out;
}

function operatorItem(doc: ParsedDocument, op: OperatorInfo, rank: number, start: number, end: number, encode: (s: string) => string): CompletionItem {
  const detail = `${op.arity === 'Unary' ? 'no value' : 'one value'}${op.status === 'uncertain' ? ' · semantics uncertain' : ''}`;
  return {
    label: op.name,
    kind: CompletionItemKind.Operator,
    detail,
    documentation: markdown(op.summary),
    sortText: String(rank).padStart(4, '0'),
    filterText: op.name,
    textEdit: { range: toRange(doc, start, end), newText: encode(op.name) },
  };
}

function plainItem(
  doc: ParsedDocument,
  label: string,
  kind: CompletionItemKind,
  start: number,
  end: number,
  newText: string,
  extra: Partial<CompletionItem> = {},
): CompletionItem {
  return { label, kind, textEdit: { range: toRange(doc, start, end), newText }, ...extra };
}

/**
 * A cheap identity of a target path for "already mapped": case-folded, core schema URN and
 * blanks dropped. Resolving every mapped path would cost milliseconds per line of a large file;
 * the offered paths are canonical, so this catches every way a user writes them but exotic ones.
 */
function pathKey(path: string): string {
  return path
    .toLowerCase()
    .replace(/^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/, '')
    .replace(/\s+/g, '');
}

type AttributeMappingNode = ObjectMapping['attributeMappings'][number];

/**
 * `pathKey` of attribute mappings' targets, by the mapping's Graph JSON: the .entramap parser makes
 * one per line content and shares it between the versions of a document, so after an edit only
 * the edited lines' keys are computed again.
 */
const mappingKeys = new WeakMap<object, { name: string; key: string }>();

function mappingKey(m: AttributeMappingNode, name: string): string {
  const root = typeof m.json === 'object' && m.json !== null ? m.json : undefined;
  const known = root ? mappingKeys.get(root) : undefined;
  if (known && known.name === name) return known.key;
  const key = pathKey(name);
  if (root) mappingKeys.set(root, { name, key });
  return key;
}

/** How many of an object mapping's lines map each target key (made once per version of the object mapping). */
const mappedCounts = new WeakMap<ObjectMapping, Map<string, number>>();

function countsOf(om: ObjectMapping): Map<string, number> {
  let counts = mappedCounts.get(om);
  if (!counts) {
    counts = new Map();
    for (const m of om.attributeMappings) {
      if (!m.targetAttributeName) continue;
      const key = mappingKey(m, m.targetAttributeName);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    mappedCounts.set(om, counts);
  }
  return counts;
}

/** The target keys mapped by the object mapping's lines but those `skip` picks. */
function mappedPaths(om: ObjectMapping, skip: (m: AttributeMappingNode) => boolean): { has(key: string): boolean } {
  const counts = countsOf(om);
  let skipped: Map<string, number> | undefined;
  for (const m of om.attributeMappings) {
    if (!m.targetAttributeName || !skip(m)) continue;
    const key = mappingKey(m, m.targetAttributeName);
    (skipped ??= new Map()).set(key, (skipped.get(key) ?? 0) + 1);
  }
  return { has: (key) => (counts.get(key) ?? 0) > (skipped?.get(key) ?? 0) };
}

/** `pathKey` of each target path the context offers (the list is shared by the versions of a document). */
const targetKeys = new WeakMap<readonly TargetPathInfo[], string[]>();

function targetKeysOf(paths: readonly TargetPathInfo[]): string[] {
  let keys = targetKeys.get(paths);
  if (!keys) targetKeys.set(paths, (keys = paths.map((t) => pathKey(t.path))));
  return keys;
}

// ---- .entramap ---------------------------------------------------------------------------------------

const WORD = /[A-Za-z0-9_$.:\-/+@]/;

class EntramapCompleter {
  private readonly text: string;
  private readonly snippets: boolean;

  constructor(
    private readonly doc: ParsedDocument,
    private readonly offset: number,
    private readonly options: CompletionOptions,
  ) {
    this.text = doc.text;
    this.snippets = options.snippets !== false;
  }

  run(): CompletionItem[] {
    const offset = this.offset;
    // an expression never holds a comment (`#` after a blank ends it): no statement index needed
    const blank = this.options.triggerCharacter === ' ';
    const hit = siteAt(this.doc, offset);
    if (hit) return blank ? [] : this.inExpression(hit);
    const idx = this.doc.statements;
    if (commentAt(idx, offset)) return [];
    const st = statementOnLine(idx, offset);
    const block = st ? st.block : blockAt(idx, offset);
    const tokens = st?.tokens ?? [];
    if (block.kind === 'mapping') {
      // A target path being typed (its value filter may hold blanks and an open string).
      const lineStart = lineStartOf(this.text, offset);
      const before = this.text.slice(lineStart, offset);
      const first = lineStart + (before.length - before.trimStart().length);
      if (first < offset && (!st || st.start >= lineStart) && this.pathEnd(first) !== undefined && /[[\]]/.test(before)) {
        return this.statementStart(block, st, undefined);
      }
    }
    // Inside a string or JSON value: nothing to offer.
    const inside = tokens.find((t) => t.startOffset < offset && offset < tokEnd(t));
    if (inside && (inside.tokenType === StringLit || inside.tokenType === JsonValue || inside.tokenType === Expression)) return [];
    if (inside && inside.tokenType === UnterminatedString) return [];
    const current = tokens.find((t) => t.startOffset < offset && offset <= tokEnd(t) && (isNameToken(t) || t.tokenType === BareValue || t.tokenType === ScopeOperator));
    const prev = tokens.filter((t) => tokEnd(t) <= offset && t !== current);
    if (!prev.length) return blank ? [] : this.statementStart(block, st, current);
    const items = this.afterTokens(block, st!, prev, current);
    // after `<- ` a blank would open the whole expression list: only on request
    return blank && prev[prev.length - 1].tokenType === Arrow ? [] : items;
  }

  private wordRange(current: IToken | undefined): { start: number; end: number } {
    if (current) return { start: current.startOffset, end: tokEnd(current) };
    return wordAround(this.text, this.offset, WORD, lineStartOf(this.text, this.offset));
  }

  private keywordItem(word: string, range: { start: number; end: number }, sort: string): CompletionItem {
    const info = KEYWORDS[word];
    const useSnippet = this.snippets && info.snippet !== undefined;
    const item = plainItem(this.doc, info.label, CompletionItemKind.Keyword, range.start, range.end, useSnippet ? info.snippet! : info.plain ?? info.label, {
      detail: 'keyword',
      documentation: markdown(info.summary + (info.details ? `\n\n${info.details}` : '')),
      sortText: sort,
      filterText: info.label,
    });
    if (useSnippet) {
      item.insertTextFormat = InsertTextFormat.Snippet;
      if (info.snippet!.includes('\n')) item.insertTextMode = InsertTextMode.adjustIndentation;
      item.kind = info.snippet!.includes('\n') ? CompletionItemKind.Snippet : CompletionItemKind.Keyword;
    }
    return item;
  }

  /** The first word of a statement: keywords, target paths (mapping), scoping attributes (filter). */
  private statementStart(block: Block, st: Statement | undefined, current: IToken | undefined): CompletionItem[] {
    const items: CompletionItem[] = [];
    const lineStart = lineStartOf(this.text, this.offset);
    const before = this.text.slice(lineStart, this.offset);
    const first = lineStart + (before.length - before.trimStart().length);
    if (/^\s*[^\s\w@$"\-[]/.test(before)) return []; // `}`, `{`, punctuation
    const range = this.wordRange(current);
    let keywords = STATEMENT_KEYWORDS[block.kind];
    if (block.kind === 'top' && this.doc.statements.statements.some((s) => s.kind === 'app' && s !== st)) keywords = keywords.filter((k) => k !== 'app');
    if (block.kind === 'mapping' && block.children.some((c) => c.kind === 'scope' && c.open !== st)) keywords = keywords.filter((k) => k !== 'scope');
    keywords = keywords.filter((k) => !(SINGLE_PROPERTIES.has(k) && block.properties.has(k) && !(st && st.tokens[0]?.image === k)));
    if (/[[\]"]/.test(before)) keywords = [];
    const wordStart = Math.min(range.start, this.offset);
    keywords.forEach((k, i) => items.push(this.keywordItem(k, { start: wordStart, end: Math.max(range.end, this.offset) }, `5${String(i).padStart(2, '0')}`)));

    if (block.kind === 'mapping') {
      const om = this.objectMappingOf(block);
      if (om) {
        const pathEnd = this.pathEnd(first);
        if (pathEnd !== undefined && !before.slice(first - lineStart).includes('<-')) {
          const ctx = this.doc.contextFor(om);
          const mapped = this.mappedKeys(om, st);
          const paths = ctx.targetPaths();
          const keys = targetKeysOf(paths);
          paths.forEach((t, i) => {
            if (!mapped.has(keys[i])) items.push(targetItem(this.doc, t, first, pathEnd, (s) => entramapValue(s), i));
          });
        }
      }
    } else if (block.kind === 'filter') {
      const om = this.objectMappingOf(block);
      if (om) {
        for (const a of this.doc.contextFor(om).scopingAttributes()) items.push(scopingAttributeItem(this.doc, a, range.start, Math.max(range.end, this.offset), (s) => entramapValue(s)));
      }
    }
    return items;
  }

  /** End of the target path being typed at `first` (through brackets), or undefined when it is not a path. */
  private pathEnd(first: number): number | undefined {
    const typed = this.text.slice(first, this.offset);
    if (typed.startsWith('"') || typed.startsWith('#')) return undefined;
    // blanks only inside a value filter's brackets
    let depth = 0;
    for (const ch of typed) {
      if (ch === '[') depth++;
      else if (ch === ']') depth = Math.max(0, depth - 1);
      else if (/\s/.test(ch) && depth === 0) return undefined;
    }
    const scanned = scanName(this.text, first);
    let end = Math.max(this.offset, scanned);
    while (end < this.text.length && WORD.test(this.text[end])) end++;
    return end;
  }

  /** Target paths mapped by the object mapping's other lines (normalised spelling, see `pathKey`). */
  private mappedKeys(om: ObjectMapping, st: Statement | undefined): { has(key: string): boolean } {
    return mappedPaths(om, (m) => !!st && m.range.start >= st.start && m.range.start <= st.end);
  }

  /** The model's object mapping for a mapping or filter block of the statement index. */
  private objectMappingOf(block: Block): ObjectMapping | undefined {
    let b: Block | undefined = block;
    while (b && b.kind !== 'mapping') b = b.parent;
    if (!b?.open) return undefined;
    return modelPathAt(this.doc.model, b.open.start).objectMapping;
  }

  private afterTokens(block: Block, st: Statement, prev: IToken[], current: IToken | undefined): CompletionItem[] {
    const first = prev[0];
    const range = this.wordRange(current);
    const end = Math.max(range.end, this.offset);
    const start = Math.min(range.start, this.offset);
    const hasArrow = prev.some((t) => t.tokenType === Arrow);
    if (!hasArrow && block.kind !== 'filter' && st.kind !== 'clause') {
      switch (first.tokenType) {
        case App:
          return this.appLine(prev, start, end);
        case Source:
        case Target:
          if (prev.length === 1) return this.objectNames(block, first.tokenType === Source ? 'source' : 'target', start, end);
          return [];
        case Enabled:
        case Editable:
          if (prev.length !== 1) return [];
          return ['true', 'false'].map((v, i) => plainItem(this.doc, v, CompletionItemKind.Value, start, end, v, { sortText: String(i) }));
        case Actions: {
          const used = new Set(prev.slice(1).map((t) => t.image.toLowerCase()));
          return ACTION_WORDS.filter((a) => !used.has(a.value)).map((a, i) =>
            plainItem(this.doc, a.value, CompletionItemKind.EnumMember, start, end, a.value, { detail: a.summary, sortText: String(i) }),
          );
        }
        case Input:
        case Category:
          return prev.length === 1 ? [plainItem(this.doc, 'filter', CompletionItemKind.Keyword, start, end, 'filter')] : [];
        case GraphAt:
        case RawAt:
          return [];
        default:
          break;
      }
      if (st.kind !== 'attribute') return [];
    }
    if (block.kind === 'filter' || st.kind === 'clause') return this.clause(block, prev, current, start, end);
    return this.attributeLine(block, st, prev, start, end);
  }

  private appLine(prev: IToken[], start: number, end: number): CompletionItem[] {
    const last = prev[prev.length - 1];
    if (last.tokenType === Template) {
      return allTemplates().map((t, i) =>
        plainItem(this.doc, t.id, CompletionItemKind.Module, start, end, t.id, {
          detail: t.facts.displayName,
          documentation: markdown(`${t.summary}\n\n${t.facts.notes.join('\n\n')}`),
          sortText: String(i).padStart(2, '0'),
        }),
      );
    }
    if (last.tokenType === Schema) {
      const names = ['scim-core', ...appIds()];
      return names.map((n, i) =>
        plainItem(this.doc, n, CompletionItemKind.Module, start, end, n, {
          detail: n === 'scim-core' ? 'SCIM core and enterprise schemas' : 'the app\'s catalogue schema',
          sortText: String(i).padStart(2, '0'),
        }),
      );
    }
    if (prev.length < 2) return [];
    const used = new Set(prev.map((t) => t.tokenType));
    const out: CompletionItem[] = [];
    if (!used.has(Template)) {
      out.push(
        plainItem(this.doc, 'template', CompletionItemKind.Keyword, start, end, this.snippets ? `template \${1|${templateNames().join(',')}|}` : 'template ', {
          insertTextFormat: this.snippets ? InsertTextFormat.Snippet : undefined,
          documentation: markdown(KEYWORDS.template.summary),
          sortText: '0',
        }),
      );
    }
    if (!used.has(Schema)) {
      out.push(plainItem(this.doc, 'schema', CompletionItemKind.Keyword, start, end, 'schema ', { documentation: markdown(KEYWORDS.schema.summary), sortText: '1' }));
    }
    return out;
  }

  private objectNames(block: Block, side: 'source' | 'target', start: number, end: number): CompletionItem[] {
    const names: { name: string; detail: string }[] = [];
    const model = this.doc.model;
    if (block.kind === 'mapping') {
      names.push({ name: 'User', detail: side === 'source' ? 'Entra ID users' : 'SCIM users' }, { name: 'Group', detail: side === 'source' ? 'Entra ID groups' : 'SCIM groups' });
      for (const d of model.directories) for (const o of d.objects) if (o.name) names.push({ name: o.name, detail: `object of the directory ${d.name ?? ''}`.trim() });
    } else if (block.kind === 'rule') {
      names.push(side === 'source' ? { name: 'Azure Active Directory', detail: 'Microsoft Entra ID' } : { name: 'customappsso', detail: 'a SCIM app (non-gallery)' });
      for (const d of model.directories) if (d.name) names.push({ name: d.name, detail: 'directory of this schema' });
    } else return [];
    const seen = new Set<string>();
    return names
      .filter((n) => !seen.has(n.name.toLowerCase()) && seen.add(n.name.toLowerCase()))
      .map((n, i) => plainItem(this.doc, n.name, CompletionItemKind.Class, start, end, entramapValue(n.name), { detail: n.detail, sortText: String(i).padStart(3, '0') }));
  }

  private attributeLine(block: Block, st: Statement, prev: IToken[], start: number, end: number): CompletionItem[] {
    const arrowAt = prev.findIndex((t) => t.tokenType === Arrow);
    if (arrowAt < 0) {
      // `target |`: the arrow
      if (prev.length === 1 && block.kind === 'mapping') {
        return [plainItem(this.doc, '<-', CompletionItemKind.Operator, start, end, '<- ', { detail: 'maps a source to the target attribute', sortText: '0' })];
      }
      return [];
    }
    const afterArrow = prev.slice(arrowAt + 1);
    const om = this.objectMappingOf(block);
    if (!afterArrow.length) {
      // `target <- |`: an expression, or none
      const ctx = expressionContextFor(this.doc, om, undefined, this.options);
      const at = this.offset;
      const items = completeExpression('', 0, ctx).items.map((i) => fromExpressionItem(this.doc, i, (o) => at + o, (s) => s));
      items.push(plainItem(this.doc, 'none', CompletionItemKind.Keyword, at, at, 'none', { detail: 'no source: the default value only', documentation: markdown(KEYWORDS.none.summary), sortText: '9' }));
      return items;
    }
    const last = prev[prev.length - 1];
    switch (last.tokenType) {
      case Default:
        return [];
      case Match: {
        let max = 0;
        for (const m of om?.attributeMappings ?? []) if (!(m.range.start >= st.start && m.range.start <= st.end)) max = Math.max(max, m.matchingPriority);
        const n = String(max + 1);
        return [plainItem(this.doc, n, CompletionItemKind.Value, start, end, n, { detail: max ? 'the next free matching precedence' : 'tried first', sortText: '0' })];
      }
      case On:
        return [plainItem(this.doc, 'create', CompletionItemKind.Keyword, start, end, 'create', { documentation: markdown(KEYWORDS.on.summary), sortText: '0' })];
      case Apply:
        return APPLY_VALUES.map((v, i) => plainItem(this.doc, v.value, CompletionItemKind.EnumMember, start, end, v.value, { detail: v.summary, sortText: String(i) }));
      case Flow:
        return [plainItem(this.doc, 'always', CompletionItemKind.Keyword, start, end, 'always', { documentation: markdown(KEYWORDS.flow.summary), sortText: '0' })];
      case GraphAt:
        return [];
      default:
        break;
    }
    // After the source or a complete option: the options not used yet.
    if (!afterArrow.some((t) => t.tokenType === Expression || t.tokenType === None)) return [];
    if (prev.some((t) => t.tokenType === GraphAt)) return [];
    return this.optionItems(st.tokens, start, end);
  }

  private optionItems(tokens: IToken[], start: number, end: number): CompletionItem[] {
    const used = new Set(tokens.filter((t) => [Default, Match, On, Apply, Flow, GraphAt].includes(t.tokenType)).map((t) => (t.tokenType === Apply ? 'on' : t.image)));
    if (used.has('on')) used.add('apply');
    const out: CompletionItem[] = [];
    OPTION_KEYWORDS.forEach((k, i) => {
      if (used.has(k)) return;
      const info = KEYWORDS[k];
      const snippet = this.snippets && info.snippet !== undefined;
      out.push(
        plainItem(this.doc, info.label, CompletionItemKind.Keyword, start, end, snippet ? info.snippet! : info.plain ?? info.label, {
          detail: 'option',
          documentation: markdown(info.summary),
          sortText: `7${i}`,
          filterText: info.label,
          insertTextFormat: snippet ? InsertTextFormat.Snippet : undefined,
        }),
      );
    });
    return out;
  }

  private clause(block: Block, prev: IToken[], current: IToken | undefined, start: number, end: number): CompletionItem[] {
    const om = this.objectMappingOf(block);
    if (!om) return [];
    const ctx = this.doc.contextFor(om);
    const attrTok = prev[0];
    if (!isNameToken(attrTok) && attrTok.tokenType !== StringLit) return [];
    const attrName = attrTok.tokenType === StringLit ? attrTok.image.slice(1, -1) : attrTok.image;
    const attr = ctx.sourceAttribute(attrName);
    const opIndex = prev.findIndex((t) => t.tokenType === ScopeOperator);
    const rest = prev.slice(1);
    if (opIndex < 0 && rest.every((t) => isNameToken(t))) {
      // the operator, possibly several words typed so far
      let opStart = tokEnd(attrTok);
      while (opStart < this.offset && /[ \t]/.test(this.text[opStart])) opStart++;
      const typed = this.text.slice(opStart, this.offset).replace(/[ \t]+/g, ' ').toLowerCase();
      const opEnd = current ? Math.max(tokEnd(current), this.offset) : this.offset;
      return rankedOperators(attr?.type)
        .filter(({ op }) => op.name.toLowerCase().startsWith(typed) || typed === '')
        .map(({ op, rank }) => operatorItem(this.doc, op, rank, opStart, opEnd, (s) => s));
    }
    if (opIndex < 0) return [];
    const op = OPERATORS.find((o) => o.name.toLowerCase() === prev[opIndex].image.replace(/[ \t]+/g, ' ').toLowerCase());
    if (!op || op.arity === 'Unary' || prev.length > opIndex + 1) return [];
    return this.values(attrName, attr, op, start, end);
  }

  private values(attrName: string, attr: SourceAttribute | undefined, op: OperatorInfo, start: number, end: number): CompletionItem[] {
    const out: CompletionItem[] = [];
    const seen = new Set<string>();
    const add = (value: string, detail: string, sort: string) => {
      if (seen.has(value)) return;
      seen.add(value);
      out.push(plainItem(this.doc, value, CompletionItemKind.Value, start, end, entramapQuote(value), { detail, sortText: sort, filterText: value }));
    };
    const sample = sampleValueOf(this.options, attrName);
    if (typeof sample === 'string' && sample !== '') add(sample, 'the sample user\'s value', '0');
    else if (typeof sample === 'number') add(String(sample), 'the sample user\'s value', '0');
    if (attrName === 'userType') {
      add('Member', 'a member of the tenant', '1');
      add('Guest', 'a guest (B2B) user', '1');
    }
    if (attr?.type === 'Boolean' && op.value === 'string') {
      add('True', 'Boolean text', '2');
      add('False', 'Boolean text', '2');
    }
    // values other clauses of the document compare this attribute with
    for (const rule of this.doc.model.rules) {
      for (const o of rule.objectMappings) {
        const scope = o.scope;
        if (!scope) continue;
        for (const g of [...scope.groups, ...scope.inputFilterGroups, ...scope.categoryFilterGroups]) {
          for (const c of g.clauses) if (c.sourceOperandName === attrName) for (const v of c.values) add(v, 'used in this document', '3');
        }
      }
    }
    return out;
  }

  // ---- inside an expression ----

  private inExpression(hit: NonNullable<ReturnType<typeof siteAt>>): CompletionItem[] {
    const { site, mapping, objectMapping } = hit;
    const ctx = expressionContextFor(this.doc, objectMapping, mapping, this.options);
    const encode = (s: string) => encodeFor(this.doc, s, site);
    const items = completeExpression(site.text, hit.offset, ctx).items.map((i) => fromExpressionItem(this.doc, i, (o) => site.toDocumentOffset(o), encode));
    if (isJsonSite(this.doc, site)) return items;
    const text = site.text;
    let ws = hit.offset;
    while (ws > 0 && /[A-Za-z]/.test(text[ws - 1])) ws--;
    let we = hit.offset;
    while (we < text.length && /[A-Za-z]/.test(text[we])) we++;
    const before = text.slice(0, ws);
    const start = site.toDocumentOffset(ws);
    const end = site.toDocumentOffset(we);
    if (before.trim() === '' && /^[a-z]*$/.test(text.slice(ws, hit.offset))) {
      items.push(plainItem(this.doc, 'none', CompletionItemKind.Keyword, start, end, 'none', { detail: 'no source: the default value only', documentation: markdown(KEYWORDS.none.summary), sortText: '9' }));
    } else if (/\s$/.test(before) && before.trim() !== '') {
      // `[mail] de|`: a complete term, a blank, a word: the line's options
      const p = parseExpression(before.trimEnd());
      if (p.expr && !p.errors.length && !p.trailing?.length) {
        const st = statementAt(this.doc.statements, this.offset);
        items.push(...this.optionItems(st?.tokens ?? [], start, end));
      }
    }
    return items;
  }
}

// ---- Graph JSON -----------------------------------------------------------------------------------

const FLOW_TYPE_VALUES = ['Always', 'ObjectAddOnly', 'MultiValueAddOnly', 'ValueAddOnly', 'AttributeAddOnly'];
const FLOW_BEHAVIOR_VALUES = ['FlowWhenChanged', 'FlowAlways'];

function jsonCompletion(doc: ParsedDocument, offset: number, options: CompletionOptions): CompletionItem[] {
  const path = jsonPathAt(doc.jsonRoot, offset);
  const last = path[path.length - 1];
  if (!last || last.node.type !== 'string' || !last.property) return [];
  const node = last.node;
  const closed = node.length >= 2 && doc.text.charCodeAt(node.offset + node.length - 1) === 34;
  const inside = offset > node.offset && (offset < node.offset + node.length || (!closed && offset === node.offset + node.length));
  if (!inside) return [];
  const inner = stringInnerRange(doc.text, node);
  const key = last.property.key;
  const el = modelPathAt(doc.model, offset);
  const om = el.objectMapping;
  const encode = jsonEscape;
  switch (key) {
    case 'expression': {
      const hit = siteAt(doc, offset);
      if (!hit) return [];
      const ctx = expressionContextFor(doc, hit.objectMapping, hit.mapping, options);
      return completeExpression(hit.site.text, hit.offset, ctx).items.map((i) => fromExpressionItem(doc, i, (o) => hit.site.toDocumentOffset(o), encode));
    }
    case 'sourceOperandName':
      if (!om || !el.clause) return [];
      return doc.contextFor(om).scopingAttributes().map((a) => scopingAttributeItem(doc, a, inner.start, inner.end, encode));
    case 'operatorName': {
      if (!om || !el.clause) return [];
      const attr = el.clause.sourceOperandName ? doc.contextFor(om).sourceAttribute(el.clause.sourceOperandName) : undefined;
      return rankedOperators(attr?.type).map(({ op, rank }) => operatorItem(doc, op, rank, inner.start, inner.end, encode));
    }
    case 'targetAttributeName': {
      if (!om || !el.mapping) return [];
      const ctx = doc.contextFor(om);
      const mapped = mappedPaths(om, (m) => m === el.mapping);
      const out: CompletionItem[] = [];
      const paths = ctx.targetPaths();
      const keys = targetKeysOf(paths);
      paths.forEach((t, i) => {
        if (!mapped.has(keys[i])) out.push(targetItem(doc, t, inner.start, inner.end, encode, i));
      });
      return out;
    }
    case 'sourceObjectName':
    case 'targetObjectName': {
      if (!om || el.mapping || el.scope) return [];
      const names = new Set(['User', 'Group']);
      for (const d of doc.model.directories) for (const o of d.objects) if (o.name) names.add(o.name);
      return [...names].map((n, i) => plainItem(doc, n, CompletionItemKind.Class, inner.start, inner.end, encode(n), { sortText: String(i).padStart(3, '0') }));
    }
    case 'flowType':
      if (!el.mapping) return [];
      return FLOW_TYPE_VALUES.map((v, i) => plainItem(doc, v, CompletionItemKind.EnumMember, inner.start, inner.end, v, { sortText: String(i) }));
    case 'flowBehavior':
      if (!el.mapping) return [];
      return FLOW_BEHAVIOR_VALUES.map((v, i) => plainItem(doc, v, CompletionItemKind.EnumMember, inner.start, inner.end, v, { sortText: String(i) }));
    default:
      return [];
  }
}
