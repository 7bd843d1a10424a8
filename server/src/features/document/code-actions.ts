// Code actions for whole documents.
//
// Quick fixes:
// - expression diagnostics (EPX): the expression services' fixes, mapped to the document (JSON
//   escaped in Graph JSON), plus the line-level ones: `on create` for SelectUniqueValue and
//   non-deterministic functions (EPX128, EPX129), dropping the matching precedence (EPX130);
// - the checker's findings (EMP, ESF): from their `data` — `edits` (a complete fix elsewhere:
//   the missing required or matching mapping, the IsSoftDeleted line), `replacement` and
//   `suggestions` (did-you-mean for the diagnostic's range) — plus removing a duplicated
//   mapping (EMP020) and disabling a group mapping the app cannot take (EMP032);
// - the reader's syntax errors (EMF): closing quote, missing `}`, a stray `}`, duplicate lines
//   and options, unknown actions and values.
// Source action: "Format document" (`source.formatDocument`).
import {
  CodeAction,
  CodeActionKind,
  Diagnostic,
  Range,
  TextEdit,
} from 'vscode-languageserver/node';
import { suggest } from '../../catalog/suggest';
import { Apply, GraphAt, Match } from '../../language/mapping/lexer';
import { expressionOffsetOf } from '../../model/query';
import type { AttributeMapping, ObjectMapping } from '../../model/types';
import { codeActionsFor, FixableDiagnostic } from '../expression';
import { encodeFor, isJsonSite, jsonPathAt, lineEndOf, lineStartOf, modelPathAt, siteAt, toOffset, toRange } from './common';
import type { ParsedDocument } from './document';
import { DocumentFormattingOptions, formatDocument } from './formatting';
import { Block, statementAt, statementOnLine, tokEnd } from './statements';
import { reportServiceError } from './errors';

/** The kind of the "Format document" source action. */
export const FORMAT_DOCUMENT_KIND = `${CodeActionKind.Source}.formatDocument`;

export interface CodeActionContextLike {
  diagnostics: Diagnostic[];
  only?: string[];
}

export interface DocumentCodeActionOptions {
  /** The document's URI (the edits are for it). */
  uri: string;
  formatting?: DocumentFormattingOptions;
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** Code actions for `range`. Never throws. */
export function codeActions(doc: ParsedDocument, _range: Range, context: CodeActionContextLike, options: DocumentCodeActionOptions): CodeAction[] {
  const out: CodeAction[] = [];
  const wants = (kind: string) => !context.only?.length || context.only.some((o) => kind === o || kind.startsWith(`${o}.`));
  try {
    if (wants(CodeActionKind.QuickFix)) out.push(...new Fixer(doc, options.uri).run(context.diagnostics ?? []));
  } catch (e) {
    reportServiceError(e, 'codeActions');
    // a broken fix never hides the others' absence: return what there is
  }
  if (context.only?.some((o) => FORMAT_DOCUMENT_KIND === o || FORMAT_DOCUMENT_KIND.startsWith(`${o}.`))) {
    const edits = formatDocument(doc, options.formatting);
    if (edits?.length) out.push({ title: 'Format document', kind: FORMAT_DOCUMENT_KIND, edit: { changes: { [options.uri]: edits } } });
  }
  return out;
}

function shown(s: string, max = 50): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function dataOf(d: Diagnostic): Record<string, unknown> {
  return d.data && typeof d.data === 'object' && !Array.isArray(d.data) ? (d.data as Record<string, unknown>) : {};
}

class Fixer {
  private readonly out: CodeAction[] = [];

  constructor(
    private readonly doc: ParsedDocument,
    private readonly uri: string,
  ) {}

  private add(title: string, d: Diagnostic | Diagnostic[], edits: OffsetEdit[], preferred = false): void {
    if (!edits.length || edits.some((e) => e.start < 0 || e.end > this.doc.text.length || e.start > e.end)) return;
    const diagnostics = Array.isArray(d) ? d : [d];
    const textEdits: TextEdit[] = edits
      .slice()
      .sort((a, b) => a.start - b.start)
      .map((e) => ({ range: toRange(this.doc, e.start, e.end), newText: e.newText }));
    const key = JSON.stringify(textEdits);
    const same = this.out.find((a) => a.title === title && JSON.stringify(a.edit?.changes?.[this.uri]) === key);
    if (same) {
      for (const x of diagnostics) if (!same.diagnostics?.includes(x)) same.diagnostics?.push(x);
      return;
    }
    const action: CodeAction = { title, kind: CodeActionKind.QuickFix, diagnostics: [...diagnostics], edit: { changes: { [this.uri]: textEdits } } };
    if (preferred && !this.out.some((a) => a.isPreferred && a.diagnostics?.some((x) => diagnostics.includes(x)))) action.isPreferred = true;
    this.out.push(action);
  }

  run(diagnostics: Diagnostic[]): CodeAction[] {
    // Expression diagnostics are fixed per expression, together (one call per site).
    const bySite = new Map<object, { hit: NonNullable<ReturnType<typeof siteAt>>; list: { d: Diagnostic; start: number; end: number }[] }>();
    for (const d of diagnostics) {
      const code = String(d.code ?? '');
      const start = toOffset(this.doc, d.range.start);
      const end = toOffset(this.doc, d.range.end);
      if (code.startsWith('EPX')) {
        const hit = siteAt(this.doc, start);
        if (hit?.site.exact) {
          let g = bySite.get(hit.site);
          if (!g) bySite.set(hit.site, (g = { hit, list: [] }));
          g.list.push({ d, start, end });
        }
        this.lineLevelExpressionFix(d, code, start);
        continue;
      }
      this.fromData(d, code, start, end);
      this.computed(d, code, start, end);
    }
    for (const { hit, list } of bySite.values()) this.expressionFixes(hit.site, list);
    return this.out;
  }

  // ---- expressions ----

  private decode(s: unknown, json: boolean): unknown {
    if (typeof s !== 'string' || !json || !/[\\"]/.test(s)) return s;
    try {
      return JSON.parse(`"${s}"`);
    } catch {
      return s;
    }
  }

  private expressionFixes(site: import('../../model/types').ExpressionSite, list: { d: Diagnostic; start: number; end: number }[]): void {
    const fixable: (FixableDiagnostic & { source: Diagnostic })[] = [];
    for (const { d, start, end } of list) {
      const s = expressionOffsetOf(site, start);
      const e = expressionOffsetOf(site, end);
      if (s === undefined || e === undefined) continue;
      const data = dataOf(d);
      const decoded: Record<string, unknown> = {};
      const json = isJsonSite(this.doc, site);
      if (data.replacement !== undefined) decoded.replacement = this.decode(data.replacement, json);
      if (Array.isArray(data.suggestions)) decoded.suggestions = data.suggestions.map((x) => this.decode(x, json));
      fixable.push({ code: String(d.code), start: s, end: Math.max(s, e), message: d.message, data: decoded, source: d });
    }
    for (const a of codeActionsFor(site.text, fixable)) {
      const edits = a.edits.map((e) => ({ start: site.toDocumentOffset(e.start), end: site.toDocumentOffset(e.end), newText: encodeFor(this.doc, e.newText, site) }));
      this.add(a.title, a.diagnostics.map((x) => x.source), edits, a.isPreferred === true);
    }
  }

  /** `on create` (EPX128, EPX129) and dropping `match` (EPX130): changes to the mapping line. */
  private lineLevelExpressionFix(d: Diagnostic, code: string, start: number): void {
    const el = modelPathAt(this.doc.model, start);
    const m = el.mapping;
    if (!m || m.raw) return;
    if (code === 'EPX128' || code === 'EPX129') {
      const edit = this.flowTypeEdit(m);
      if (edit) this.add(this.doc.kind === 'entramap' ? "Apply the mapping only on object creation ('on create')" : 'Apply the mapping only on object creation (ObjectAddOnly)', d, [edit], code === 'EPX129');
    } else if (code === 'EPX130') {
      const edit = this.removeMatchEdit(m);
      if (edit) this.add('Remove the matching precedence', d, [edit], false);
    }
  }

  private flowTypeEdit(m: AttributeMapping): OffsetEdit | undefined {
    if (m.flowType === 'ObjectAddOnly') return undefined;
    if (this.doc.kind === 'entramap') {
      const r = m.ranges.flowType;
      if (r) {
        const st = statementAt(this.doc.statements, r.start);
        const kw = st?.tokens.filter((t) => t.tokenType === Apply && tokEnd(t) <= r.start).pop();
        return { start: kw ? kw.startOffset : r.start, end: r.end, newText: 'on create' };
      }
      const src = m.ranges.source;
      return src ? { start: src.end, end: src.end, newText: ' on create' } : undefined;
    }
    if (m.ranges.flowType) return { start: m.ranges.flowType.start, end: m.ranges.flowType.end, newText: '"ObjectAddOnly"' };
    return this.jsonInsertProperty(m.range.start, '"flowType": "ObjectAddOnly"');
  }

  private removeMatchEdit(m: AttributeMapping): OffsetEdit | undefined {
    const r = m.ranges.matchingPriority;
    if (!r) return undefined;
    if (this.doc.kind === 'graph-json') return { start: r.start, end: r.end, newText: '0' };
    const st = statementAt(this.doc.statements, r.start);
    const kw = st?.tokens.find((t) => t.tokenType === Match && t.startOffset === r.start);
    let s = kw ? kw.startOffset : r.start;
    while (s > 0 && /[ \t]/.test(this.doc.text[s - 1])) s--;
    return { start: s, end: r.end, newText: '' };
  }

  /** Inserts a property after the last property of the JSON object starting at `objectStart`. */
  private jsonInsertProperty(objectStart: number, property: string): OffsetEdit | undefined {
    const path = jsonPathAt(this.doc.jsonRoot, objectStart);
    const node = path.find((s) => s.node.offset === objectStart && s.node.type === 'object')?.node;
    if (!node) return undefined;
    const props = node.properties ?? [];
    if (!props.length) return { start: objectStart + 1, end: objectStart + 1, newText: property };
    const last = props[props.length - 1];
    const at = last.value ? last.value.offset + last.value.length : last.keyRange.end;
    const text = this.doc.text;
    const ls = lineStartOf(text, last.keyRange.start);
    const indent = text.slice(ls, last.keyRange.start);
    const sameLine = lineStartOf(text, objectStart) === ls || indent.trim() !== '';
    return { start: at, end: at, newText: sameLine ? `, ${property}` : `,\n${indent}${property}` };
  }

  // ---- the checker's data ----

  private editsOf(data: Record<string, unknown>): OffsetEdit[] | undefined {
    const list = data.edits;
    if (!Array.isArray(list)) return undefined;
    const out: OffsetEdit[] = [];
    for (const e of list) {
      if (!e || typeof e !== 'object') return undefined;
      const x = e as { start?: unknown; end?: unknown; range?: Range; newText?: unknown };
      if (typeof x.newText !== 'string') return undefined;
      if (typeof x.start === 'number' && typeof x.end === 'number') out.push({ start: x.start, end: x.end, newText: x.newText });
      else if (x.range && typeof x.range === 'object') out.push({ start: toOffset(this.doc, x.range.start), end: toOffset(this.doc, x.range.end), newText: x.newText });
      else return undefined;
    }
    return out;
  }

  private fromData(d: Diagnostic, code: string, start: number, end: number): void {
    const data = dataOf(d);
    const line = typeof data.mappingLine === 'string' ? data.mappingLine : undefined;
    let edits = this.editsOf(data);
    if (!edits?.length && line && this.doc.kind === 'entramap') {
      // the checker proposes a line but found no place for it (an unclosed block): after the last mapping line
      const om = modelPathAt(this.doc.model, start).objectMapping;
      const edit = om && this.appendLineEdit(om, line);
      if (edit) edits = [edit];
    }
    const attribute = typeof data.attribute === 'string' ? data.attribute : undefined;
    if (edits?.length) {
      let title: string;
      if (line && this.doc.kind === 'entramap') title = `Add '${shown(line, 70)}'`;
      else if (line) title = `Add the mapping of ${attribute ?? 'the attribute'}`;
      else if (code === 'EMP022') title = `Make ${attribute ?? 'it'} the matching attribute (match 1)`;
      else if (edits.length === 1 && edits[0].end > edits[0].start) title = `Change to '${shown(this.doc.kind === 'graph-json' ? safeDecode(edits[0].newText) : edits[0].newText)}'`;
      else title = 'Apply the suggested fix';
      this.add(title, d, edits, true);
    }
    const replacement = typeof data.replacement === 'string' ? data.replacement : undefined;
    const suggestions = Array.isArray(data.suggestions) ? data.suggestions.filter((s): s is string => typeof s === 'string') : [];
    const covered = this.doc.text.slice(start, end);
    // Suggestions are whole names: they replace the range only when the replacement is one of them.
    const encodedSuggestions = suggestions.map((s) => this.encodeValue(s, start));
    if (suggestions.length && (replacement === undefined || encodedSuggestions.includes(replacement))) {
      suggestions.forEach((s, i) => this.add(this.replaceTitle(code, covered, s), d, [{ start, end, newText: encodedSuggestions[i] }], i === 0 && (suggestions.length === 1 || !code.startsWith('EMF'))));
      return;
    }
    if (replacement !== undefined) this.add(this.replaceTitle(code, covered, this.doc.kind === 'graph-json' ? safeDecode(replacement) : replacement), d, [{ start, end, newText: replacement }], true);
  }

  /** A suggested name written for the diagnostic's range: JSON-escaped inside a JSON string. */
  private encodeValue(s: string, start: number): string {
    if (this.doc.kind !== 'graph-json') return s;
    const text = this.doc.text;
    const quoted = text[start - 1] === '"' || text[start] === '"';
    return quoted || /[\\"]/.test(s) ? JSON.stringify(s).slice(1, -1) : s;
  }

  private replaceTitle(code: string, covered: string, replacement: string): string {
    switch (code) {
      case 'EMP023':
        return `Use ${shown(replacement)}`;
      case 'EMP033':
      case 'EMP034':
        return `Keep only the supported actions: ${shown(replacement)}`;
      case 'EMP030':
        return `Write ${shown(replacement)}`;
      default:
        if (replacement === '') return `Remove '${shown(covered)}'`;
        return `Change to '${shown(replacement)}'`;
    }
  }

  // ---- fixes computed here ----

  private computed(d: Diagnostic, code: string, start: number, end: number): void {
    switch (code) {
      case 'EMP020': {
        const el = modelPathAt(this.doc.model, start);
        if (el.mapping && el.objectMapping) {
          const edit = this.removeMappingEdit(el.objectMapping, el.mapping);
          if (edit) this.add(`Remove this mapping of ${el.mapping.targetAttributeName ?? 'the attribute'}`, d, [edit]);
        }
        return;
      }
      case 'EMP032': {
        const om = modelPathAt(this.doc.model, start).objectMapping;
        const edit = om && this.disableEdit(om);
        if (edit) this.add('Disable this object mapping (enabled false)', d, [edit], true);
        return;
      }
      case 'EMF002': {
        // the string runs to the end of its line: close it there
        let e = end;
        while (e > start && /[ \t]/.test(this.doc.text[e - 1])) e--;
        // a block header's name (`mapping "Users {`): the brace opens the block, the name ends before it
        const brace = /[ \t]*\{[ \t]*\}?$/.exec(this.doc.text.slice(start + 1, e));
        const st = statementAt(this.doc.statements, start);
        if (brace && st?.kind === 'open') e = start + 1 + brace.index;
        this.add('Add the closing quote', d, [{ start: e, end: e, newText: '"' }], true);
        return;
      }
      case 'EMF005':
        return this.closeBlock(d, start);
      case 'EMF006':
        return this.add("Remove the '}'", d, [this.removeLineOr(start, end)], true);
      case 'EMF007':
      case 'EMF018': {
        const st = statementOnLine(this.doc.statements, start);
        if (st) this.add(code === 'EMF018' ? 'Remove the second app line' : 'Remove the duplicate line', d, [this.removeStatementEdit(st.start, st.end)], true);
        return;
      }
      case 'EMF020': {
        const st = statementAt(this.doc.statements, start);
        const i = st ? st.tokens.findIndex((t) => t.startOffset === start) : -1;
        if (st && i > 0) {
          const valueTok = st.tokens[i + 1];
          let s = start;
          while (s > 0 && /[ \t]/.test(this.doc.text[s - 1])) s--;
          const e = valueTok && valueTok.tokenType !== GraphAt ? tokEnd(valueTok) : tokEnd(st.tokens[i]);
          this.add(`Remove the repeated '${st.tokens[i].image}'`, d, [{ start: s, end: e, newText: '' }], true);
        }
        return;
      }
      case 'EMF016': {
        const word = this.doc.text.slice(start, end).replace(/^"|"$/g, '');
        suggest(word.toLowerCase(), ['create', 'update', 'delete']).forEach((s, i) => this.add(`Change to '${s}'`, d, [{ start, end, newText: s }], i === 0));
        let s = start;
        while (s > 0 && /[ \t]/.test(this.doc.text[s - 1])) s--;
        this.add(`Remove '${shown(word)}'`, d, [{ start: s, end, newText: '' }]);
        return;
      }
      case 'EMF015': {
        const word = this.doc.text.slice(start, end);
        const st = statementAt(this.doc.statements, start);
        const kw = st?.tokens[0]?.image;
        const prev = st?.tokens[st.tokens.findIndex((t) => t.startOffset === start) - 1]?.image;
        if (kw === 'enabled' || kw === 'editable') {
          const l = word.replace(/"/g, '').toLowerCase();
          const guess = ['yes', 'y', '1', 'on', 'true'].includes(l) ? 'true' : ['no', 'n', '0', 'off', 'false'].includes(l) ? 'false' : undefined;
          for (const v of guess ? [guess] : ['true', 'false']) this.add(`Change to '${v}'`, d, [{ start, end, newText: v }], !!guess);
        } else if (prev === 'on') {
          this.add("Change to 'on create'", d, [{ start, end, newText: 'create' }], true);
        } else if (prev === 'match' || kw === 'priority') {
          const n = /-?\d+/.exec(word);
          if (n) this.add(`Change to ${n[0]}`, d, [{ start, end, newText: n[0] }], true);
        }
        return;
      }
      case 'EMF008':
        this.add("Map no source: 'none' (the default value only)", d, [{ start, end, newText: start > 0 && this.doc.text[start - 1] !== ' ' ? ' none' : 'none' }]);
        return;
      default:
        return;
    }
  }

  private removeStatementEdit(start: number, end: number): OffsetEdit {
    const text = this.doc.text;
    const ls = lineStartOf(text, start);
    let le = lineEndOf(text, end);
    if (text[le] === '\r' && text[le + 1] === '\n') le += 2;
    else if (le < text.length) le += 1;
    return { start: ls, end: le, newText: '' };
  }

  /** Removes [start, end), and its whole line when nothing else is on it. */
  private removeLineOr(start: number, end: number): OffsetEdit {
    const text = this.doc.text;
    const ls = lineStartOf(text, start);
    const le = lineEndOf(text, end);
    const rest = (text.slice(ls, start) + text.slice(end, le)).replace(/#.*$/, '').trim();
    if (rest === '' && !/#/.test(text.slice(end, le))) return this.removeStatementEdit(start, end);
    return { start, end, newText: '' };
  }

  private removeMappingEdit(om: ObjectMapping, m: AttributeMapping): OffsetEdit | undefined {
    if (this.doc.kind === 'entramap') return this.removeStatementEdit(m.range.start, m.range.end);
    const list = om.attributeMappings;
    const i = list.indexOf(m);
    if (i < 0) return undefined;
    if (i > 0) return { start: list[i - 1].range.end, end: m.range.end, newText: '' };
    if (list.length > 1) return { start: m.range.start, end: list[1].range.start, newText: '' };
    return { start: m.range.start, end: m.range.end, newText: '' };
  }

  /** Appends an .entramap line after the object mapping's last statement line. */
  private appendLineEdit(om: ObjectMapping, line: string): OffsetEdit | undefined {
    const idx = this.doc.statements;
    const st = statementAt(idx, om.range.start);
    const block = st?.opens;
    if (!block) return undefined;
    const text = this.doc.text;
    const end = lineEndOf(text, lastStatementEnd(block));
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { start: end, end, newText: `${eol}${' '.repeat(block.depth * 2)}${line}` };
  }

  private disableEdit(om: ObjectMapping): OffsetEdit | undefined {
    const r = om.ranges.enabled;
    if (r) return { start: r.start, end: r.end, newText: 'false' };
    if (this.doc.kind === 'graph-json') return this.jsonInsertProperty(om.range.start, '"enabled": false');
    const anchor = om.ranges.targetObjectName ?? om.ranges.sourceObjectName;
    if (!anchor) return undefined;
    const text = this.doc.text;
    const ls = lineStartOf(text, anchor.start);
    const indent = /^[ \t]*/.exec(text.slice(ls))![0];
    const le = lineEndOf(text, anchor.end);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { start: le, end: le, newText: `${eol}${indent}enabled false` };
  }

  private closeBlock(d: Diagnostic, start: number): void {
    const idx = this.doc.statements;
    const block = idx.blocks.find((b) => b.open && b.open.start <= start && start <= b.open.end && !b.close);
    if (!block) return;
    const last = lastStatementEnd(block);
    const text = this.doc.text;
    const le = lineEndOf(text, last);
    const indent = ' '.repeat(Math.max(0, block.depth - 1) * 2);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.add("Add the missing '}'", d, [{ start: le, end: le, newText: `${eol}${indent}}` }], true);
  }
}

function lastStatementEnd(b: Block): number {
  let end = b.open?.end ?? 0;
  for (const s of b.statements) end = Math.max(end, s.end);
  for (const c of b.children) end = Math.max(end, c.close?.end ?? lastStatementEnd(c));
  return end;
}

function safeDecode(s: string): string {
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
}
