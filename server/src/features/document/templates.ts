// The app templates as read-only virtual documents (`entramap-template:/personify.entramap`), so
// go to definition can open the template line that maps a catalogue attribute, and hover can
// quote the template's note on a target attribute. The client registers a
// TextDocumentContentProvider for the scheme and asks the server for `templateDocumentContent`.
import { getTemplate, MappingTemplate } from '../../catalog/templates';
import { resolveTargetPath } from '../../catalog/scim-schemas';
import { walk } from '../../language/expression/ast';
import type { AttributeMapping, ObjectMapping } from '../../model/types';
import { ParsedDocument, parseDocument } from './document';

/** The URI scheme of template documents. */
export const TEMPLATE_SCHEME = 'entramap-template';

/** `entramap-template:/personify.entramap` */
export function templateUri(id: string): string {
  return `${TEMPLATE_SCHEME}:/${encodeURIComponent(id)}.entramap`;
}

/** The template id of a template URI, or undefined. */
export function templateIdOf(uri: string): string | undefined {
  const m = new RegExp(`^${TEMPLATE_SCHEME}:/+([^/?#]+)\\.entramap$`).exec(uri);
  return m ? decodeURIComponent(m[1]) : undefined;
}

/** The text of a template document (for the client's content provider), or undefined. */
export function templateDocumentContent(uri: string): string | undefined {
  const id = templateIdOf(uri);
  return id ? getTemplate(id)?.text : undefined;
}

export interface TemplateDocument {
  template: MappingTemplate;
  uri: string;
  doc: ParsedDocument;
}

const cache = new Map<string, TemplateDocument>();

export function templateDocument(template: MappingTemplate): TemplateDocument {
  let t = cache.get(template.id);
  if (!t) {
    t = { template, uri: templateUri(template.id), doc: parseDocument(template.text, 'entramap') };
    cache.set(template.id, t);
  }
  return t;
}

function objectMappingFor(t: TemplateDocument, sourceObject: string | undefined, targetObject: string | undefined, side: 'source' | 'target'): ObjectMapping | undefined {
  const name = (side === 'source' ? sourceObject : targetObject)?.toLowerCase();
  for (const r of t.doc.model.rules) {
    for (const om of r.objectMappings) {
      const n = (side === 'source' ? om.sourceObjectName : om.targetObjectName)?.toLowerCase();
      if (n === name) return om;
    }
  }
  return undefined;
}

/**
 * A template object mapping's attribute mappings by target key (the first one of each key), made
 * once, and the keys of the paths asked for (resolving a path the template's schemas do not know
 * builds an error message with suggestions: milliseconds when hovering along a long file).
 */
const targetIndexes = new WeakMap<ObjectMapping, { entries: Map<string, AttributeMapping>; asked: Map<string, string> }>();

/** The template's attribute mapping of a target path (compared by SCIM identity). */
export function templateTargetEntry(t: TemplateDocument, targetObject: string | undefined, path: string): AttributeMapping | undefined {
  const om = objectMappingFor(t, undefined, targetObject ?? 'User', 'target');
  if (!om) return undefined;
  const object = om.targetObjectName?.toLowerCase() === 'group' ? 'Group' : 'User';
  const keyOf = (name: string) => {
    const r = resolveTargetPath(name, { resourceType: object, extensions: t.template.facts.extensionSchemas });
    return r.ok ? r.path.key : name.toLowerCase();
  };
  let index = targetIndexes.get(om);
  if (!index) {
    index = { entries: new Map(), asked: new Map() };
    for (const m of om.attributeMappings) {
      if (!m.targetAttributeName) continue;
      const key = keyOf(m.targetAttributeName);
      if (!index.entries.has(key)) index.entries.set(key, m);
    }
    targetIndexes.set(om, index);
  }
  let key = index.asked.get(path);
  if (key === undefined) {
    if (index.asked.size >= 4096) index.asked.clear();
    index.asked.set(path, (key = keyOf(path)));
  }
  return index.entries.get(key);
}

/** The first template attribute mapping whose expression reads `[name]`, with the name's range. */
export function templateSourceEntry(t: TemplateDocument, sourceObject: string | undefined, name: string): { mapping: AttributeMapping; start: number; end: number } | undefined {
  const om = objectMappingFor(t, sourceObject ?? 'User', undefined, 'source');
  if (!om) return undefined;
  for (const m of om.attributeMappings) {
    const site = m.source?.expression;
    if (!site) continue;
    let found: { start: number; end: number } | undefined;
    walk(site.parse.expr, (n) => {
      if (found) return false;
      if (n.kind === 'attribute' && n.name.trim() === name) found = { start: site.toDocumentOffset(n.nameSpan.start), end: site.toDocumentOffset(n.nameSpan.end) };
      return true;
    });
    if (found) return { mapping: m, ...found };
  }
  return undefined;
}
