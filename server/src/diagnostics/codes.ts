// The one table of diagnostic codes: every code entramap reports, with its default severity.
// Codes are stable: never renumber, never reuse a retired code. Documented in docs/diagnostics.md
// (a unit test keeps the two in step).
//
// Families: EPX0xx expression syntax, EPX1xx expression semantics, EVL0xx expression evaluation.
// Later families are added below their own comment.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface CodeInfo {
  severity: Severity;
  /** Short title, used in docs and as the fallback message. */
  title: string;
}

export const DOCS_BASE = 'https://github.com/entramap/entramap/blob/main/docs/diagnostics.md';

export const CODES = {
  // ---- expression syntax ------------------------------------------------------------------
  EPX001: { severity: 'error', title: 'Unexpected character' },
  EPX002: { severity: 'error', title: 'Unterminated string constant' },
  EPX003: { severity: 'error', title: 'Unterminated attribute reference' },
  EPX004: { severity: 'error', title: 'Missing closing parenthesis' },
  EPX005: { severity: 'error', title: 'Expected a term' },
  EPX006: { severity: 'error', title: 'Unexpected text after the expression' },
  EPX007: { severity: 'error', title: 'Empty expression' },
  EPX008: { severity: 'error', title: 'Expression longer than 10,000 characters' },
  EPX009: { severity: 'warning', title: 'Unknown escape sequence' },
  EPX010: { severity: 'error', title: 'Bare word is not a value' },
  EPX011: { severity: 'error', title: 'Only one comparison per condition' },
  EPX012: { severity: 'warning', title: 'Spaces inside attribute brackets' },
  EPX013: { severity: 'error', title: 'Empty attribute name' },
  EPX014: { severity: 'error', title: 'AND / OR are not operators' },
  EPX015: { severity: 'error', title: "Expected ',' or ')'" },
  EPX016: { severity: 'error', title: 'Nesting too deep' },
  EPX017: { severity: 'error', title: 'Parentheses without a function name' },

  // ---- expression semantics (server/src/check/expression.ts) --------------------------------
  EPX101: { severity: 'error', title: 'Unknown function' },
  EPX102: { severity: 'warning', title: 'Function not in the reference' },
  EPX103: { severity: 'warning', title: 'Non-canonical casing' },
  EPX104: { severity: 'error', title: 'Too few arguments' },
  EPX105: { severity: 'error', title: 'Too many arguments' },
  EPX106: { severity: 'error', title: 'Required argument left empty' },
  EPX107: { severity: 'error', title: 'Argument of the wrong kind' },
  EPX108: { severity: 'warning', title: 'Comparison outside a condition' },
  EPX109: { severity: 'error', title: 'Function must be at the top level' },
  EPX110: { severity: 'warning', title: 'Function only meaningful at the top level' },
  EPX111: { severity: 'error', title: 'Key without a value' },
  EPX112: { severity: 'warning', title: 'Null test as Switch source' },
  EPX113: { severity: 'warning', title: 'IIF condition tests for null or empty' },
  EPX114: { severity: 'error', title: 'Value not accepted by the parameter' },
  EPX115: { severity: 'warning', title: 'Date not converted with CDate' },
  EPX116: { severity: 'error', title: 'Number above the documented maximum' },
  EPX117: { severity: 'warning', title: 'Number below the documented minimum' },
  EPX118: { severity: 'error', title: 'RandomString length below the sum of minimums' },
  EPX119: { severity: 'error', title: 'Replace arguments match no mode' },
  EPX120: { severity: 'error', title: 'Invalid regular expression' },
  EPX121: { severity: 'warning', title: 'Questionable regular expression' },
  EPX122: { severity: 'error', title: 'Regex group not defined in the pattern' },
  EPX123: { severity: 'warning', title: 'Substitution refers to an undefined group' },
  EPX124: { severity: 'warning', title: 'Ambiguous argument count' },
  EPX125: { severity: 'hint', title: 'Expression mapping without a function' },
  EPX126: { severity: 'error', title: 'Direct mapping needs one attribute' },
  EPX127: { severity: 'error', title: 'Constant mapping needs a constant' },
  EPX128: { severity: 'information', title: 'New value on every synchronization' },
  EPX129: { severity: 'error', title: 'Function only for object creation' },
  EPX130: { severity: 'error', title: 'Function not allowed on a matching attribute' },
  EPX131: { severity: 'warning', title: 'Reference attribute in Switch' },
  EPX132: { severity: 'warning', title: 'Role attribute mapped directly' },

  // ---- expression evaluation (server/src/evaluate/; `entramap eval`, provisioning traces) --------
  EVL001: { severity: 'error', title: 'Function cannot be evaluated' },
  EVL002: { severity: 'error', title: 'Not a whole number' },
  EVL003: { severity: 'error', title: 'Number out of range' },
  EVL004: { severity: 'error', title: 'Value of the wrong kind' },
  EVL005: { severity: 'error', title: 'IIF condition uses a null or empty attribute' },
  EVL006: { severity: 'error', title: 'Not True or False' },
  EVL007: { severity: 'error', title: 'Values cannot be compared' },
  EVL008: { severity: 'error', title: 'Invalid date or time' },
  EVL009: { severity: 'error', title: 'Invalid regular expression at evaluation' },
  EVL010: { severity: 'error', title: 'Regular expression too expensive' },
  EVL011: { severity: 'error', title: 'Unknown culture' },
  EVL012: { severity: 'error', title: 'Regex group not in the pattern' },
  EVL013: { severity: 'error', title: 'Every unique value is taken' },
  EVL014: { severity: 'error', title: 'RandomString requirements cannot be met' },
  EVL015: { severity: 'error', title: 'Not an app role assignment' },
  EVL016: { severity: 'error', title: 'Ambiguous attribute name' },
  EVL017: { severity: 'error', title: 'Nothing to search for' },
  EVL018: { severity: 'error', title: 'Value not accepted by the parameter' },
  EVL019: { severity: 'error', title: 'Uniqueness check failed' },
  EVL099: { severity: 'error', title: 'Internal evaluation error' },

  // ---- scoping filters (server/src/scoping/) --------------------------------------------------
  ESF001: { severity: 'error', title: 'Unknown scoping operator' },
  ESF002: { severity: 'warning', title: 'Scoping operator with unknown semantics' },
  ESF003: { severity: 'warning', title: 'Undocumented scoping operator' },
  ESF004: { severity: 'error', title: 'Missing value' },
  ESF005: { severity: 'warning', title: 'Value given to a unary operator' },
  ESF006: { severity: 'warning', title: 'Extra values ignored' },
  ESF007: { severity: 'error', title: 'Value is not an integer' },
  ESF008: { severity: 'error', title: 'Invalid regular expression in a scoping filter' },
  ESF009: { severity: 'information', title: 'Regular expression is not anchored' },
  ESF010: { severity: 'error', title: 'Attribute cannot be used in a scoping filter' },
  ESF011: { severity: 'warning', title: 'Unknown source attribute' },
  ESF012: { severity: 'warning', title: 'Source attribute name casing' },
  ESF013: { severity: 'error', title: 'Malformed scoping filter' },
  ESF014: { severity: 'warning', title: 'Scoping filter without clauses' },
  ESF015: { severity: 'information', title: 'Operator semantics uncertain' },
  ESF016: { severity: 'warning', title: 'Boolean test on a non-Boolean attribute' },
  ESF017: { severity: 'warning', title: 'Integer comparison on a non-integer attribute' },
  ESF018: { severity: 'error', title: 'Invalid directory extension name' },
  ESF019: { severity: 'information', title: 'Experimental filter groups' },
  ESF020: { severity: 'warning', title: 'Clause can never be true' },
  ESF021: { severity: 'error', title: 'Source object is not a JSON object' },
  ESF022: { severity: 'warning', title: 'Questionable regular expression in a scoping filter' },
  ESF023: { severity: 'information', title: 'Negative operator is false on empty values' },

  // ---- .entramap syntax and structure (server/src/language/mapping/) ---------------------------
  EMF001: { severity: 'error', title: 'Unexpected character' },
  EMF002: { severity: 'error', title: 'Unterminated string' },
  EMF003: { severity: 'error', title: 'Syntax error' },
  EMF004: { severity: 'error', title: 'Statement not allowed here' },
  EMF005: { severity: 'error', title: 'Block not closed' },
  EMF006: { severity: 'error', title: 'Unmatched closing brace' },
  EMF007: { severity: 'error', title: 'Duplicate statement' },
  EMF008: { severity: 'error', title: 'Missing source after <-' },
  EMF009: { severity: 'error', title: 'Invalid JSON in an annotation' },
  EMF010: { severity: 'error', title: '@graph needs a JSON object' },
  EMF011: { severity: 'error', title: 'Unknown @graph directive' },
  EMF012: { severity: 'warning', title: 'Stale source tree ignored' },
  EMF013: { severity: 'warning', title: '@graph property overridden by the text' },
  EMF014: { severity: 'error', title: 'Property set twice by @graph' },
  EMF015: { severity: 'error', title: 'Invalid value' },
  EMF016: { severity: 'error', title: 'Unknown target object action' },
  EMF017: { severity: 'error', title: 'Mapping block without source or target object' },
  EMF018: { severity: 'error', title: 'More than one app line' },
  EMF019: { severity: 'warning', title: 'Mapping blocks outside a rule next to rule blocks' },
  EMF020: { severity: 'error', title: 'Option repeated on a line' },

  // ---- Graph synchronizationSchema JSON structure (server/src/schema/) --------------------------
  EGJ001: { severity: 'error', title: 'Invalid JSON' },
  EGJ002: { severity: 'error', title: 'Expected a JSON object' },
  EGJ003: { severity: 'error', title: 'Expected a JSON array' },
  EGJ004: { severity: 'error', title: 'Property of the wrong type' },
  EGJ005: { severity: 'error', title: 'Missing required property' },
  EGJ006: { severity: 'error', title: 'Unknown source type' },
  EGJ007: { severity: 'warning', title: 'Unknown value' },
  EGJ008: { severity: 'warning', title: 'Source tree disagrees with its expression' },
  EGJ009: { severity: 'warning', title: 'Duplicate property' },
  EGJ010: { severity: 'warning', title: 'Comment in JSON' },
  EGJ011: { severity: 'error', title: 'Not a synchronizationSchema' },

  // ---- mapping semantics (server/src/check/mapping.ts) ----------------------------------------
  EMP001: { severity: 'warning', title: 'Unknown source attribute' },
  EMP002: { severity: 'warning', title: 'Source attribute name casing' },
  EMP003: { severity: 'error', title: 'Invalid directory extension name' },
  EMP004: { severity: 'error', title: 'Source attribute not in the source schema' },
  EMP005: { severity: 'information', title: 'Source attribute not in the default source schema' },
  EMP006: { severity: 'error', title: 'Multi-valued directory extension' },
  EMP007: { severity: 'information', title: 'App template without catalogue facts' },
  EMP008: { severity: 'warning', title: 'Unknown target schema' },
  EMP010: { severity: 'error', title: 'Unknown target attribute' },
  EMP011: { severity: 'error', title: 'Invalid target attribute path' },
  EMP012: { severity: 'warning', title: 'Target attribute name casing' },
  EMP013: { severity: 'warning', title: 'Target attribute needs a sub-attribute or value filter' },
  EMP014: { severity: 'information', title: 'Custom extension attribute not checked' },
  EMP015: { severity: 'information', title: 'Value filter type outside RFC 7643' },
  EMP016: { severity: 'hint', title: 'Non-canonical target path' },
  EMP017: { severity: 'error', title: 'Target attribute the service never writes' },
  EMP018: { severity: 'warning', title: "Target attribute not in the app's attribute list" },
  EMP020: { severity: 'error', title: 'Target attribute mapped twice' },
  EMP021: { severity: 'error', title: 'Required target attribute not mapped' },
  EMP022: { severity: 'error', title: 'No matching attribute' },
  EMP023: { severity: 'error', title: 'Matching precedence used twice' },
  EMP024: { severity: 'warning', title: 'Matching attribute the target cannot filter on' },
  EMP025: { severity: 'warning', title: 'Matching on a fixed value' },
  EMP030: { severity: 'error', title: 'Constant does not fit the target type' },
  EMP031: { severity: 'error', title: 'Reference attribute not mapped directly' },
  EMP032: { severity: 'error', title: 'Groups mapped for an app without group provisioning' },
  EMP033: { severity: 'warning', title: 'Object action the app does not support' },
  EMP034: { severity: 'warning', title: 'Delete action for an app without hard deletes' },
  EMP035: { severity: 'information', title: 'Disables do not flow' },
  EMP099: { severity: 'error', title: 'Internal checker error' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function codeInfo(code: string): CodeInfo | undefined {
  return (CODES as Record<string, CodeInfo>)[code];
}

export function codeHref(code: string): string {
  return `${DOCS_BASE}#${code.toLowerCase()}`;
}
