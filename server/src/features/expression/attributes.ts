// Source attributes as the expression services see them: the names offered inside `[...]` and
// described on hover. A small structural interface, so the caller can pass the Entra catalogue
// (catalog/source-attributes.ts `SourceAttribute` fits it as is), names read from the document's
// source directory, or attributes from a tenant's schema.
import {
  directoryExtensionDescription,
  parseDirectoryExtension,
  sourceCatalog,
  SourceObjectName,
} from '../../catalog/source-attributes';

export interface ExpressionAttribute {
  readonly name: string;
  /** String, Boolean, DateTime, Integer, Reference, Binary; absent when not known. */
  readonly type?: string;
  readonly multiValued?: boolean;
  /** For a reference attribute: the object types it points to. */
  readonly referencedObjects?: readonly string[];
  readonly description?: string;
  /** False when `type` is a guess (directory extensions). */
  readonly typeKnown?: boolean;
  readonly sensitive?: boolean;
  /** False when the attribute must first be added to the provisioning source schema. */
  readonly inDefaultSchema?: boolean;
  readonly anchor?: boolean;
  /** `appRoleAssignments`: only meaningful through the app-role functions. */
  readonly roleAssignments?: boolean;
  /** Where the name comes from when it is not the built-in catalogue, e.g. "source directory". */
  readonly origin?: string;
}

/** The built-in Entra attributes of `object` (User by default). */
export function catalogueAttributes(object: SourceObjectName = 'User'): readonly ExpressionAttribute[] {
  return sourceCatalog(object).all();
}

/**
 * The catalogue of `object` plus `extra` names (a bare string or a partial description each):
 * extras with a catalogue name add to its facts, new names are appended. `origin` labels the
 * new names (default "source directory").
 */
export function attributesFor(
  object: SourceObjectName = 'User',
  extra: Iterable<string | ExpressionAttribute> = [],
  origin = 'source directory',
): ExpressionAttribute[] {
  const byName = new Map<string, ExpressionAttribute>();
  for (const a of catalogueAttributes(object)) byName.set(a.name, a);
  for (const e of extra) {
    const add: ExpressionAttribute = typeof e === 'string' ? { name: e } : e;
    if (!add.name) continue;
    const known = byName.get(add.name);
    byName.set(add.name, known ? { ...known, ...definedOnly(add) } : { origin, ...add });
  }
  return [...byName.values()];
}

function definedOnly(a: ExpressionAttribute): Partial<ExpressionAttribute> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out[k] = v;
  return out as Partial<ExpressionAttribute>;
}

export type AttributeResolution =
  | { kind: 'found'; attribute: ExpressionAttribute }
  /** Known only when ignoring case: names are case-sensitive. */
  | { kind: 'casing'; attribute: ExpressionAttribute }
  /** A well-formed directory extension name not in the list. */
  | { kind: 'extension'; attribute: ExpressionAttribute }
  | { kind: 'unknown' };

/** Looks `name` up in `attributes`: exactly, then ignoring case, then as a directory extension. */
export function resolveAttribute(name: string, attributes: readonly ExpressionAttribute[]): AttributeResolution {
  const exact = attributes.find((a) => a.name === name);
  if (exact) return { kind: 'found', attribute: exact };
  const lower = name.toLowerCase();
  const folded = attributes.filter((a) => a.name.toLowerCase() === lower);
  if (folded.length === 1) return { kind: 'casing', attribute: folded[0] };
  const ext = parseDirectoryExtension(name);
  if (ext.kind === 'valid') {
    return {
      kind: 'extension',
      attribute: {
        name,
        type: 'String',
        typeKnown: false,
        multiValued: false,
        inDefaultSchema: false,
        description: `Directory extension "${ext.extension.name}" of the application ${ext.extension.appId}. ${directoryExtensionDescription}`,
      },
    };
  }
  return { kind: 'unknown' };
}

/** `String`, `String, multi-valued`, `Reference to User`, `DateTime`; "" when nothing is known. */
export function attributeTypeText(a: ExpressionAttribute): string {
  let type = a.type ?? '';
  if (type && a.typeKnown === false) type = `${type}?`;
  if (a.type === 'Reference' && a.referencedObjects?.length) type = `Reference to ${a.referencedObjects.join(' or ')}`;
  if (a.multiValued) type = type ? `${type}, multi-valued` : 'multi-valued';
  return type;
}

export function isBooleanAttribute(a: ExpressionAttribute | undefined): boolean {
  return a?.type?.toLowerCase() === 'boolean';
}
