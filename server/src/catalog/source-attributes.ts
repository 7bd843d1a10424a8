// Typed access to source-attributes.json: the Entra ID user and group attributes that outbound
// provisioning reads, the directory-extension naming rule, and lookups with casing warnings and
// "did you mean" suggestions.
import raw from './data/source-attributes.json';
import { suggest } from './suggest';

export type SourceObjectName = 'User' | 'Group';
export type SourceAttributeType = 'String' | 'Boolean' | 'Reference' | 'DateTime' | 'Integer' | 'Binary';
export type ScopingReason = 'multiValued' | 'reference' | 'dateTime' | 'roleAssignments' | 'documentedExclusion';

export interface ScopingRule {
  allowed: boolean;
  reason?: ScopingReason;
  /** Why not, in words (present when `allowed` is false). */
  detail?: string;
}

export interface SourceAttribute {
  name: string;
  type: SourceAttributeType;
  multiValued: boolean;
  referencedObjects?: SourceObjectName[];
  anchor?: true;
  computed?: true;
  sensitive?: true;
  roleAssignments?: true;
  /** False when the attribute must first be added to the provisioning source schema. */
  inDefaultSchema: boolean;
  graphProperty?: string;
  scoping: ScopingRule;
  description: string;
  provenance: string[];
  /** Set on attributes synthesised for a directory extension name. */
  directoryExtension?: DirectoryExtensionName;
  /** False when the type is a guess (directory extensions, attributes from elsewhere). */
  typeKnown?: boolean;
}

export interface ScopingExclusion {
  name: string;
  reason: ScopingReason;
  detail: string;
}

interface CatalogFile {
  objects: Record<SourceObjectName, { attributes: SourceAttribute[] }>;
  scopingExclusions: ScopingExclusion[];
  directoryExtensions: { prefix: string; appIdHexDigits: number; description: string };
}

const data = raw as unknown as CatalogFile;

// ---- directory extensions ---------------------------------------------------------------------

export interface DirectoryExtensionName {
  /** The app id as written (32 hex digits, no hyphens). */
  appId: string;
  /** The extension's own name (case-sensitive). */
  name: string;
}

export interface ExtensionProblem {
  severity: 'error' | 'warning';
  message: string;
  /** UTF-16 offsets into the attribute name. */
  start: number;
  end: number;
  /** A corrected full name, when one can be derived. */
  fix?: string;
}

export type DirectoryExtensionCheck =
  /** Does not start with `extension_` in any casing: not meant as a directory extension. */
  | { kind: 'none' }
  | { kind: 'valid'; extension: DirectoryExtensionName; problems: ExtensionProblem[] }
  | { kind: 'invalid'; problems: ExtensionProblem[] };

const PREFIX = data.directoryExtensions.prefix;
const HEX_DIGITS = data.directoryExtensions.appIdHexDigits;
const GUID_WITH_HYPHENS = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/;

/** Checks `extension_<32 hex digits>_<name>`, the naming rule of directory (schema) extensions. */
export function parseDirectoryExtension(text: string): DirectoryExtensionCheck {
  if (text.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return { kind: 'none' };
  const problems: ExtensionProblem[] = [];
  if (!text.startsWith(PREFIX)) {
    problems.push({
      severity: 'error',
      message: `Directory extension names are case-sensitive and start with "${PREFIX}", not "${text.slice(0, PREFIX.length)}".`,
      start: 0,
      end: PREFIX.length,
      fix: PREFIX + text.slice(PREFIX.length),
    });
  }
  const rest = text.slice(PREFIX.length);
  const appStart = PREFIX.length;

  // An app id written as a GUID with hyphens: the hyphens must go.
  const guid = GUID_WITH_HYPHENS.exec(rest);
  if (guid) {
    const bare = guid[0].replace(/-/g, '');
    problems.push({
      severity: 'error',
      message: `Write the app id without hyphens: "${bare}".`,
      start: appStart,
      end: appStart + guid[0].length,
      fix: PREFIX + bare + rest.slice(guid[0].length),
    });
    return { kind: 'invalid', problems };
  }

  const sep = rest.indexOf('_');
  if (sep < 0) {
    problems.push({
      severity: 'error',
      message: `A directory extension name has the form ${PREFIX}<appId>_<name>: the app id (${HEX_DIGITS} hexadecimal digits) and the name are missing or not separated by "_".`,
      start: appStart,
      end: text.length,
    });
    return { kind: 'invalid', problems };
  }
  const appId = rest.slice(0, sep);
  const appEnd = appStart + appId.length;
  if (!/^[0-9A-Fa-f]*$/.test(appId) || appId.length !== HEX_DIGITS) {
    const bad = appId.search(/[^0-9A-Fa-f]/);
    problems.push({
      severity: 'error',
      message:
        bad >= 0
          ? `The app id must be ${HEX_DIGITS} hexadecimal digits; "${appId[bad]}" is not a hexadecimal digit.`
          : `The app id must be ${HEX_DIGITS} hexadecimal digits (the application's appId without hyphens); "${appId}" has ${appId.length}.`,
      start: bad >= 0 ? appStart + bad : appStart,
      end: bad >= 0 ? appStart + bad + 1 : appEnd,
    });
    return { kind: 'invalid', problems };
  }
  const name = rest.slice(sep + 1);
  const nameStart = appEnd + 1;
  if (!name) {
    problems.push({
      severity: 'error',
      message: `The extension name after "${PREFIX}${appId}_" is missing.`,
      start: appStart,
      end: text.length,
    });
    return { kind: 'invalid', problems };
  }
  const badChar = name.search(/[^A-Za-z0-9_]/);
  if (badChar >= 0) {
    problems.push({
      severity: 'error',
      message: `"${name[badChar]}" cannot appear in a directory extension name (letters, digits and "_" only).`,
      start: nameStart + badChar,
      end: nameStart + badChar + 1,
    });
    return { kind: 'invalid', problems };
  }
  if (/[A-F]/.test(appId)) {
    problems.push({
      severity: 'warning',
      message:
        'Directory extension names are case-sensitive and Entra writes the app id in lowercase; this name will not match the registered extension.',
      start: appStart,
      end: appEnd,
      fix: PREFIX + appId.toLowerCase() + '_' + name,
    });
  }
  const kind = problems.some((p) => p.severity === 'error') ? 'invalid' : 'valid';
  return kind === 'valid' ? { kind, extension: { appId, name }, problems } : { kind, problems };
}

// ---- lookups ----------------------------------------------------------------------------------

export type SourceLookup =
  | { kind: 'found'; attribute: SourceAttribute }
  /** Found only when ignoring case: `written` differs from `attribute.name` in casing. */
  | { kind: 'casing'; attribute: SourceAttribute; written: string; message: string }
  /** A well-formed directory extension (its type is not known from the name). */
  | { kind: 'extension'; attribute: SourceAttribute; problems: ExtensionProblem[] }
  | { kind: 'invalidExtension'; problems: ExtensionProblem[] }
  | { kind: 'unknown'; suggestions: string[]; message: string };

/** The attributes of one source object, with exact and case-insensitive lookup. */
export class SourceAttributeCatalog {
  private readonly exact = new Map<string, SourceAttribute>();
  private readonly folded = new Map<string, SourceAttribute[]>();

  constructor(
    readonly object: SourceObjectName,
    attributes: readonly SourceAttribute[],
  ) {
    for (const a of attributes) {
      if (this.exact.has(a.name)) continue;
      this.exact.set(a.name, a);
      const key = a.name.toLowerCase();
      this.folded.set(key, [...(this.folded.get(key) ?? []), a]);
    }
  }

  /** Every attribute, in catalogue order. */
  all(): SourceAttribute[] {
    return [...this.exact.values()];
  }

  names(): string[] {
    return [...this.exact.keys()];
  }

  /** Exact (case-sensitive) lookup. */
  get(name: string): SourceAttribute | undefined {
    return this.exact.get(name);
  }

  /** A new catalogue with `extra` attributes added (or replacing same-named ones). */
  with(extra: readonly SourceAttribute[]): SourceAttributeCatalog {
    const names = new Set(extra.map((a) => a.name));
    return new SourceAttributeCatalog(this.object, [...extra, ...this.all().filter((a) => !names.has(a.name))]);
  }

  lookup(name: string): SourceLookup {
    const hit = this.exact.get(name);
    if (hit) return { kind: 'found', attribute: hit };
    const ext = parseDirectoryExtension(name);
    if (ext.kind === 'valid') return { kind: 'extension', attribute: extensionAttribute(name, ext.extension), problems: ext.problems };
    if (ext.kind === 'invalid') return { kind: 'invalidExtension', problems: ext.problems };
    const folded = this.folded.get(name.toLowerCase());
    if (folded && folded.length === 1) {
      const attribute = folded[0];
      return {
        kind: 'casing',
        attribute,
        written: name,
        message: `Source attribute names are case-sensitive: "${name}" should be written "${attribute.name}".`,
      };
    }
    const suggestions = suggest(name, this.names());
    const where = this.object === 'User' ? 'an Entra ID user' : 'an Entra ID group';
    return {
      kind: 'unknown',
      suggestions,
      message:
        `"${name}" is not an attribute of ${where}` +
        (suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '.'),
    };
  }
}

function extensionAttribute(name: string, extension: DirectoryExtensionName): SourceAttribute {
  return {
    name,
    type: 'String',
    typeKnown: false,
    multiValued: false,
    inDefaultSchema: false,
    scoping: { allowed: true },
    description: `Directory extension "${extension.name}" of the application ${extension.appId}. Its type comes from its definition; add it to the source attribute list if it is not there (the name is case-sensitive). Multi-valued extensions cannot be used.`,
    provenance: ['entra-docs'],
    directoryExtension: extension,
  };
}

const catalogs: Record<SourceObjectName, SourceAttributeCatalog> = {
  User: new SourceAttributeCatalog('User', data.objects.User.attributes),
  Group: new SourceAttributeCatalog('Group', data.objects.Group.attributes),
};

/** The built-in catalogue of one source object. */
export function sourceCatalog(object: SourceObjectName = 'User'): SourceAttributeCatalog {
  return catalogs[object];
}

export function lookupSourceAttribute(name: string, object: SourceObjectName = 'User'): SourceLookup {
  return catalogs[object].lookup(name);
}

/** Names the docs exclude from scoping that are not attributes of the built-in catalogue. */
export function scopingExclusions(): readonly ScopingExclusion[] {
  return data.scopingExclusions;
}

/**
 * Whether `name` may be used in a scoping filter on `object`, from the catalogue and the
 * documented exclusions (matched case-insensitively). Unknown names are allowed (the check for
 * unknown attributes is separate).
 */
export function scopingRule(name: string, object: SourceObjectName = 'User', catalog = catalogs[object]): ScopingRule {
  const found = catalog.get(name) ?? (() => {
    const r = catalog.lookup(name);
    return r.kind === 'casing' ? r.attribute : undefined;
  })();
  if (found) return found.scoping;
  const excl = data.scopingExclusions.find((e) => e.name.toLowerCase() === name.toLowerCase());
  if (excl) return { allowed: false, reason: excl.reason, detail: excl.detail };
  return { allowed: true };
}

export const directoryExtensionDescription = data.directoryExtensions.description;
