// Errors raised by the .NET regular expression emulation.

/** A pattern (or replacement string) that .NET would reject. `offset`/`length` locate the offending text. */
export class RegexSyntaxError extends Error {
  /** UTF-16 offset of the offending construct in the pattern (or replacement) text. */
  readonly offset: number;
  /** Length of the offending construct (at least 1 unless the pattern is empty). */
  readonly length: number;
  /** The text the offsets refer to. */
  readonly pattern: string;

  constructor(message: string, pattern: string, offset: number, length: number) {
    super(message);
    this.name = 'RegexSyntaxError';
    this.pattern = pattern;
    this.offset = Math.max(0, Math.min(offset, pattern.length));
    this.length = Math.max(0, Math.min(length, pattern.length - this.offset));
  }
}

/** Matching did more backtracking work than the step budget allows (a likely catastrophic pattern). */
export class RegexBudgetError extends Error {
  readonly pattern: string;
  readonly budget: number;

  constructor(pattern: string, budget: number) {
    const shown = pattern.length > 120 ? `${pattern.slice(0, 117)}...` : pattern;
    super(
      `Regular expression '${shown}' exceeded its step budget (${budget.toLocaleString('en-US')} backtracking steps) ` +
        'and was abandoned: the pattern backtracks excessively on this input (for example nested quantifiers such as (a+)+).',
    );
    this.name = 'RegexBudgetError';
    this.pattern = pattern;
    this.budget = budget;
  }
}
