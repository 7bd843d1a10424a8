// The statement structure of an .entramap file, read from the lexer's tokens: one entry per
// logical line (an expression or JSON value may span physical lines), what kind of statement it
// is, the block it sits in and the block structure itself. Unlike the model, this index keeps
// what the parser rejects (a block in the wrong place, a half-typed line), so completion,
// folding, semantic tokens and indentation see the document as the user is writing it.
//
// The classification repeats the parser's rules (language/mapping/parser.ts `pick`, build.ts
// `line`): the same token decides the same statement kind.
import { IToken, tokenMatcher } from 'chevrotain';
import {
  Actions,
  App,
  Arrow,
  Category,
  Editable,
  Enabled,
  Filter,
  GraphAt,
  Id,
  Input,
  LBrace,
  Mapping,
  Metadata,
  Name,
  Priority,
  RawAt,
  RBrace,
  Rule,
  ScopeKw,
  ScopeOperator,
  Source,
  Target,
} from '../../language/mapping/lexer';
import { SegmentedText } from '../../language/mapping/segments';

export type BlockKind = 'top' | 'rule' | 'mapping' | 'scope' | 'filter';

export type StatementKind =
  | 'app'
  /** `rule` / `mapping` / `scope` / `[input|category] filter` header. */
  | 'open'
  | 'close'
  /** A `{` on its own line (opens the pending block). */
  | 'lbrace'
  | 'graph'
  | 'raw'
  | 'property'
  | 'attribute'
  | 'clause'
  /** A line the parser rejects outright (anything but a filter inside a scope). */
  | 'invalid';

export interface Block {
  kind: BlockKind;
  /** The header statement (undefined for the top level). */
  open?: Statement;
  /** The `}` statement, when the block is closed. */
  close?: Statement;
  parent?: Block;
  /** Nesting depth: 0 for the top level. */
  depth: number;
  /** Property keywords given in the block (`source`, `target`, `actions`, ...). */
  properties: Set<string>;
  /** Child block kinds seen (`scope` once per mapping). */
  children: Block[];
  /** Statements directly inside the block, in order. */
  statements: Statement[];
}

export interface Statement {
  kind: StatementKind;
  /** The line's tokens (no Newline, no comments). */
  tokens: IToken[];
  start: number;
  end: number;
  /** The block the statement is in (for `}` the block it closes). */
  block: Block;
  /** For `open` statements: the block it opens. */
  opens?: Block;
  /** For `open` statements: the block kind. */
  blockKind?: 'rule' | 'mapping' | 'scope' | 'filter';
}

export interface StatementIndex {
  statements: Statement[];
  top: Block;
  blocks: Block[];
  comments: { start: number; end: number; text: string }[];
  /** Characters the lexer could not read. */
  lexErrors: { start: number; end: number }[];
  /** Text of the document (the index refers to it). */
  text: string;
}

export const tokEnd = (t: IToken): number => t.startOffset + t.image.length;

const PROPERTY_TYPES = [Source, Target, Id, Priority, Editable, Enabled, Actions, Metadata];
const SCOPE_LINE_STARTS = new Set([Filter, Input, Category, GraphAt, RawAt, RBrace, LBrace]);

/** Builds the index of an .entramap text. Linear; never throws. */
export function indexStatements(text: string): StatementIndex {
  return indexSegments(SegmentedText.of(text));
}

/**
 * The index of a segmented text (language/mapping/segments.ts), each statement's tokens given
 * absolute offsets when first read.
 */
export function indexSegments(seg: SegmentedText): StatementIndex {
  const b = new IndexBuilder();
  const comments: StatementIndex['comments'] = [];
  const lexErrors: StatementIndex['lexErrors'] = [];
  const { segments } = seg;
  const starts = seg.starts;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const base = starts[i];
    if (s.tokens.length) b.add(s.tokens, base, base + s.tokenStart, base + s.tokenEnd);
    if (s.comments.length) for (const c of s.comments) comments.push({ start: base + c.startOffset, end: base + tokEnd(c), text: c.image });
    if (s.errors.length) for (const e of s.errors) lexErrors.push({ start: base + e.offset, end: base + e.offset + Math.max(1, e.length) });
  }
  return { statements: b.statements, top: b.top, blocks: b.blocks, comments, lexErrors, text: seg.text };
}

/** A statement whose tokens are moved to absolute offsets when first read. */
class SegmentStatement implements Statement {
  private _tokens?: IToken[];
  opens?: Block;
  blockKind?: 'rule' | 'mapping' | 'scope' | 'filter';

  constructor(
    readonly kind: StatementKind,
    private readonly relative: readonly IToken[],
    private readonly base: number,
    readonly start: number,
    readonly end: number,
    readonly block: Block,
  ) {}

  get tokens(): IToken[] {
    return (this._tokens ??= this.relative.map((t) => ({ ...t, startOffset: t.startOffset + this.base })));
  }
}

/** The block structure, statement by statement (tokens at `base` + their offsets). */
class IndexBuilder {
  readonly top: Block = { kind: 'top', depth: 0, properties: new Set(), children: [], statements: [] };
  readonly blocks: Block[] = [];
  readonly statements: Statement[] = [];
  private readonly stack: Block[] = [this.top];
  private awaiting: Block | undefined;

  /** One logical line: its tokens at `base` + their offsets, and their extent [start, end). */
  add(tokens: readonly IToken[], base: number, start: number, end: number): void {
    const stack = this.stack;
    const current = stack[stack.length - 1];
    const kind = classify(tokens, current.kind);
    const st: Statement = new SegmentStatement(kind, tokens, base, start, end, current);
    this.statements.push(st);
    if (this.awaiting && st.kind !== 'lbrace') this.awaiting = undefined;
    switch (st.kind) {
      case 'close':
        if (stack.length > 1) {
          current.close = st;
          stack.pop();
        }
        break;
      case 'lbrace':
        if (this.awaiting && tokens[1]?.tokenType === RBrace && stack[stack.length - 1] === this.awaiting) {
          this.awaiting.close = st;
          stack.pop();
        }
        this.awaiting = undefined;
        current.statements.push(st);
        break;
      case 'open': {
        const kind = openKind(tokens[0]);
        st.blockKind = kind;
        const block: Block = { kind, open: st, parent: current, depth: current.depth + 1, properties: new Set(), children: [], statements: [] };
        st.opens = block;
        current.children.push(block);
        current.statements.push(st);
        this.blocks.push(block);
        const brace = tokens.findIndex((t) => t.tokenType === LBrace);
        if (brace >= 0 && tokens[brace + 1]?.tokenType === RBrace) {
          block.close = st;
        } else {
          stack.push(block);
          if (brace < 0) this.awaiting = block;
        }
        break;
      }
      case 'property':
        current.properties.add(tokens[0].image);
        current.statements.push(st);
        break;
      default:
        current.statements.push(st);
        break;
    }
  }
}

function openKind(t: IToken): 'rule' | 'mapping' | 'scope' | 'filter' {
  if (t.tokenType === Rule) return 'rule';
  if (t.tokenType === Mapping) return 'mapping';
  if (t.tokenType === ScopeKw) return 'scope';
  return 'filter';
}

function classify(tokens: readonly IToken[], context: BlockKind): StatementKind {
  const [a, b] = tokens;
  const t = a.tokenType;
  if (context === 'scope' && !SCOPE_LINE_STARTS.has(t)) return 'invalid';
  if (t === GraphAt) return 'graph';
  if (t === RawAt) return 'raw';
  if (t === RBrace) return 'close';
  if (t === LBrace) return 'lbrace';
  if (b && b.tokenType === Arrow) return 'attribute';
  if (b && b.tokenType === ScopeOperator) return 'clause';
  if (context === 'filter') return 'clause';
  if (t === App) return 'app';
  if (t === Rule || t === Mapping || t === ScopeKw) return 'open';
  if (t === Filter || t === Input || t === Category) return 'open';
  if (PROPERTY_TYPES.includes(t)) return 'property';
  return 'attribute';
}

/** Whether a token is a name (keywords count: they are names where a name is expected). */
export function isNameToken(t: IToken | undefined): boolean {
  return !!t && tokenMatcher(t, Name);
}

/** The statement whose tokens span `offset` (end-inclusive), or undefined. Binary search. */
export function statementAt(index: StatementIndex, offset: number): Statement | undefined {
  const list = index.statements;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = list[mid];
    if (offset < s.start) hi = mid - 1;
    else if (offset > s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** Index of the first statement that ends at or after `offset`. */
export function firstStatementFrom(index: StatementIndex, offset: number): number {
  const list = index.statements;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The block a new statement at `offset` would belong to: the block of the statement on that
 * line, else the block open after the last statement before it.
 */
export function blockAt(index: StatementIndex, offset: number): Block {
  const at = statementAt(index, offset);
  if (at) return at.block;
  const i = firstStatementFrom(index, offset) - 1;
  if (i < 0) return index.top;
  const prev = index.statements[i];
  if (prev.kind === 'open' && prev.opens && prev.opens.close !== prev) return prev.opens;
  if (prev.kind === 'close') return prev.block.parent ?? index.top;
  if (prev.kind === 'lbrace' && prev.block.close === prev) return prev.block.parent ?? index.top;
  return prev.block;
}

/** The comment containing `offset` (a cursor after `#` counts), or undefined. */
export function commentAt(index: StatementIndex, offset: number): { start: number; end: number; text: string } | undefined {
  const list = index.comments;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = list[mid];
    if (offset <= c.start) hi = mid - 1;
    else if (offset > c.end) lo = mid + 1;
    else return c;
  }
  return undefined;
}

/**
 * The statement a cursor at `offset` is part of: the one spanning it, or the one that ends
 * earlier on the same line (the cursor after a trailing blank: `userName <- |`).
 */
export function statementOnLine(index: StatementIndex, offset: number): Statement | undefined {
  const hit = statementAt(index, offset);
  if (hit) return hit;
  const i = firstStatementFrom(index, offset) - 1;
  if (i < 0) return undefined;
  const prev = index.statements[i];
  const between = index.text.slice(prev.end, offset);
  return /[\r\n]/.test(between) ? undefined : prev;
}
