// Inline evaluation: beside each attribute mapping the value it produces for the selected sample
// user (`→ "adele.vance@contoso.com"`, `→ (no flow)`, `→ error: ...`, `→ [Redact]`), on each
// scope block and scoping filter whether the user is in scope, on each clause its verdict, and
// the expression services' parameter-name hints. Only the requested range is evaluated.
import { InlayHint, InlayHintKind, MarkupKind, Range } from 'vscode-languageserver/node';
import type { AttributeMapping, FilterGroup, ObjectMapping } from '../../model/types';
import { inlayHints as expressionInlayHints } from '../expression';
import { escapeMarkdown, inlineCode } from '../expression/markdown';
import { lineEndOf, toOffset } from './common';
import type { ParsedDocument } from './document';
import {
  clauseLabel,
  clauseText,
  evaluateMapping,
  groupLabel,
  groupVerdict,
  outcomeLabel,
  SampleOptions,
  sampleObject,
  scopeLabel,
  scopeVerdict,
  actualText,
} from './evaluation';
import { outcomeMarkdown } from './hover';
import { reportServiceError } from './errors';

export interface DocumentInlayHintOptions extends SampleOptions {
  /** The values mappings produce and the scope verdicts (default true; needs `sampleUser`). */
  values?: boolean;
  /** A verdict on each scoping clause too (default true). */
  clauses?: boolean;
  /** Parameter names before positional constants of expressions (default true). */
  parameterNames?: boolean;
}

/** Inlay hints inside `range`. Never throws. */
export function inlayHints(doc: ParsedDocument, range: Range, options: DocumentInlayHintOptions = {}): InlayHint[] {
  try {
    return new Hinter(doc, toOffset(doc, range.start), toOffset(doc, range.end), options).run();
  } catch (e) {
    reportServiceError(e, 'inlayHints');
    return [];
  }
}

const intersects = (r: { start: number; end: number }, from: number, to: number) => r.end >= from && r.start <= to;

class Hinter {
  private readonly out: InlayHint[] = [];
  private readonly values: boolean;

  constructor(
    private readonly doc: ParsedDocument,
    private readonly from: number,
    private readonly to: number,
    private readonly options: DocumentInlayHintOptions,
  ) {
    this.values = options.values !== false && sampleObject(options) !== undefined;
  }

  run(): InlayHint[] {
    for (const rule of this.doc.model.rules) {
      if (!intersects(rule.range, this.from, this.to)) continue;
      for (const om of rule.objectMappings) {
        if (!intersects(om.range, this.from, this.to) || om.raw) continue;
        if (this.values && om.scope && intersects(om.scope.range, this.from, this.to)) this.scope(om);
        this.mappings(om);
      }
    }
    return this.out.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
  }

  /** A hint at the end of the physical line holding `offset` (after a trailing comment). */
  private endOfLine(offset: number): number {
    let end = lineEndOf(this.doc.text, offset);
    while (end > offset && /[ \t]/.test(this.doc.text[end - 1])) end--;
    return end;
  }

  private push(at: number, label: string, tooltip: string | undefined, kind?: InlayHintKind): void {
    if (at < this.from || at > this.to) return;
    const hint: InlayHint = { position: this.doc.lines.positionAt(at), label, paddingLeft: true };
    if (kind !== undefined) hint.kind = kind;
    if (tooltip) hint.tooltip = { kind: MarkupKind.Markdown, value: tooltip };
    this.out.push(hint);
  }

  private scope(om: ObjectMapping): void {
    const scope = om.scope!;
    const v = scopeVerdict(this.doc, om, this.options);
    if (!v) return;
    const json = this.doc.kind === 'graph-json';
    this.push(this.endOfLine(scope.range.start), scopeLabel(v), undefined);
    const groups: FilterGroup[] = [...scope.groups, ...scope.inputFilterGroups, ...scope.categoryFilterGroups];
    for (const g of groups) {
      if (!intersects(g.range, this.from, this.to) || g.raw) continue;
      const gv = groupVerdict(this.doc, om, g, this.options);
      if (!gv) continue;
      this.push(this.endOfLine(json && g.nameRange ? g.nameRange.start : g.range.start), groupLabel(gv), undefined);
      if (this.options.clauses === false) continue;
      g.clauses.forEach((c, i) => {
        const cv = gv.clauses[i];
        if (!cv || c.raw || !intersects(c.range, this.from, this.to)) return;
        const at = json ? (c.ranges.operatorName ?? c.ranges.sourceOperandName ?? c.range).start : c.range.end;
        const tip = `${inlineCode(clauseText(cv))}: the value is ${escapeMarkdown(actualText(cv))}${cv.note ? ` — ${escapeMarkdown(cv.note)}` : ''}`;
        this.push(this.endOfLine(at), clauseLabel(cv), tip);
      });
    }
  }

  private mappings(om: ObjectMapping): void {
    const list = om.attributeMappings;
    // first mapping that ends at or after `from` (mappings are in document order)
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].range.end < this.from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length && list[i].range.start <= this.to; i++) this.mapping(list[i]);
  }

  private mapping(m: AttributeMapping): void {
    const site = m.source?.expression;
    if (this.options.parameterNames !== false && site?.exact && !site.parse.errors.length) {
      for (const h of expressionInlayHints(site.text)) {
        const at = site.toDocumentOffset(h.offset);
        if (at < this.from || at > this.to) continue;
        const hint: InlayHint = { position: this.doc.lines.positionAt(at), label: h.label, kind: h.kind, paddingRight: h.paddingRight };
        if (h.tooltip) hint.tooltip = h.tooltip;
        this.out.push(hint);
      }
    }
    if (!this.values || (m.raw && !site)) return;
    if (this.doc.kind === 'graph-json' && !site) return;
    const o = evaluateMapping(this.doc, m, this.options);
    if (!o) return;
    const anchor = this.doc.kind === 'graph-json' ? site!.range.end : m.range.end;
    this.push(this.endOfLine(anchor), outcomeLabel(o), outcomeMarkdown(o, this.options));
  }
}
