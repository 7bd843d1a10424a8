// Discovery endpoints (RFC 7644 §4, RFC 7643 §5-7): ServiceProviderConfig, ResourceTypes and
// Schemas. Schema documents come from scimmy's definitions (see schema.ts); the service provider
// configuration describes what this target really does (no bulk, no ETags, no password change).
import { JsonObject, ResourceTypeDef, resourceTypes, schemaDocumentTemplates } from './schema';

export const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';

export function serviceProviderConfig(base: string, maxResults: number): JsonObject {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a bearer token in the Authorization header (the Entra "Secret Token")',
        specUri: 'https://datatracker.ietf.org/doc/html/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

export function resourceTypeDocument(rt: ResourceTypeDef, base: string): JsonObject {
  const doc: JsonObject = {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: rt.name,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.description,
    schema: rt.core.id,
  };
  if (rt.extensions.length) doc.schemaExtensions = rt.extensions.map((e) => ({ schema: e.id, required: false }));
  doc.meta = { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${rt.name}` };
  return doc;
}

export function resourceTypeDocuments(base: string): JsonObject[] {
  const t = resourceTypes();
  return [resourceTypeDocument(t.User, base), resourceTypeDocument(t.Group, base)];
}

export function schemaDocuments(base: string): JsonObject[] {
  return schemaDocumentTemplates().map((t) => ({
    ...(JSON.parse(JSON.stringify(t)) as JsonObject),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${String(t.id)}` },
  }));
}
