// What the document services know about one object mapping: its source attributes (for
// expressions and scoping) and its target attribute paths (for completion and hover), from the
// same authorities as the checker (check/source-context.ts, check/target-context.ts): the
// document's own directory definitions first, then the Entra ID catalogue, SCIM schemas and the
// app template's facts.
//
// The directory resolution and the template and schema names are check/mapping.ts's, and the
// template resolution repeats its `checkApp`, so that completion offers exactly what the checker
// accepts.
import { appFacts, AppFacts } from '../../catalog/templates/apps';
import { getTemplate, MappingTemplate } from '../../catalog/templates';
import type { ScimSchema } from '../../catalog/scim-schemas';
import { BUILTIN_SCHEMA_NAMES, directoryFor, objectIn, SCIM_DIRECTORY, TEMPLATE_ALIASES, TargetSchemaLoad } from '../../check/mapping';
import { SourceAttribute } from '../../catalog/source-attributes';
import { entraObject, isEntraDirectoryName, SourceContext } from '../../check/source-context';
import { TargetContext } from '../../check/target-context';
import type { DirectoryDefinition, MappingModel, ObjectDefinition, ObjectMapping, SyncRule } from '../../model/types';
import { attributesFor, ExpressionAttribute } from '../expression';
import { TargetPathInfo, targetPathsFor } from './targets';

export interface DocumentFacts {
  /** The app's catalogue entry (from `app ... template X`, or `schema X` naming an app). */
  app?: AppFacts;
  /** The template whose text go-to-definition opens (the app's, else Entra's SCIM defaults). */
  template?: MappingTemplate;
  extensions: ScimSchema[];
  /** The document names a SCIM target (template or schema). */
  scimDeclared: boolean;
}

/** Loads the SCIM schemas of `app ... schema REF` when REF is a file (the checker's option). */
export type TargetSchemaResolver = (reference: string) => TargetSchemaLoad | undefined;

export function documentFacts(model: MappingModel, resolveTargetSchema?: TargetSchemaResolver): DocumentFacts {
  const out: DocumentFacts = { extensions: [], scimDeclared: false };
  const app = model.app;
  if (app?.template !== undefined) {
    const id = TEMPLATE_ALIASES[app.template.toLowerCase()] ?? app.template;
    out.app = appFacts(id);
    out.template = getTemplate(id);
    if (out.app) out.scimDeclared = true;
  }
  if (app?.targetSchema !== undefined) {
    const l = app.targetSchema.trim().toLowerCase();
    const named = appFacts(TEMPLATE_ALIASES[l] ?? l);
    if (BUILTIN_SCHEMA_NAMES.has(l)) out.scimDeclared = true;
    else if (named) {
      out.scimDeclared = true;
      out.app ??= named;
      out.template ??= getTemplate(named.id);
      if (named !== out.app) out.extensions.push(...named.extensionSchemas);
    } else {
      const loaded = resolveTargetSchema?.(app.targetSchema);
      if (loaded && 'schemas' in loaded) {
        out.scimDeclared = true;
        out.extensions.push(...loaded.schemas);
      }
    }
  }
  if (out.app) out.extensions.unshift(...out.app.extensionSchemas);
  return out;
}

export interface MappingContext {
  rule: SyncRule | undefined;
  objectMapping: ObjectMapping;
  source: SourceContext;
  target: TargetContext;
  /** The source directory's object definition, when the document has one. */
  sourceDefinition?: ObjectDefinition;
  targetDefinition?: ObjectDefinition;
  sourceDirectory?: DirectoryDefinition;
  targetDirectory?: DirectoryDefinition;
  /** `User` / `Group` when the source is Entra ID. */
  entraObject?: 'User' | 'Group';
  app?: AppFacts;
  /** Source attributes for expressions (catalogue + source directory), computed on first use. */
  attributes(): readonly ExpressionAttribute[];
  /** Source attributes usable in scoping filters, with their scoping rule. */
  scopingAttributes(): readonly SourceAttribute[];
  /** Every source attribute with its scoping rule (usable or not), for hover. */
  sourceAttribute(name: string): SourceAttribute | undefined;
  /** Target attribute paths of the mapping's target object. */
  targetPaths(): readonly TargetPathInfo[];
}

/** Identity numbers of objects, for cache keys. */
const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(o: object | undefined): number {
  if (!o) return 0;
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

/**
 * Mapping contexts kept across the versions of a document: two object mappings with the same
 * source and target objects, in rules with the same directory names, under the same document
 * facts, have the same context (building one means indexing the target schemas; the target path
 * list alone can take tens of milliseconds with a large extension schema).
 */
export class MappingContextCache {
  private factsKey = '';
  private readonly byKey = new Map<string, MappingContext>();

  get(facts: DocumentFacts, key: string): MappingContext | undefined {
    return this.factsKey === factsKeyOf(facts) ? this.byKey.get(key) : undefined;
  }

  set(facts: DocumentFacts, key: string, context: MappingContext): void {
    const fk = factsKeyOf(facts);
    if (fk !== this.factsKey) {
      this.byKey.clear();
      this.factsKey = fk;
    }
    this.byKey.set(key, context);
  }
}

function factsKeyOf(facts: DocumentFacts): string {
  return [idOf(facts.app), idOf(facts.template), facts.scimDeclared ? 1 : 0, ...facts.extensions.map((x) => idOf(x))].join(',');
}

/**
 * The context of an object mapping; with `cache`, shared with the object mappings of other
 * versions that have the same key (documents without directory definitions only: those are
 * read anew with each version).
 */
export function createMappingContext(
  model: MappingModel,
  facts: DocumentFacts,
  rule: SyncRule | undefined,
  om: ObjectMapping,
  cache?: MappingContextCache,
): MappingContext {
  if (!cache || model.directories.length) return buildMappingContext(model, facts, rule, om);
  const key = `${rule?.sourceDirectoryName ?? '\u0001'}\u0000${rule?.targetDirectoryName ?? '\u0001'}\u0000${om.sourceObjectName ?? '\u0001'}\u0000${om.targetObjectName ?? '\u0001'}`;
  const shared = cache.get(facts, key);
  if (shared) return { ...shared, rule, objectMapping: om };
  const c = buildMappingContext(model, facts, rule, om);
  cache.set(facts, key, c);
  return c;
}

function buildMappingContext(model: MappingModel, facts: DocumentFacts, rule: SyncRule | undefined, om: ObjectMapping): MappingContext {
  const sourceDirectory = directoryFor(model, rule, 'source');
  const targetDirectory = directoryFor(model, rule, 'target');
  const sourceDefinition = objectIn(sourceDirectory, om.sourceObjectName);
  const targetDefinition = objectIn(targetDirectory, om.targetObjectName);
  const sourceName = rule?.sourceDirectoryName ?? sourceDirectory?.name;
  const entra = isEntraDirectoryName(sourceName);
  const source = new SourceContext(om.sourceObjectName, sourceDefinition, entra);
  const targetName = rule?.targetDirectoryName ?? targetDirectory?.name;
  const scim = facts.scimDeclared || targetName === undefined || SCIM_DIRECTORY.test(targetName);
  const target = new TargetContext({
    objectName: om.targetObjectName,
    definition: targetDefinition,
    directoryName: targetDirectory?.name,
    scim,
    app: facts.app,
    extensions: facts.extensions,
  });
  const object = entra ? entraObject(om.sourceObjectName) : undefined;
  let attributes: ExpressionAttribute[] | undefined;
  let scoping: SourceAttribute[] | undefined;
  let paths: TargetPathInfo[] | undefined;
  return {
    rule,
    objectMapping: om,
    source,
    target,
    sourceDefinition,
    targetDefinition,
    sourceDirectory,
    targetDirectory,
    entraObject: object,
    app: facts.app,
    attributes() {
      if (!attributes) {
        const defined: ExpressionAttribute[] = (sourceDefinition?.attributes ?? [])
          .filter((a) => a.name)
          .map((a) => ({
            name: a.name!,
            type: a.type,
            multiValued: a.multivalued,
            referencedObjects: a.referencedObjects,
            anchor: a.anchor || undefined,
            origin: 'source directory',
          }));
        if (object) attributes = attributesFor(object, defined);
        else if (defined.length) attributes = defined;
        else attributes = attributesFor(entraObject(om.sourceObjectName) ?? 'User');
      }
      return attributes;
    },
    scopingAttributes() {
      if (!scoping) {
        const catalog = source.scopingCatalog();
        scoping = (catalog?.all() ?? []).filter((a) => a.scoping.allowed);
      }
      return scoping;
    },
    sourceAttribute(name: string) {
      const catalog = source.scopingCatalog();
      if (!catalog) return undefined;
      const hit = catalog.get(name);
      if (hit) return hit;
      const r = catalog.lookup(name);
      return r.kind === 'casing' || r.kind === 'extension' ? r.attribute : undefined;
    },
    targetPaths() {
      return (paths ??= targetPathsFor(target, targetDefinition, facts));
    },
  };
}
