// Small shared helpers: offsets ↔ LSP positions, expression sites in their document, JSON string
// escaping, and the JSON tree lookups of Graph schema documents.
import type { Position, Range, TextEdit } from 'vscode-languageserver/node';
import type { ExpressionSite, MappingModel, ObjectMapping, AttributeMapping, SyncRule } from '../../model/types';
import { expressionOffsetOf } from '../../model/query';
import { contains } from '../../model/positions';
import type { JNode, JProperty } from '../../schema/json-tree';
import type { ParsedDocument } from './document';

export function toRange(doc: ParsedDocument, start: number, end: number): Range {
  const s = Math.max(0, Math.min(start, end));
  return { start: doc.lines.positionAt(s), end: doc.lines.positionAt(Math.max(s, end)) };
}

export function toOffset(doc: ParsedDocument, position: Position): number {
  return doc.lines.offsetAt(position);
}

export function textEdit(doc: ParsedDocument, start: number, end: number, newText: string): TextEdit {
  return { range: toRange(doc, start, end), newText };
}

/** Escapes text for the inside of a JSON string. */
export function jsonEscape(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/**
 * Whether an expression site is the inside of a JSON string: every site of Graph JSON, and in
 * .entramap those of `@raw` / `@graph` JSON (a line's expression never follows a quote).
 */
export function isJsonSite(doc: ParsedDocument, site: ExpressionSite): boolean {
  return doc.kind === 'graph-json' || (site.range.start > 0 && doc.text.charCodeAt(site.range.start - 1) === 34);
}

/** Encodes expression text for its site: JSON-escaped inside JSON strings, as is on a line. */
export function encodeFor(doc: ParsedDocument, s: string, site?: ExpressionSite): string {
  return (site ? isJsonSite(doc, site) : doc.kind === 'graph-json') ? jsonEscape(s) : s;
}

/** Document range of [start, end) of an expression site. */
export function siteRange(doc: ParsedDocument, site: ExpressionSite, start: number, end: number): Range {
  const s = site.toDocumentOffset(start);
  const e = Math.max(s, site.toDocumentOffset(end));
  return toRange(doc, s, e);
}

export interface SiteHit {
  site: ExpressionSite;
  /** Offset inside the expression text. */
  offset: number;
  mapping: AttributeMapping;
  objectMapping: ObjectMapping;
  rule: SyncRule | undefined;
}

/** The expression under a document offset (end-inclusive). Bounded: only the containing object mapping is searched. */
export function siteAt(doc: ParsedDocument, offset: number): SiteHit | undefined {
  for (const rule of doc.model.rules) {
    if (!contains(rule.range, offset)) continue;
    for (const om of rule.objectMappings) {
      if (!contains(om.range, offset)) continue;
      const list = om.attributeMappings;
      // attribute mappings are in document order: binary search for the candidate
      let lo = 0;
      let hi = list.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const m = list[mid];
        if (offset < m.range.start) hi = mid - 1;
        else if (offset > m.range.end) lo = mid + 1;
        else {
          // end-inclusive ranges: a neighbour may touch the offset too
          for (let i = Math.max(0, mid - 1); i <= Math.min(list.length - 1, mid + 1); i++) {
            const site = list[i].source?.expression;
            if (!site) continue;
            const o = expressionOffsetOf(site, offset);
            if (o !== undefined) return { site, offset: o, mapping: list[i], objectMapping: om, rule };
          }
          return undefined;
        }
      }
      return undefined;
    }
  }
  return undefined;
}

/** Elements under an offset, outermost first: rule, object mapping, scope, group, clause or attribute mapping. */
export function modelPathAt(model: MappingModel, offset: number) {
  const out: {
    rule?: SyncRule;
    objectMapping?: ObjectMapping;
    scope?: NonNullable<ObjectMapping['scope']>;
    group?: NonNullable<ObjectMapping['scope']>['groups'][number];
    clause?: NonNullable<ObjectMapping['scope']>['groups'][number]['clauses'][number];
    mapping?: AttributeMapping;
  } = {};
  for (const rule of model.rules) {
    if (!contains(rule.range, offset)) continue;
    out.rule = rule;
    for (const om of rule.objectMappings) {
      if (!contains(om.range, offset)) continue;
      out.objectMapping = om;
      const scope = om.scope;
      if (scope && contains(scope.range, offset)) {
        out.scope = scope;
        for (const g of [...scope.groups, ...scope.inputFilterGroups, ...scope.categoryFilterGroups]) {
          if (!contains(g.range, offset)) continue;
          out.group = g;
          for (const c of g.clauses) if (contains(c.range, offset)) out.clause = c;
        }
        return out;
      }
      const m = mappingAt(om, offset);
      if (m) out.mapping = m;
      return out;
    }
    return out;
  }
  return out;
}

/** The attribute mapping of `om` whose range contains `offset` (binary search, then a scan). */
export function mappingAt(om: ObjectMapping, offset: number): AttributeMapping | undefined {
  const list = om.attributeMappings;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = list[mid];
    if (offset < m.range.start) hi = mid - 1;
    else if (offset > m.range.end) lo = mid + 1;
    else return m;
  }
  return undefined;
}

// ---- JSON tree --------------------------------------------------------------------------------

export interface JsonPathStep {
  node: JNode;
  /** The property of the parent this node is the value of. */
  property?: JProperty;
  index?: number;
}

/** The JSON nodes containing `offset`, outermost first (end-inclusive for strings being typed). */
export function jsonPathAt(root: JNode | undefined, offset: number): JsonPathStep[] {
  const out: JsonPathStep[] = [];
  let node = root;
  let step: JsonPathStep | undefined = root ? { node: root } : undefined;
  while (node && step) {
    if (offset < node.offset || offset > node.offset + node.length) break;
    out.push(step);
    step = undefined;
    if (node.properties) {
      for (const p of node.properties) {
        if (p.value && offset >= p.value.offset && offset <= p.value.offset + p.value.length) {
          step = { node: p.value, property: p };
          break;
        }
      }
    } else if (node.items) {
      node.items.forEach((item, index) => {
        if (!step && offset >= item.offset && offset <= item.offset + item.length) step = { node: item, index };
      });
    }
    node = step?.node;
  }
  return out;
}

/** The JSON property whose key contains `offset`. */
export function jsonKeyAt(path: JsonPathStep[], offset: number): JProperty | undefined {
  const last = path[path.length - 1]?.node;
  return last?.properties?.find((p) => offset >= p.keyRange.start && offset <= p.keyRange.end);
}

/** The word characters around `offset` in `text`, within [min, max). */
export function wordAround(text: string, offset: number, re = /[A-Za-z0-9_$.\-]/, min = 0, max = text.length): { start: number; end: number } {
  let s = offset;
  while (s > min && re.test(text[s - 1])) s--;
  let e = offset;
  while (e < max && re.test(text[e])) e++;
  return { start: s, end: e };
}

/** Start offset of the physical line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** End offset (before the line break) of the physical line holding `offset`. */
export function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}
