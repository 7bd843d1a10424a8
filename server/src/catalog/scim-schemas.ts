// Typed access to scim-schemas.json (SCIM core User, Group, enterprise User per RFC 7643) and a
// parser/resolver for Entra target attribute paths such as `emails[type eq "work"].value` or
// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`.
//
// All offsets are UTF-16 offsets into the path text, `end` exclusive.
import raw from './data/scim-schemas.json';
import { editDistance, suggest } from './suggest';

export type ScimType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
export type ScimMutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type ScimReturned = 'always' | 'never' | 'default' | 'request';
export type ScimUniqueness = 'none' | 'server' | 'global';

export interface ScimAttribute {
  name: string;
  type: ScimType;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: ScimMutability;
  returned: ScimReturned;
  uniqueness: ScimUniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
  description: string;
  subAttributes?: ScimAttribute[];
}

export interface ScimSchema {
  id: string;
  name: string;
  description: string;
  attributes: ScimAttribute[];
}

export interface ScimResourceType {
  name: string;
  schema: string;
  schemaExtensions: string[];
}

interface CatalogFile {
  commonAttributes: ScimAttribute[];
  schemas: ScimSchema[];
  resourceTypes: ScimResourceType[];
  entra: {
    customExtensionPattern: string;
    matchingFilterable: Record<string, string[]>;
    unsupported: Array<{ path: string; detail: string }>;
    pathExamples: string[];
  };
}

const data = raw as unknown as CatalogFile;

export const CORE_USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const EXTENSION_URN_PREFIX = 'urn:ietf:params:scim:schemas:extension:';

export function scimSchemas(): readonly ScimSchema[] {
  return data.schemas;
}

export function scimSchema(id: string): ScimSchema | undefined {
  const key = id.toLowerCase();
  return data.schemas.find((s) => s.id.toLowerCase() === key);
}

export function commonAttributes(): readonly ScimAttribute[] {
  return data.commonAttributes;
}

export function resourceType(name: string): ScimResourceType | undefined {
  return data.resourceTypes.find((r) => r.name.toLowerCase() === name.toLowerCase());
}

export function resourceTypes(): readonly ScimResourceType[] {
  return data.resourceTypes;
}

/** Example target paths, in Entra's notation (for completion and docs). */
export function targetPathExamples(): readonly string[] {
  return data.entra.pathExamples;
}

/** Case-insensitive lookup of an attribute (or sub-attribute) by name in a list. */
export function findAttribute(list: readonly ScimAttribute[] | undefined, name: string): ScimAttribute | undefined {
  if (!list) return undefined;
  const key = name.toLowerCase();
  return list.find((a) => a.name.toLowerCase() === key);
}

// ---- parsing ----------------------------------------------------------------------------------

export interface Span {
  start: number;
  end: number;
}

export interface Named extends Span {
  name: string;
}

/** The syntax of a target path, before it is resolved against a schema. */
export interface ParsedTargetPath {
  text: string;
  /** The schema URN prefix (without the `:` that ends it), when written. */
  urn?: { value: string } & Span;
  attribute: Named;
  filter?: {
    attribute: Named;
    operator: { text: string } & Span;
    /** The compared value, decoded; `quoted` false for a bare `true` / `false`. */
    value: { value: string; quoted: boolean } & Span;
    /** From `[` to `]` inclusive. */
    span: Span;
  };
  subAttribute?: Named;
}

export type PathErrorCode =
  | 'empty'
  | 'whitespace'
  | 'syntax'
  | 'curlyQuote'
  | 'filterOperator'
  | 'filterValue'
  | 'unclosedFilter'
  | 'tooDeep'
  | 'legacyExtensionSeparator'
  | 'malformedUrn'
  | 'unknownSchema'
  | 'schemaNotForResource'
  | 'unknownAttribute'
  | 'unknownSubAttribute'
  | 'notComplex'
  | 'notMultiValued'
  | 'filterOnSubAttribute';

export interface PathError extends Span {
  code: PathErrorCode;
  message: string;
  /** Replacement candidates for the span (names or whole paths). */
  suggestions?: string[];
  /** A corrected whole path, when one can be derived. */
  fix?: string;
}

export type PathParse = { ok: true; path: ParsedTargetPath } | { ok: false; error: PathError };

const NAME = /[A-Za-z][A-Za-z0-9_-]*|\$ref/y;
const CURLY = /[\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u2032\u2033]/;
const RFC_OPERATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr']);

function err(code: PathErrorCode, message: string, start: number, end: number, extra: Partial<PathError> = {}): PathParse {
  return { ok: false, error: { code, message, start, end: Math.max(end, start), ...extra } };
}

/** Parses a target path (syntax only). */
export function parseTargetPath(text: string): PathParse {
  if (!text.trim()) return err('empty', 'The target attribute is empty.', 0, text.length);
  const lead = text.length - text.trimStart().length;
  const trail = text.length - text.trimEnd().length;
  if (lead || trail) {
    return err(
      'whitespace',
      'Target attribute names contain no leading or trailing spaces.',
      lead ? 0 : text.length - trail,
      lead ? lead : text.length,
      { fix: text.trim() },
    );
  }
  const curly = CURLY.exec(text);
  if (curly) {
    const fixed = text.replace(/[\u2018\u2019\u201A\u201B\u2032]/g, '"').replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"');
    return err(
      'curlyQuote',
      `"${curly[0]}" is a typographic quote; filter values are written between straight double quotes (").`,
      curly.index,
      curly.index + 1,
      { fix: fixed },
    );
  }

  let pos = 0;
  let urn: ParsedTargetPath['urn'];
  if (/^urn:/i.test(text)) {
    const bracket = text.indexOf('[');
    const head = bracket < 0 ? text : text.slice(0, bracket);
    const colon = head.lastIndexOf(':');
    urn = { value: text.slice(0, colon), start: 0, end: colon };
    pos = colon + 1;
    const rest = head.slice(pos);
    const legacy = /^(User|Group)\.(.+)$/i.exec(rest);
    if (legacy && /:\d+\.\d+$/.test(urn.value)) {
      const fixed = `${urn.value}:${legacy[1]}:${legacy[2]}${text.slice(head.length)}`;
      return err(
        'legacyExtensionSeparator',
        `Extension attributes are separated from their schema by ":" (the "." form belongs to legacy customappsso jobs): write "${fixed}".`,
        pos + legacy[1].length,
        pos + legacy[1].length + 1,
        { fix: fixed },
      );
    }
    if (pos >= text.length || text[pos] === '[') {
      return err('syntax', `Expected an attribute name after the schema "${urn.value}:".`, pos, pos);
    }
  }

  const readName = (): Named | undefined => {
    NAME.lastIndex = pos;
    const m = NAME.exec(text);
    if (!m) return undefined;
    const named = { name: m[0], start: pos, end: pos + m[0].length };
    pos = named.end;
    return named;
  };
  const what = (): string => (pos >= text.length ? 'the end of the path' : `"${text[pos]}"`);

  const attribute = readName();
  if (!attribute) return err('syntax', `Expected an attribute name, found ${what()}.`, pos, Math.min(pos + 1, text.length));

  let filter: ParsedTargetPath['filter'];
  if (text[pos] === '[') {
    const open = pos++;
    const skip = () => {
      const from = pos;
      while (text[pos] === ' ') pos++;
      return pos - from;
    };
    skip();
    const fAttr = readName();
    if (!fAttr) return err('syntax', `Expected a sub-attribute name after "[", found ${what()}.`, pos, Math.min(pos + 1, text.length));
    if (text[pos] === '.') {
      return err('filterOnSubAttribute', 'A value filter compares one sub-attribute directly ([type eq "work"]); nested names are not allowed.', pos, pos + 1);
    }
    if (!skip()) return err('syntax', `Expected a space and "eq" after "${fAttr.name}", found ${what()}.`, pos, Math.min(pos + 1, text.length));
    const opStart = pos;
    while (pos < text.length && /[A-Za-z]/.test(text[pos])) pos++;
    const op = text.slice(opStart, pos);
    if (!op) return err('syntax', `Expected the operator "eq", found ${what()}.`, pos, Math.min(pos + 1, text.length));
    if (op.toLowerCase() !== 'eq') {
      return err(
        'filterOperator',
        RFC_OPERATORS.has(op.toLowerCase())
          ? `Entra target paths select a value with "eq" only, not "${op}".`
          : `"${op}" is not a filter operator; Entra target paths use "eq".`,
        opStart,
        pos,
        { suggestions: ['eq'] },
      );
    }
    if (!skip()) return err('syntax', `Expected a space and a value after "${op}", found ${what()}.`, pos, Math.min(pos + 1, text.length));
    const valStart = pos;
    let value: string;
    let quoted = true;
    if (text[pos] === '"') {
      pos++;
      let out = '';
      for (;;) {
        if (pos >= text.length) return err('filterValue', 'The filter value has no closing double quote.', valStart, text.length);
        const c = text[pos];
        if (c === '"') {
          pos++;
          break;
        }
        if (c === '\\' && (text[pos + 1] === '"' || text[pos + 1] === '\\')) {
          out += text[pos + 1];
          pos += 2;
          continue;
        }
        out += c;
        pos++;
      }
      value = out;
    } else if (text[pos] === "'") {
      const close = text.indexOf("'", pos + 1);
      const inner = close < 0 ? text.slice(pos + 1) : text.slice(pos + 1, close);
      const fixed = close < 0 ? undefined : `${text.slice(0, pos)}"${inner}"${text.slice(close + 1)}`;
      return err('filterValue', 'Filter values are written between double quotes ("), not single quotes.', pos, close < 0 ? text.length : close + 1, { fix: fixed });
    } else {
      while (pos < text.length && /[^\s\]]/.test(text[pos])) pos++;
      const word = text.slice(valStart, pos);
      if (word === 'true' || word === 'false') {
        value = word;
        quoted = false;
      } else {
        return err(
          'filterValue',
          word ? `The filter value ${word} must be written between double quotes: "${word}".` : `Expected a double-quoted value, found ${what()}.`,
          valStart,
          Math.max(pos, valStart + 1),
          word ? { fix: `${text.slice(0, valStart)}"${word}"${text.slice(pos)}` } : {},
        );
      }
    }
    const valEnd = pos;
    skip();
    if (text[pos] !== ']') {
      if (/^(and|or)\b/i.test(text.slice(pos))) {
        return err('syntax', 'Entra target paths filter on a single comparison; "and" / "or" are not supported here.', pos, pos + 3);
      }
      return err('unclosedFilter', pos >= text.length ? 'The value filter is not closed with "]".' : `Expected "]", found ${what()}.`, pos, Math.min(pos + 1, text.length));
    }
    pos++;
    filter = {
      attribute: fAttr,
      operator: { text: op, start: opStart, end: opStart + op.length },
      value: { value, quoted, start: valStart, end: valEnd },
      span: { start: open, end: pos },
    };
  }

  let subAttribute: Named | undefined;
  if (text[pos] === '.') {
    pos++;
    subAttribute = readName();
    if (!subAttribute) return err('syntax', `Expected a sub-attribute name after ".", found ${what()}.`, pos, Math.min(pos + 1, text.length));
    if (text[pos] === '.') return err('tooDeep', 'SCIM attributes have one level of sub-attributes; a second "." is not allowed.', pos, pos + 1);
  }
  if (pos < text.length) {
    const c = text[pos];
    const message =
      c === '['
        ? 'A value filter follows the attribute directly: attribute[type eq "work"].subAttribute.'
        : c === ':'
          ? 'A schema URN starts with "urn:".'
          : `Unexpected ${what()} in the target attribute.`;
    return err('syntax', message, pos, pos + 1);
  }
  return { ok: true, path: { text, urn, attribute, filter, subAttribute } };
}

// ---- resolving --------------------------------------------------------------------------------

export type PathNoteKind =
  | 'casing'
  | 'operatorCasing'
  | 'nonCanonicalValue'
  | 'booleanFilterValue'
  | 'multiValuedWithoutFilter'
  | 'complexWithoutSubAttribute'
  | 'customExtensionUndefined'
  | 'coreUrnWritten';

export interface PathNote extends Span {
  kind: PathNoteKind;
  severity: 'warning' | 'information' | 'hint';
  message: string;
  /** The canonical text for the span. */
  replacement?: string;
}

export interface ResolvedTargetPath {
  text: string;
  parsed: ParsedTargetPath;
  /** The path with RFC casing, `eq` and straight quotes. */
  canonical: string;
  /** Identity for comparisons: canonical, core URN dropped, case-insensitive filter values folded. */
  key: string;
  resourceType: string;
  schema: { id: string; kind: 'core' | 'common' | 'extension' | 'custom'; defined: boolean };
  attribute: ScimAttribute;
  filter?: { attribute: ScimAttribute; value: string };
  subAttribute?: ScimAttribute;
  /** `subAttribute ?? attribute`: what the mapping writes. */
  leaf: ScimAttribute;
  /** True when the definition is a stand-in (a custom extension attribute without a schema). */
  synthesized: boolean;
  notes: PathNote[];
}

export type PathResolution = { ok: true; path: ResolvedTargetPath } | { ok: false; error: PathError };

export interface ResolveOptions {
  /** `User` (default) or `Group`. */
  resourceType?: string;
  /** Definitions of custom extension schemas the app declares (e.g. Genesys Cloud's). */
  extensions?: readonly ScimSchema[];
}

const CUSTOM_URN = /^urn:ietf:params:scim:schemas:extension:(.+):(\d+\.\d+):([A-Za-z]+)$/i;

function quoteValue(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Resolves a target path against the SCIM schemas of a resource type. Attribute and
 * sub-attribute names match case-insensitively (RFC 7643 names are case-insensitive); a
 * non-canonical casing is reported as a note with the canonical spelling.
 */
export function resolveTargetPath(text: string, options: ResolveOptions = {}): PathResolution {
  const parsed = parseTargetPath(text);
  if (!parsed.ok) return parsed;
  const p = parsed.path;
  const rtName = options.resourceType ?? 'User';
  const rt = resourceType(rtName);
  const notes: PathNote[] = [];
  const fail = (code: PathErrorCode, message: string, span: Span, extra: Partial<PathError> = {}): PathResolution => ({
    ok: false,
    error: { code, message, start: span.start, end: span.end, ...extra },
  });
  const casing = (written: Named, canonical: string) => {
    if (written.name !== canonical) {
      notes.push({
        kind: 'casing',
        severity: 'warning',
        message: `"${written.name}" is written "${canonical}" in the SCIM schema; Entra sends the name as written, and strict targets may not accept it.`,
        start: written.start,
        end: written.end,
        replacement: canonical,
      });
    }
  };

  const ownSchemas = rt ? [rt.schema, ...rt.schemaExtensions] : [];
  const extensions = options.extensions ?? [];

  // Which attribute list the name resolves in.
  let list: readonly ScimAttribute[];
  let schemaInfo: ResolvedTargetPath['schema'];
  let canonicalUrn: string | undefined;
  if (p.urn) {
    const urnText = p.urn.value;
    const builtin = scimSchema(urnText);
    const declared = extensions.find((s) => s.id.toLowerCase() === urnText.toLowerCase());
    if (builtin) {
      if (!ownSchemas.some((id) => id.toLowerCase() === builtin.id.toLowerCase())) {
        return fail('schemaNotForResource', `The schema ${builtin.id} does not apply to ${rtName} objects.`, p.urn);
      }
      if (builtin.id !== urnText) {
        notes.push({
          kind: 'casing',
          severity: 'warning',
          message: `The schema URN is written "${builtin.id}".`,
          start: p.urn.start,
          end: p.urn.end,
          replacement: builtin.id,
        });
      }
      const isCore = rt?.schema === builtin.id;
      if (isCore) {
        notes.push({
          kind: 'coreUrnWritten',
          severity: 'hint',
          message: 'Core attributes are normally written without their schema URN.',
          start: p.urn.start,
          end: p.urn.end + 1,
          replacement: '',
        });
      }
      list = isCore ? [...builtin.attributes, ...data.commonAttributes] : builtin.attributes;
      schemaInfo = { id: builtin.id, kind: isCore ? 'core' : 'extension', defined: true };
      canonicalUrn = builtin.id;
    } else {
      const m = CUSTOM_URN.exec(urnText);
      if (!m || !urnText.startsWith(EXTENSION_URN_PREFIX)) {
        const known = [...ownSchemas, ...extensions.map((s) => s.id)];
        const close = suggest(urnText, known, 2);
        const hint = m
          ? `Extension schema URNs start with "${EXTENSION_URN_PREFIX}" in lower case.`
          : `Custom extension schemas have the form ${data.entra.customExtensionPattern.replace(':<attribute>', '')}.`;
        return fail(
          close.length ? 'unknownSchema' : 'malformedUrn',
          close.length ? `Unknown schema "${urnText}"; did you mean "${close[0]}"?` : `"${urnText}" is not a schema Entra can target. ${hint}`,
          p.urn,
          close.length ? { suggestions: close } : {},
        );
      }
      if (!declared) {
        // A near miss of a known schema is a typo, not a new custom extension.
        const near = suggest(urnText, [...data.schemas.map((sc) => sc.id), ...extensions.map((sc) => sc.id)], 1).filter(
          (id) => editDistance(id, urnText) <= 2,
        );
        if (near.length) {
          return fail('unknownSchema', `Unknown schema "${urnText}"; did you mean "${near[0]}"?`, p.urn, {
            suggestions: near,
            fix: `${near[0]}:${text.slice(p.urn.end + 1)}`,
          });
        }
      }
      if (m[3].toLowerCase() !== rtName.toLowerCase()) {
        return fail(
          'schemaNotForResource',
          `The extension schema ends in ":${m[3]}", so it extends ${m[3]} objects, not ${rtName} objects.`,
          { start: p.urn.end - m[3].length, end: p.urn.end },
        );
      }
      if (declared) {
        list = declared.attributes;
        schemaInfo = { id: declared.id, kind: 'custom', defined: true };
        canonicalUrn = declared.id;
      } else {
        list = [];
        schemaInfo = { id: urnText, kind: 'custom', defined: false };
        canonicalUrn = urnText;
      }
    }
  } else {
    const core = rt ? scimSchema(rt.schema) : undefined;
    list = [...(core?.attributes ?? []), ...data.commonAttributes];
    schemaInfo = { id: core?.id ?? '', kind: 'core', defined: true };
  }

  // The top-level attribute.
  let attribute = findAttribute(list, p.attribute.name);
  let synthesized = false;
  if (attribute && !p.urn && data.commonAttributes.includes(attribute)) schemaInfo = { id: '', kind: 'common', defined: true };
  if (!attribute) {
    if (schemaInfo.kind === 'custom' && !schemaInfo.defined) {
      synthesized = true;
      attribute = {
        name: p.attribute.name,
        type: p.filter || p.subAttribute ? 'complex' : 'string',
        multiValued: !!p.filter,
        required: false,
        caseExact: false,
        mutability: 'readWrite',
        returned: 'default',
        uniqueness: 'none',
        description: `Custom extension attribute of ${schemaInfo.id}; its definition comes from the app's schema.`,
      };
      notes.push({
        kind: 'customExtensionUndefined',
        severity: 'information',
        message: `Custom extension attribute: entramap has no definition of ${schemaInfo.id}, so the attribute's type is not checked. Custom extension attributes of non-gallery apps must be single-valued strings (no references, multi-valued or complex values).`,
        start: p.attribute.start,
        end: p.attribute.end,
      });
    } else {
      const names = list.map((a) => a.name);
      const suggestions = suggest(p.attribute.name, names);
      let elsewhere: string | undefined;
      if (!p.urn && rt) {
        for (const ext of rt.schemaExtensions) {
          const hit = findAttribute(scimSchema(ext)?.attributes, p.attribute.name);
          if (hit) elsewhere = `${ext}:${hit.name}${text.slice(p.attribute.end)}`;
        }
      }
      const where = p.urn ? `the schema ${schemaInfo.id}` : `the SCIM core ${rtName} schema`;
      const message = elsewhere
        ? `"${p.attribute.name}" belongs to an extension schema: write "${elsewhere}".`
        : `"${p.attribute.name}" is not an attribute of ${where}` +
          (suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '.');
      return fail('unknownAttribute', message, p.attribute, {
        suggestions: elsewhere ? [elsewhere] : suggestions,
        fix: elsewhere,
      });
    }
  } else {
    casing(p.attribute, attribute.name);
  }

  // The value filter.
  let filter: ResolvedTargetPath['filter'];
  if (p.filter) {
    if (!attribute.multiValued || attribute.type !== 'complex') {
      return fail(
        'notMultiValued',
        `"${attribute.name}" is not a multi-valued complex attribute, so it cannot take a value filter.`,
        p.filter.span,
      );
    }
    const fAttr = synthesized
      ? ({ ...attribute, name: p.filter.attribute.name, type: 'string', multiValued: false, subAttributes: undefined } as ScimAttribute)
      : findAttribute(attribute.subAttributes, p.filter.attribute.name);
    if (!fAttr) {
      const suggestions = suggest(p.filter.attribute.name, (attribute.subAttributes ?? []).map((a) => a.name));
      return fail(
        'unknownSubAttribute',
        `"${p.filter.attribute.name}" is not a sub-attribute of ${attribute.name}` +
          (suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '.'),
        p.filter.attribute,
        { suggestions },
      );
    }
    if (!synthesized) casing(p.filter.attribute, fAttr.name);
    if (p.filter.operator.text !== 'eq') {
      notes.push({
        kind: 'operatorCasing',
        severity: 'hint',
        message: 'Entra writes the filter operator as "eq".',
        start: p.filter.operator.start,
        end: p.filter.operator.end,
        replacement: 'eq',
      });
    }
    const v = p.filter.value;
    if (fAttr.type === 'boolean') {
      if (!/^(true|false)$/i.test(v.value)) {
        return fail('filterValue', `"${fAttr.name}" is a Boolean, so the value must be "True" or "False", not "${v.value}".`, v);
      }
    } else if (!v.quoted) {
      return fail('filterValue', `"${fAttr.name}" is not a Boolean; write the value between double quotes.`, v, {
        fix: `${text.slice(0, v.start)}"${v.value}"${text.slice(v.end)}`,
      });
    }
    const canon = fAttr.canonicalValues;
    if (canon && canon.length && !canon.some((c) => c.toLowerCase() === v.value.toLowerCase())) {
      notes.push({
        kind: 'nonCanonicalValue',
        severity: 'information',
        message: `"${v.value}" is not one of the RFC 7643 ${attribute.name} types (${canon.join(', ')}); the target application must define it.`,
        start: v.start,
        end: v.end,
      });
    } else if (canon) {
      const exact = canon.find((c) => c.toLowerCase() === v.value.toLowerCase());
      if (exact && exact !== v.value) {
        notes.push({
          kind: 'casing',
          severity: 'hint',
          message: `The canonical value is "${exact}".`,
          start: v.start,
          end: v.end,
          replacement: quoteValue(exact),
        });
      }
    }
    filter = { attribute: fAttr, value: v.value };
  }

  // The sub-attribute.
  let subAttribute: ScimAttribute | undefined;
  if (p.subAttribute) {
    if (attribute.type !== 'complex') {
      return fail('notComplex', `"${attribute.name}" is a ${attribute.type}, so it has no sub-attributes.`, p.subAttribute);
    }
    if (synthesized) {
      subAttribute = { ...attribute, name: p.subAttribute.name, type: 'string', multiValued: false, subAttributes: undefined };
    } else {
      subAttribute = findAttribute(attribute.subAttributes, p.subAttribute.name);
      if (!subAttribute) {
        const suggestions = suggest(p.subAttribute.name, (attribute.subAttributes ?? []).map((a) => a.name));
        return fail(
          'unknownSubAttribute',
          `"${p.subAttribute.name}" is not a sub-attribute of ${attribute.name}` +
            (suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '.'),
          p.subAttribute,
          { suggestions },
        );
      }
      casing(p.subAttribute, subAttribute.name);
    }
    if (attribute.multiValued && !p.filter) {
      notes.push({
        kind: 'multiValuedWithoutFilter',
        severity: 'warning',
        message: `"${attribute.name}" is multi-valued: select one value with a filter, for example ${attribute.name}[type eq "work"].${subAttribute.name}.`,
        start: p.attribute.start,
        end: p.subAttribute.end,
      });
    }
  } else if (attribute.type === 'complex' && !attribute.multiValued && !synthesized) {
    const isManager = schemaInfo.id === ENTERPRISE_USER_URN && attribute.name === 'manager';
    if (!isManager) {
      const first = attribute.subAttributes?.[0]?.name ?? 'value';
      notes.push({
        kind: 'complexWithoutSubAttribute',
        severity: 'warning',
        message: `"${attribute.name}" is complex: map one of its sub-attributes, for example ${attribute.name}.${first}.`,
        start: p.attribute.start,
        end: p.attribute.end,
      });
    }
  }

  // Canonical spelling and identity key.
  let body = attribute.name;
  let keyBody = attribute.name;
  if (p.filter && filter) {
    const fv = p.filter.value.quoted ? quoteValue(filter.value) : filter.value;
    body += `[${filter.attribute.name} eq ${fv}]`;
    const folded = filter.attribute.caseExact ? filter.value : filter.value.toLowerCase();
    keyBody += `[${filter.attribute.name} eq ${p.filter.value.quoted ? quoteValue(folded) : folded.toLowerCase()}]`;
  }
  if (subAttribute) {
    body += `.${subAttribute.name}`;
    keyBody += `.${subAttribute.name}`;
  }
  const canonical = canonicalUrn ? `${canonicalUrn}:${body}` : body;
  const dropUrn = !canonicalUrn || schemaInfo.kind === 'core';
  const key = dropUrn ? keyBody : `${canonicalUrn!.toLowerCase()}:${keyBody}`;

  return {
    ok: true,
    path: {
      text,
      parsed: p,
      canonical,
      key,
      resourceType: rt?.name ?? rtName,
      schema: schemaInfo,
      attribute,
      filter,
      subAttribute,
      leaf: subAttribute ?? attribute,
      synthesized,
      notes,
    },
  };
}

/**
 * Whether Entra can find objects by this target path when it is a matching attribute (SCIM `eq`
 * filter). Built-in list: userName, externalId, emails[type eq "work"].value for users;
 * displayName, externalId for groups. Apps may support more (their templates say so).
 */
export function isMatchingFilterable(path: string | ResolvedTargetPath, resourceTypeName = 'User'): boolean {
  const resolved = typeof path === 'string' ? resolveTargetPath(path, { resourceType: resourceTypeName }) : { ok: true as const, path };
  if (!resolved.ok) return false;
  const list = data.entra.matchingFilterable[resolved.path.resourceType] ?? [];
  return list.some((p) => {
    const r = resolveTargetPath(p, { resourceType: resolved.path.resourceType });
    return r.ok && r.path.key === resolved.path.key;
  });
}

/** The built-in matching-filterable paths of a resource type. */
export function matchingFilterablePaths(resourceTypeName = 'User'): readonly string[] {
  return data.entra.matchingFilterable[resourceTypeName] ?? [];
}

/** Why Entra never writes this target (id, meta, groups, entitlements), if it is one of those. */
export function entraTargetRestriction(path: ResolvedTargetPath): string | undefined {
  const top = path.schema.kind === 'core' || path.schema.kind === 'common' ? path.attribute.name : undefined;
  if (!top) return undefined;
  return data.entra.unsupported.find((u) => u.path === top)?.detail;
}
