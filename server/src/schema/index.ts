// Public API of Graph synchronizationSchema JSON support.
export { parseGraphSchema } from './read';
export type { GraphSchemaParse } from './read';
export { modelToGraphJson, formatGraphJson, stripEntramapAnnotations } from './write';
export { parseJson, stringOffsetMapper, stringInnerRange, nodeAtPath, propertyOf } from './json-tree';
export type { JNode, JProperty } from './json-tree';
export { sourceTreeFromExpression, expressionOfSourceTree, squeezeExpression } from './source-tree';
export { APP_ANNOTATION, ATTRIBUTE_FLOW_TYPES, FLOW_BEHAVIORS, SOURCE_TYPES, parseFlowTypes, formatFlowTypes } from './elements';
