// The default scoping regex engine: entramap's .NET regular expression emulation (default
// options: case-sensitive, unanchored search, bounded work). compileRegex caches compiled
// patterns itself, so evaluating one filter for many users compiles each pattern once.
import { compileRegex, RegexBudgetError, RegexSyntaxError, validateRegex } from '../evaluate/regex';
import type { RegexOutcome, RegexProblem, ScopeRegexEngine } from './regex';

export const dotnetRegexEngine: ScopeRegexEngine = {
  isMatch(pattern: string, input: string): RegexOutcome {
    try {
      return { kind: 'match', matched: compileRegex(pattern).isMatch(input) };
    } catch (e) {
      if (e instanceof RegexSyntaxError) return { kind: 'syntax', message: e.message };
      if (e instanceof RegexBudgetError) return { kind: 'budget', message: e.message };
      throw e;
    }
  },

  validate(pattern: string): RegexProblem[] {
    return validateRegex(pattern).map((p) => ({ severity: p.severity, message: p.message, start: p.start, end: p.end }));
  },
};
