// Lookups over a model for editor features: the elements under a cursor, the expression under
// a cursor (with the offset inside the expression text), and plain walks.
import type {
  AttributeMapping,
  DirectoryDefinition,
  ExpressionSite,
  MappingModel,
  ModelElement,
  ObjectDefinition,
  ObjectMapping,
  SyncRule,
} from './types';
import { contains } from './positions';

/** Calls `visit` for every element, parents before children; returning false skips children. */
export function walkModel(model: MappingModel, visit: (el: ModelElement, parent: ModelElement | undefined) => boolean | void): void {
  if (visit(model, undefined) === false) return;
  for (const rule of model.rules) {
    if (visit(rule, model) === false) continue;
    for (const om of rule.objectMappings) {
      if (visit(om, rule) === false) continue;
      if (om.scope && visit(om.scope, om) !== false) {
        for (const g of [...om.scope.groups, ...om.scope.inputFilterGroups, ...om.scope.categoryFilterGroups]) {
          if (visit(g, om.scope) === false) continue;
          for (const c of g.clauses) visit(c, g);
        }
      }
      for (const a of om.attributeMappings) visit(a, om);
    }
  }
}

/** Every element whose range contains `offset`, outermost first (the model itself first). */
export function elementPathAt(model: MappingModel, offset: number): ModelElement[] {
  const path: ModelElement[] = [];
  walkModel(model, (el) => {
    if (el.kind !== 'schema' && !contains(el.range, offset)) return false;
    path.push(el);
    return true;
  });
  return path;
}

/** The innermost element at `offset`. */
export function elementAt(model: MappingModel, offset: number): ModelElement {
  const path = elementPathAt(model, offset);
  return path[path.length - 1];
}

/** The object mapping an element belongs to (itself for an object mapping; undefined above). */
export function objectMappingOf(model: MappingModel, el: ModelElement): ObjectMapping | undefined {
  let found: ObjectMapping | undefined;
  let current: ObjectMapping | undefined;
  walkModel(model, (e) => {
    if (found) return false;
    if (e.kind === 'objectMapping') current = e;
    else if (e.kind === 'rule' || e.kind === 'schema') current = undefined;
    if (e === el) found = current;
    return true;
  });
  return found;
}

export function allObjectMappings(model: MappingModel): ObjectMapping[] {
  return model.rules.flatMap((r: SyncRule) => r.objectMappings);
}

export function allAttributeMappings(model: MappingModel): AttributeMapping[] {
  return allObjectMappings(model).flatMap((om) => om.attributeMappings);
}

/**
 * The offset inside an expression's text for a document offset (the inverse of
 * `site.toDocumentOffset`); undefined when the document offset is outside the site.
 */
export function expressionOffsetOf(site: ExpressionSite, documentOffset: number): number | undefined {
  if (!site.exact || documentOffset < site.range.start || documentOffset > site.range.end) return undefined;
  let lo = 0;
  let hi = site.text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (site.toDocumentOffset(mid) <= documentOffset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface ExpressionHit {
  mapping: AttributeMapping;
  objectMapping: ObjectMapping;
  site: ExpressionSite;
  /** Offset inside `site.text`. */
  offset: number;
}

/** The expression under the cursor, if any (end-inclusive, so a cursor after the last character counts). */
export function expressionAt(model: MappingModel, documentOffset: number): ExpressionHit | undefined {
  for (const om of allObjectMappings(model)) {
    if (!contains(om.range, documentOffset)) continue;
    for (const mapping of om.attributeMappings) {
      const site = mapping.source?.expression;
      if (!site) continue;
      const offset = expressionOffsetOf(site, documentOffset);
      if (offset !== undefined) return { mapping, objectMapping: om, site, offset };
    }
  }
  return undefined;
}

/** A directory definition by name (case-insensitive). */
export function findDirectory(model: MappingModel, name: string | undefined): DirectoryDefinition | undefined {
  if (!name) return undefined;
  const l = name.toLowerCase();
  return model.directories.find((d) => d.name?.toLowerCase() === l);
}

/**
 * The object definition an object mapping reads from (`side` source) or writes to (`target`),
 * found through its rule's directory names, or by object name in any directory as a fallback.
 */
export function objectDefinitionFor(model: MappingModel, om: ObjectMapping, side: 'source' | 'target'): ObjectDefinition | undefined {
  const rule = model.rules.find((r) => r.objectMappings.includes(om));
  const dirName = side === 'source' ? rule?.sourceDirectoryName : rule?.targetDirectoryName;
  const objName = (side === 'source' ? om.sourceObjectName : om.targetObjectName)?.toLowerCase();
  if (!objName) return undefined;
  const dir = findDirectory(model, dirName);
  const inDir = dir?.objects.find((o) => o.name?.toLowerCase() === objName);
  if (inDir || dir) return inDir;
  for (const d of model.directories) {
    const o = d.objects.find((x) => x.name?.toLowerCase() === objName);
    if (o) return o;
  }
  return undefined;
}
