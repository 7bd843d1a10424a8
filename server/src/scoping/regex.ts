// The regular-expression engine behind REGEX MATCH / NOT REGEX MATCH: an interface, so the
// evaluator and the checks can be tested alone, and the default backed by entramap's .NET regex
// emulation (server/src/evaluate/regex).

/** What one pattern problem looks like to the scoping checks. Offsets are into the pattern. */
export interface RegexProblem {
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  start: number;
  end: number;
}

export type RegexOutcome =
  | { kind: 'match'; matched: boolean }
  /** The pattern does not compile; `message` says why. */
  | { kind: 'syntax'; message: string }
  /** Matching exceeded its time/step budget (catastrophic backtracking). */
  | { kind: 'budget'; message: string };

export interface ScopeRegexEngine {
  /** .NET `Regex.IsMatch(input, pattern)`: unanchored, case-sensitive unless the pattern says otherwise. Never throws. */
  isMatch(pattern: string, input: string): RegexOutcome;
  /** Problems of a pattern without matching it (syntax errors, .NET-only constructs, ...). */
  validate(pattern: string): RegexProblem[];
}
