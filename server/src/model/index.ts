// The configuration model shared by the checker, the provisioning engine and the language server.
export * from './types';
export * from './query';
export { LineIndex, contains } from './positions';
export type { Position } from './positions';
export { jsonEqual, cloneJson, isJsonObject, diffJson, mergeJson } from './json';
