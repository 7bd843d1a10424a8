// The target side of an object mapping: which target attribute paths exist, their identity (for
// duplicates), type, whether they are references, required or usable for matching. Authorities:
//
// - the document's target directory definition (Graph `directories[].objects[]`) when it has the
//   mapping's target object: what the job's schema lists is what Graph accepts;
// - otherwise, for SCIM targets (User / Group), the SCIM core and enterprise schemas plus the
//   extension schemas the app declares (its catalogue entry, the `app ... schema` reference),
//   resolved by catalog/scim-schemas.ts;
// - the app's catalogue entry (catalog/templates/apps.json) adds what its tutorial says: the
//   attribute list of a gallery app, required and filterable attributes, attribute types.
//
// Everything is cached per context, and per module for the catalogue-derived tables.
import type { AppAttribute, AppFacts } from '../catalog/templates/apps';
import {
  CORE_GROUP_URN,
  CORE_USER_URN,
  entraTargetRestriction,
  matchingFilterablePaths,
  PathError,
  PathNote,
  resolveTargetPath,
  ResolvedTargetPath,
  resourceType,
  ScimAttribute,
  ScimSchema,
  scimSchema,
} from '../catalog/scim-schemas';
import type { AttributeDefinition, ObjectDefinition } from '../model/types';
import { indexDefinition, NameIssue, narrowEdit, spanReplacement, SuggestionIndex } from './source-context';

export type TargetType = 'String' | 'Boolean' | 'Integer' | 'Decimal' | 'DateTime' | 'Reference' | 'Binary' | 'Complex';

export interface TargetFacts {
  /** Identity for "mapped twice" and "required" comparisons. */
  key: string;
  /** The path with the schema's spelling. */
  canonical: string;
  type: TargetType | undefined;
  /** An object reference (enterprise `manager`, Group `members`, a Graph `Reference` attribute). */
  reference: boolean;
}

export type TargetIssue = NameIssue;

export interface TargetLookupResult {
  /** Identity of the path even when it is unknown (the text, case-folded). */
  key: string;
  facts?: TargetFacts;
  issues: TargetIssue[];
}

export interface RequiredTarget {
  /** The path as the schema spells it. */
  path: string;
  key: string;
  /** Where the requirement comes from, for messages. */
  source: string;
}

// ---- catalogue tables (module caches) -------------------------------------------------------------

const appTables = new WeakMap<AppFacts, Map<string, Map<string, AppAttribute>>>();

/** The app's tutorial attributes of one object, by resolved SCIM key. */
export function appAttributeTable(app: AppFacts, object: 'User' | 'Group'): Map<string, AppAttribute> {
  let byObject = appTables.get(app);
  if (!byObject) appTables.set(app, (byObject = new Map()));
  let table = byObject.get(object);
  if (!table) {
    table = new Map();
    for (const a of app.objects[object] ?? []) {
      const r = resolveTargetPath(a.path, { resourceType: object, extensions: app.extensionSchemas });
      table.set(r.ok ? r.path.key : a.path.toLowerCase(), a);
    }
    byObject.set(object, table);
  }
  return table;
}

const builtinFilterable = new Map<string, Set<string>>();

function builtinFilterableKeys(object: string): Set<string> {
  let keys = builtinFilterable.get(object);
  if (!keys) {
    keys = new Set();
    for (const p of matchingFilterablePaths(object)) {
      const r = resolveTargetPath(p, { resourceType: object });
      if (r.ok) keys.add(r.path.key);
    }
    builtinFilterable.set(object, keys);
  }
  return keys;
}

function scimType(a: ScimAttribute): TargetType {
  switch (a.type) {
    case 'boolean':
      return 'Boolean';
    case 'integer':
      return 'Integer';
    case 'decimal':
      return 'Decimal';
    case 'dateTime':
      return 'DateTime';
    case 'binary':
      return 'Binary';
    case 'complex':
      return 'Complex';
    default:
      return 'String'; // string, and SCIM `reference` (a URI value such as profileUrl)
  }
}

function graphType(t: string): TargetType | undefined {
  switch (t) {
    case 'String':
    case 'Boolean':
    case 'Integer':
    case 'DateTime':
    case 'Reference':
    case 'Binary':
      return t;
    default:
      return undefined;
  }
}

/** A complex attribute with a `$ref` sub-attribute, written whole: an object reference. */
function isScimObjectReference(p: ResolvedTargetPath): boolean {
  return !p.subAttribute && !p.filter && p.attribute.type === 'complex' && !!p.attribute.subAttributes?.some((s) => s.name === '$ref');
}

/** Top-level names the provisioning service never writes (catalog `entra.unsupported`), for a cheap pre-test. */
const RESTRICTED = /^(?:urn:ietf:params:scim:schemas:core:2\.0:(?:user|group):)?(?:id|meta|groups|entitlements)(?:$|[.[])/i;

const SYNTAX_ERRORS = new Set<PathError['code']>([
  'empty',
  'whitespace',
  'syntax',
  'curlyQuote',
  'filterOperator',
  'filterValue',
  'unclosedFilter',
  'tooDeep',
  'legacyExtensionSeparator',
  'malformedUrn',
  'filterOnSubAttribute',
]);

function noteIssue(n: PathNote): TargetIssue {
  const base = { message: n.message, start: n.start, end: n.end, replacement: n.replacement };
  switch (n.kind) {
    case 'casing':
      return { ...base, code: n.severity === 'warning' ? 'EMP012' : 'EMP016' };
    case 'operatorCasing':
    case 'coreUrnWritten':
      return { ...base, code: 'EMP016' };
    case 'multiValuedWithoutFilter':
    case 'complexWithoutSubAttribute':
      return { ...base, code: 'EMP013' };
    case 'customExtensionUndefined':
      return { ...base, code: 'EMP014' };
    case 'nonCanonicalValue':
    default:
      return { ...base, code: 'EMP015' };
  }
}

const PATH_FORMS =
  'Target paths are written attribute, attribute.subAttribute, attribute[type eq "work"].subAttribute or urn:ietf:params:scim:schemas:extension:<name>:2.0:User:attribute.';

function errorIssue(path: string, e: PathError): TargetIssue {
  const syntax = SYNTAX_ERRORS.has(e.code);
  let hint = '';
  if (syntax && !e.fix) hint = ` ${PATH_FORMS}`;
  else if (e.code === 'unknownAttribute' && !e.suggestions?.length && !e.fix && !/^urn:/i.test(path)) {
    hint = ` A custom attribute belongs to an extension schema: urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:${path}.`;
  }
  const issue: TargetIssue = {
    code: syntax ? 'EMP011' : 'EMP010',
    message: e.message + hint,
    start: e.start,
    end: e.end,
  };
  if (e.fix !== undefined && e.fix !== path) {
    const part = spanReplacement(path, e.fix, e.start, e.end);
    if (part !== undefined) issue.replacement = part;
    else issue.fix = e.fix;
  }
  if (e.suggestions?.length && !(e.fix !== undefined && e.suggestions.length === 1 && e.suggestions[0] === e.fix)) {
    issue.suggestions = e.suggestions;
    issue.replacement ??= e.suggestions[0];
  }
  return issue;
}

// ---- the context -------------------------------------------------------------------------------

export interface TargetContextInit {
  /** The mapping's targetObjectName. */
  objectName: string | undefined;
  /** The target directory's object definition, when the document has one. */
  definition?: ObjectDefinition;
  /** Name of the target directory, for messages. */
  directoryName?: string;
  /** Treat the target as a SCIM app (User / Group resources). */
  scim: boolean;
  app?: AppFacts;
  /** Extension schemas declared by the app and the document's target schema. */
  extensions: readonly ScimSchema[];
}

export class TargetContext {
  readonly scimObject: 'User' | 'Group' | undefined;
  private readonly defined?: Map<string, AttributeDefinition>;
  private readonly definedFolded?: Map<string, AttributeDefinition[]>;
  private definedByKey?: Map<string, AttributeDefinition>;
  private readonly cache = new Map<string, TargetLookupResult>();
  private readonly scimCache = new Map<string, ReturnType<typeof resolveTargetPath>>();
  private suggestions?: SuggestionIndex;

  constructor(readonly init: TargetContextInit) {
    const rt = init.scim ? resourceType(init.objectName ?? '') : undefined;
    this.scimObject = rt?.name === 'User' || rt?.name === 'Group' ? rt.name : undefined;
    if (init.definition) {
      const index = indexDefinition(init.definition);
      this.defined = index.byName;
      this.definedFolded = index.byFoldedName;
    }
  }

  /** True when target paths can be checked at all. */
  get checkable(): boolean {
    return this.defined !== undefined || this.scimObject !== undefined;
  }

  get app(): AppFacts | undefined {
    return this.init.app;
  }

  private scim(path: string) {
    let r = this.scimCache.get(path);
    if (!r) {
      r = resolveTargetPath(path, { resourceType: this.scimObject, extensions: this.extensionsFor(path) });
      if (!r.ok && this.extensionIndex) {
        // The narrowed schemas cannot suggest names: resolve errors against the full definitions.
        r = resolveTargetPath(path, { resourceType: this.scimObject, extensions: this.init.extensions });
      }
      this.scimCache.set(path, r);
    }
    return r;
  }

  private extensionIndex?: { schemas: ScimSchema[]; byUrn: Map<string, { index: number; names: Map<string, ScimAttribute> }> };

  /**
   * The extension schemas to resolve `path` against, narrowed to the one attribute the path
   * names: the catalogue resolver scans a schema's attribute list for every path, and a target
   * schema may declare thousands of attributes.
   */
  private extensionsFor(path: string): readonly ScimSchema[] {
    const all = this.init.extensions;
    if (!all.length || all.every((x) => x.attributes.length < 64)) return all;
    if (!this.extensionIndex) {
      const byUrn = new Map<string, { index: number; names: Map<string, ScimAttribute> }>();
      all.forEach((x, index) => {
        const names = new Map<string, ScimAttribute>();
        for (const a of x.attributes) if (!names.has(a.name.toLowerCase())) names.set(a.name.toLowerCase(), a);
        if (!byUrn.has(x.id.toLowerCase())) byUrn.set(x.id.toLowerCase(), { index, names });
      });
      this.extensionIndex = { schemas: all.map((x) => ({ ...x, attributes: [] })), byUrn };
    }
    const { schemas, byUrn } = this.extensionIndex;
    if (!/^urn:/i.test(path)) return schemas;
    const bracket = path.indexOf('[');
    const head = bracket < 0 ? path : path.slice(0, bracket);
    const colon = head.lastIndexOf(':');
    const hit = byUrn.get(head.slice(0, colon).toLowerCase());
    if (!hit) return schemas;
    const rest = head.slice(colon + 1);
    const dot = rest.indexOf('.');
    const attr = hit.names.get((dot < 0 ? rest : rest.slice(0, dot)).toLowerCase());
    if (!attr) return all;
    const narrowed = schemas.slice();
    narrowed[hit.index] = { ...schemas[hit.index], attributes: [attr] };
    return narrowed;
  }

  private appTable(): Map<string, AppAttribute> | undefined {
    return this.init.app && this.scimObject ? appAttributeTable(this.init.app, this.scimObject) : undefined;
  }

  /**
   * Whether the target can find objects by this path (SCIM `filter=path eq "..."`): the
   * built-in list or the app's filterable attributes. Undefined when unknown (not a SCIM target,
   * or a path that does not resolve).
   */
  isFilterable(path: string): boolean | undefined {
    if (!this.scimObject) return undefined;
    const r = this.scim(path);
    if (!r.ok) return undefined;
    if (builtinFilterableKeys(this.scimObject).has(r.path.key)) return true;
    return this.appTable()?.get(r.path.key)?.filterable === true;
  }

  private whereDefined(): string {
    const obj = this.init.definition?.name ?? this.init.objectName ?? 'target';
    return this.init.directoryName ? `the ${obj} object of the target directory "${this.init.directoryName}"` : `the target schema's ${obj} object`;
  }

  lookup(path: string): TargetLookupResult {
    let r = this.cache.get(path);
    if (!r) {
      r = this.defined ? this.lookupDefined(path) : this.scimObject ? this.lookupScim(path) : { key: path.toLowerCase(), issues: [] };
      this.cache.set(path, r);
    }
    return r;
  }

  private restriction(resolved: ResolvedTargetPath, issues: TargetIssue[]): void {
    const why = entraTargetRestriction(resolved);
    if (why) {
      issues.push({
        code: 'EMP017',
        message: `The provisioning service never writes ${resolved.attribute.name}: ${why[0].toLowerCase()}${why.slice(1)} Remove this mapping.`,
        start: resolved.parsed.attribute.start,
        end: resolved.parsed.attribute.end,
      });
    }
  }

  private lookupScim(path: string): TargetLookupResult {
    const r = this.scim(path);
    if (!r.ok) return { key: path.toLowerCase(), issues: [errorIssue(path, r.error)] };
    const p = r.path;
    const issues: TargetIssue[] = p.notes.map(noteIssue);
    this.restriction(p, issues);
    const appAttr = this.appTable()?.get(p.key);
    const app = this.init.app;
    if (app && app.kind === 'gallery' && !appAttr && app.objects[this.scimObject!]?.length) {
      issues.push({
        code: 'EMP018',
        message: `${app.displayName}'s attribute list (from its tutorial) has no ${p.canonical}; the app may not accept it. Check the name, or add the attribute to the app's target attribute list (Edit attribute list in the portal) if ${app.displayName} supports it.`,
        start: 0,
        end: path.length,
      });
    }
    const reference = isScimObjectReference(p) || appAttr?.type === 'Reference';
    const type: TargetType | undefined = appAttr ? graphType(appAttr.type) : p.synthesized ? undefined : reference ? 'Reference' : scimType(p.leaf);
    return {
      key: p.key,
      facts: { key: p.key, canonical: p.canonical, type, reference },
      issues,
    };
  }

  /** Directory attributes by SCIM key, for paths spelled differently from the definition. */
  private keyTable(): Map<string, AttributeDefinition> {
    if (!this.definedByKey) {
      this.definedByKey = new Map();
      if (this.scimObject) {
        for (const [name, def] of this.defined!) {
          const r = this.scim(name);
          if (r.ok && !this.definedByKey.has(r.path.key)) this.definedByKey.set(r.path.key, def);
        }
      }
    }
    return this.definedByKey;
  }

  private definedFacts(def: AttributeDefinition): TargetFacts {
    return { key: def.name!.toLowerCase(), canonical: def.name!, type: graphType(def.type), reference: def.type === 'Reference' };
  }

  private keyOf(name: string): string {
    if (this.defined) return (this.definitionOf(name)?.name ?? name).toLowerCase();
    if (this.scimObject) {
      const r = this.scim(name);
      if (r.ok) return r.path.key;
    }
    return name.toLowerCase();
  }

  /** The directory definition a path means: same spelling, same but for case, or the same SCIM attribute. */
  private definitionOf(path: string): AttributeDefinition | undefined {
    const exact = this.defined!.get(path);
    if (exact) return exact;
    const folded = this.definedFolded!.get(path.toLowerCase());
    if (folded?.length === 1) return folded[0];
    if (!this.scimObject) return undefined;
    const r = this.scim(path);
    return r.ok ? this.keyTable().get(r.path.key) : undefined;
  }

  private lookupDefined(path: string): TargetLookupResult {
    const issues: TargetIssue[] = [];
    // Only a few top-level names are never written (id, meta, groups, entitlements).
    if (this.scimObject && RESTRICTED.test(path)) {
      const r = this.scim(path);
      if (r.ok) this.restriction(r.path, issues);
    }
    const exact = this.defined!.get(path);
    if (exact) return { key: path.toLowerCase(), facts: this.definedFacts(exact), issues };
    const other = this.definitionOf(path);
    if (other?.name) {
      const edit = narrowEdit(path, other.name);
      issues.push({
        code: 'EMP012',
        message: `The target schema spells this attribute "${other.name}"; write it that way so the mapping matches its definition.`,
        start: edit?.start ?? 0,
        end: edit?.end ?? path.length,
        replacement: edit?.text,
        fix: edit ? undefined : other.name,
      });
      return { key: other.name.toLowerCase(), facts: this.definedFacts(other), issues };
    }
    const suggestions = (this.suggestions ??= new SuggestionIndex(() => this.defined!.keys())).suggest(path);
    const scimResolved = this.scimObject ? this.scim(path) : undefined;
    const scimKnown = scimResolved?.ok && !scimResolved.path.synthesized;
    const message = scimKnown
      ? `"${path}" is a SCIM attribute, but ${this.whereDefined()} does not define it. Add it to the target attribute list (Edit attribute list in the portal), or map an attribute the schema defines` +
        (suggestions.length ? ` (did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?).` : '.')
      : `"${path}" is not an attribute of ${this.whereDefined()}` +
        (suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '. Check the name, or add the attribute to the target schema.');
    const issue: TargetIssue = { code: 'EMP010', message, start: 0, end: path.length };
    if (suggestions.length) {
      issue.suggestions = suggestions;
      issue.replacement = suggestions[0];
    }
    issues.push(issue);
    return { key: path.toLowerCase(), issues };
  }

  /** Paths the target is known to filter on (for messages), built-in first, then the app's. */
  filterableExamples(): string[] {
    if (!this.scimObject) return [];
    const out = [...matchingFilterablePaths(this.scimObject)];
    for (const a of this.init.app?.objects[this.scimObject] ?? []) if (a.filterable && !out.includes(a.path)) out.push(a.path);
    return out;
  }

  /**
   * Target attributes an object cannot be created without: the target directory's required
   * attributes, the app's required ones, and (for SCIM targets without a directory definition)
   * the SCIM schemas' required attributes such as userName.
   */
  requiredAttributes(): RequiredTarget[] {
    this.required ??= this.computeRequired();
    return this.required;
  }

  private required?: RequiredTarget[];

  private computeRequired(): RequiredTarget[] {
    const out = new Map<string, RequiredTarget>();
    const add = (path: string, source: string) => {
      const key = this.keyOf(path);
      if (!out.has(key)) out.set(key, { path, key, source });
    };
    if (this.defined) {
      for (const [name, def] of this.defined) {
        if (def.required && def.mutability !== 'ReadOnly' && name.toLowerCase() !== 'id') add(name, 'the target schema');
      }
    } else if (this.scimObject) {
      const core = scimSchema(this.scimObject === 'User' ? CORE_USER_URN : CORE_GROUP_URN);
      for (const a of core?.attributes ?? []) if (a.required && a.mutability !== 'readOnly') add(a.name, 'the SCIM core schema');
      const suffix = `:${this.scimObject.toLowerCase()}`;
      for (const ext of this.init.extensions) {
        if (!ext.id.toLowerCase().endsWith(suffix)) continue; // an extension of another resource type
        for (const a of ext.attributes) if (a.required && a.mutability !== 'readOnly') add(`${ext.id}:${a.name}`, `the schema ${ext.id}`);
      }
    }
    const app = this.init.app;
    if (app && this.scimObject) {
      for (const a of app.objects[this.scimObject] ?? []) if (a.required) add(a.path, app.displayName);
    }
    return [...out.values()];
  }
}
