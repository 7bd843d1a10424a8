// Internal signals of the evaluator. Both are thrown inside compiled closures and caught by
// `evaluate()` (and by the functions that choose between values), so a caller of the public API
// never sees them: every problem with user input becomes an outcome.

/** A problem with the expression or its input; becomes `{ kind: 'error', code, message, start, end }`. */
export class EvalError extends Error {
  readonly code: string;
  /** UTF-16 range in the expression text of the node that failed. */
  readonly start: number;
  readonly end: number;

  constructor(code: string, message: string, start: number, end: number) {
    super(message);
    this.name = 'EvalError';
    this.code = code;
    this.start = start;
    this.end = end;
  }
}

/** A UTF-16 range in the expression text. */
export interface Where {
  start: number;
  end: number;
}

export function fail(code: string, message: string, at: Where): never {
  throw new EvalError(code, message, at.start, at.end);
}

/**
 * Thrown when a function consumed the "do not flow" marker of IgnoreFlowIfNullOrEmpty. The call
 * whose argument carried the marker therefore has the marker as its own value; functions that
 * choose between values (IIF, Switch, Coalesce, SelectUniqueValue) catch it for the arguments
 * they evaluate, so an unchosen branch does not stop the flow.
 */
export class NoFlowSignal extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'NoFlowSignal';
    this.reason = reason;
  }
}
