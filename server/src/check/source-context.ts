// The source side of an object mapping: which attribute names exist, with the facts the mapping
// checks need (type, multi-valued, reference). Two authorities, in this order:
//
// 1. The document's own source directory definition (Graph `directories[].objects[]`), when it
//    has the mapping's source object: exactly what the job's schema lists, so a name it lacks is
//    an error (Graph rejects mappings that read attributes its source schema does not define).
// 2. The built-in catalogue of Entra ID user and group attributes (catalog/source-attributes.ts),
//    when the source is Entra ID: tenants can add attributes, so an unknown name is a warning.
//
// Directory extensions (`extension_<appId>_<name>`) are checked for their naming rule either way.
// Lookups are cached per context: a 10,000-line mapping reads the same few names over and over.
import { suggest, suggestionThreshold } from '../catalog/suggest';
import {
  parseDirectoryExtension,
  ScopingRule,
  SourceAttribute,
  SourceAttributeCatalog,
  sourceCatalog,
  SourceAttributeType,
  SourceObjectName,
} from '../catalog/source-attributes';
import type { AttributeDefinition, ObjectDefinition } from '../model/types';

/** A problem with one source attribute name; offsets are into the name. */
export interface NameIssue {
  code: string;
  /** Overrides the code's default severity (directory-extension problems carry their own). */
  severity?: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  start: number;
  end: number;
  /** Replaces [start, end) of the name. */
  replacement?: string;
  /** Alternatives for the whole name, best first. */
  suggestions?: string[];
  /** A corrected whole name, when the correction reaches beyond [start, end). */
  fix?: string;
}

export interface SourceFacts {
  name: string;
  type: string;
  /** False when the type is a guess (a directory extension the document does not define). */
  typeKnown: boolean;
  multiValued: boolean;
}

export interface SourceLookupResult {
  /** Undefined when the name is not known. */
  facts?: SourceFacts;
  issues: NameIssue[];
}

const ENTRA_DIRECTORY = /^(azure active directory|microsoft entra id|microsoft entra|entra id|aad|azureactivedirectory)$/i;

/** Whether a directory name (a rule's sourceDirectoryName) means Entra ID. Undefined counts as Entra ID. */
export function isEntraDirectoryName(name: string | undefined): boolean {
  return name === undefined || ENTRA_DIRECTORY.test(name.trim());
}

/** The catalogue object for a source object name, when the source is Entra ID. */
export function entraObject(name: string | undefined): SourceObjectName | undefined {
  const l = name?.toLowerCase();
  return l === 'user' ? 'User' : l === 'group' ? 'Group' : undefined;
}

function scopingOf(def: AttributeDefinition): ScopingRule {
  if (def.multivalued) return { allowed: false, reason: 'multiValued', detail: 'Multi-valued attributes cannot be used in scoping filters.' };
  if (def.type === 'Reference') return { allowed: false, reason: 'reference', detail: 'Reference attributes cannot be used in scoping filters.' };
  if (def.type === 'DateTime') return { allowed: false, reason: 'dateTime', detail: 'Date attributes cannot be used in scoping filters.' };
  return { allowed: true };
}

const KNOWN_TYPES = new Set<string>(['String', 'Boolean', 'Reference', 'DateTime', 'Integer', 'Binary']);

/** A catalogue entry for an attribute the document's source directory defines. */
function fromDefinition(def: AttributeDefinition, name: string): SourceAttribute {
  return {
    name,
    type: (KNOWN_TYPES.has(def.type) ? def.type : 'String') as SourceAttributeType,
    multiValued: def.multivalued,
    referencedObjects: def.referencedObjects.filter((o): o is SourceObjectName => o === 'User' || o === 'Group'),
    inDefaultSchema: true,
    scoping: scopingOf(def),
    description: 'Defined by the source directory of this schema.',
    provenance: ['document'],
    typeKnown: KNOWN_TYPES.has(def.type),
  };
}

/**
 * A directory definition's attributes by exact name (the first of a repeated name; nameless ones
 * left out) and by lower-cased name (every attribute kept in `byName`, in order).
 */
export function indexDefinition(definition: ObjectDefinition): {
  byName: Map<string, AttributeDefinition>;
  byFoldedName: Map<string, AttributeDefinition[]>;
} {
  const byName = new Map<string, AttributeDefinition>();
  const byFoldedName = new Map<string, AttributeDefinition[]>();
  for (const a of definition.attributes) {
    if (!a.name || byName.has(a.name)) continue;
    byName.set(a.name, a);
    const k = a.name.toLowerCase();
    const list = byFoldedName.get(k);
    if (list) list.push(a);
    else byFoldedName.set(k, [a]);
  }
  return { byName, byFoldedName };
}

let nextContextId = 1;

export class SourceContext {
  /** Distinguishes contexts in cache keys. */
  readonly id = nextContextId++;
  /** Exact names of the source directory's object (authoritative when present). */
  private readonly defined?: Map<string, AttributeDefinition>;
  private readonly definedFolded?: Map<string, AttributeDefinition[]>;
  private readonly builtin?: SourceAttributeCatalog;
  private readonly cache = new Map<string, SourceLookupResult>();
  private catalogCache?: SourceAttributeCatalog | null;
  private suggestions?: SuggestionIndex;

  /**
   * @param objectName the mapping's sourceObjectName
   * @param definition the source directory's object definition, when the document has one
   * @param entra whether the source directory is Entra ID
   */
  constructor(
    readonly objectName: string | undefined,
    readonly definition: ObjectDefinition | undefined,
    readonly entra: boolean,
  ) {
    const object = entra ? entraObject(objectName) : undefined;
    if (object) this.builtin = sourceCatalog(object);
    if (definition) {
      const index = indexDefinition(definition);
      this.defined = index.byName;
      this.definedFolded = index.byFoldedName;
    }
  }

  /** True when names can be checked at all (a definition or the built-in catalogue applies). */
  get checkable(): boolean {
    return this.defined !== undefined || this.builtin !== undefined;
  }

  /** The catalogue object (`User`/`Group`) used in messages and for scoping checks. */
  get catalogObject(): SourceObjectName {
    return entraObject(this.objectName) ?? 'User';
  }

  /**
   * The attribute catalogue the scoping checks use: the built-in one extended with what the
   * source directory defines, or only the directory's attributes for a non-Entra source.
   * Undefined when nothing is known about the source.
   */
  scopingCatalog(): SourceAttributeCatalog | undefined {
    if (this.catalogCache !== undefined) return this.catalogCache ?? undefined;
    let out: SourceAttributeCatalog | undefined;
    if (this.defined) {
      const extra: SourceAttribute[] = [];
      for (const [name, def] of this.defined) if (!this.builtin?.get(name)) extra.push(fromDefinition(def, name));
      out = this.builtin ? this.builtin.with(extra) : new SourceAttributeCatalog(this.catalogObject, extra);
    } else {
      out = this.builtin;
    }
    this.catalogCache = out ?? null;
    return out;
  }

  isReference(name: string): boolean {
    const f = this.lookup(name.trim()).facts;
    return f?.type === 'Reference';
  }

  lookup(name: string): SourceLookupResult {
    let r = this.cache.get(name);
    if (!r) {
      r = this.compute(name);
      this.cache.set(name, r);
    }
    return r;
  }

  private where(): string {
    if (this.definition) return `the source schema's ${this.definition.name ?? this.objectName ?? 'source'} object`;
    return this.catalogObject === 'User' ? 'an Entra ID user' : 'an Entra ID group';
  }

  private compute(name: string): SourceLookupResult {
    const issues: NameIssue[] = [];
    const ext = parseDirectoryExtension(name);
    if (ext.kind !== 'none') {
      for (const p of ext.problems) {
        const issue: NameIssue = { code: 'EMP003', severity: p.severity, message: p.message, start: p.start, end: p.end };
        if (p.fix !== undefined) {
          const part = spanReplacement(name, p.fix, p.start, p.end);
          if (part !== undefined) issue.replacement = part;
          else issue.fix = p.fix;
        }
        issues.push(issue);
      }
      if (ext.kind === 'invalid') return { issues };
    }

    if (this.defined) {
      const def = this.defined.get(name);
      if (def) {
        const facts = { name, type: def.type, typeKnown: true, multiValued: def.multivalued };
        if (def.multivalued && ext.kind === 'valid') {
          issues.push({
            code: 'EMP006',
            message: `${name} is a multi-valued directory extension; the provisioning service cannot read multi-valued extensions. Use a single-valued extension, or a built-in multi-valued attribute such as proxyAddresses.`,
            start: 0,
            end: name.length,
          });
        }
        return { facts, issues };
      }
      const folded = this.definedFolded!.get(name.toLowerCase());
      if (folded && folded.length === 1 && folded[0].name) {
        const right = folded[0].name;
        issues.push({
          code: 'EMP002',
          message: `Source attribute names are case-sensitive: write [${right}], not [${name}].`,
          start: 0,
          end: name.length,
          replacement: right,
          suggestions: [right],
        });
        return { facts: { name: right, type: folded[0].type, typeKnown: true, multiValued: folded[0].multivalued }, issues };
      }
      const suggestions = (this.suggestions ??= new SuggestionIndex(() => this.defined!.keys())).suggest(name);
      const builtinHit = this.builtin?.get(name);
      const add = builtinHit || ext.kind === 'valid'
        ? ` It is an Entra ID attribute, but this schema's source directory does not list it: add it to the source attribute list (Edit attribute list in the portal) before mapping it.`
        : '';
      issues.push({
        code: 'EMP004',
        message:
          `[${name}] is not an attribute of ${this.where()}.` +
          (add || (suggestions.length ? ` Did you mean ${suggestions.map((s) => `[${s}]`).join(', ')}?` : ' Add it to the source schema, or map an attribute the schema defines.')),
        start: 0,
        end: name.length,
        suggestions: suggestions.length && !add ? suggestions : undefined,
        replacement: suggestions.length && !add ? suggestions[0] : undefined,
      });
      return { issues };
    }

    if (!this.builtin) return { issues };
    const found = this.builtin.lookup(name);
    switch (found.kind) {
      case 'found': {
        const a = found.attribute;
        if (!a.inDefaultSchema) {
          issues.push({
            code: 'EMP005',
            message: `[${name}] is not in the default Entra ID source schema: add it to the source attribute list (Edit attribute list in the portal, or a schema extension) before this mapping can read it.`,
            start: 0,
            end: name.length,
          });
        }
        return { facts: { name, type: a.type, typeKnown: a.typeKnown !== false, multiValued: a.multiValued }, issues };
      }
      case 'casing':
        issues.push({
          code: 'EMP002',
          message: `Source attribute names are case-sensitive: write [${found.attribute.name}], not [${name}].`,
          start: 0,
          end: name.length,
          replacement: found.attribute.name,
          suggestions: [found.attribute.name],
        });
        return {
          facts: { name: found.attribute.name, type: found.attribute.type, typeKnown: true, multiValued: found.attribute.multiValued },
          issues,
        };
      case 'extension':
        return { facts: { name, type: 'String', typeKnown: false, multiValued: false }, issues };
      case 'invalidExtension':
        return { issues };
      case 'unknown': {
        const s = found.suggestions;
        issues.push({
          code: 'EMP001',
          message:
            `[${name}] is not an attribute of ${this.where()}` +
            (s.length
              ? `; did you mean ${s.map((x) => `[${x}]`).join(', ')}?`
              : '. Check the name (names are case-sensitive), or add the attribute to the source schema and to the document\'s source directory.'),
          start: 0,
          end: name.length,
          suggestions: s.length ? s : undefined,
          replacement: s.length ? s[0] : undefined,
        });
        return { issues };
      }
    }
  }
}

/**
 * Did-you-mean over a large, fixed set of names (a directory definition's attributes): names are
 * bucketed by length once, only those within reach of the edit threshold are scored, and the
 * scoring work of one index is bounded, so a document with thousands of unknown names against
 * thousands of defined ones stays linear (later unknown names then get no suggestion).
 */
export class SuggestionIndex {
  private byLength?: Map<number, string[]>;
  /** Candidate scorings left (each an edit distance of two short strings). */
  private budget = 50_000;

  constructor(private readonly names: () => Iterable<string>) {}

  suggest(word: string, max = 3): string[] {
    if (!this.byLength) {
      this.byLength = new Map();
      for (const n of this.names()) {
        const list = this.byLength.get(n.length);
        if (list) list.push(n);
        else this.byLength.set(n.length, [n]);
      }
    }
    const reach = suggestionThreshold(word);
    let count = 0;
    for (let len = word.length - reach; len <= word.length + reach; len++) count += this.byLength.get(len)?.length ?? 0;
    if (count > this.budget) return [];
    this.budget -= count;
    const near: string[] = [];
    for (let len = word.length - reach; len <= word.length + reach; len++) {
      const list = this.byLength.get(len);
      if (list) for (const n of list) near.push(n);
    }
    return suggest(word, near, max);
  }
}

/** The single contiguous edit that turns `from` into `to` (common prefix and suffix removed). */
export function narrowEdit(from: string, to: string): { start: number; end: number; text: string } | undefined {
  if (from === to) return undefined;
  let p = 0;
  while (p < from.length && p < to.length && from[p] === to[p]) p++;
  let s = 0;
  while (s < from.length - p && s < to.length - p && from[from.length - 1 - s] === to[to.length - 1 - s]) s++;
  return { start: p, end: from.length - s, text: to.slice(p, to.length - s) };
}

/**
 * The text that replaces [start, end) of `from` to give `to`, when `to` differs from `from` only
 * there (the parts before and after the span are unchanged); undefined otherwise.
 */
export function spanReplacement(from: string, to: string, start: number, end: number): string | undefined {
  const tail = from.length - end;
  if (to.length < start + tail) return undefined;
  if (from.slice(0, start) !== to.slice(0, start) || from.slice(end) !== to.slice(to.length - tail)) return undefined;
  return to.slice(start, to.length - tail);
}
