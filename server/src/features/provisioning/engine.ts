// The provisioning engine as the language server runs it: Test Connection, Provision on Demand
// and the offline scope check, with undici and the SCIM client underneath. Only index.ts uses it,
// through `loadEngine()`, on the first request that needs it: esbuild.mjs bundles this module on
// its own (server/out/provisioning.js, next to server.js) and turns index.ts's `require` of it
// into a `require` of that file, so none of it is in server.js and the server starts without it.
//
// What crosses the boundary is plain data (mapping models, users, traces, results): the two
// bundles each have their own copy of the shared modules, so nothing here may rely on class
// identity (`instanceof`) with the language server's objects.
export { provisionUser } from '../../provisioning/engine';
export { testConnection } from '../../provisioning/test-connection';
export { formatTrace } from '../../provisioning/trace';
export { checkScopeOffline } from './scope-check';
