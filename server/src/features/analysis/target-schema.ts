// `app ... schema FILE`: the SCIM schema file a document names. The reader is shared with the CLI
// (check/target-schema-resolver.ts), so the editor and `entramap check` report the same.
export { filePathOf, targetSchemaResolver } from '../../check/target-schema-resolver';
export type { TargetSchemaResolver } from '../../check/target-schema-resolver';
