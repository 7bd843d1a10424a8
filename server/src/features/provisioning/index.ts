// Provisioning in the editor: entraProvisioning/testConnection, entraProvisioning/provisionOnDemand
// and entraProvisioning/checkScope (protocol.ts). The client passes the secret token with each
// network request; it is used for that request only — never stored, never logged — and scrubbed
// from everything returned (scrub.ts), on top of the engine's own redaction.
//
//  - progress: `$/progress` on the request's workDoneToken: begin, one report per HTTP request
//    sent and answered (activity.ts), end;
//  - cancellation: `$/cancelRequest` aborts the engine's AbortSignal, which aborts the HTTP
//    requests in flight and the retry waits; the request fails with RequestCancelled, a cancelled
//    provisioning run with its partial trace in the error data (a write may already have landed);
//  - mapping documents are read from the open documents (unsaved edits included) or from disk,
//    .entramap or Graph schema JSON; a document with errors stops the run before anything is sent;
//  - the engine (engine.ts: undici, the SCIM client, the trace formatter) is loaded on the first
//    request that needs it, from its own bundle (server/out/provisioning.js): it is not in
//    server.js (test/lsp/bundles.test.ts checks that).
import { CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import {
  CheckScopeParams,
  CheckScopeRequest,
  CheckScopeResult,
  ProvisionOnDemandParams,
  ProvisionOnDemandRequest,
  ProvisionOnDemandResult,
  TestConnectionParams,
  TestConnectionRequest,
} from '../../protocol';
import type { TestConnectionResult } from '../../provisioning/test-connection';
import { ProvisionTrace, TRACE_VERSION, TraceError } from '../../provisioning/trace';
import type { Feature, FeatureContext } from '../feature';
import { ActivitySink, purposeOf, withActivity } from './activity';
import type * as EngineModule from './engine';
import { Scrub, scrubber } from './scrub';
import { connectionOptions, describeProblems, InputError, loadMapping, loadUsers, matchingAttributes, OpenDocumentText } from './inputs';

type Engine = typeof EngineModule;
let engine: Engine | undefined;

/**
 * The provisioning engine, loaded on first use. In the language server bundle this `require` is
 * of server/out/provisioning.js (esbuild.mjs, `lazyModules`); from the sources it is engine.ts.
 * Keep it the only reference to engine.ts: an `import` of it would put the engine into server.js.
 */
function loadEngine(): Engine {
  engine ??= require('./engine') as Engine;
  return engine;
}

export class ProvisioningFeature implements Feature {
  readonly id = 'provisioning';

  register(ctx: FeatureContext): void {
    const open: OpenDocumentText = (uri) => ctx.documents.get(uri)?.getText();
    ctx.connection.onRequest(TestConnectionRequest.type, (params, token) =>
      guarded(params?.token, () => this.testConnection(ctx, open, params, token)),
    );
    ctx.connection.onRequest(ProvisionOnDemandRequest.type, (params, token) =>
      guarded(params?.token, () => this.provisionOnDemand(ctx, open, params, token)),
    );
    ctx.connection.onRequest(CheckScopeRequest.type, (params) => guarded(undefined, () => this.checkScope(open, params)));
  }

  private async testConnection(ctx: FeatureContext, open: OpenDocumentText, params: TestConnectionParams, cancel: CancellationToken): Promise<TestConnectionResult> {
    const scrub = scrubber(params.token);
    const conn = connectionOptions(params);
    let matchingAttribute = typeof params.matchingAttribute === 'string' && params.matchingAttribute.trim() ? params.matchingAttribute.trim() : undefined;
    if (!matchingAttribute && typeof params.mappingUri === 'string' && params.mappingUri) {
      // The probe uses the mapping's first matching attribute, as Entra does; an unreadable
      // mapping is not a connection problem: the probe then falls back to userName.
      matchingAttribute = await loadMapping(params.mappingUri, open)
        .then((m) => matchingAttributes(m.model)[0])
        .catch(() => undefined);
    }
    const progress = reporter(ctx, params.workDoneToken);
    progress.begin('Test Connection', undefined, `Connecting to ${hostOf(conn.url)}`, false);
    try {
      const result = await runCancellable(cancel, (signal) =>
        withActivity(sink(conn.url, progress, scrub), () => loadEngine().testConnection({ ...conn, matchingAttribute, signal })),
      );
      if (cancel.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Test Connection was cancelled.');
      ctx.log.debug(`testConnection: ${result.ok ? 'ok' : `failed (${result.category})`}, ${result.requests.length} requests, ${result.durationMs} ms`);
      return scrub(result);
    } finally {
      progress.done();
    }
  }

  private async provisionOnDemand(
    ctx: FeatureContext,
    open: OpenDocumentText,
    params: ProvisionOnDemandParams,
    cancel: CancellationToken,
  ): Promise<ProvisionOnDemandResult> {
    const scrub = scrubber(params.token);
    const conn = connectionOptions(params);
    const dryRun = params.dryRun === true;
    const user = typeof params.user === 'string' ? params.user.trim() : '';
    if (!user) throw new InputError('No user was given: pass its objectId or userPrincipalName.');
    const progress = reporter(ctx, params.workDoneToken);
    progress.begin(dryRun ? 'Provision on Demand (dry run)' : 'Provision on Demand', undefined, 'Reading the mapping and the users', false);
    try {
      let mapping;
      let users;
      try {
        mapping = await loadMapping(params.mappingUri, open);
        users = await loadUsers(params, open);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        const trace = inputFailure(user, dryRun, { category: 'input', message: err.message, hint: err.hint });
        return scrub({ trace, text: loadEngine().formatTrace(trace), problems: [] });
      }
      if (mapping.problems.length) {
        const n = mapping.problems.length;
        const trace = inputFailure(user, dryRun, {
          category: 'mapping',
          message: `${mapping.name} has ${n} error${n === 1 ? '' : 's'}; nothing was sent.`,
          hint: `Fix the problems first (the Problems panel lists them):\n${describeProblems(mapping.name, mapping.problems)}`,
        });
        return scrub({ trace, text: loadEngine().formatTrace(trace), problems: mapping.problems });
      }
      progress.report(`Provisioning ${user}`);
      const model = mapping.model;
      const trace = await runCancellable(cancel, (signal) =>
        withActivity(sink(conn.url, progress, scrub), () => loadEngine().provisionUser({ ...conn, model, users, user, dryRun, signal })),
      );
      const result: ProvisionOnDemandResult = scrub({ trace, text: loadEngine().formatTrace(trace), problems: [] });
      if (cancel.isCancellationRequested) {
        throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Provision on Demand was cancelled.', { trace: result.trace, text: result.text });
      }
      ctx.log.debug(`provisionOnDemand: ${trace.action}${trace.completed ? '' : ' (failed)'}${dryRun ? ' (dry run)' : ''}, ${trace.requests.length} requests, ${trace.durationMs} ms`);
      return result;
    } finally {
      progress.done();
    }
  }

  private async checkScope(open: OpenDocumentText, params: CheckScopeParams): Promise<CheckScopeResult> {
    const user = typeof params?.user === 'string' ? params.user.trim() : '';
    if (!user) throw new InputError('No user was given: pass its objectId or userPrincipalName.');
    const failure = (error: TraceError, problems: CheckScopeResult['problems'] = []): CheckScopeResult => ({
      inScope: false,
      reason: error.message,
      conditions: [],
      filters: [],
      steps: [],
      text: `✗ ${error.message}${error.hint ? `\n  Fix: ${error.hint}` : ''}\n`,
      error,
      problems,
    });
    let mapping;
    let users;
    try {
      mapping = await loadMapping(params.mappingUri, open);
      users = await loadUsers(params, open);
    } catch (err) {
      if (err instanceof InputError) return failure({ category: 'input', message: err.message, hint: err.hint });
      throw err;
    }
    if (mapping.problems.length) {
      const n = mapping.problems.length;
      return failure(
        { category: 'mapping', message: `${mapping.name} has ${n} error${n === 1 ? '' : 's'}.`, hint: describeProblems(mapping.name, mapping.problems) },
        mapping.problems,
      );
    }
    const result = await loadEngine().checkScopeOffline({ model: mapping.model, users, user, syncAll: params.syncAll === true });
    return { ...result, problems: [] };
  }
}

/**
 * Runs a handler: input errors become InvalidParams errors, and no error message leaves the
 * server with the token in it.
 */
async function guarded<T>(token: unknown, fn: () => Promise<T>): Promise<T> {
  const scrub: Scrub = scrubber(typeof token === 'string' ? token : undefined);
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ResponseError) throw new ResponseError(err.code, scrub(err.message), scrub(err.data));
    if (err instanceof InputError) throw new ResponseError(ErrorCodes.InvalidParams, scrub(err.hint ? `${err.message} ${err.hint}` : err.message));
    const message = err instanceof Error ? err.message : String(err);
    throw new ResponseError(ErrorCodes.InternalError, scrub(`Internal error: ${message}`));
  }
}

/** Runs `fn` with an AbortSignal that fires when the LSP request is cancelled. */
async function runCancellable<T>(cancel: CancellationToken, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const sub = cancel.onCancellationRequested(() => controller.abort(new Error('cancelled')));
  if (cancel.isCancellationRequested) controller.abort(new Error('cancelled'));
  try {
    return await fn(controller.signal);
  } finally {
    sub.dispose();
  }
}

/** The request's work-done progress; reports after `done()` (a late socket event) are dropped. */
function reporter(ctx: FeatureContext, token: string | number | undefined): WorkDoneProgressReporter {
  const inner = ctx.connection.window.attachWorkDoneProgress(token);
  let done = false;
  return {
    begin: (title, percentage, message, cancellable) => inner.begin(title, percentage, message, cancellable),
    report: ((arg: number | string, message?: string) => {
      if (done) return;
      if (typeof arg === 'number') inner.report(arg, message ?? '');
      else inner.report(arg);
    }) as WorkDoneProgressReporter['report'],
    done: () => {
      if (done) return;
      done = true;
      inner.done();
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the Tenant URL';
  }
}

/** Progress text for each HTTP request of a run. */
function sink(url: string, progress: WorkDoneProgressReporter, scrub: Scrub): ActivitySink {
  let basePath = '';
  try {
    basePath = new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    // the engine reports the bad URL
  }
  const label = (a: { method: string; path: string; filtered: boolean }) => `${a.method} ${a.path}${a.filtered ? '?filter=…' : ''}`;
  return {
    basePath,
    request: (a) => progress.report(scrub(`${purposeOf(a)}: ${label(a)}`)),
    response: (a) => progress.report(scrub(`${label(a)} → ${a.status ?? 'no status'}`)),
  };
}

/** A trace that stopped before the engine ran (unreadable input, a mapping with errors). */
function inputFailure(user: string, dryRun: boolean, error: TraceError): ProvisionTrace {
  return {
    version: TRACE_VERSION,
    object: { type: 'User', id: user },
    action: 'none',
    completed: false,
    dryRun,
    steps: [{ name: 'import', status: 'failed', summary: error.message, details: {}, error }],
    requests: [],
    warnings: [],
    startedAt: new Date().toISOString(),
    durationMs: 0,
  };
}
