// Go to definition, references and document highlights for attributes.
//
// - A source attribute (`[mail]` in an expression, the operand of a scoping clause,
//   `sourceOperandName` in Graph JSON) is defined by the document's source directory
//   (`directories[].objects[].attributes[]`, in Graph JSON or in an .entramap `@graph`); a
//   catalogue attribute the document does not define goes to the app template's line that maps
//   it (a virtual `entramap-template:` document; Entra's SCIM defaults without a template).
// - A target attribute path is defined by the target directory, else by the template's line.
// - References and highlights: every use of the same attribute in object mappings with the same
//   source (or target) object, plus its definition.
import {
  DocumentHighlight,
  DocumentHighlightKind,
  Location,
  LocationLink,
  Position,
} from 'vscode-languageserver/node';
import { getTemplate } from '../../catalog/templates';
import { nodeAt, walk } from '../../language/expression/ast';
import { contains } from '../../model/positions';
import type { AttributeDefinition, ObjectDefinition, ObjectMapping, Range as OffsetRange } from '../../model/types';
import { documentHighlights as expressionHighlights } from '../expression';
import { modelPathAt, siteAt, toOffset, toRange } from './common';
import type { ParsedDocument } from './document';
import { templateDocument, templateSourceEntry, templateTargetEntry } from './templates';
import { reportServiceError } from './errors';

export interface NavigationOptions {
  /** The document's URI. */
  uri: string;
}

type AttributeRef =
  | { kind: 'source'; name: string; objectMapping: ObjectMapping; range: OffsetRange }
  | { kind: 'target'; name: string; objectMapping: ObjectMapping; range: OffsetRange };

/** The attribute under the cursor, if any. */
function attributeAt(doc: ParsedDocument, offset: number): AttributeRef | undefined {
  const hit = siteAt(doc, offset);
  if (hit) {
    const path = nodeAt(hit.site.parse.expr, hit.offset);
    const node = [...path].reverse().find((n) => n.kind === 'attribute');
    if (node && node.kind === 'attribute' && node.name.trim()) {
      const lead = node.name.length - node.name.trimStart().length;
      const s = hit.site.toDocumentOffset(node.nameSpan.start + lead);
      const e = hit.site.toDocumentOffset(node.nameSpan.start + lead + node.name.trim().length);
      return { kind: 'source', name: node.name.trim(), objectMapping: hit.objectMapping, range: { start: s, end: e } };
    }
    return undefined;
  }
  const el = modelPathAt(doc.model, offset);
  const om = el.objectMapping;
  if (!om) return undefined;
  const c = el.clause;
  if (c?.sourceOperandName && c.ranges.sourceOperandName && contains(c.ranges.sourceOperandName, offset)) {
    return { kind: 'source', name: c.sourceOperandName, objectMapping: om, range: inner(doc, c.ranges.sourceOperandName) };
  }
  const m = el.mapping;
  if (m?.targetAttributeName && m.ranges.target && contains(m.ranges.target, offset)) {
    return { kind: 'target', name: m.targetAttributeName, objectMapping: om, range: inner(doc, m.ranges.target) };
  }
  return undefined;
}

/** A quoted token's range without its quotes. */
function inner(doc: ParsedDocument, r: OffsetRange): OffsetRange {
  const t = doc.text;
  if (r.end - r.start >= 2 && t[r.start] === '"' && t[r.end - 1] === '"') return { start: r.start + 1, end: r.end - 1 };
  return r;
}

function definitionIn(def: ObjectDefinition | undefined, name: string, key?: (n: string) => string): AttributeDefinition | undefined {
  if (!def) return undefined;
  return (
    def.attributes.find((a) => a.name === name) ??
    def.attributes.find((a) => a.name?.toLowerCase() === name.toLowerCase()) ??
    (key ? def.attributes.find((a) => a.name !== undefined && key(a.name) === key(name)) : undefined)
  );
}

function localDefinition(doc: ParsedDocument, ref: AttributeRef): AttributeDefinition | undefined {
  const ctx = doc.contextFor(ref.objectMapping);
  if (ref.kind === 'source') return definitionIn(ctx.sourceDefinition, ref.name);
  return definitionIn(ctx.targetDefinition, ref.name, (n) => ctx.target.lookup(n).key);
}

/** Go to definition. Never throws; null when there is nothing to go to. */
export function definition(doc: ParsedDocument, position: Position, options: NavigationOptions): LocationLink[] | null {
  try {
    const offset = toOffset(doc, position);
    const ref = attributeAt(doc, offset);
    if (!ref) return null;
    const origin = toRange(doc, ref.range.start, ref.range.end);
    const def = localDefinition(doc, ref);
    if (def) {
      const sel = def.nameRange ? inner(doc, def.nameRange) : def.range;
      return [{ originSelectionRange: origin, targetUri: options.uri, targetRange: toRange(doc, def.range.start, def.range.end), targetSelectionRange: toRange(doc, sel.start, sel.end) }];
    }
    const template = doc.facts.template ?? getTemplate('scim');
    if (!template) return null;
    const t = templateDocument(template);
    const om = ref.objectMapping;
    if (ref.kind === 'source') {
      const ctx = doc.contextFor(om);
      if (!ctx.entraObject) return null;
      const hit = templateSourceEntry(t, om.sourceObjectName, ref.name);
      if (!hit) return null;
      return [{ originSelectionRange: origin, targetUri: t.uri, targetRange: toRange(t.doc, hit.mapping.range.start, hit.mapping.range.end), targetSelectionRange: toRange(t.doc, hit.start, hit.end) }];
    }
    const entry = templateTargetEntry(t, om.targetObjectName, ref.name);
    if (!entry?.ranges.target) return null;
    return [
      {
        originSelectionRange: origin,
        targetUri: t.uri,
        targetRange: toRange(t.doc, entry.range.start, entry.range.end),
        targetSelectionRange: toRange(t.doc, entry.ranges.target.start, entry.ranges.target.end),
      },
    ];
  } catch (e) {
    reportServiceError(e, 'definition');
    return null;
  }
}

interface Occurrence {
  start: number;
  end: number;
  kind: DocumentHighlightKind;
}

const sameObject = (a: string | undefined, b: string | undefined) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

function occurrences(doc: ParsedDocument, ref: AttributeRef, includeDeclaration: boolean): Occurrence[] {
  const out: Occurrence[] = [];
  const oms = doc.model.rules.flatMap((r) => r.objectMappings);
  if (ref.kind === 'source') {
    const obj = ref.objectMapping.sourceObjectName;
    for (const om of oms) {
      if (!sameObject(om.sourceObjectName, obj)) continue;
      for (const m of om.attributeMappings) {
        const site = m.source?.expression;
        if (!site?.exact) continue;
        walk(site.parse.expr, (n) => {
          if (n.kind !== 'attribute' || n.name.trim() !== ref.name) return;
          const lead = n.name.length - n.name.trimStart().length;
          out.push({
            start: site.toDocumentOffset(n.nameSpan.start + lead),
            end: site.toDocumentOffset(n.nameSpan.start + lead + ref.name.length),
            kind: DocumentHighlightKind.Read,
          });
        });
      }
      const scope = om.scope;
      if (scope) {
        for (const g of [...scope.groups, ...scope.inputFilterGroups, ...scope.categoryFilterGroups]) {
          for (const c of g.clauses) {
            if (c.sourceOperandName === ref.name && c.ranges.sourceOperandName) out.push({ ...inner(doc, c.ranges.sourceOperandName), kind: DocumentHighlightKind.Read });
          }
        }
      }
    }
  } else {
    const ctx = doc.contextFor(ref.objectMapping);
    const key = ctx.target.lookup(ref.name).key;
    const obj = ref.objectMapping.targetObjectName;
    for (const om of oms) {
      if (!sameObject(om.targetObjectName, obj)) continue;
      const c = doc.contextFor(om);
      for (const m of om.attributeMappings) {
        if (m.targetAttributeName !== undefined && m.ranges.target && c.target.lookup(m.targetAttributeName).key === key) {
          out.push({ ...inner(doc, m.ranges.target), kind: DocumentHighlightKind.Write });
        }
      }
    }
  }
  if (includeDeclaration) {
    const def = localDefinition(doc, ref);
    if (def) out.push({ ...(def.nameRange ? inner(doc, def.nameRange) : def.range), kind: DocumentHighlightKind.Text });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Every reference to the attribute under the cursor. Never throws. */
export function references(doc: ParsedDocument, position: Position, options: NavigationOptions & { includeDeclaration?: boolean }): Location[] {
  try {
    const ref = attributeAt(doc, toOffset(doc, position));
    if (!ref) return [];
    return occurrences(doc, ref, options.includeDeclaration !== false).map((o) => ({ uri: options.uri, range: toRange(doc, o.start, o.end) }));
  } catch (e) {
    reportServiceError(e, 'references');
    return [];
  }
}

/** Highlights: the attribute under the cursor everywhere in the document, else the expression's own (parentheses, functions). */
export function documentHighlights(doc: ParsedDocument, position: Position): DocumentHighlight[] {
  try {
    const offset = toOffset(doc, position);
    const ref = attributeAt(doc, offset);
    if (ref) return occurrences(doc, ref, true).map((o) => ({ range: toRange(doc, o.start, o.end), kind: o.kind }));
    const hit = siteAt(doc, offset);
    if (!hit?.site.exact) return [];
    return expressionHighlights(hit.site.text, hit.offset).map((h) => ({
      range: toRange(doc, hit.site.toDocumentOffset(h.start), hit.site.toDocumentOffset(h.end)),
      kind: h.kind,
    }));
  } catch (e) {
    reportServiceError(e, 'documentHighlights');
    return [];
  }
}
