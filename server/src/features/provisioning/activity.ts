// Per-request activity of the provisioning requests: which HTTP requests a run is sending, for
// `$/progress`. The engine does not report its requests while it runs (its trace comes at the
// end), so this listens to undici's diagnostics channels (`undici:request:create` and
// `undici:request:headers`, published by every undici request in this process) and attributes
// each request to the run that started it through an AsyncLocalStorage context: concurrent runs
// never see each other's requests.
//
// What is reported: the method, the path below the Tenant URL without its query string (a Tenant
// URL's query may hold a credential, and filter values are user data), and the status. Headers
// are never read.
import { AsyncLocalStorage } from 'node:async_hooks';
import * as diagnostics from 'node:diagnostics_channel';

export interface HttpActivity {
  method: string;
  /** Path below the Tenant URL's path, without the query: `/Users`, `/Users/{id}`. */
  path: string;
  /** True when the request had a `filter` query (a match or reference lookup). */
  filtered: boolean;
  /** The HTTP status, for `response` events. */
  status?: number;
}

export interface ActivitySink {
  /** The Tenant URL's path (`/scim/v2`), stripped from reported paths. */
  basePath: string;
  request(a: HttpActivity): void;
  response(a: HttpActivity): void;
}

const context = new AsyncLocalStorage<ActivitySink>();
const pending = new WeakMap<object, { sink: ActivitySink; activity: HttpActivity }>();
let subscribed = false;

interface UndiciRequestLike {
  method?: unknown;
  path?: unknown;
}

function describe(request: UndiciRequestLike, basePath: string): HttpActivity | undefined {
  if (typeof request.method !== 'string' || typeof request.path !== 'string') return undefined;
  const q = request.path.indexOf('?');
  let path = q < 0 ? request.path : request.path.slice(0, q);
  const query = q < 0 ? '' : request.path.slice(q + 1);
  if (basePath && basePath !== '/' && path.toLowerCase().startsWith(basePath.toLowerCase())) path = path.slice(basePath.length) || '/';
  // Resource ids are the target's; show the shape, not the id.
  path = path.replace(/^\/(Users|Groups)\/[^/]+/i, (_m, kind: string) => `/${kind}/{id}`);
  return { method: request.method, path, filtered: /(^|&)filter=/i.test(query) };
}

function subscribe(): void {
  if (subscribed) return;
  subscribed = true;
  diagnostics.subscribe('undici:request:create', (message) => {
    const sink = context.getStore();
    const request = (message as { request?: UndiciRequestLike }).request;
    if (!sink || !request) return;
    const activity = describe(request, sink.basePath);
    if (!activity) return;
    pending.set(request, { sink, activity });
    safe(() => sink.request(activity));
  });
  diagnostics.subscribe('undici:request:headers', (message) => {
    const m = message as { request?: object; response?: { statusCode?: unknown } };
    const entry = m.request ? pending.get(m.request) : undefined;
    if (!entry) return;
    pending.delete(m.request!);
    const status = typeof m.response?.statusCode === 'number' ? m.response.statusCode : undefined;
    safe(() => entry.sink.response({ ...entry.activity, status }));
  });
}

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // progress is best effort; it must never break a request
  }
}

/** Runs `fn`; undici requests it starts (directly or in awaited work) are reported to `sink`. */
export function withActivity<T>(sink: ActivitySink, fn: () => Promise<T>): Promise<T> {
  subscribe();
  return context.run(sink, fn);
}

/** What a request is for, from its shape: a word for progress messages. */
export function purposeOf(a: HttpActivity): string {
  switch (a.method) {
    case 'GET':
      return a.filtered ? 'Querying' : 'Reading';
    case 'POST':
      return 'Creating';
    case 'PATCH':
    case 'PUT':
      return 'Updating';
    case 'DELETE':
      return 'Deleting';
    default:
      return 'Sending';
  }
}
