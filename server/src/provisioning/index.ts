// Public entry of the provisioning engine: the SCIM client, Test Connection, Provision on Demand
// and the trace model they share with the CLI and the VS Code view.
//
//   testConnection({ url, token, ... })            → TestConnectionResult (never throws)
//   provisionUser({ model, users, url, token, user, ... })   → ProvisionTrace (never throws)
//   provisionGroup({ model, users, groups, url, token, group, ... }) → ProvisionTrace
//   formatTrace(trace)                             → the CLI's text form
//   computeBulk(model, users, { onUser })          → scope + every mapping for many users, no HTTP
//   preflight(text, kind, { resolveTargetSchema }) → the model, and the errors that stop a run
//
// The token is only ever sent in the Authorization header; everything these functions return is
// redacted (Authorization, credential-like query parameters, proxy passwords, secret attributes
// and Redact()ed values).
export { ScimClient, DEFAULT_TIMEOUT_MS, DEFAULT_RETRY_POLICY, TENANT_URL_FLAGS, parseTenantUrl, parseRetryAfter } from './client';
export type { ScimClientOptions, ScimExchange, ScimRequestOptions, ScimResponse, RetryPolicy, TenantUrl } from './client';
export { ManualClock, systemClock } from './clock';
export type { Clock } from './clock';
export { ScimRequestError, classifyTransportError } from './errors';
export type { FailureCategory } from './errors';
export { Redactor, REDACTED, REDACTED_CREDENTIAL, isSensitiveName } from './redact';
export { testConnection } from './test-connection';
export type {
  TestConnectionOptions,
  TestConnectionResult,
  TestConnectionRequest,
  ServiceProviderConfigSummary,
  SchemasSummary,
  GroupsSummary,
} from './test-connection';
export { provisionUser, provisionGroup, provisionOnDemand } from './engine';
export type { ProvisionOptions, ProvisionUserOptions, ProvisionGroupOptions, RequestShapes } from './engine';
export type { SourceObject } from './compute';
export { computeBulk, BulkSetupError } from './bulk';
export type { BulkOptions, BulkReport, BulkRow } from './bulk';
export { decideScope } from './scope';
export type { ScopeDecision, ScopeReason } from './scope';
export { preflight } from './preflight';
export type { PreflightError, PreflightOptions, PreflightResult } from './preflight';
export { TRACE_VERSION, formatTrace, readableUrl } from './trace';
export type {
  ProvisionTrace,
  TraceAction,
  TraceStep,
  TraceRequest,
  TraceError,
  StepName,
  StepStatus,
  AttributeChange,
  FormatOptions,
} from './trace';
