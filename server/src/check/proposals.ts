// Proposed attribute mappings for quick fixes: the usual Entra ID source of common SCIM target
// attributes (expression-language spec 9.9, the SCIM tutorial's default mappings), written as an
// .entramap line and as Graph JSON.
import { resolveTargetPath } from '../catalog/scim-schemas';
import { quoteString, scanName } from '../language/mapping/scan';
import type { JsonObject } from '../model/json';
import { generateAttributeMapping } from '../schema/elements';

export const SOFT_DELETE_EXPRESSION = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';

const USER_DEFAULTS: Array<[string, string]> = [
  ['userName', '[userPrincipalName]'],
  ['active', SOFT_DELETE_EXPRESSION],
  ['displayName', '[displayName]'],
  ['title', '[jobTitle]'],
  ['emails[type eq "work"].value', '[mail]'],
  ['name.givenName', '[givenName]'],
  ['name.familyName', '[surname]'],
  ['name.formatted', 'Join(" ", [givenName], [surname])'],
  ['externalId', '[mailNickname]'],
  ['preferredLanguage', '[preferredLanguage]'],
  ['phoneNumbers[type eq "work"].value', '[telephoneNumber]'],
  ['phoneNumbers[type eq "mobile"].value', '[mobile]'],
  ['phoneNumbers[type eq "fax"].value', '[facsimileTelephoneNumber]'],
  ['addresses[type eq "work"].streetAddress', '[streetAddress]'],
  ['addresses[type eq "work"].locality', '[city]'],
  ['addresses[type eq "work"].region', '[state]'],
  ['addresses[type eq "work"].postalCode', '[postalCode]'],
  ['addresses[type eq "work"].country', '[country]'],
  ['addresses[type eq "other"].formatted', '[physicalDeliveryOfficeName]'],
  ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', '[employeeId]'],
  ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', '[department]'],
  ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', '[manager]'],
  ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter', '[employeeOrgData.costCenter]'],
  ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division', '[employeeOrgData.division]'],
  ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization', '[companyName]'],
];

const GROUP_DEFAULTS: Array<[string, string]> = [
  ['displayName', '[displayName]'],
  ['externalId', '[objectId]'],
  ['members', '[members]'],
];

const tables = new Map<string, Map<string, string>>();

function table(object: 'User' | 'Group'): Map<string, string> {
  let t = tables.get(object);
  if (!t) {
    t = new Map();
    for (const [path, expr] of object === 'User' ? USER_DEFAULTS : GROUP_DEFAULTS) {
      const r = resolveTargetPath(path, { resourceType: object });
      if (r.ok) t.set(r.path.key, expr);
    }
    tables.set(object, t);
  }
  return t;
}

/** The usual source expression of a SCIM target attribute (by its resolved key), if there is one. */
export function defaultSourceFor(object: 'User' | 'Group' | undefined, key: string): string | undefined {
  return object ? table(object).get(key) : undefined;
}

/** The usual matching attribute of a SCIM object: userName for users, displayName for groups. */
export function defaultMatchingTarget(object: 'User' | 'Group'): string {
  return object === 'User' ? 'userName' : 'displayName';
}

/** A value as the .entramap format writes it: a bare name when it is one, else a string. */
export function entramapValue(value: string): string {
  return value.length > 0 && scanName(value, 0) === value.length ? value : quoteString(value);
}

export interface ProposedMapping {
  /** The .entramap line (without indentation). */
  line: string;
  /** The Graph attributeMapping object. */
  json: JsonObject;
}

export function proposeMapping(target: string, expression: string, matchingPriority?: number): ProposedMapping {
  const line = `${entramapValue(target)} <- ${expression}${matchingPriority ? ` match ${matchingPriority}` : ''}`;
  const { json } = generateAttributeMapping({
    target,
    source: { kind: 'expression', text: expression },
    matchingPriority,
  });
  return { line, json };
}
