// Cooperative scheduling for the language server: Node runs the whole server on one thread, so
// long analyses are cut into slices. Between slices the event loop gets control back (new LSP
// messages, cancellations, other documents), and cancellation is checked.
//
// Kept free of LSP types so pure code (an analyser adapter, a CLI) can use the same helpers.

/** The shape of an LSP / VS Code cancellation token; nothing more is needed here. */
export interface CancellationFlag {
  readonly isCancellationRequested: boolean;
}

/** Thrown (and only caught by the analysis pipeline) when work was cancelled. */
export class CancelledError extends Error {
  constructor(readonly reason = 'cancelled') {
    super(`Analysis ${reason}.`);
    this.name = 'CancelledError';
  }
}

export function isCancelled(err: unknown): err is CancelledError {
  return err instanceof CancelledError;
}

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A budget for one long task: call `checkpoint()` between units of work (a line, an expression).
 * It returns at once while the current slice is shorter than `sliceMs`; otherwise it yields to
 * the event loop first. Either way it throws `CancelledError` once the token is cancelled.
 */
export class Work {
  private sliceStart = Date.now();
  /** How many times this task gave the event loop back. */
  yields = 0;

  constructor(
    private readonly token: CancellationFlag = { isCancellationRequested: false },
    readonly sliceMs = 8,
  ) {}

  get cancelled(): boolean {
    return this.token.isCancellationRequested;
  }

  throwIfCancelled(): void {
    if (this.token.isCancellationRequested) throw new CancelledError();
  }

  async checkpoint(): Promise<void> {
    this.throwIfCancelled();
    if (Date.now() - this.sliceStart < this.sliceMs) return;
    await yieldToEventLoop();
    this.yields++;
    this.sliceStart = Date.now();
    this.throwIfCancelled();
  }
}

/** A cancellation source without LSP dependencies (the pipeline owns one per analysis). */
export class CancellationSource {
  private flag = false;
  private readonly listeners: (() => void)[] = [];
  readonly token: CancellationFlag & { onCancelled(listener: () => void): void };

  constructor() {
    const self = this;
    this.token = {
      get isCancellationRequested() {
        return self.flag;
      },
      onCancelled(listener: () => void) {
        if (self.flag) listener();
        else self.listeners.push(listener);
      },
    };
  }

  cancel(): void {
    if (this.flag) return;
    this.flag = true;
    for (const l of this.listeners.splice(0)) {
      try {
        l();
      } catch {
        // a listener's failure must not stop the others
      }
    }
  }
}
