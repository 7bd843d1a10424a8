// Document structure: the outline (app → rules → object mappings → scope → filters → clauses,
// attribute mappings by target name; directory definitions), folding ranges (blocks, comment
// runs, multi-line expressions and JSON values) and selection ranges (expand selection from an
// expression token out to the whole document).
import {
  DocumentSymbol,
  FoldingRange,
  FoldingRangeKind,
  Position,
  SelectionRange,
  SymbolKind,
} from 'vscode-languageserver/node';
import { parseTargetPath } from '../../catalog/scim-schemas';
import { contains } from '../../model/positions';
import type { AttributeMapping, DirectoryDefinition, FilterClause, FilterGroup, ObjectMapping, Range as OffsetRange, Scope, SyncRule } from '../../model/types';
import { selectionRange as expressionSelectionRange } from '../expression';
import { jsonPathAt, modelPathAt, siteAt, toOffset, toRange } from './common';
import type { ParsedDocument } from './document';
import { statementAt } from './statements';
import { reportServiceError } from './errors';

// ---- outline ---------------------------------------------------------------------------------------

function clip(s: string, max = 80): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** The outline of the document. Never throws. */
export function documentSymbols(doc: ParsedDocument): DocumentSymbol[] {
  try {
    return new Outline(doc).run();
  } catch (e) {
    reportServiceError(e, 'documentSymbols');
    return [];
  }
}

class Outline {
  constructor(private readonly doc: ParsedDocument) {}

  private symbol(name: string, kind: SymbolKind, range: OffsetRange, selection: OffsetRange | undefined, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
    const r = toRange(this.doc, range.start, range.end);
    let sel = selection && selection.start >= range.start && selection.end <= range.end ? selection : { start: range.start, end: range.start };
    if (sel.end < sel.start) sel = { start: range.start, end: range.start };
    const s: DocumentSymbol = { name: name || '(unnamed)', kind, range: r, selectionRange: toRange(this.doc, sel.start, sel.end) };
    if (detail) s.detail = detail;
    if (children?.length) s.children = children;
    return s;
  }

  run(): DocumentSymbol[] {
    const model = this.doc.model;
    const items: DocumentSymbol[] = [];
    for (const rule of model.rules) {
      if (rule.implicit) items.push(...rule.objectMappings.map((om) => this.objectMapping(om)));
      else items.push(this.rule(rule));
    }
    const dirs = model.directories.map((d) => this.directory(d));
    if (dirs.length) {
      const start = Math.min(...model.directories.map((d) => d.range.start));
      const end = Math.max(...model.directories.map((d) => d.range.end));
      items.push(this.symbol('directories', SymbolKind.Namespace, { start, end }, { start, end: start }, `${dirs.length}`, dirs));
    }
    const app = model.app;
    if (app) {
      const detail = [app.template && `template ${app.template}`, app.targetSchema && `schema ${app.targetSchema}`].filter(Boolean).join(' · ');
      if (this.doc.kind === 'entramap') {
        // The app line stands for the whole file: its children are the rules and mappings.
        return [this.symbol(app.name ?? 'app', SymbolKind.Package, { start: Math.min(app.range.start, model.range.start), end: model.range.end }, app.ranges.name ?? app.range, detail || undefined, items)];
      }
      items.unshift(this.symbol(app.name ?? 'app', SymbolKind.Package, app.range, app.ranges.name, detail || undefined));
    }
    return items;
  }

  private rule(rule: SyncRule): DocumentSymbol {
    const dirs = [rule.sourceDirectoryName, rule.targetDirectoryName].some(Boolean) ? `${rule.sourceDirectoryName ?? '?'} → ${rule.targetDirectoryName ?? '?'}` : undefined;
    return this.symbol(rule.name ?? rule.id ?? 'rule', SymbolKind.Namespace, rule.range, rule.ranges.name, dirs, rule.objectMappings.map((om) => this.objectMapping(om)));
  }

  private objectMapping(om: ObjectMapping): DocumentSymbol {
    const children: DocumentSymbol[] = [];
    if (om.scope) children.push(this.scope(om.scope));
    for (const m of om.attributeMappings) children.push(this.mapping(m));
    const detail = `${om.sourceObjectName ?? '?'} → ${om.targetObjectName ?? '?'}${om.enabled ? '' : ' (disabled)'}`;
    return this.symbol(om.name ?? 'mapping', SymbolKind.Class, om.range, om.ranges.name, detail, children);
  }

  private scope(scope: Scope): DocumentSymbol {
    const groups = [...scope.groups, ...scope.inputFilterGroups, ...scope.categoryFilterGroups];
    const sel = this.doc.kind === 'entramap' ? { start: scope.range.start, end: scope.range.start + 5 } : undefined;
    return this.symbol('scope', SymbolKind.Object, scope.range, sel, `${groups.length} filter${groups.length === 1 ? '' : 's'}`, groups.map((g) => this.group(g)));
  }

  private group(g: FilterGroup): DocumentSymbol {
    const kind = g.list === 'groups' ? 'filter' : g.list === 'inputFilterGroups' ? 'input filter' : 'category filter';
    return this.symbol(g.name ?? kind, SymbolKind.Struct, g.range, g.nameRange, g.name !== undefined ? kind : undefined, g.clauses.map((c) => this.clause(c)));
  }

  private clause(c: FilterClause): DocumentSymbol {
    const name = c.raw && !c.sourceOperandName ? '@raw' : [c.sourceOperandName ?? '?', c.operatorName ?? '?', ...c.values.map((v) => JSON.stringify(v))].join(' ');
    return this.symbol(clip(name), SymbolKind.Boolean, c.range, c.ranges.sourceOperandName);
  }

  private mapping(m: AttributeMapping): DocumentSymbol {
    const name = m.targetAttributeName ?? (m.raw ? '@raw' : '?');
    const src = m.source ? clip(m.source.expression.text, 60) : m.mappingType === 'none' ? 'none' : undefined;
    const detail = src !== undefined ? `← ${src}${m.matchingPriority > 0 ? ` · match ${m.matchingPriority}` : ''}` : undefined;
    return this.symbol(name, SymbolKind.Property, m.range, m.ranges.target, detail);
  }

  private directory(d: DirectoryDefinition): DocumentSymbol {
    const objects = d.objects.map((o) =>
      this.symbol(
        o.name ?? 'object',
        SymbolKind.Class,
        o.range,
        o.nameRange,
        `${o.attributes.length} attributes`,
        o.attributes.map((a) => this.symbol(a.name ?? 'attribute', SymbolKind.Field, a.range, a.nameRange, `${a.type}${a.multivalued ? ', multi-valued' : ''}${a.required ? ', required' : ''}`)),
      ),
    );
    return this.symbol(d.name ?? d.id ?? 'directory', SymbolKind.Module, d.range, d.nameRange, undefined, objects);
  }
}

// ---- folding ---------------------------------------------------------------------------------------

/** Folding ranges. Never throws. */
export function foldingRanges(doc: ParsedDocument): FoldingRange[] {
  try {
    return doc.kind === 'entramap' ? entramapFolding(doc) : jsonFolding(doc);
  } catch (e) {
    reportServiceError(e, 'foldingRanges');
    return [];
  }
}

function entramapFolding(doc: ParsedDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const lines = doc.lines;
  const line = (o: number) => lines.positionAt(o).line;
  const idx = doc.statements;
  for (const b of idx.blocks) {
    if (!b.open) continue;
    const startLine = line(b.open.start);
    // the closing brace stays visible: fold up to the line before it
    const endLine = b.close && b.close !== b.open ? line(b.close.start) - 1 : line(lastOffsetOf(b));
    if (endLine > startLine) out.push({ startLine, endLine });
  }
  // multi-line statements: expressions and JSON values continued on deeper lines
  for (const st of idx.statements) {
    const s = line(st.start);
    const e = line(st.end);
    if (e > s) out.push({ startLine: s, endLine: e });
  }
  // runs of whole-line comments
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart >= 0 && runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
    runStart = runEnd = -1;
  };
  for (const c of idx.comments) {
    const l = line(c.start);
    const wholeLine = doc.text.slice(lines.lineStart(l), c.start).trim() === '';
    if (!wholeLine) {
      flush();
      continue;
    }
    if (runStart >= 0 && l === runEnd + 1) runEnd = l;
    else {
      flush();
      runStart = runEnd = l;
    }
  }
  flush();
  return dedupe(out);
}

function lastOffsetOf(b: { statements: { end: number }[]; children: { close?: { end: number }; open?: { end: number } }[]; open?: { end: number } }): number {
  let end = b.open?.end ?? 0;
  for (const s of b.statements) end = Math.max(end, s.end);
  return end;
}

function jsonFolding(doc: ParsedDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const line = (o: number) => doc.lines.positionAt(o).line;
  const visit = (n: import('../../schema/json-tree').JNode | undefined) => {
    if (!n || (n.type !== 'object' && n.type !== 'array')) return;
    const s = line(n.offset);
    const e = line(n.offset + n.length) - 1;
    if (e > s) out.push({ startLine: s, endLine: e });
    for (const p of n.properties ?? []) visit(p.value);
    for (const i of n.items ?? []) visit(i);
  };
  visit(doc.jsonRoot);
  return dedupe(out);
}

function dedupe(list: FoldingRange[]): FoldingRange[] {
  const seen = new Set<string>();
  return list
    .sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine)
    .filter((r) => {
      const k = `${r.startLine}:${r.endLine}:${r.kind ?? ''}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

// ---- selection ranges ---------------------------------------------------------------------------

/** The expand-selection chain for each position. Never throws. */
export function selectionRanges(doc: ParsedDocument, positions: Position[]): SelectionRange[] {
  return positions.map((p) => {
    try {
      return selectionAt(doc, toOffset(doc, p));
    } catch (e) {
      reportServiceError(e, 'selectionRanges');
      const r = toRange(doc, 0, doc.text.length);
      return { range: r };
    }
  });
}

function selectionAt(doc: ParsedDocument, offset: number): SelectionRange {
  // outermost first
  const spans: OffsetRange[] = [{ start: 0, end: doc.text.length }];
  const add = (r: OffsetRange | undefined) => {
    if (!r || r.end < r.start || !contains(r, offset)) return;
    const last = spans[spans.length - 1];
    if (r.start < last.start || r.end > last.end) return;
    if (r.start === last.start && r.end === last.end) return;
    spans.push(r);
  };
  const model = doc.model;
  const el = modelPathAt(model, offset);
  add(el.rule && !el.rule.implicit ? el.rule.range : undefined);
  add(el.objectMapping?.range);
  add(el.scope?.range);
  add(el.group?.range);
  add(el.clause?.range);
  if (el.clause) {
    for (const r of [el.clause.ranges.sourceOperandName, el.clause.ranges.operatorName, ...el.clause.ranges.values]) add(r);
  }
  if (el.mapping) {
    const m = el.mapping;
    if (doc.kind === 'entramap') {
      const st = statementAt(doc.statements, offset);
      if (st) add({ start: st.start, end: st.end });
    }
    add(m.range);
    if (m.ranges.target && contains(m.ranges.target, offset)) {
      add(m.ranges.target);
      targetParts(doc, m).forEach(add);
    }
    const hit = siteAt(doc, offset);
    if (hit) {
      add(hit.site.range);
      const chain: OffsetRange[] = [];
      let sel: ReturnType<typeof expressionSelectionRange> | undefined = expressionSelectionRange(hit.site.text, hit.offset);
      while (sel) {
        chain.push({ start: hit.site.toDocumentOffset(sel.start), end: hit.site.toDocumentOffset(sel.end) });
        sel = sel.parent;
      }
      chain.reverse().forEach(add);
    } else {
      for (const r of [m.ranges.source, m.ranges.defaultValue, m.ranges.matchingPriority, m.ranges.flowType, m.ranges.flowBehavior]) add(r);
    }
  }
  if (doc.kind === 'graph-json' && !el.mapping && !el.clause) {
    for (const step of jsonPathAt(doc.jsonRoot, offset)) {
      add(step.property?.range);
      add({ start: step.node.offset, end: step.node.offset + step.node.length });
    }
  }
  if (doc.kind === 'entramap' && !el.mapping && !el.clause) {
    const st = statementAt(doc.statements, offset);
    if (st) {
      add({ start: st.start, end: st.end });
      const t = st.tokens.find((x) => x.startOffset <= offset && offset <= x.startOffset + x.image.length);
      if (t) add({ start: t.startOffset, end: t.startOffset + t.image.length });
    }
  }
  let result: SelectionRange | undefined;
  for (const s of spans) result = { range: toRange(doc, s.start, s.end), parent: result };
  return result!;
}

/** The pieces of a target path (schema URN, attribute, value filter, sub-attribute) in the document. */
function targetParts(doc: ParsedDocument, m: AttributeMapping): OffsetRange[] {
  const r = m.ranges.target!;
  const raw = doc.text.slice(r.start, r.end);
  const shift = raw.startsWith('"') ? 1 : 0;
  if (shift && doc.kind === 'entramap') return [{ start: r.start + 1, end: r.end - 1 }];
  if (doc.kind === 'graph-json') return [{ start: r.start + 1, end: r.end - 1 }];
  const p = parseTargetPath(raw);
  if (!p.ok) return [];
  const out: OffsetRange[] = [];
  const at = (s: { start: number; end: number }) => ({ start: r.start + s.start, end: r.start + s.end });
  if (p.path.filter) {
    out.push(at({ start: p.path.attribute.start, end: p.path.filter.span.end }));
    out.push(at(p.path.filter.span));
    out.push(at({ start: p.path.filter.span.start + 1, end: p.path.filter.span.end - 1 }));
    out.push(at(p.path.filter.value));
  }
  if (p.path.urn) out.push(at(p.path.urn));
  out.push(at(p.path.attribute));
  if (p.path.subAttribute) out.push(at(p.path.subAttribute));
  // outermost first, then the add() filter keeps only those around the cursor, nested
  return out.sort((a, b) => b.end - b.start - (a.end - a.start));
}
