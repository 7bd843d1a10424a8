// `check` throughput: a generated 10,000-mapping .entramap file, and a generated 5 MB Graph
// synchronizationSchema JSON file checked side by side with vscode-json-languageservice parsing
// and validating the same text against a JSON schema of synchronizationSchema (written below for
// the purpose), in the same run. Goal: entramap's full check no slower than the JSON service.
import type { ScimSchema } from '../../server/src/catalog/scim-schemas';
import { checkDocument, CheckDocumentOptions } from '../../server/src/check/document';
import { parseMappingDocument } from '../../server/src/language/mapping';
import { modelToGraphJson, parseGraphSchema } from '../../server/src/schema';
import { cpuMs, fmt, row, section } from './harness';

// ---- generated inputs --------------------------------------------------------------------------

const APP_ID = '9d98a0c4b1b84d2a8f3b6a7e2c1d0f55';
const EXT = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User';

/** The Contoso extension schema the generated files declare with `app ... schema contoso`. */
export function contosoSchema(attributes: number): ScimSchema {
  return {
    id: EXT,
    name: 'Contoso',
    description: 'Contoso custom user attributes',
    attributes: Array.from({ length: attributes }, (_, i) => ({
      name: `attr${i}`,
      type: i % 17 === 0 ? 'integer' : i % 13 === 0 ? 'boolean' : 'string',
      multiValued: false,
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
      description: `custom attribute ${i}`,
    })),
  } as ScimSchema;
}

/** The standard SCIM targets every generated user mapping block starts with (50-lsp adds more). */
export const STANDARD: Array<[string, string]> = [
  ['userName', '[userPrincipalName] match 1'],
  ['active', 'Switch([IsSoftDeleted], , "False", "True", "True", "False")'],
  ['displayName', '[displayName]'],
  ['title', '[jobTitle] default "Staff"'],
  ['emails[type eq "work"].value', '[mail]'],
  ['name.givenName', '[givenName]'],
  ['name.familyName', '[surname]'],
  ['name.formatted', 'Join(" ", [givenName], [surname])'],
  ['externalId', '[mailNickname] match 2'],
  ['preferredLanguage', 'Replace([preferredLanguage], "_", , , "-", , ) default "en-US" on create'],
  ['phoneNumbers[type eq "mobile"].value', 'Coalesce([mobile], [telephoneNumber])'],
  ['addresses[type eq "work"].locality', '[city]'],
  ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', '[department]'],
  ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', '[manager]'],
  ['nickName', 'Join("@", NormalizeDiacritics(StripSpaces(Join(".", [givenName], [surname]))), "contoso.com") flow always'],
];

/** A custom attribute line: a realistic spread of direct, constant and expression mappings. */
function customLine(i: number): string {
  const target = `${EXT}:attr${i}`;
  switch (i % 10) {
    case 0:
      return `${target} <- [extensionAttribute${(i % 15) + 1}]`;
    case 1:
      return `${target} <- ToLower([extension_${APP_ID}_attr${i}])`;
    case 2:
      return `${target} <- IIF([department]="Sales${i}", Mid([employeeId], 1, 3), "n/a")`;
    case 3:
      return `${target} <- Replace([mail], , "(?<user>[^@]+)@(?<domain>.+)", "user", "\${user}.${i}", , )`;
    case 4:
      return `${target} <- "constant ${i}"`;
    case 5:
      return `${target} <- none default "value ${i}"`;
    case 6:
      return `${target} <- Switch([country], "Other", "US", "United States", "DE", "Germany", "FR", "France")`;
    case 7:
      return `${target} <- FormatDateTime([employeeHireDate], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")`;
    case 8:
      return `${target} <- [mial]`; // a typo: unknown source attribute with a suggestion
    default:
      return `${target} <- Join(",", [givenName], [surnme], "x${i}")`; // another typo
  }
}

/**
 * An .entramap file with `mappings` attribute mappings in blocks of `perBlock` lines: each block
 * a user mapping with a scope, the standard SCIM attributes and custom extension attributes.
 */
export function generateEntramap(mappings: number, perBlock = 100): string {
  const lines: string[] = ['# Generated for the check benchmark', `app "Contoso HR" template scim schema contoso`, ''];
  let written = 0;
  let block = 0;
  let custom = 0;
  while (written < mappings) {
    const n = Math.min(perBlock, mappings - written);
    lines.push(`mapping "Users ${block}" {`, '  source User', '  target User', '  actions create update delete', '');
    lines.push('  scope {', `    filter "Department ${block}" {`, `      department EQUALS "Dept ${block}"`, '      accountEnabled IS TRUE', '    }');
    lines.push(`    filter "Contractors ${block}" {`, '      employeeType EQUALS Contractor', `      userPrincipalName REGEX MATCH "^.*@contoso${block}\\.com$"`, '    }', '  }', '');
    for (let i = 0; i < n; i++) {
      if (i < STANDARD.length) lines.push(`  ${STANDARD[i][0]} <- ${STANDARD[i][1]}`);
      else lines.push(`  ${customLine(custom++)}`);
    }
    lines.push('}', '');
    written += n;
    block++;
  }
  return lines.join('\n');
}

function attributeDefinition(name: string, type = 'String', extra: Record<string, unknown> = {}) {
  return {
    anchor: false,
    caseExact: false,
    defaultValue: null,
    flowNullValues: false,
    metadata: [],
    multivalued: false,
    mutability: 'ReadWrite',
    name,
    referencedObjects: [],
    required: false,
    type,
    ...extra,
  };
}

/** Graph schema JSON for `mappings` attribute mappings: rules generated from .entramap, plus directories. */
function graphJsonFor(mappings: number): string {
  const model = parseMappingDocument(generateEntramap(mappings, 250)).model;
  const schema = modelToGraphJson(model) as Record<string, unknown>;
  const sourceNames = [
    'objectId', 'userPrincipalName', 'mail', 'mailNickname', 'displayName', 'givenName', 'surname', 'jobTitle', 'department',
    'employeeId', 'employeeType', 'city', 'country', 'mobile', 'telephoneNumber', 'preferredLanguage', 'accountEnabled',
    'IsSoftDeleted', 'manager', 'employeeHireDate',
    ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
  ];
  const source = sourceNames.map((n) =>
    attributeDefinition(n, n === 'accountEnabled' || n === 'IsSoftDeleted' ? 'Boolean' : n === 'manager' ? 'Reference' : n === 'employeeHireDate' ? 'DateTime' : 'String'),
  );
  const targets = new Set<string>();
  for (const r of model.rules) for (const om of r.objectMappings) for (const a of om.attributeMappings) if (a.targetAttributeName) targets.add(a.targetAttributeName);
  for (let i = 0; i < mappings; i++) if (i % 10 === 1) source.push(attributeDefinition(`extension_${APP_ID}_attr${i}`));
  const target = [...targets].map((n) =>
    attributeDefinition(n, n === 'active' ? 'Boolean' : n.endsWith(':manager') ? 'Reference' : 'String', n === 'userName' ? { required: true } : {}),
  );
  schema.directories = [
    { id: 'aad', name: 'Azure Active Directory', objects: [{ name: 'User', attributes: source, metadata: [], supportedApis: [] }] },
    { id: 'scim', name: 'customappsso', objects: [{ name: 'User', attributes: target, metadata: [], supportedApis: [] }] },
  ];
  for (const r of schema.synchronizationRules as Record<string, unknown>[]) {
    r.sourceDirectoryName = 'Azure Active Directory';
    r.targetDirectoryName = 'customappsso';
    r.id = 'USER_OUTBOUND_USER';
    r.name = 'USER_OUTBOUND_USER';
  }
  return JSON.stringify(schema, null, 2);
}

/** A Graph schema JSON of about `bytes` characters (Graph's own layout: two-space indentation). */
export function generateGraphJson(bytes: number): string {
  const sample = 500;
  const perMapping = graphJsonFor(sample).length / sample;
  return graphJsonFor(Math.max(1, Math.round(bytes / perMapping)));
}

// ---- a JSON schema of synchronizationSchema, for vscode-json-languageservice ---------------------

const keyValue = {
  type: 'object',
  properties: { key: { type: 'string' }, value: { type: ['string', 'null'] } },
  required: ['key', 'value'],
  additionalProperties: false,
};

export const SYNCHRONIZATION_SCHEMA_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://entramap.dev/schemas/synchronizationSchema.json',
  title: 'Microsoft Graph synchronizationSchema',
  type: 'object',
  definitions: {
    metadata: { type: 'array', items: keyValue },
    attributeMappingSource: {
      type: 'object',
      properties: {
        expression: { type: ['string', 'null'] },
        name: { type: 'string' },
        type: { enum: ['Attribute', 'Constant', 'Function'] },
        parameters: {
          type: 'array',
          items: {
            type: 'object',
            properties: { key: { type: 'string' }, value: { $ref: '#/definitions/attributeMappingSource' } },
            required: ['key', 'value'],
          },
        },
      },
      required: ['name', 'type'],
    },
    attributeMapping: {
      type: 'object',
      properties: {
        defaultValue: { type: ['string', 'null'] },
        exportMissingReferences: { type: 'boolean' },
        flowBehavior: { enum: ['FlowWhenChanged', 'FlowAlways'] },
        flowType: { enum: ['Always', 'ObjectAddOnly', 'MultiValueAddOnly', 'ValueAddOnly', 'AttributeAddOnly'] },
        matchingPriority: { type: 'integer', minimum: 0 },
        source: { oneOf: [{ type: 'null' }, { $ref: '#/definitions/attributeMappingSource' }] },
        targetAttributeName: { type: 'string', minLength: 1 },
      },
      required: ['targetAttributeName'],
    },
    filterClause: {
      type: 'object',
      properties: {
        operatorName: { type: 'string' },
        sourceOperandName: { type: 'string' },
        targetOperand: { type: 'object', properties: { values: { type: 'array', items: { type: 'string' } } } },
      },
      required: ['operatorName', 'sourceOperandName'],
    },
    filterGroup: {
      type: 'object',
      properties: { name: { type: 'string' }, clauses: { type: 'array', items: { $ref: '#/definitions/filterClause' } } },
      required: ['clauses'],
    },
    filter: {
      type: 'object',
      properties: {
        groups: { type: 'array', items: { $ref: '#/definitions/filterGroup' } },
        inputFilterGroups: { type: 'array', items: { $ref: '#/definitions/filterGroup' } },
        categoryFilterGroups: { type: 'array', items: { $ref: '#/definitions/filterGroup' } },
      },
    },
    objectMapping: {
      type: 'object',
      properties: {
        attributeMappings: { type: 'array', items: { $ref: '#/definitions/attributeMapping' } },
        enabled: { type: 'boolean' },
        flowTypes: { type: 'string', pattern: '^(None|(Add|Update|Delete)(, ?(Add|Update|Delete))*)$' },
        metadata: { $ref: '#/definitions/metadata' },
        name: { type: 'string' },
        scope: { oneOf: [{ type: 'null' }, { $ref: '#/definitions/filter' }] },
        sourceObjectName: { type: 'string' },
        targetObjectName: { type: 'string' },
      },
      required: ['attributeMappings', 'sourceObjectName', 'targetObjectName'],
    },
    synchronizationRule: {
      type: 'object',
      properties: {
        editable: { type: 'boolean' },
        id: { type: 'string' },
        metadata: { $ref: '#/definitions/metadata' },
        name: { type: 'string' },
        objectMappings: { type: 'array', items: { $ref: '#/definitions/objectMapping' } },
        priority: { type: 'integer' },
        sourceDirectoryName: { type: 'string' },
        targetDirectoryName: { type: 'string' },
      },
      required: ['objectMappings'],
    },
    attributeDefinition: {
      type: 'object',
      properties: {
        anchor: { type: 'boolean' },
        caseExact: { type: 'boolean' },
        defaultValue: { type: ['string', 'null'] },
        flowNullValues: { type: 'boolean' },
        metadata: { $ref: '#/definitions/metadata' },
        multivalued: { type: 'boolean' },
        mutability: { enum: ['ReadWrite', 'ReadOnly', 'Immutable', 'WriteOnly'] },
        name: { type: 'string' },
        referencedObjects: {
          type: 'array',
          items: { type: 'object', properties: { referencedObjectName: { type: 'string' }, referencedProperty: { type: ['string', 'null'] } } },
        },
        required: { type: 'boolean' },
        type: { enum: ['String', 'Integer', 'Reference', 'Binary', 'Boolean', 'DateTime'] },
      },
      required: ['name', 'type'],
    },
    objectDefinition: {
      type: 'object',
      properties: {
        attributes: { type: 'array', items: { $ref: '#/definitions/attributeDefinition' } },
        metadata: { $ref: '#/definitions/metadata' },
        name: { type: 'string' },
        supportedApis: { type: 'array', items: { type: 'string' } },
      },
      required: ['name'],
    },
    directoryDefinition: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        objects: { type: 'array', items: { $ref: '#/definitions/objectDefinition' } },
        readOnly: { type: 'boolean' },
        version: { type: ['string', 'null'] },
      },
      required: ['name'],
    },
  },
  properties: {
    id: { type: 'string' },
    version: { type: ['string', 'null'] },
    directories: { type: 'array', items: { $ref: '#/definitions/directoryDefinition' } },
    synchronizationRules: { type: 'array', items: { $ref: '#/definitions/synchronizationRule' } },
  },
  anyOf: [{ required: ['synchronizationRules'] }, { required: ['directories'] }],
};

// ---- measurement -------------------------------------------------------------------------------

/** Best CPU time of `rounds` runs (after one warm-up run). */
async function best(rounds: number, fn: () => unknown): Promise<number> {
  await fn();
  let min = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = cpuMs();
    await fn();
    min = Math.min(min, cpuMs() - t0);
  }
  return min;
}

export async function run(): Promise<void> {
  const options: CheckDocumentOptions = {
    resolveTargetSchema: (ref) => (ref === 'contoso' ? { schemas: [contosoSchema(12000)] } : undefined),
  };

  section('check: a generated 10,000-mapping .entramap file (parse, expressions, scoping, mapping checks)');
  const entramap = generateEntramap(10000);
  const first = checkDocument(entramap, 'entramap', options);
  const count = (kind: string) => first.diagnostics.filter((d) => d.severity === kind).length;
  const tEntramap = await best(5, () => checkDocument(entramap, 'entramap', options));
  row(`entramap check, ${fmt(entramap.length / 1e6, 2)} MB, 10,000 mappings`, `${fmt(tEntramap)} ms`);
  row('  diagnostics (errors / warnings / information / hints)', `${count('error')} / ${count('warning')} / ${count('information')} / ${count('hint')}`);
  row('  per mapping', `${fmt((tEntramap * 1000) / 10000, 2)} us`);
  const tParse = await best(5, () => parseMappingDocument(entramap));
  row('  of which parsing (parseMappingDocument)', `${fmt(tParse)} ms`);

  section('check: a generated 5 MB Graph schema JSON, beside vscode-json-languageservice (parse + validate)');
  const json = generateGraphJson(5 * 1024 * 1024);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jls = require('vscode-json-languageservice') as typeof import('vscode-json-languageservice');
  const service = jls.getLanguageService({});
  const doc = jls.TextDocument.create('file:///bench/schema.json', 'json', 1, json);
  const schema = SYNCHRONIZATION_SCHEMA_JSON_SCHEMA as unknown as import('vscode-json-languageservice').JSONSchema;
  const jsonService = async () => {
    const parsed = service.parseJSONDocument(doc);
    return service.doValidation(doc, parsed, { schemaValidation: 'error' }, schema);
  };
  // The JSON schema must really be applied: a wrong type in a small document is reported.
  const probe = jls.TextDocument.create('file:///bench/probe.json', 'json', 1, '{"synchronizationRules": [{"objectMappings": [{"attributeMappings": 5}]}]}');
  const probeDiagnostics = await service.doValidation(probe, service.parseJSONDocument(probe), { schemaValidation: 'error' }, schema);
  if (!probeDiagnostics.length) console.log('  WARNING: the JSON service did not apply the schema; its figure is not comparable');
  const serviceDiagnostics = await jsonService();
  const jsonCheck = checkDocument(json, 'graph-json', options);
  const tJson = await best(5, () => checkDocument(json, 'graph-json', options));
  const tService = await best(5, jsonService);
  row(`entramap check, ${fmt(json.length / 1e6, 2)} MB Graph JSON`, `${fmt(tJson)} ms`, `${jsonCheck.diagnostics.length} diagnostics`);
  const tRead = await best(5, () => parseGraphSchema(json));
  row('  of which reading (parseGraphSchema)', `${fmt(tRead)} ms`);
  row('vscode-json-languageservice parse + schema validation, same text', `${fmt(tService)} ms`, `${serviceDiagnostics.length} diagnostics`);
  row('  ratio (entramap / JSON service)', `${fmt(tJson / tService, 2)}x`, 'goal <= 1.00x');
}
