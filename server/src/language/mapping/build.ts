// .entramap text → model. Drives the per-line parser over the token stream, keeps the block
// structure, attaches comments, generates each element's Graph JSON from its statements
// (schema/elements.ts), merges `@graph` patches, and reads `@raw` elements and patch-provided
// lists with the Graph JSON readers (positions inside the annotation's JSON).
import type { IToken } from 'chevrotain';
import { parseExpression } from '../expression/parser';
import {
  cloneJson,
  escapePatchKey,
  hasKey,
  isJsonObject,
  JsonObject,
  mergeJson,
  PatchProblem,
  setKey,
} from '../../model/json';
import type { Range } from '../../model/positions';
import type {
  AppHeader,
  AttributeMapping,
  BlockTrivia,
  Comment,
  DirectoryDefinition,
  ExpressionSite,
  FilterClause,
  FilterGroup,
  FilterGroupList,
  MappingModel,
  ModelDiagnostic,
  ObjectMapping,
  Scope,
  SyncRule,
  Trivia,
} from '../../model/types';
import {
  AppForm,
  attributeMappingFields,
  AttributeLineForm,
  clauseFields,
  generateAttributeMapping,
  generateClause,
  generateGroup,
  generateObjectMapping,
  generateRule,
  generateScope,
  generateSchema,
  MetadataForm,
  objectMappingFields,
  parseFlowTypes,
  ruleFields,
} from '../../schema/elements';
import { JNode, nodeAtPath, nodeRange, parseJson, propertyOf } from '../../schema/json-tree';
import {
  readAttributeMapping,
  readClause,
  readDirectories,
  ReadContext,
  readGroup,
  readObjectMapping,
  readRule,
  readScope,
} from '../../schema/read';
import { expressionOfSourceTree, ParameterKeyProvider, squeezeExpression } from '../../schema/source-tree';
import {
  DiagnosticSink,
  Locate,
  validateAttributeMapping,
  validateClause,
  validateGroup,
  validateObjectMapping,
  validateRule,
  validateScope,
  validateSchema,
} from '../../schema/validate';
import type { TokenType } from 'chevrotain';
import type { ParseResult } from '../expression/ast';
import { Category, Filter, GraphAt, Input, LBrace, RawAt, RBrace, UnterminatedString } from './lexer';
import { LexError, Segment, SegmentedText } from './segments';

const SCOPE_LINE_STARTS = new Set([Filter, Input, Category, GraphAt, RawAt, RBrace, LBrace]);
import { JsonTok, LineContext, OpenStmt, OptionTok, parseLine, PropertyKey, Stmt, ValueTok } from './parser';

export interface ParseMappingOptions {
  /** Graph parameter keys for generated source trees (default: the function catalogue). */
  parameterKey?: ParameterKeyProvider;
}

export interface MappingDocumentParse {
  model: MappingModel;
  /** Every problem, in document order, each with an exact range. */
  diagnostics: ModelDiagnostic[];
}

interface Annotation {
  value: JsonObject | undefined;
  node: JNode | undefined;
  range: Range;
}

interface PropEntry {
  keyword: Range;
  values: ValueTok[];
  range: Range;
}

interface MetaEntry {
  key?: ValueTok;
  value?: ValueTok;
  range: Range;
}

interface BaseFrame {
  trivia: BlockTrivia;
  annotations: Annotation[];
  start: number;
  keyword: Range;
  discard: boolean;
  awaitingBrace: boolean;
  open?: OpenStmt;
}

interface TopFrame extends BaseFrame {
  kind: 'top';
  app?: { node: AppHeader; form: AppForm };
  slots: ({ kind: 'rule'; rule: SyncRule } | { kind: 'implicit' })[];
  implicit: ObjectMapping[];
  sawRuleBlock?: Range;
}

interface RuleFrame extends BaseFrame {
  kind: 'rule';
  props: Map<PropertyKey, PropEntry>;
  metadata: MetaEntry[];
  mappings: ObjectMapping[];
}

interface MappingFrame extends BaseFrame {
  kind: 'mapping';
  props: Map<PropertyKey, PropEntry>;
  metadata: MetaEntry[];
  scope: Scope | null;
  attrs: AttributeMapping[];
}

interface ScopeFrame extends BaseFrame {
  kind: 'scope';
  lists: Record<FilterGroupList, FilterGroup[]>;
}

interface FilterFrame extends BaseFrame {
  kind: 'filter';
  list: FilterGroupList;
  clauses: FilterClause[];
}

type Frame = TopFrame | RuleFrame | MappingFrame | ScopeFrame | FilterFrame;

const tokEnd = (t: IToken) => t.startOffset + t.image.length;
const span = (a: Range, b: Range): Range => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });

const ALLOWED_PROPERTIES: Record<'rule' | 'mapping', PropertyKey[]> = {
  rule: ['id', 'source', 'target', 'priority', 'editable', 'metadata'],
  mapping: ['source', 'target', 'enabled', 'actions', 'metadata'],
};

const CONTEXT_TEXT: Record<LineContext, string> = {
  top: 'at the top level',
  rule: 'inside a rule block',
  mapping: 'inside a mapping block',
  scope: 'inside a scope block',
  filter: 'inside a filter block',
};

class Builder {
  readonly sink = new DiagnosticSink();
  readonly frames: Frame[] = [];
  readonly ctx: ReadContext;
  pending: Comment[] = [];

  constructor(
    readonly text: string,
    readonly options: ParseMappingOptions,
  ) {
    this.ctx = { doc: text, sink: this.sink };
    this.frames.push({
      kind: 'top',
      trivia: {},
      annotations: [],
      start: 0,
      keyword: { start: 0, end: 0 },
      discard: false,
      awaitingBrace: false,
      slots: [],
      implicit: [],
    });
  }

  get frame(): Frame {
    return this.frames[this.frames.length - 1];
  }

  error(code: string, message: string, range: Range): void {
    this.sink.add(code, message, range);
  }

  // ---- driver ------------------------------------------------------------------------------------

  private comments: Comment[] = [];
  private ci = 0;

  /** Starts a document: the characters the lexer could not read, and every comment. */
  begin(errors: readonly LexError[], comments: Comment[]): void {
    for (const e of errors) {
      const ch = this.text.slice(e.offset, e.offset + Math.max(1, e.length));
      this.error('EMF001', `Unexpected character ${JSON.stringify(ch.length > 20 ? `${ch.slice(0, 17)}...` : ch)}.`, {
        start: e.offset,
        end: e.offset + Math.max(1, e.length),
      });
    }
    this.comments = comments;
  }

  /** One logical line (statement), in document order. */
  feed(line: StatementLine): void {
    const { start, end } = line;
    const comments = this.comments;
    while (this.ci < comments.length && comments[this.ci].range.start < start) this.pending.push(comments[this.ci++]);
    let trailing: Comment | undefined;
    if (this.ci < comments.length && !/[\r\n]/.test(this.text.slice(end, comments[this.ci].range.start))) trailing = comments[this.ci++];
    this.line(line, trailing);
  }

  /** Closes what is still open and builds the model. */
  end(): MappingModel {
    const comments = this.comments;
    while (this.ci < comments.length) this.pending.push(comments[this.ci++]);
    while (this.frames.length > 1) {
      const f = this.frame;
      this.error('EMF005', `This ${f.kind} block is not closed: '}' is missing.`, f.keyword);
      this.close(undefined);
    }
    const top = this.frame as TopFrame;
    if (this.pending.length) top.trivia.end = this.pending.splice(0);
    return this.finishTop(top, comments);
  }

  private takeLeading(): Comment[] | undefined {
    return this.pending.length ? this.pending.splice(0) : undefined;
  }

  private context(): LineContext {
    return this.frame.kind;
  }

  private line(input: StatementLine, trailing: Comment | undefined): void {
    const context = this.context();
    if (context === 'scope' && !SCOPE_LINE_STARTS.has(input.first)) {
      this.pending.splice(0);
      this.error('EMF004', 'A scope block holds filter blocks (filter, input filter, category filter), @graph and @raw.', { start: input.start, end: input.end });
      return;
    }
    // Attribute lines of mappings and clauses of filters (nearly every line of a large file) are
    // computed once per segment and context, then reused (moved when the segment moved).
    const memoizable = context === 'mapping' || context === 'filter';
    let product = memoizable ? recall(input, context) : undefined;
    if (product) {
      for (const d of product.pre) this.sink.items.push(d);
    } else {
      const range: Range = { start: input.start, end: input.end };
      const mark = this.sink.items.length;
      const tokens = input.tokens();
      const parsed = parseLine(tokens, context);
      for (const e of parsed.errors) this.error('EMF003', e.message, e.range);
      const stmt = parsed.stmt;
      if (stmt) {
        for (const t of tokens) {
          if (t.tokenType === UnterminatedString) {
            this.error('EMF002', 'This string has no closing quote on its line.', { start: t.startOffset, end: tokEnd(t) });
          }
        }
      }
      const kind = stmt && ((context === 'mapping' && stmt.kind === 'attribute') || (context === 'filter' && stmt.kind === 'clause')) ? stmt.kind : undefined;
      if (!memoizable || (stmt && !kind)) {
        if (stmt) this.statement(stmt, range, trailing);
        return;
      }
      const pre = this.sink.items.slice(mark);
      let node: AttributeMapping | FilterClause | undefined;
      let post: ModelDiagnostic[] = [];
      if (stmt) {
        const mark2 = this.sink.items.length;
        node =
          stmt.kind === 'attribute' ? this.attributeNode(stmt, range) : this.clauseNode(stmt as Extract<Stmt, { kind: 'clause' }>, range);
        post = this.sink.items.splice(mark2);
      }
      product = { context, base: input.base, kind: kind ?? 'none', pre, post, node };
      input.slot.memo = product;
    }
    if (product.kind === 'none') return;
    const frame = this.frame;
    if (frame.awaitingBrace) {
      frame.awaitingBrace = false;
      const at = frame.open?.name?.range.end ?? frame.keyword.end;
      this.error('EMF003', "Expected '{' to open the block.", { start: at, end: at });
    }
    const leading = this.takeLeading();
    for (const d of product.post) this.sink.items.push(d);
    let node = product.node;
    if (!node) return;
    if (leading || trailing) {
      const trivia: Trivia = {};
      if (leading) trivia.leading = leading;
      if (trailing) trivia.trailing = trailing;
      node = { ...node, trivia };
    }
    if (frame.discard) return;
    if (product.kind === 'attribute') (frame as MappingFrame).attrs.push(node as AttributeMapping);
    else (frame as FilterFrame).clauses.push(node as FilterClause);
  }

  /** A parsed statement: block structure, comments, then the statement itself. */
  private statement(stmt: Stmt, range: Range, trailing: Comment | undefined): void {
    const frame = this.frame;
    if (frame.awaitingBrace && stmt.kind !== 'lbrace') {
      frame.awaitingBrace = false;
      const at = frame.open?.name?.range.end ?? frame.keyword.end;
      this.error('EMF003', "Expected '{' to open the block.", { start: at, end: at });
    }
    const trivia: Trivia = {};
    const leading = stmt.kind === 'close' ? undefined : this.takeLeading();
    if (leading) trivia.leading = leading;
    if (trailing) trivia.trailing = trailing;
    switch (stmt.kind) {
      case 'app':
        return this.app(stmt, range, trivia);
      case 'open':
        return this.open(stmt, trivia);
      case 'lbrace':
        if (frame.awaitingBrace) {
          frame.awaitingBrace = false;
          if (leading) frame.trivia.leading = [...(frame.trivia.leading ?? []), ...leading];
          if (trailing && !frame.trivia.trailing) frame.trivia.trailing = trailing;
          if (stmt.closed) this.close(stmt.range);
        } else {
          this.error('EMF003', "Unexpected '{': a block opens on the line of its keyword.", stmt.range);
        }
        return;
      case 'close':
        if (this.frames.length === 1) {
          this.error('EMF006', "This '}' closes no block.", stmt.range);
          if (trailing) this.pending.push(trailing);
          return;
        }
        if (this.pending.length) frame.trivia.end = [...(frame.trivia.end ?? []), ...this.pending.splice(0)];
        if (trailing) frame.trivia.close = trailing;
        this.close(stmt.range);
        return;
      case 'annotation':
        return this.annotation(stmt, range, trivia);
      case 'property':
        return this.property(stmt, range, trivia);
      case 'attribute':
        return this.attribute(stmt, range, trivia);
      case 'clause':
        return this.clause(stmt, range, trivia);
    }
  }

  // ---- statements ----------------------------------------------------------------------------

  private notHere(what: string, range: Range, where: string): void {
    this.error('EMF004', `${what} ${where}, not ${CONTEXT_TEXT[this.context()]}.`, range);
  }

  private app(stmt: Extract<Stmt, { kind: 'app' }>, range: Range, trivia: Trivia): void {
    const top = this.frame;
    if (top.kind !== 'top') return this.notHere('The app line', stmt.keyword, 'belongs at the top level');
    if (top.app) {
      this.error('EMF018', 'A file describes one app; this second app line is ignored.', stmt.keyword);
      return;
    }
    if (!stmt.name) this.error('EMF003', "Expected the app's name after 'app'.", { start: stmt.keyword.end, end: stmt.keyword.end });
    const node: AppHeader = {
      name: stmt.name?.text,
      template: undefined,
      targetSchema: undefined,
      range,
      ranges: { name: stmt.name?.range },
    };
    const form: AppForm = { name: stmt.name?.text };
    for (const o of stmt.options) {
      const key = o.kind === 'template' ? 'template' : 'targetSchema';
      if (node[key] !== undefined) {
        this.error('EMF020', `'${o.kind}' is given twice on this line.`, o.keyword);
        continue;
      }
      node[key] = o.value?.text;
      node.ranges[key] = o.value?.range;
      form[key] = o.value?.text;
    }
    top.app = { node, form };
    this.setPropertyTrivia(top, 'app', trivia);
  }

  private setPropertyTrivia(frame: Frame, key: string, trivia: Trivia): void {
    if (!trivia.leading && !trivia.trailing) return;
    frame.trivia.properties ??= {};
    frame.trivia.properties[key] = trivia;
  }

  private open(stmt: OpenStmt, trivia: Trivia): void {
    const parent = this.frame;
    let discard = parent.discard;
    const where: Record<OpenStmt['block'], { ok: LineContext[]; text: string }> = {
      rule: { ok: ['top'], text: 'belongs at the top level' },
      mapping: { ok: ['top', 'rule'], text: 'belongs at the top level or inside a rule block' },
      scope: { ok: ['mapping'], text: 'belongs inside a mapping block' },
      filter: { ok: ['scope'], text: 'belongs inside a scope block' },
    };
    const rule = where[stmt.block];
    if (!discard && !rule.ok.includes(parent.kind)) {
      this.notHere(`A ${stmt.block} block`, stmt.keyword, rule.text);
      discard = true;
    }
    if (!discard && stmt.block === 'scope' && parent.kind === 'mapping' && parent.scope) {
      this.error('EMF007', 'This mapping already has a scope block; this one is ignored.', stmt.keyword);
      discard = true;
    }
    if (!discard && stmt.block === 'rule' && parent.kind === 'top') parent.sawRuleBlock ??= stmt.keyword;
    const base: BaseFrame = {
      trivia: { ...trivia },
      annotations: [],
      start: stmt.keyword.start,
      keyword: stmt.keyword,
      discard,
      awaitingBrace: stmt.brace === 'none',
      open: stmt,
    };
    let frame: Frame;
    switch (stmt.block) {
      case 'rule':
        frame = { ...base, kind: 'rule', props: new Map(), metadata: [], mappings: [] };
        break;
      case 'mapping':
        frame = { ...base, kind: 'mapping', props: new Map(), metadata: [], scope: null, attrs: [] };
        break;
      case 'scope':
        frame = { ...base, kind: 'scope', lists: { groups: [], inputFilterGroups: [], categoryFilterGroups: [] } };
        break;
      case 'filter':
        frame = { ...base, kind: 'filter', list: stmt.list ?? 'groups', clauses: [] };
        break;
    }
    this.frames.push(frame);
    if (stmt.brace === 'openClose') this.close(stmt.braceRange);
  }

  private parseAnnotationJson(json: JsonTok | undefined, keyword: Range, requireObject: boolean): Annotation {
    const range = json ? span(keyword, json.range) : keyword;
    if (!json) {
      this.error('EMF009', `Expected a JSON value after '${this.text.slice(keyword.start, keyword.end)}'.`, { start: keyword.end, end: keyword.end });
      return { value: undefined, node: undefined, range };
    }
    const parsed = parseJson(json.text, json.range.start);
    for (const p of parsed.problems) {
      if (p.kind === 'duplicate') this.error('EMF014', p.message, p.range);
      else if (p.kind === 'comment') this.error('EMF009', "JSON has no comments; put '#' comments outside the JSON value.", p.range);
      else this.error('EMF009', p.message, p.range);
    }
    if (requireObject && parsed.root && parsed.root.type !== 'object') {
      this.error('EMF010', '@graph takes a JSON object: the properties to merge into the Graph JSON of this element.', nodeRange(parsed.root));
      return { value: undefined, node: undefined, range };
    }
    return {
      value: requireObject ? (isJsonObject(parsed.value) ? parsed.value : undefined) : (parsed.value as JsonObject | undefined),
      node: parsed.root,
      range,
    };
  }

  private annotation(stmt: Extract<Stmt, { kind: 'annotation' }>, range: Range, trivia: Trivia): void {
    const frame = this.frame;
    if (!stmt.raw) {
      const a = this.parseAnnotationJson(stmt.json, stmt.keyword, true);
      frame.annotations.push(a);
      this.setPropertyTrivia(frame, `@graph:${frame.annotations.length - 1}`, trivia);
      return;
    }
    if (!stmt.json) {
      this.error('EMF009', "Expected a JSON value after '@raw'.", { start: stmt.keyword.end, end: stmt.keyword.end });
      return;
    }
    const parsed = parseJson(stmt.json.text, stmt.json.range.start);
    for (const p of parsed.problems) this.error(p.kind === 'duplicate' ? 'EGJ009' : 'EMF009', p.message, p.range);
    if (!parsed.root) return;
    // A raw element spans the whole statement, so outline and lookups find it from '@raw' on.
    const node = parsed.root;
    const widen = <T extends { range: Range; trivia?: BlockTrivia; raw: boolean }>(el: T): T => {
      el.range = range;
      el.raw = true;
      if (trivia.leading || trivia.trailing) el.trivia = { ...trivia };
      return el;
    };
    switch (frame.kind) {
      case 'top':
        frame.slots.push({ kind: 'rule', rule: widen(readRule(node, this.ctx, true)) });
        return;
      case 'rule':
        frame.mappings.push(widen(readObjectMapping(node, this.ctx, true)));
        return;
      case 'mapping':
        frame.attrs.push(widen(readAttributeMapping(node, this.ctx, true)));
        return;
      case 'scope':
        frame.lists.groups.push(widen(readGroup(node, 'groups', this.ctx, true)));
        return;
      case 'filter':
        frame.clauses.push(widen(readClause(node, this.ctx, true)));
        return;
    }
  }

  private property(stmt: Extract<Stmt, { kind: 'property' }>, range: Range, trivia: Trivia): void {
    const frame = this.frame;
    if (frame.kind !== 'rule' && frame.kind !== 'mapping') {
      return this.notHere(`'${stmt.key}'`, stmt.keyword, 'belongs inside a rule or mapping block');
    }
    if (!ALLOWED_PROPERTIES[frame.kind].includes(stmt.key)) {
      const other = frame.kind === 'rule' ? 'mapping' : 'rule';
      return this.notHere(`'${stmt.key}'`, stmt.keyword, `belongs inside a ${other} block`);
    }
    const entry: PropEntry = { keyword: stmt.keyword, values: stmt.values, range };
    const after = { start: stmt.keyword.end, end: stmt.keyword.end };
    if (stmt.key === 'metadata') {
      const [key, value] = stmt.values;
      if (!key) this.error('EMF003', 'Expected a metadata key and value after \'metadata\'.', after);
      else if (!value) this.error('EMF003', 'Expected the metadata value after its key.', { start: key.range.end, end: key.range.end });
      frame.metadata.push({ key, value, range });
      this.setPropertyTrivia(frame, `metadata:${frame.metadata.length - 1}`, trivia);
      return;
    }
    if (frame.props.has(stmt.key)) {
      this.error('EMF007', `'${stmt.key}' is already given in this block; this one is ignored.`, stmt.keyword);
      return;
    }
    if (stmt.key !== 'actions' && stmt.values.length === 0) {
      this.error('EMF003', `Expected a value after '${stmt.key}'.`, after);
      return;
    }
    const v = stmt.values[0];
    if ((stmt.key === 'editable' || stmt.key === 'enabled') && v.text !== 'true' && v.text !== 'false') {
      this.error('EMF015', `'${stmt.key}' takes true or false.`, v.range);
      return;
    }
    if (stmt.key === 'priority' && !isInteger(v)) {
      this.error('EMF015', "'priority' takes an integer.", v.range);
      return;
    }
    if (stmt.key === 'actions') {
      for (const a of stmt.values) {
        if (!['create', 'update', 'delete', 'add'].includes(a.text.toLowerCase()) || a.kind === 'string') {
          this.error('EMF016', `Unknown target object action '${a.text}'; use create, update and delete.`, a.range);
        }
      }
    }
    frame.props.set(stmt.key, entry);
    this.setPropertyTrivia(frame, stmt.key, trivia);
  }

  private expressionSite(text: string, range: Range): ExpressionSite {
    const parse = parseExpression(text);
    for (const e of parse.errors) this.error(e.code, e.message, { start: range.start + e.start, end: range.start + Math.max(e.start, e.end) });
    return lineSite(text, range, parse);
  }

  private attribute(stmt: Extract<Stmt, { kind: 'attribute' }>, range: Range, trivia: Trivia): void {
    const frame = this.frame;
    const inMapping = frame.kind === 'mapping';
    if (!inMapping) {
      this.notHere(
        frame.kind === 'filter' || frame.kind === 'scope' ? 'This line is not a scoping clause; attribute mappings' : 'An attribute mapping',
        stmt.target?.range ?? range,
        'belong inside a mapping block',
      );
    }
    const node = this.attributeNode(stmt, range);
    if (!node) return;
    if (trivia.leading || trivia.trailing) node.trivia = trivia;
    if (inMapping && !frame.discard) (frame as MappingFrame).attrs.push(node);
  }

  /** The attribute mapping of a line (no comments), with its diagnostics; depends on the line alone. */
  private attributeNode(stmt: Extract<Stmt, { kind: 'attribute' }>, range: Range): AttributeMapping | undefined {
    if (!stmt.target) return undefined;
    if (!stmt.source && stmt.arrow) {
      this.error('EMF008', "Expected a source after '<-': an expression such as [mail], a \"constant\", or none.", {
        start: stmt.arrow.end,
        end: stmt.arrow.end,
      });
    }
    const form: AttributeLineForm = {
      target: stmt.target.text,
      source: stmt.source?.kind === 'expression' ? { kind: 'expression', text: stmt.source.text } : { kind: 'none' },
    };
    const ranges: AttributeMapping['ranges'] = { target: stmt.target.range, source: stmt.source?.range };
    const seen = new Set<string>();
    for (const o of stmt.options) {
      const key = o.kind === 'on' ? 'apply' : o.kind;
      if (seen.has(key)) {
        this.error('EMF020', `'${o.kind}' is given twice on this line.`, o.keyword);
        continue;
      }
      seen.add(key);
      this.option(o, form, ranges);
    }
    const site = stmt.source?.kind === 'expression' ? this.expressionSite(stmt.source.text, stmt.source.range) : undefined;
    const gen = generateAttributeMapping(form, { parameterKey: this.options.parameterKey });
    if (form.source.kind === 'expression') gen.explicit.add('source');
    const annotations: Annotation[] = [];
    if (stmt.annotation) annotations.push(this.parseAnnotationJson(stmt.annotation.json, stmt.annotation.keyword, true));
    const { json, locate } = this.applyPatches(gen.json, gen.explicit, annotations, range, (patch) => {
      if (!hasKey(patch, 'source')) return;
      const ps = patch.source;
      delete patch.source;
      const stale = (why: string) => this.error('EMF012', why, this.patchKeyRange(annotations, 'source') ?? range);
      if (form.source.kind === 'expression') {
        const text = isJsonObject(ps) ? expressionOfSourceTree(ps) : undefined;
        if (text !== undefined && squeezeExpression(text) === squeezeExpression(form.source.text)) gen.json.source = ps;
        else stale('The @graph source tree belongs to another expression (the line was edited); it is ignored and the tree is generated from the line.');
      } else if (ps !== null) {
        stale("The @graph source tree is ignored: the line's source is none.");
      }
    }, {
      targetAttributeName: ranges.target,
      source: ranges.source,
      defaultValue: ranges.defaultValue,
      matchingPriority: ranges.matchingPriority,
      flowType: ranges.flowType,
      flowBehavior: ranges.flowBehavior,
    });
    validateAttributeMapping(json, this.sink, locate);
    const f = attributeMappingFields(json);
    const node: AttributeMapping = {
      kind: 'attributeMapping',
      range,
      json,
      raw: false,
      targetAttributeName: f.targetAttributeName,
      mappingType: f.mappingType,
      source:
        site && isJsonObject(f.source)
          ? { type: f.sourceType, name: f.sourceName, expression: site, range: site.range }
          : null,
      defaultValue: f.defaultValue,
      matchingPriority: f.matchingPriority,
      flowType: f.flowType,
      flowBehavior: f.flowBehavior,
      exportMissingReferences: f.exportMissingReferences,
      ranges,
    };
    if (annotations.length) node.annotations = annotations.map((a) => a.range);
    return node;
  }

  private option(o: OptionTok, form: AttributeLineForm, ranges: AttributeMapping['ranges']): void {
    const v = o.value;
    if (!v) {
      this.error('EMF003', `Expected a value after '${o.kind}'.`, { start: o.keyword.end, end: o.keyword.end });
      return;
    }
    switch (o.kind) {
      case 'default':
        form.defaultValue = v.text;
        ranges.defaultValue = o.range;
        return;
      case 'match':
        if (!isInteger(v)) {
          this.error('EMF015', "'match' takes an integer: the matching precedence (1 is tried first).", v.range);
          return;
        }
        form.matchingPriority = Number(v.text);
        ranges.matchingPriority = o.range;
        return;
      case 'on':
        if (v.text !== 'create' || v.kind === 'string') {
          this.error('EMF015', "Expected 'on create' (apply this mapping only when the object is created).", v.range);
          return;
        }
        form.flowType = 'ObjectAddOnly';
        ranges.flowType = o.range;
        return;
      case 'apply':
        form.flowType = v.text;
        ranges.flowType = v.range;
        return;
      case 'flow':
        form.flowBehavior = v.text === 'always' && v.kind === 'name' ? 'FlowAlways' : v.text;
        ranges.flowBehavior = v.range;
        return;
    }
  }

  private clause(stmt: Extract<Stmt, { kind: 'clause' }>, range: Range, trivia: Trivia): void {
    const frame = this.frame;
    if (frame.kind !== 'filter') {
      this.notHere('A scoping clause', stmt.attribute?.range ?? range, 'belongs inside a filter block');
      return;
    }
    const node = this.clauseNode(stmt, range);
    if (!node) return;
    if (trivia.leading || trivia.trailing) node.trivia = trivia;
    if (!frame.discard) frame.clauses.push(node);
  }

  /** The clause of a line (no comments), with its diagnostics; depends on the line alone. */
  private clauseNode(stmt: Extract<Stmt, { kind: 'clause' }>, range: Range): FilterClause | undefined {
    if (!stmt.attribute || !stmt.operator) return undefined;
    const gen = generateClause({ attribute: stmt.attribute.text, operator: stmt.operator.text, values: stmt.values.map((v) => v.text) });
    const annotations: Annotation[] = [];
    if (stmt.annotation) annotations.push(this.parseAnnotationJson(stmt.annotation.json, stmt.annotation.keyword, true));
    const { json, locate } = this.applyPatches(gen.json, gen.explicit, annotations, range, undefined, {
      sourceOperandName: stmt.attribute.range,
      operatorName: stmt.operator.range,
    });
    validateClause(json, this.sink, locate);
    const f = clauseFields(json);
    const node: FilterClause = {
      kind: 'filterClause',
      range,
      json,
      raw: false,
      sourceOperandName: f.sourceOperandName,
      operatorName: f.operatorName,
      values: f.values,
      ranges: { sourceOperandName: stmt.attribute.range, operatorName: stmt.operator.range, values: stmt.values.map((v) => v.range) },
    };
    if (annotations.length) node.annotations = annotations.map((a) => a.range);
    return node;
  }

  // ---- patches -------------------------------------------------------------------------------

  private patchKeyRange(annotations: Annotation[], key: string): Range | undefined {
    for (let i = annotations.length - 1; i >= 0; i--) {
      const p = propertyOf(annotations[i].node, escapePatchKey(key));
      if (p) return p.keyRange;
    }
    return undefined;
  }

  /**
   * Merges the element's `@graph` patches into its generated JSON (the text wins over the patch
   * for properties the statements state) and returns a locator for diagnostics on the result.
   */
  private applyPatches(
    generated: JsonObject,
    explicit: Set<string>,
    annotations: Annotation[],
    elementRange: Range,
    special?: (patch: JsonObject) => void,
    fields: Record<string, Range | undefined> = {},
  ): { json: JsonObject; locate: Locate; fromPatch: (key: string) => JNode | undefined } {
    const combined: JsonObject = {};
    const owner = new Map<string, Annotation>();
    for (const a of annotations) {
      if (!a.value || !a.node) continue;
      for (const k of Object.keys(a.value)) {
        if (owner.has(k)) {
          const p = propertyOf(a.node, k);
          this.error('EMF014', `"${k}" is already set by an earlier @graph annotation of this element.`, p?.keyRange ?? a.range);
          continue;
        }
        owner.set(k, a);
        setKey(combined, k, cloneJson(a.value[k]));
      }
    }
    special?.(combined);
    const problems: PatchProblem[] = [];
    const json = mergeJson(generated, combined, explicit, problems);
    const locatePatch = (path: readonly (string | number)[]): Range | undefined => {
      const a = owner.get(String(path[0]));
      if (!a?.node) return undefined;
      let best: JNode = a.node;
      for (let i = 1; i <= path.length; i++) {
        const n = nodeAtPath(a.node, path.slice(0, i));
        if (!n) break;
        best = n;
      }
      const parentPath = path.slice(0, -1);
      const last = path[path.length - 1];
      if (typeof last === 'string') {
        const prop = propertyOf(nodeAtPath(a.node, parentPath), last);
        if (prop) return prop.keyRange;
      }
      return nodeRange(best);
    };
    for (const p of problems) {
      const r = locatePatch(p.path) ?? elementRange;
      switch (p.kind) {
        case 'unknownDirective':
          this.error('EMF011', `Unknown @graph directive "${p.key}"; the directive is "$omit", and "$$${p.key.slice(1)}" writes a property named "${p.key}".`, r);
          break;
        case 'badOmit':
          this.error('EMF011', '"$omit" takes an array of property names.', r);
          break;
        case 'overriddenByText':
          this.error('EMF013', `"${p.key}" is stated by the line itself; the @graph value is ignored.`, r);
          break;
        case 'omitConflict':
          this.error('EMF014', `"${p.key}" is both set and omitted by @graph.`, r);
          break;
      }
    }
    const fromPatch = (key: string): JNode | undefined => {
      const a = owner.get(escapePatchKey(key));
      return a?.node ? propertyOf(a.node, escapePatchKey(key))?.value : undefined;
    };
    const locate: Locate = (path) => {
      if (path.length === 0) return elementRange;
      const escaped = [escapePatchKey(String(path[0])), ...path.slice(1).map((s) => (typeof s === 'string' ? escapePatchKey(s) : s))];
      return locatePatch(escaped) ?? fields[String(path[0])] ?? elementRange;
    };
    return { json, locate, fromPatch };
  }

  // ---- closing blocks --------------------------------------------------------------------------

  private close(closeRange: Range | undefined): void {
    const frame = this.frames.pop() as Exclude<Frame, TopFrame>;
    const lastEnd = closeRange?.end ?? this.lastOffset();
    const range = { start: frame.start, end: Math.max(lastEnd, frame.keyword.end) };
    const parent = this.frame;
    switch (frame.kind) {
      case 'filter': {
        const g = this.finishFilter(frame, range);
        if (!frame.discard && parent.kind === 'scope') parent.lists[frame.list].push(g);
        return;
      }
      case 'scope': {
        const s = this.finishScope(frame, range);
        if (!frame.discard && parent.kind === 'mapping') parent.scope = s;
        return;
      }
      case 'mapping': {
        const m = this.finishMapping(frame, range);
        if (frame.discard) return;
        if (parent.kind === 'rule') parent.mappings.push(m);
        else if (parent.kind === 'top') {
          if (!parent.implicit.length) parent.slots.push({ kind: 'implicit' });
          parent.implicit.push(m);
        }
        return;
      }
      case 'rule': {
        const r = this.finishRule(frame, range);
        if (!frame.discard && parent.kind === 'top') parent.slots.push({ kind: 'rule', rule: r });
        return;
      }
    }
  }

  private lastOffset(): number {
    return this.text.replace(/\s+$/, '').length;
  }

  private decorate<T extends { annotations?: Range[]; trivia?: BlockTrivia }>(node: T, frame: BaseFrame): T {
    if (frame.annotations.length) node.annotations = frame.annotations.map((a) => a.range);
    const t = frame.trivia;
    if (t.leading || t.trailing || t.end || t.close || t.properties) node.trivia = { ...t };
    return node;
  }

  private finishFilter(frame: FilterFrame, range: Range): FilterGroup {
    const name = frame.open?.name;
    const stated = frame.clauses.length > 0;
    const gen = generateGroup({ name: name?.text, clauses: stated ? frame.clauses.map((c) => c.json) : undefined });
    const { json, locate, fromPatch } = this.applyPatches(gen.json, gen.explicit, frame.annotations, frame.keyword);
    validateGroup(json, this.sink, locate);
    let clauses = frame.clauses;
    const patched = fromPatch('clauses');
    if (!stated && patched?.type === 'array') clauses = (patched.items ?? []).map((c) => readClause(c, this.ctx));
    const node: FilterGroup = {
      kind: 'filterGroup',
      range,
      json,
      raw: false,
      list: frame.list,
      name: typeof json.name === 'string' ? json.name : undefined,
      nameRange: name?.range,
      clauses,
    };
    return this.decorate(node, frame);
  }

  private finishScope(frame: ScopeFrame, range: Range): Scope {
    const lists = frame.lists;
    const gen = generateScope({
      groups: lists.groups.length ? lists.groups.map((g) => g.json) : undefined,
      inputFilterGroups: lists.inputFilterGroups.length ? lists.inputFilterGroups.map((g) => g.json) : undefined,
      categoryFilterGroups: lists.categoryFilterGroups.length ? lists.categoryFilterGroups.map((g) => g.json) : undefined,
    });
    const { json, locate, fromPatch } = this.applyPatches(gen.json, gen.explicit, frame.annotations, frame.keyword);
    validateScope(json, this.sink, locate);
    const list = (k: FilterGroupList): FilterGroup[] => {
      if (lists[k].length) return lists[k];
      const patched = fromPatch(k);
      return patched?.type === 'array' ? (patched.items ?? []).map((g) => readGroup(g, k, this.ctx)) : [];
    };
    const node: Scope = {
      kind: 'scope',
      range,
      json,
      raw: false,
      groups: list('groups'),
      inputFilterGroups: list('inputFilterGroups'),
      categoryFilterGroups: list('categoryFilterGroups'),
    };
    return this.decorate(node, frame);
  }

  private metadataForm(entries: MetaEntry[]): MetadataForm[] | undefined {
    if (!entries.length) return undefined;
    return entries.filter((e) => e.key && e.value).map((e) => ({ key: e.key!.text, value: e.value!.text }));
  }

  private metadataNodes(entries: MetaEntry[]) {
    return entries
      .filter((e) => e.key && e.value)
      .map((e) => ({ key: e.key!.text, value: e.value!.text, range: e.range, keyRange: e.key!.range, valueRange: e.value!.range }));
  }

  private finishMapping(frame: MappingFrame, range: Range): ObjectMapping {
    const prop = (k: PropertyKey) => frame.props.get(k);
    const actions = prop('actions');
    let parsedActions;
    if (actions) {
      parsedActions = parseFlowTypes(actions.values.map((v) => (v.text.toLowerCase() === 'create' ? 'Add' : v.text)).join(','));
    }
    const stated = frame.attrs.length > 0;
    const gen = generateObjectMapping({
      name: frame.open?.name?.text,
      sourceObjectName: prop('source')?.values[0]?.text,
      targetObjectName: prop('target')?.values[0]?.text,
      enabled: prop('enabled') ? prop('enabled')!.values[0].text === 'true' : undefined,
      actions: parsedActions ? { create: parsedActions.create, update: parsedActions.update, delete: parsedActions.delete } : undefined,
      metadata: this.metadataForm(frame.metadata),
      scope: frame.scope ? frame.scope.json : undefined,
      attributeMappings: stated ? frame.attrs.map((a) => a.json) : undefined,
    });
    const { json, locate, fromPatch } = this.applyPatches(gen.json, gen.explicit, frame.annotations, frame.keyword, undefined, {
      name: frame.open?.name?.range,
      sourceObjectName: prop('source')?.values[0]?.range,
      targetObjectName: prop('target')?.values[0]?.range,
      enabled: prop('enabled')?.values[0]?.range,
      flowTypes: actions?.range,
    });
    validateObjectMapping(json, this.sink, locate, false);
    const missing = (['sourceObjectName', 'targetObjectName'] as const).filter((k) => typeof json[k] !== 'string');
    if (missing.length && !frame.discard) {
      const words = missing.map((k) => (k === 'sourceObjectName' ? "'source' (the source object, e.g. User)" : "'target' (the target object, e.g. User)"));
      this.error('EMF017', `This mapping block needs ${words.join(' and ')}.`, frame.keyword);
    }
    const f = objectMappingFields(json);
    let attrs = frame.attrs;
    if (!stated) {
      const patched = fromPatch('attributeMappings');
      if (patched?.type === 'array') attrs = (patched.items ?? []).map((a) => readAttributeMapping(a, this.ctx));
    }
    let scope = frame.scope;
    if (!scope) {
      const patched = fromPatch('scope');
      if (patched?.type === 'object') scope = readScope(patched, this.ctx);
    }
    const node: ObjectMapping = {
      kind: 'objectMapping',
      range,
      json,
      raw: false,
      name: f.name,
      sourceObjectName: f.sourceObjectName,
      targetObjectName: f.targetObjectName,
      enabled: f.enabled,
      flowTypes: f.flowTypes,
      actions: f.actions,
      metadata: frame.metadata.length ? this.metadataNodes(frame.metadata) : [],
      scope,
      attributeMappings: attrs,
      ranges: {
        name: frame.open?.name?.range,
        sourceObjectName: prop('source')?.values[0]?.range,
        targetObjectName: prop('target')?.values[0]?.range,
        enabled: prop('enabled')?.values[0]?.range,
        flowTypes: actions?.range,
      },
    };
    return this.decorate(node, frame);
  }

  private finishRule(frame: RuleFrame, range: Range): SyncRule {
    const prop = (k: PropertyKey) => frame.props.get(k)?.values[0];
    const stated = frame.mappings.length > 0;
    const gen = generateRule({
      implicit: false,
      id: prop('id')?.text,
      name: frame.open?.name?.text,
      sourceDirectoryName: prop('source')?.text,
      targetDirectoryName: prop('target')?.text,
      priority: prop('priority') ? Number(prop('priority')!.text) : undefined,
      editable: prop('editable') ? prop('editable')!.text === 'true' : undefined,
      metadata: this.metadataForm(frame.metadata),
      objectMappings: stated ? frame.mappings.map((m) => m.json) : undefined,
    });
    const { json, locate, fromPatch } = this.applyPatches(gen.json, gen.explicit, frame.annotations, frame.keyword, undefined, {
      id: prop('id')?.range,
      name: frame.open?.name?.range,
      sourceDirectoryName: prop('source')?.range,
      targetDirectoryName: prop('target')?.range,
      priority: prop('priority')?.range,
      editable: prop('editable')?.range,
    });
    validateRule(json, this.sink, locate);
    const f = ruleFields(json);
    let mappings = frame.mappings;
    if (!stated) {
      const patched = fromPatch('objectMappings');
      if (patched?.type === 'array') mappings = (patched.items ?? []).map((m) => readObjectMapping(m, this.ctx));
    }
    const node: SyncRule = {
      kind: 'rule',
      range,
      json,
      raw: false,
      implicit: false,
      id: f.id,
      name: f.name,
      sourceDirectoryName: f.sourceDirectoryName,
      targetDirectoryName: f.targetDirectoryName,
      priority: f.priority,
      editable: f.editable,
      metadata: frame.metadata.length ? this.metadataNodes(frame.metadata) : [],
      objectMappings: mappings,
      ranges: {
        id: prop('id')?.range,
        name: frame.open?.name?.range,
        sourceDirectoryName: prop('source')?.range,
        targetDirectoryName: prop('target')?.range,
        priority: prop('priority')?.range,
        editable: prop('editable')?.range,
      },
    };
    return this.decorate(node, frame);
  }

  private finishTop(top: TopFrame, comments: Comment[]): MappingModel {
    const rules: SyncRule[] = [];
    for (const slot of top.slots) {
      if (slot.kind === 'rule') {
        rules.push(slot.rule);
        continue;
      }
      const first = top.implicit[0];
      const lastM = top.implicit[top.implicit.length - 1];
      const gen = generateRule({ implicit: true, objectMappings: top.implicit.map((m) => m.json) });
      rules.push({
        kind: 'rule',
        range: { start: first.range.start, end: lastM.range.end },
        json: gen.json,
        raw: false,
        implicit: true,
        id: undefined,
        name: undefined,
        sourceDirectoryName: undefined,
        targetDirectoryName: undefined,
        priority: undefined,
        editable: undefined,
        metadata: [],
        objectMappings: top.implicit,
        ranges: {},
      });
    }
    if (top.implicit.length && top.sawRuleBlock) {
      this.error(
        'EMF019',
        'This file has rule blocks and mapping blocks outside any rule; the latter form a rule of their own. Put them inside a rule block.',
        { start: top.implicit[0].range.start, end: top.implicit[0].range.start + 'mapping'.length },
      );
    }
    const stated = top.slots.length > 0;
    const gen = generateSchema({ app: top.app?.form, synchronizationRules: stated ? rules.map((r) => r.json) : undefined });
    const docRange = { start: 0, end: this.text.length };
    const { json, locate, fromPatch } = this.applyPatches(gen.json, gen.explicit, top.annotations, docRange);
    validateSchema(json, this.sink, locate);
    let finalRules = rules;
    if (!stated) {
      const patched = fromPatch('synchronizationRules');
      if (patched?.type === 'array') finalRules = (patched.items ?? []).map((r) => readRule(r, this.ctx));
    }
    let directories: DirectoryDefinition[] = [];
    const dirs = fromPatch('directories');
    if (dirs) directories = readDirectories(dirs, this.ctx);
    const model: MappingModel = {
      kind: 'schema',
      documentKind: 'entramap',
      range: docRange,
      app: top.app?.node ?? null,
      rules: finalRules,
      directories,
      json,
      comments,
    };
    if (top.annotations.length) model.annotations = top.annotations.map((a) => a.range);
    const t = top.trivia;
    if (t.end || t.properties) model.trivia = { ...t };
    return model;
  }
}

function isInteger(v: ValueTok): boolean {
  return v.kind !== 'string' && /^-?\d+$/.test(v.text) && Number.isSafeInteger(Number(v.text));
}

// ---- lines and their reuse -------------------------------------------------------------------------

/** What an attribute line of a mapping, or a clause line of a filter, contributes: it depends on the line alone. */
interface LineProduct {
  context: LineContext;
  /** Absolute start of the segment the offsets below belong to. */
  base: number;
  kind: 'attribute' | 'clause' | 'none';
  /** Syntax diagnostics (before the block-structure ones), then the statement's own. */
  pre: ModelDiagnostic[];
  post: ModelDiagnostic[];
  /** Without comments (trivia is added per version). */
  node: AttributeMapping | FilterClause | undefined;
}

/**
 * The site of an expression on a line: offsets in the text map one to one. A class, not an
 * object with a closure: every reused line after an edit gets a moved copy, and one object is
 * cheaper to make (and to collect) than an object, a closure and its context.
 */
class LineSite implements ExpressionSite {
  readonly text: string;
  readonly range: Range;
  readonly exact: true;
  readonly parse: ParseResult;

  constructor(text: string, range: Range, parse: ParseResult) {
    this.text = text;
    this.range = range;
    this.exact = true;
    this.parse = parse;
  }

  toDocumentOffset(o: number): number {
    return this.range.start + Math.max(0, Math.min(o, this.text.length));
  }
}

function lineSite(text: string, range: Range, parse: ParseResult): ExpressionSite {
  return new LineSite(text, range, parse);
}

/**
 * Moves an element built from a line by `d` characters: a copy (earlier versions keep theirs)
 * that shares what has no offsets, the Graph JSON in particular. So the JSON object of an
 * attribute mapping is made once per line content and identifies it across versions (the
 * checker keeps a line's own findings by it).
 */
const moveRange = (r: Range, d: number): Range => ({ start: r.start + d, end: r.end + d });
const moveOptional = (r: Range | undefined, d: number): Range | undefined => (r ? { start: r.start + d, end: r.end + d } : r);
/** A range of a moved attribute mapping: the expression's range stays one object with the site's. */
const movedRange = (x: Range, d: number, siteOld: Range | undefined, siteRange: Range | undefined): Range =>
  x === siteOld ? siteRange! : { start: x.start + d, end: x.end + d };
const moveDiagnostic = (x: ModelDiagnostic, d: number): ModelDiagnostic => ({ code: x.code, severity: x.severity, message: x.message, range: moveRange(x.range, d) });

function moveAttribute(n: AttributeMapping, d: number): AttributeMapping {
  const r = n.ranges;
  const src = n.source;
  // the ranges that are the expression's range stay one object in the copy
  const siteOld = src ? src.expression.range : undefined;
  const siteRange = siteOld ? moveRange(siteOld, d) : undefined;
  // A clone has the same keys in the same order; then every range is replaced by its moved copy
  // (named stores on one shape: this runs for every line after an edit).
  const ranges: AttributeMapping['ranges'] = { ...r };
  if (r.target !== undefined) ranges.target = movedRange(r.target, d, siteOld, siteRange);
  if (r.source !== undefined) ranges.source = movedRange(r.source, d, siteOld, siteRange);
  if (r.defaultValue !== undefined) ranges.defaultValue = movedRange(r.defaultValue, d, siteOld, siteRange);
  if (r.matchingPriority !== undefined) ranges.matchingPriority = movedRange(r.matchingPriority, d, siteOld, siteRange);
  if (r.flowType !== undefined) ranges.flowType = movedRange(r.flowType, d, siteOld, siteRange);
  if (r.flowBehavior !== undefined) ranges.flowBehavior = movedRange(r.flowBehavior, d, siteOld, siteRange);
  if (r.exportMissingReferences !== undefined) ranges.exportMissingReferences = movedRange(r.exportMissingReferences, d, siteOld, siteRange);
  let source: AttributeMapping['source'] = null;
  if (src) {
    const site = src.expression;
    source = {
      type: src.type,
      name: src.name,
      expression: lineSite(site.text, siteRange!, site.parse),
      range: movedRange(src.range, d, siteOld, siteRange),
    };
  }
  const out: AttributeMapping = {
    kind: 'attributeMapping',
    range: moveRange(n.range, d),
    json: n.json,
    raw: n.raw,
    targetAttributeName: n.targetAttributeName,
    mappingType: n.mappingType,
    source,
    defaultValue: n.defaultValue,
    matchingPriority: n.matchingPriority,
    flowType: n.flowType,
    flowBehavior: n.flowBehavior,
    exportMissingReferences: n.exportMissingReferences,
    ranges,
  };
  if (n.annotations) out.annotations = n.annotations.map((x) => moveRange(x, d));
  return out;
}

function moveClause(n: FilterClause, d: number): FilterClause {
  const r = n.ranges;
  const out: FilterClause = {
    kind: 'filterClause',
    range: moveRange(n.range, d),
    json: n.json,
    raw: n.raw,
    sourceOperandName: n.sourceOperandName,
    operatorName: n.operatorName,
    values: n.values,
    ranges: { sourceOperandName: moveOptional(r.sourceOperandName, d), operatorName: moveOptional(r.operatorName, d), values: r.values.map((v) => moveRange(v, d)) },
  };
  if (n.annotations) out.annotations = n.annotations.map((x) => moveRange(x, d));
  return out;
}

/** The cached product of a line for its context, moved to where the line is now; undefined when not cached. */
function recall(line: StatementLine, context: LineContext): LineProduct | undefined {
  const p = line.slot?.memo as LineProduct | undefined;
  if (!p || p.context !== context) return undefined;
  const d = line.base! - p.base;
  if (d === 0) return p;
  let node: AttributeMapping | FilterClause | undefined;
  if (p.node) {
    node = p.node.kind === 'attributeMapping' ? moveAttribute(p.node, d) : moveClause(p.node, d);
  }
  // Updated in place (one object less per reused line and edit): a product is read only here,
  // and what a parse takes from it (node, diagnostics) it takes at once, before any other parse
  // can run, so the earlier values stay with the models that took them.
  if (p.pre.length) p.pre = p.pre.map((x) => moveDiagnostic(x, d));
  if (p.post.length) p.post = p.post.map((x) => moveDiagnostic(x, d));
  p.node = node;
  p.base = line.base!;
  return p;
}

function commentOf(c: IToken, base: number): Comment {
  return { text: c.image.replace(/\s+$/, ''), range: { start: base + c.startOffset, end: base + tokEnd(c) } };
}

function finish(builder: Builder, model: MappingModel): MappingDocumentParse {
  const diagnostics = builder.sink.items.slice().sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return { model, diagnostics };
}

/** Parses an .entramap document. Never throws; every problem is a diagnostic with its range. */
export function parseMappingDocument(text: string, options: ParseMappingOptions = {}): MappingDocumentParse {
  return parseMappingSegments(SegmentedText.of(text), options);
}

/** The lines, comments and lexer errors of a segmented text, with absolute offsets. */
function segmentInputs(seg: SegmentedText) {
  const { segments } = seg;
  const starts = seg.starts;
  const comments: Comment[] = [];
  const errors: LexError[] = [];
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s.comments.length) for (const c of s.comments) comments.push(commentOf(c, starts[i]));
    if (s.errors.length) for (const e of s.errors) errors.push({ offset: starts[i] + e.offset, length: e.length });
  }
  return { segments, starts, comments, errors };
}

/** One logical line (statement) as the builder reads it: a segment at its absolute start. */
class StatementLine {
  /** Extent of the statement's tokens (absolute offsets). */
  readonly start: number;
  readonly end: number;

  constructor(
    readonly slot: Segment,
    readonly base: number,
  ) {
    // from the segment itself: a reused line's tokens are not read at all
    this.start = base + slot.tokenStart;
    this.end = base + slot.tokenEnd;
  }

  /** Type of the first token. */
  get first(): TokenType {
    return this.slot.tokens[0].tokenType;
  }

  /** The tokens with absolute offsets. */
  tokens(): IToken[] {
    const base = this.base;
    return this.slot.tokens.map((t) => ({ ...t, startOffset: t.startOffset + base }));
  }
}

/**
 * Parses a segmented text (segments.ts), reusing what earlier parses of the same segments
 * computed: attribute lines and clause lines are built once per segment and context, and moved
 * when the segment moved. The result is that of a fresh parse of `seg.text`.
 */
export function parseMappingSegments(seg: SegmentedText, options: ParseMappingOptions = {}): MappingDocumentParse {
  const builder = new Builder(seg.text, options);
  const { segments, starts, comments, errors } = segmentInputs(seg);
  builder.begin(errors, comments);
  for (let i = 0; i < segments.length; i++) if (segments[i].tokens.length) builder.feed(new StatementLine(segments[i], starts[i]));
  return finish(builder, builder.end());
}

/** As parseMappingSegments, calling `between` every `chunk` lines (to yield, or to stop by throwing). */
export async function parseMappingSegmentsSliced(
  seg: SegmentedText,
  between: () => Promise<void>,
  options: ParseMappingOptions = {},
  chunk = 500,
): Promise<MappingDocumentParse> {
  const builder = new Builder(seg.text, options);
  const { segments, starts, comments, errors } = segmentInputs(seg);
  builder.begin(errors, comments);
  let n = 0;
  for (let i = 0; i < segments.length; i++) {
    if (!segments[i].tokens.length) continue;
    builder.feed(new StatementLine(segments[i], starts[i]));
    if (++n % chunk === 0) await between();
  }
  return finish(builder, builder.end());
}
