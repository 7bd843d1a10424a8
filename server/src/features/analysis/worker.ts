// Pathological documents (analysis/placement.ts: huge ones, very long lines, large Graph JSON)
// are analysed in a worker thread. Their parse cannot be sliced or would take too much memory,
// and only a separate thread keeps the server answering meanwhile; cancelling terminates the
// worker at once. The worker runs the same analyser and sends back
// the diagnostics only: a model with offset-mapping functions cannot cross threads, so editor
// features see `model: undefined` for such documents.
//
// The worker is the server bundle itself (server.ts starts `serveAnalysisWorker` instead of the
// LSP connection when it runs as this worker), so no extra entry point is needed.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { CancellationFlag, CancelledError, Work } from '../scheduling';
import type { AnalysisDiagnostic, AnalysisInput } from './analyzer';
import type { AnalyzerRegistry } from './registry';
import type { PlacementOptions } from './placement';

const WORKER_FLAG = 'entramapAnalysisWorker';

export interface OffThreadOptions {
  /** The script to run as the worker (the server bundle). */
  script: string;
  /** Which documents are analysed off the main thread (analysis/placement.ts). */
  placement?: PlacementOptions;
  /** A worker still running after this long is terminated and the analysis fails. */
  timeoutMs: number;
  /** Heap limit of a worker; a pathological document fails alone instead of the server. */
  maxHeapMb: number;
}

export interface OffThreadResult {
  diagnostics: AnalysisDiagnostic[];
  truncated: boolean;
}

type Reply = { ok: true; diagnostics: AnalysisDiagnostic[]; truncated: boolean } | { ok: false; error: string };

/** True inside an analysis worker (server.ts then serves analyses instead of LSP). */
export function isAnalysisWorker(): boolean {
  return !isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG] === true;
}

/** Worker side: analyse the one document in workerData and post the result. */
export async function serveAnalysisWorker(registry: AnalyzerRegistry): Promise<void> {
  const input = (workerData as { input: AnalysisInput }).input;
  let reply: Reply;
  try {
    const analyzer = registry.forKind(input.kind);
    if (!analyzer) throw new Error(`no analyser for ${input.kind}`);
    // No one else runs on this thread: never yield.
    const out = await analyzer.analyze(input, new Work(undefined, Number.POSITIVE_INFINITY));
    reply = { ok: true, diagnostics: out.diagnostics, truncated: out.truncated === true };
  } catch (err) {
    reply = { ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
}

/** Main side: runs the analysis of `input` in a new worker. */
export function analyzeOffThread(
  input: AnalysisInput,
  options: OffThreadOptions,
  token: CancellationFlag & { onCancelled(listener: () => void): void },
): Promise<OffThreadResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(options.script, {
      workerData: { [WORKER_FLAG]: true, input },
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb },
      stdout: true, // the bundle's console output stays out of the LSP stream
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`analysis of ${input.uri} took longer than ${options.timeoutMs} ms and was stopped`))),
      options.timeoutMs,
    );
    token.onCancelled(() => finish(() => reject(new CancelledError())));
    worker.once('message', (reply: Reply) =>
      finish(() => (reply.ok ? resolve({ diagnostics: reply.diagnostics, truncated: reply.truncated }) : reject(new Error(reply.error)))),
    );
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`analysis worker exited with code ${code}`))));
  });
}
