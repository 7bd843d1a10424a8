// Public API of the .entramap language: parse, print, and look things up by offset.
export { parseMappingDocument } from './build';
export type { MappingDocumentParse, ParseMappingOptions } from './build';
export { printMapping } from './printer';
export type { PrintOptions } from './printer';
export { lexMapping } from './lexer';
export { decodeString, quoteString } from './scan';
