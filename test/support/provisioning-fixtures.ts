// Shared fixtures for the provisioning engine and CLI tests: a mapping (users + groups, in
// .entramap form), source users and groups, and a helper that runs the engine against a target.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { MappingModel } from '../../server/src/model/types';
import type { SourceObject } from '../../server/src/provisioning/compute';
import { parseConfigurationDocument } from '../../server/src/schema/document';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The quickstart's kind of mapping: users with a scoping filter, enterprise attributes, manager; groups with members. */
export const MAPPING = `app "Contoso SCIM" template scim

mapping "Synchronize Microsoft Entra users to Contoso" {
  source User
  target User
  actions create update delete

  scope {
    filter "Engineering" {
      department EQUALS "Engineering"
    }
  }

  userName <- [userPrincipalName] match 1
  externalId <- [mailNickname] match 2
  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")
  displayName <- [displayName]
  emails[type eq "work"].value <- [mail]
  name.givenName <- [givenName]
  name.familyName <- [surname]
  title <- [jobTitle] default "Staff" on create
  ${ENTERPRISE}:department <- [department]
  ${ENTERPRISE}:employeeNumber <- IgnoreFlowIfNullOrEmpty([employeeId])
  ${ENTERPRISE}:manager <- [manager]
  password <- Redact("Initial-Pa55word!") on create
}

mapping "Synchronize Microsoft Entra groups to Contoso" {
  source Group
  target Group
  actions create update delete

  displayName <- [displayName] match 1
  externalId <- [objectId]
  members <- [members]
}
`;

export const INITIAL_PASSWORD = 'Initial-Pa55word!';

export function mappingModel(text = MAPPING): MappingModel {
  const parsed = parseConfigurationDocument(text, 'entramap');
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`fixture mapping has errors: ${errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  return parsed.model;
}

export function users(): SourceObject[] {
  return [
    {
      objectId: '11111111-0000-0000-0000-000000000001',
      userPrincipalName: 'alice@contoso.com',
      displayName: 'Alice Smith',
      mail: 'alice@contoso.com',
      givenName: 'Alice',
      surname: 'Smith',
      mailNickname: 'alice',
      department: 'Engineering',
      jobTitle: 'Engineer',
      employeeId: 'E-1001',
      accountEnabled: true,
      manager: { id: '11111111-0000-0000-0000-000000000002' },
    },
    {
      objectId: '11111111-0000-0000-0000-000000000002',
      userPrincipalName: 'bob@contoso.com',
      displayName: 'Bob Jones',
      mail: 'bob@contoso.com',
      givenName: 'Bob',
      surname: 'Jones',
      mailNickname: 'bob',
      department: 'Engineering',
      accountEnabled: true,
    },
    {
      objectId: '11111111-0000-0000-0000-000000000003',
      userPrincipalName: 'carol@contoso.com',
      displayName: 'Carol King',
      mail: 'carol@contoso.com',
      givenName: 'Carol',
      surname: 'King',
      mailNickname: 'carol',
      department: 'Sales',
      accountEnabled: true,
    },
    {
      objectId: '11111111-0000-0000-0000-000000000004',
      userPrincipalName: 'dave@contoso.com',
      displayName: 'Dave Brown',
      mail: 'dave@contoso.com',
      givenName: 'Dave',
      surname: 'Brown',
      mailNickname: 'dave',
      department: 'Engineering',
      accountEnabled: true,
      IsSoftDeleted: true,
    },
    {
      // No userPrincipalName and no mailNickname: no matching value (ImportSkipped).
      objectId: '11111111-0000-0000-0000-000000000005',
      displayName: 'Erin Nomatch',
      department: 'Engineering',
      accountEnabled: true,
    },
    {
      objectId: '11111111-0000-0000-0000-000000000006',
      userPrincipalName: 'frank@contoso.com',
      displayName: 'Frank Gone',
      mailNickname: 'frank',
      department: 'Engineering',
      accountEnabled: true,
      '@removed': { reason: 'deleted' },
    },
  ];
}

export function groups(): SourceObject[] {
  return [
    {
      objectId: '22222222-0000-0000-0000-000000000001',
      displayName: 'Engineering Team',
      members: ['11111111-0000-0000-0000-000000000001', { id: '11111111-0000-0000-0000-000000000002' }, '11111111-0000-0000-0000-000000000003'],
    },
  ];
}

/** A temporary directory with files; removed by `cleanup()`. */
export function tempFiles(files: Record<string, string>): { dir: string; file(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'entramap-prov-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
