// The one table of diagnostic codes: every code entramap reports, with its default severity.
// Codes are stable: never renumber, never reuse a retired code. Documented in docs/diagnostics.md
// (a unit test keeps the two in step).
//
// Families: EPX0xx expression syntax, EPX1xx expression semantics. Later families are added
// below their own comment.

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
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function codeInfo(code: string): CodeInfo | undefined {
  return (CODES as Record<string, CodeInfo>)[code];
}

export function codeHref(code: string): string {
  return `${DOCS_BASE}#${code.toLowerCase()}`;
}
