// Semantic tokens for whole documents.
//
// .entramap: keywords (only where they are keywords: `source <- [x]` maps a target called
// `source`), target attribute paths (schema URN as `namespace`, attribute and sub-attribute as
// `property` + `declaration`, the value filter's parts), source attributes of clauses
// (`property`), operators (`<-`, scoping operators), strings, numbers, object names (`type`),
// directory names (`namespace`), action and flow words (`enumMember`), `@graph` / `@raw`
// (`decorator`) with their JSON, comments, and every expression's own tokens.
//
// Graph JSON: the expression tokens inside `expression` strings (the JSON grammar colours the
// rest).
//
// The legend extends the expression services' legend, so one legend serves both kinds.
import type { IToken } from 'chevrotain';
import { createScanner } from 'jsonc-parser';
import type { Range, SemanticTokens } from 'vscode-languageserver/node';
import { parseTargetPath } from '../../catalog/scim-schemas';
import { parseExpression } from '../../language/expression/parser';
import {
  Actions,
  Apply,
  Arrow,
  BareValue,
  Default,
  Editable,
  Enabled,
  Expression,
  Flow,
  GraphAt,
  Id,
  JsonValue,
  LBrace,
  Match,
  Metadata,
  None,
  On,
  Priority,
  RawAt,
  RBrace,
  Schema,
  ScopeOperator,
  Source,
  StringLit,
  Target,
  Template,
  UnterminatedString,
} from '../../language/mapping/lexer';
import type { ExpressionSite } from '../../model/types';
import {
  DocumentSemanticToken,
  encodeSemanticTokens,
  semanticTokens as expressionTokens,
  SEMANTIC_TOKEN_MODIFIERS,
  SEMANTIC_TOKEN_TYPES,
  toDocumentTokens,
} from '../expression';
import { toOffset } from './common';
import type { ParsedDocument } from './document';
import { firstStatementFrom, isNameToken, Statement, tokEnd } from './statements';
import { reportServiceError } from './errors';

/** The legend to register: the expression legend plus the document's own types and modifiers. */
export const DOCUMENT_SEMANTIC_TOKENS_LEGEND: { tokenTypes: string[]; tokenModifiers: string[] } = {
  tokenTypes: [...SEMANTIC_TOKEN_TYPES, 'keyword', 'comment', 'namespace', 'type', 'decorator'],
  tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS, 'declaration'],
};

/** LSP semantic tokens of the whole document. Never throws. */
export function semanticTokens(doc: ParsedDocument): SemanticTokens {
  return { data: encodeSemanticTokens(documentTokens(doc), DOCUMENT_SEMANTIC_TOKENS_LEGEND) };
}

/** LSP semantic tokens of a range (whole tokens that touch it). Never throws. */
export function semanticTokensRange(doc: ParsedDocument, range: Range): SemanticTokens {
  return { data: encodeSemanticTokens(documentTokens(doc, toOffset(doc, range.start), toOffset(doc, range.end)), DOCUMENT_SEMANTIC_TOKENS_LEGEND) };
}

const siteMaps = new WeakMap<ParsedDocument, Map<number, ExpressionSite>>();

function siteByStart(doc: ParsedDocument): Map<number, ExpressionSite> {
  let m = siteMaps.get(doc);
  if (!m) {
    m = new Map();
    for (const r of doc.model.rules) for (const om of r.objectMappings) for (const a of om.attributeMappings) {
      const site = a.source?.expression;
      if (site?.exact) m.set(site.range.start, site);
    }
    siteMaps.set(doc, m);
  }
  return m;
}

/** The document's tokens (in [from, to] when given), unencoded: for tests and for range requests. */
export function documentTokens(doc: ParsedDocument, from = 0, to = doc.text.length): DocumentSemanticToken[] {
  try {
    return doc.kind === 'entramap' ? new EntramapTokens(doc, from, to).run() : jsonTokens(doc, from, to);
  } catch (e) {
    reportServiceError(e, 'semanticTokens');
    return [];
  }
}

function expressionSiteTokens(doc: ParsedDocument, site: ExpressionSite, out: DocumentSemanticToken[]): void {
  const lines = doc.lines;
  out.push(...toDocumentTokens(expressionTokens(site.parse), (o) => lines.positionAt(site.toDocumentOffset(o))));
}

function jsonTokens(doc: ParsedDocument, from: number, to: number): DocumentSemanticToken[] {
  const out: DocumentSemanticToken[] = [];
  for (const r of doc.model.rules) {
    if (r.range.end < from || r.range.start > to) continue;
    for (const om of r.objectMappings) {
      if (om.range.end < from || om.range.start > to) continue;
      for (const a of om.attributeMappings) {
        const site = a.source?.expression;
        if (!site?.exact || site.range.end < from || site.range.start > to) continue;
        expressionSiteTokens(doc, site, out);
      }
    }
  }
  return out;
}

// jsonc-parser's SyntaxKind is a const enum (not inlined by isolated transpilation).
const J = { openBrace: 1, closeBrace: 2, openBracket: 3, closeBracket: 4, comma: 5, colon: 6, null: 7, true: 8, false: 9, string: 10, number: 11, lineComment: 12, blockComment: 13, lineBreak: 14, trivia: 15, unknown: 16, eof: 17 };

class EntramapTokens {
  private readonly out: DocumentSemanticToken[] = [];

  constructor(
    private readonly doc: ParsedDocument,
    private readonly from: number,
    private readonly to: number,
  ) {}

  /** The current statement's line when it spans one line (tokens then need no line lookup). */
  private line: { number: number; start: number; end: number } | undefined;

  private push(start: number, end: number, type: string, modifiers: string[] = []): void {
    if (end <= start) return;
    const l = this.line;
    if (l && start >= l.start && end <= l.end) {
      this.out.push({ line: l.number, character: start - l.start, length: end - start, type, modifiers });
      return;
    }
    const s = this.doc.lines.positionAt(start);
    const e = this.doc.lines.positionAt(end);
    if (e.line !== s.line) return;
    this.out.push({ line: s.line, character: s.character, length: e.character - s.character, type, modifiers });
  }

  private tok(t: IToken, type: string, modifiers: string[] = []): void {
    this.push(t.startOffset, tokEnd(t), type, modifiers);
  }

  run(): DocumentSemanticToken[] {
    const idx = this.doc.statements;
    for (let i = firstStatementFrom(idx, this.from); i < idx.statements.length; i++) {
      const st = idx.statements[i];
      if (st.start > this.to) break;
      const first = this.doc.lines.positionAt(st.start);
      const lineStart = st.start - first.character;
      this.line = /[\r\n]/.test(this.doc.text.slice(st.start, st.end)) ? undefined : { number: first.line, start: lineStart, end: st.end };
      this.statement(st);
    }
    this.line = undefined;
    for (const c of idx.comments) if (c.end >= this.from && c.start <= this.to) this.push(c.start, c.end, 'comment');
    for (const e of idx.lexErrors) if (e.end >= this.from && e.start <= this.to) this.push(e.start, e.end, 'invalid');
    return this.out;
  }

  private statement(st: Statement): void {
    const toks = st.tokens;
    switch (st.kind) {
      case 'app':
        toks.forEach((t, i) => {
          if (i === 0 || t.tokenType === Template || t.tokenType === Schema) this.tok(t, 'keyword');
          else if (toks[i - 1]?.tokenType === Template) this.tok(t, 'type');
          else this.tok(t, 'string');
        });
        return;
      case 'open':
        toks.forEach((t, i) => {
          if (t.tokenType === LBrace || t.tokenType === RBrace) return;
          if (i === 0 || (i === 1 && t.image === 'filter' && isNameToken(t) && st.blockKind === 'filter' && toks[0].image !== 'filter')) this.tok(t, 'keyword');
          else this.tok(t, 'string');
        });
        return;
      case 'property':
        return this.property(st);
      case 'attribute':
        return this.attribute(st);
      case 'clause':
        return this.clause(st);
      case 'graph':
      case 'raw':
        return this.annotation(toks);
      default:
        return;
    }
  }

  private property(st: Statement): void {
    const [kw, ...values] = st.tokens;
    this.tok(kw, 'keyword');
    const inRule = st.block.kind === 'rule';
    values.forEach((v, i) => {
      switch (kw.tokenType) {
        case Source:
        case Target:
          return this.tok(v, inRule ? 'namespace' : 'type');
        case Priority:
          return this.tok(v, 'number');
        case Enabled:
        case Editable:
          return this.tok(v, v.tokenType === StringLit ? 'string' : 'keyword');
        case Actions:
          return this.tok(v, 'enumMember');
        case Metadata:
          return this.tok(v, i === 0 ? 'property' : 'string');
        case Id:
        default:
          return this.tok(v, 'string');
      }
    });
  }

  private targetPath(t: IToken): void {
    if (t.tokenType === StringLit || t.tokenType === UnterminatedString) return this.tok(t, 'property', ['declaration']);
    const p = parseTargetPath(t.image);
    if (!p.ok) return this.tok(t, 'property', ['declaration']);
    const base = t.startOffset;
    const at = (s: { start: number; end: number }, type: string, mods: string[] = []) => this.push(base + s.start, base + s.end, type, mods);
    const path = p.path;
    if (path.urn) at(path.urn, 'namespace');
    at(path.attribute, 'property', ['declaration']);
    if (path.filter) {
      at(path.filter.attribute, 'property');
      at(path.filter.operator, 'operator');
      at(path.filter.value, path.filter.value.quoted ? 'string' : 'keyword');
    }
    if (path.subAttribute) at(path.subAttribute, 'property', ['declaration']);
  }

  private attribute(st: Statement): void {
    const toks = st.tokens;
    const arrow = toks.findIndex((t) => t.tokenType === Arrow);
    if (arrow !== 1) return;
    this.targetPath(toks[0]);
    for (let i = 1; i < toks.length; i++) {
      const t = toks[i];
      const prev = toks[i - 1];
      const valueOf = [Default, Match, On, Apply, Flow].includes(prev.tokenType) && i > 2 && t.tokenType !== GraphAt && t.tokenType !== JsonValue;
      if (valueOf) {
        if (prev.tokenType === Default) this.tok(t, 'string');
        else if (prev.tokenType === Match) this.tok(t, 'number');
        else if (prev.tokenType === On) this.tok(t, 'keyword');
        else this.tok(t, t.tokenType === StringLit ? 'string' : 'enumMember');
      } else if (t.tokenType === Arrow) this.tok(t, 'operator');
      else if (t.tokenType === Expression) this.expression(t);
      else if (t.tokenType === None) this.tok(t, 'keyword');
      else if (t.tokenType === GraphAt) this.tok(t, 'decorator');
      else if (t.tokenType === JsonValue) this.json(t);
      else if ([Default, Match, On, Apply, Flow].includes(t.tokenType)) this.tok(t, 'keyword');
    }
  }

  private expression(t: IToken): void {
    const site = siteByStart(this.doc).get(t.startOffset);
    const l = this.line;
    if (site && l) {
      // one line: expression offsets map linearly
      for (const x of expressionTokens(site.parse)) this.push(site.range.start + x.start, site.range.start + x.end, x.type, x.modifiers);
      return;
    }
    if (site) return expressionSiteTokens(this.doc, site, this.out);
    // a line the model does not hold (a block in the wrong place): parse it here
    const parse = parseExpression(t.image);
    const base = t.startOffset;
    const lines = this.doc.lines;
    this.out.push(...toDocumentTokens(expressionTokens(parse), (o) => lines.positionAt(base + o)));
  }

  private clause(st: Statement): void {
    const toks = st.tokens;
    toks.forEach((t, i) => {
      if (i === 0) return this.tok(t, 'property');
      if (t.tokenType === ScopeOperator || (i === 1 && t.tokenType === StringLit)) return this.tok(t, 'operator');
      if (t.tokenType === GraphAt) return this.tok(t, 'decorator');
      if (t.tokenType === JsonValue) return this.json(t);
      if (t.tokenType === StringLit || t.tokenType === UnterminatedString || t.tokenType === BareValue || isNameToken(t)) {
        return this.tok(t, /^-?\d+$/.test(t.image) ? 'number' : 'string');
      }
    });
  }

  private annotation(toks: IToken[]): void {
    for (const t of toks) {
      if (t.tokenType === GraphAt || t.tokenType === RawAt) this.tok(t, 'decorator');
      else if (t.tokenType === JsonValue) this.json(t);
    }
  }

  private json(t: IToken): void {
    const scanner = createScanner(t.image, false);
    const list: { kind: number; start: number; end: number }[] = [];
    for (let k = scanner.scan(); k !== J.eof; k = scanner.scan()) {
      if (k === J.trivia || k === J.lineBreak) continue;
      list.push({ kind: k, start: t.startOffset + scanner.getTokenOffset(), end: t.startOffset + scanner.getTokenOffset() + scanner.getTokenLength() });
    }
    list.forEach((x, i) => {
      switch (x.kind) {
        case J.string:
          return this.push(x.start, x.end, list[i + 1]?.kind === J.colon ? 'property' : 'string');
        case J.number:
          return this.push(x.start, x.end, 'number');
        case J.true:
        case J.false:
        case J.null:
          return this.push(x.start, x.end, 'keyword');
        case J.lineComment:
        case J.blockComment:
          return this.push(x.start, x.end, 'comment');
        default:
          return;
      }
    });
  }
}
