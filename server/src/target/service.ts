// The resource operations of the target, independent of HTTP: query, read, create, replace,
// patch and delete Users and Groups over a Store. Writes are serialised and acknowledged only
// once the store has made them durable. Resources are rendered through scimmy's schemas with
// the attributes the server computes: User `groups`, Group member `display`/`type`/`$ref`,
// and the manager's `displayName`/`$ref`.
import { randomUUID } from 'node:crypto';
import { ScimError, badRequest, notFound } from './errors';
import { FilterNode, Predicate, compile, parseFilter } from './filter';
import { coerceIn, normalizeResource } from './input';
import { applyPatch } from './patch';
import { Projection, applyProjection, parseProjection } from './projection';
import {
  AttrDef,
  ENTERPRISE_SCHEMA,
  JsonObject,
  LIST_RESPONSE_SCHEMA,
  ResourceTypeDef,
  container,
  customExtensionKeys,
  findAttr,
  getCI,
  isObject,
  parseAttrRef,
  resolveAttr,
  resourceTypes,
} from './schema';
import { Store, StoreState } from './store';

export interface ListQuery {
  filter?: string;
  attributes?: string[];
  excludedAttributes?: string[];
  sortBy?: string;
  sortOrder?: string;
  startIndex?: number;
  count?: number;
}

export interface ListResponse {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  Resources: JsonObject[];
  startIndex: number;
  itemsPerPage: number;
}

export interface Projected {
  attributes?: string[];
  excludedAttributes?: string[];
}

type Collection = 'Users' | 'Groups';
const collectionOf = (rt: ResourceTypeDef): Collection => (rt.name === 'User' ? 'Users' : 'Groups');

/** Shaped output by record (or view), with the base URL it was made for. */
const shapes = new WeakMap<JsonObject, { base: string; out: JsonObject }>();

/** A resource a query found; its view (the record with computed attributes) made when needed. */
type Hit = { rt: ResourceTypeDef; rec: JsonObject; view?: JsonObject };

/**
 * Ids by unique attribute, lower-cased (userName, group displayName), for the current state. It
 * changes in the same step as the state (right after a commit), so reads, which run between
 * writes, always see the two agree.
 */
class UniqueIndex {
  private readonly ids = { Users: new Map<string, string>(), Groups: new Map<string, string>() };

  constructor(state: StoreState) {
    const t = resourceTypes();
    for (const rt of [t.User, t.Group]) for (const rec of state[collectionOf(rt)].values()) this.changed(rt, undefined, rec);
  }

  /** The record holding `value` in `collection` (a snapshot of the current state). */
  find(rt: ResourceTypeDef, collection: ReadonlyMap<string, JsonObject>, value: string): JsonObject | undefined {
    const id = this.ids[collectionOf(rt)].get(value.toLowerCase());
    return id === undefined ? undefined : collection.get(id);
  }

  changed(rt: ResourceTypeDef, before: JsonObject | undefined, after: JsonObject | undefined): void {
    const map = this.ids[collectionOf(rt)];
    const u = rt.uniqueAttribute;
    if (before && typeof before[u] === 'string') {
      const k = (before[u] as string).toLowerCase();
      if (map.get(k) === before.id) map.delete(k);
    }
    if (after && typeof after[u] === 'string') map.set((after[u] as string).toLowerCase(), after.id as string);
  }
}

/**
 * The only records a filter can match when one of its top-level `and` terms is `id eq "..."`
 * or `<unique attribute> eq "..."` (Entra's matching and membership queries); undefined when
 * the filter has no such term.
 */
function candidates(rt: ResourceTypeDef, node: FilterNode, collection: ReadonlyMap<string, JsonObject>, index: UniqueIndex): JsonObject[] | undefined {
  if (node.kind === 'and') return candidates(rt, node.left, collection, index) ?? candidates(rt, node.right, collection, index);
  if (node.kind !== 'compare' || node.op !== 'eq' || typeof node.value !== 'string' || node.path.sub !== undefined) return undefined;
  if (node.path.uri !== undefined && node.path.uri.toLowerCase() !== rt.core.id.toLowerCase()) return undefined;
  const attr = node.path.attr.toLowerCase();
  if (attr === 'id') {
    // id is caseExact (RFC 7643 §3.1).
    const rec = collection.get(node.value);
    return rec ? [rec] : [];
  }
  if (attr === rt.uniqueAttribute.toLowerCase()) {
    const rec = index.find(rt, collection, node.value);
    return rec ? [rec] : [];
  }
  return undefined;
}

/** Whether a filter reads attributes the server computes (see ScimService.view). */
function needsView(rt: ResourceTypeDef, node: FilterNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return needsView(rt, node.left) || needsView(rt, node.right);
    case 'not':
      return needsView(rt, node.expr);
    default: {
      const attr = node.path.attr.toLowerCase();
      return rt.name === 'User' ? attr === 'groups' || attr === 'manager' : attr === 'members';
    }
  }
}

/** What a rendering needs: the snapshot, the base URL, and the user → groups index. */
class RenderContext {
  private memberships?: Map<string, JsonObject[]>;
  constructor(
    readonly state: StoreState,
    readonly base: string,
  ) {}

  groupsOf(id: string): JsonObject[] | undefined {
    if (!this.memberships) {
      this.memberships = new Map();
      for (const g of this.state.Groups.values()) {
        for (const m of Array.isArray(g.members) ? g.members : []) {
          if (!isObject(m) || typeof m.value !== 'string') continue;
          const list = this.memberships.get(m.value) ?? [];
          list.push({ value: g.id, $ref: `${this.base}/Groups/${g.id}`, display: g.displayName, type: 'direct' });
          this.memberships.set(m.value, list);
        }
      }
    }
    return this.memberships.get(id);
  }
}

export class ScimService {
  private writes: Promise<unknown> = Promise.resolve();
  private readonly index: UniqueIndex;

  constructor(
    private readonly store: Store,
    readonly maxResults: number,
  ) {
    this.index = new UniqueIndex(store.state);
  }

  // -------------------------------------------------------------------------------------------
  // Reads
  // -------------------------------------------------------------------------------------------

  get(rt: ResourceTypeDef, id: string, base: string, p: Projected = {}): JsonObject {
    const projection = parseProjection(rt, p.attributes, p.excludedAttributes);
    const state = this.store.state;
    const rec = state[collectionOf(rt)].get(id);
    if (!rec) throw notFound(`${rt.name} ${id} not found`);
    const ctx = new RenderContext(state, base);
    return applyProjection(this.shape(rt, this.view(rt, rec, ctx), base), projection);
  }

  /** A query over one resource type, or over several (the root endpoint). */
  list(types: ResourceTypeDef[], q: ListQuery, base: string): ListResponse {
    const state = this.store.state;
    const ctx = new RenderContext(state, base);
    let hits: Hit[] = [];
    let compiled = 0;
    let firstError: unknown;
    let node: FilterNode | undefined;
    if (q.filter !== undefined) node = parseFilter(q.filter);
    for (const rt of types) {
      const collection = state[collectionOf(rt)];
      if (node === undefined) {
        compiled++;
        for (const rec of collection.values()) hits.push({ rt, rec });
        continue;
      }
      let predicate: Predicate;
      try {
        predicate = compile(rt, node);
      } catch (err) {
        // At the root a filter may name attributes of only some resource types.
        firstError ??= err;
        if (types.length === 1) throw err;
        continue;
      }
      compiled++;
      // Only filters on computed attributes (a user's groups, member and manager details) need
      // the rendered view; `id eq` and unique-attribute `eq` (Entra's matching query) use an index.
      const computed = needsView(rt, node);
      for (const rec of candidates(rt, node, collection, this.index) ?? collection.values()) {
        if (!computed) {
          if (predicate(rec)) hits.push({ rt, rec });
          continue;
        }
        const view = this.view(rt, rec, ctx);
        if (predicate(view)) hits.push({ rt, rec, view });
      }
    }
    if (compiled === 0 && firstError) throw firstError;
    const viewOf = (h: Hit): JsonObject => (h.view ??= this.view(h.rt, h.rec, ctx));

    if (q.sortBy !== undefined) {
      const keys = new Map(types.map((rt) => [rt, sortKey(rt, q.sortBy!)] as const));
      if ([...keys.values()].every((k) => k === undefined)) {
        throw badRequest('invalidValue', `sortBy: unknown attribute "${q.sortBy}"`);
      }
      const descending = sortDirection(q.sortOrder);
      const decorated = hits.map((h, i) => ({ h, i, k: keys.get(h.rt)?.(viewOf(h)) }));
      decorated.sort((a, b) => compareKeys(a.k, b.k, descending) || a.i - b.i);
      hits = decorated.map((d) => d.h);
    } else if (q.sortOrder !== undefined) sortDirection(q.sortOrder);

    const projections = new Map<ResourceTypeDef, Projection | undefined>(
      types.map((rt) => [rt, parseProjection(rt, q.attributes, q.excludedAttributes)]),
    );
    // RFC 7644 §3.4.2.4: startIndex < 1 means 1; count < 0 means 0.
    const startIndex = Math.max(1, q.startIndex ?? 1);
    const count = Math.min(Math.max(0, q.count ?? this.maxResults), this.maxResults);
    const page = hits.slice(startIndex - 1, startIndex - 1 + count);
    return {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: hits.length,
      Resources: page.map((h) => applyProjection(this.shape(h.rt, viewOf(h), base), projections.get(h.rt))),
      startIndex,
      itemsPerPage: page.length,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Writes
  // -------------------------------------------------------------------------------------------

  async create(rt: ResourceTypeDef, body: unknown, base: string, p: Projected = {}): Promise<JsonObject> {
    const data = this.validate(rt, body, 'POST');
    const projection = parseProjection(rt, p.attributes, p.excludedAttributes);
    return this.exclusive(async () => {
      const state = this.store.state;
      const now = timestamp();
      const rec = this.finish(rt, data, randomUUID(), now, now);
      this.checkConstraints(rt, rec, state, undefined);
      const next = withRecord(state, rt, rec);
      await this.store.commit(next);
      this.index.changed(rt, undefined, rec);
      return applyProjection(this.render(rt, rec, next, base), projection);
    });
  }

  async replace(rt: ResourceTypeDef, id: string, body: unknown, base: string, p: Projected = {}): Promise<JsonObject> {
    const data = this.validate(rt, body, 'PUT');
    if (isObject(body) && body.id !== undefined && body.id !== id) {
      throw new ScimError(400, 'mutability', `"id" is read-only: the body names ${JSON.stringify(body.id)} but the URL names ${id}`);
    }
    const projection = parseProjection(rt, p.attributes, p.excludedAttributes);
    return this.exclusive(async () => {
      const state = this.store.state;
      const existing = state[collectionOf(rt)].get(id);
      if (!existing) throw notFound(`${rt.name} ${id} not found`);
      const saved = await this.save(rt, existing, data, state);
      return applyProjection(this.render(rt, saved.rec, saved.state, base), projection);
    });
  }

  /** Applies a PatchOp; returns the resource and whether anything changed. */
  async patch(
    rt: ResourceTypeDef,
    id: string,
    body: unknown,
    base: string,
    p: Projected = {},
  ): Promise<{ resource: JsonObject; changed: boolean }> {
    const projection = parseProjection(rt, p.attributes, p.excludedAttributes);
    return this.exclusive(async () => {
      const state = this.store.state;
      const existing = state[collectionOf(rt)].get(id);
      if (!existing) throw notFound(`${rt.name} ${id} not found`);
      const patched = applyPatch(rt, existing, body);
      const data = coerceIn(rt, normalizeResource(rt, patched));
      const saved = await this.save(rt, existing, data, state);
      return { resource: applyProjection(this.render(rt, saved.rec, saved.state, base), projection), changed: saved.changed };
    });
  }

  async delete(rt: ResourceTypeDef, id: string): Promise<void> {
    return this.exclusive(async () => {
      const state = this.store.state;
      if (!state[collectionOf(rt)].has(id)) throw notFound(`${rt.name} ${id} not found`);
      const users = new Map(state.Users);
      const groups = new Map(state.Groups);
      (rt.name === 'User' ? users : groups).delete(id);
      // Memberships of a deleted resource go with it.
      const now = timestamp();
      for (const [gid, g] of groups) {
        const members = Array.isArray(g.members) ? g.members : [];
        const kept = members.filter((m) => !(isObject(m) && m.value === id));
        if (kept.length === members.length) continue;
        const next: JsonObject = { ...g, meta: { ...(g.meta as JsonObject), lastModified: now } };
        if (kept.length) next.members = kept;
        else delete next.members;
        groups.set(gid, next);
      }
      await this.store.commit({ Users: users, Groups: groups });
      this.index.changed(rt, state[collectionOf(rt)].get(id), undefined);
    });
  }

  /** Runs writes one at a time, so each sees the result of the previous one. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.writes.then(fn, fn);
    this.writes = result.catch(() => undefined);
    return result;
  }

  private validate(rt: ResourceTypeDef, body: unknown, method: string): JsonObject {
    if (!isObject(body)) throw badRequest('invalidSyntax', `the ${method} body must be a JSON object (a ${rt.name} resource)`);
    return coerceIn(rt, normalizeResource(rt, body));
  }

  private async save(
    rt: ResourceTypeDef,
    existing: JsonObject,
    data: JsonObject,
    state: StoreState,
  ): Promise<{ rec: JsonObject; state: StoreState; changed: boolean }> {
    const meta = isObject(existing.meta) ? existing.meta : {};
    const created = typeof meta.created === 'string' ? meta.created : timestamp();
    const candidate = this.finish(rt, data, existing.id as string, created, timestamp());
    if (sameContent(candidate, existing)) return { rec: existing, state, changed: false };
    this.checkConstraints(rt, candidate, state, existing);
    const next = withRecord(state, rt, candidate);
    await this.store.commit(next);
    this.index.changed(rt, existing, candidate);
    return { rec: candidate, state: next, changed: true };
  }

  /** Builds the stored record from validated data: canonical order, server-owned attributes. */
  private finish(rt: ResourceTypeDef, data: JsonObject, id: string, created: string, lastModified: string): JsonObject {
    const rec: JsonObject = {
      schemas: [rt.core.id, ...rt.extensions.filter((e) => isObject(data[e.id])).map((e) => e.id), ...customExtensionKeys(rt, data)],
      id,
    };
    for (const [k, v] of Object.entries(data)) {
      // `groups` is computed; `password` is accepted but never stored.
      if (k === 'schemas' || k === 'id' || k === 'meta' || k === 'groups' || k === 'password') continue;
      rec[k] = v;
    }
    if (rt.name === 'Group' && Array.isArray(rec.members)) {
      // Members are references: keep the id (display, type and $ref are computed on output).
      const seen = new Set<string>();
      const members: JsonObject[] = [];
      for (const m of rec.members) {
        if (!isObject(m) || typeof m.value !== 'string' || !m.value) {
          throw badRequest('invalidValue', 'every member needs a "value": the id of a User or Group of this target');
        }
        if (seen.has(m.value)) continue;
        seen.add(m.value);
        members.push({ value: m.value });
      }
      if (members.length) rec.members = members;
      else delete rec.members;
    }
    rec.meta = { resourceType: rt.name, created, lastModified };
    return rec;
  }

  /** Uniqueness, one primary value, and member references (those added by this change). */
  private checkConstraints(rt: ResourceTypeDef, rec: JsonObject, state: StoreState, existing: JsonObject | undefined): void {
    const key = rt.uniqueAttribute;
    const other = this.index.find(rt, state[collectionOf(rt)], String(rec[key]));
    if (other && other.id !== rec.id) {
      throw new ScimError(409, 'uniqueness', `${key} ${JSON.stringify(rec[key])} is already used by ${rt.name} ${other.id}`);
    }
    for (const schema of [rt.core, ...rt.extensions]) {
      const h = schema === rt.core ? rec : rec[schema.id];
      if (!isObject(h)) continue;
      for (const attr of schema.attributes) {
        const list = h[attr.name];
        if (!attr.multiValued || !Array.isArray(list)) continue;
        if (list.filter((e) => isObject(e) && e.primary === true).length > 1) {
          throw badRequest('invalidValue', `only one value of "${attr.name}" may have "primary": true`);
        }
      }
    }
    if (rt.name === 'Group') {
      // Members already there are not re-checked: a hand-edited store may hold stale ones.
      const before = new Set(memberIds(existing));
      for (const id of memberIds(rec)) {
        if (before.has(id)) continue;
        if (id === rec.id) throw badRequest('invalidValue', `a group cannot be a member of itself (${id})`);
        if (!state.Users.has(id) && !state.Groups.has(id)) {
          throw badRequest('invalidValue', `member "${id}" is not the id of a User or Group of this target`);
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Rendering
  // -------------------------------------------------------------------------------------------

  private render(rt: ResourceTypeDef, rec: JsonObject, state: StoreState, base: string): JsonObject {
    return this.shape(rt, this.view(rt, rec, new RenderContext(state, base)), base);
  }

  /** The record plus the attributes the server computes (what filters also see). */
  private view(rt: ResourceTypeDef, rec: JsonObject, ctx: RenderContext): JsonObject {
    // The record itself when nothing is computed for it (views are only read, never changed).
    if (rt.name === 'User') {
      const groups = ctx.groupsOf(rec.id as string);
      const ext = rec[ENTERPRISE_SCHEMA];
      const managerId = isObject(ext) && isObject(ext.manager) && typeof ext.manager.value === 'string' ? ext.manager.value : undefined;
      const manager = managerId === undefined ? undefined : ctx.state.Users.get(managerId);
      if (!groups && !manager) return rec;
      const view: JsonObject = { ...rec };
      if (groups) view.groups = groups;
      if (manager) {
        view[ENTERPRISE_SCHEMA] = {
          ...(ext as JsonObject),
          manager: { value: managerId, $ref: `${ctx.base}/Users/${managerId}`, displayName: manager.displayName ?? manager.userName },
        };
      }
      return view;
    }
    if (!Array.isArray(rec.members)) return rec;
    const view: JsonObject = { ...rec };
    view.members = rec.members.map((m) => {
      if (!isObject(m) || typeof m.value !== 'string') return m;
      const user = ctx.state.Users.get(m.value);
      const group = user ? undefined : ctx.state.Groups.get(m.value);
      if (!user && !group) return m;
      return {
        value: m.value,
        $ref: `${ctx.base}/${user ? 'Users' : 'Groups'}/${m.value}`,
        display: user ? (user.displayName ?? user.userName) : group!.displayName,
        type: user ? 'User' : 'Group',
      };
    });
    return view;
  }

  /**
   * scimmy's outbound shaping: schema order, `returned` rules, `meta.location`; custom extensions
   * as stored. Records never change (a write stores a new one), so the shape of a record that is
   * its own view is kept for the next read; callers never modify what this returns.
   */
  private shape(rt: ResourceTypeDef, view: JsonObject, base: string): JsonObject {
    const cached = shapes.get(view);
    if (cached && cached.base === base) return cached.out;
    const out = this.shapeNow(rt, view, base);
    shapes.set(view, { base, out });
    return out;
  }

  private shapeNow(rt: ResourceTypeDef, view: JsonObject, base: string): JsonObject {
    const custom = customExtensionKeys(rt, view);
    let known = view;
    if (custom.length) {
      known = { ...view };
      for (const k of custom) delete known[k];
    }
    let out: JsonObject;
    try {
      out = JSON.parse(JSON.stringify(new rt.scimmy(known, 'out', `${base}${rt.endpoint}`))) as JsonObject;
    } catch (err) {
      throw new ScimError(500, undefined, `stored ${rt.name} ${String(view.id)} does not conform to its schema: ${(err as Error).message}`);
    }
    for (const k of custom) out[k] = JSON.parse(JSON.stringify(view[k])) as unknown;
    return out;
  }

  /**
   * Checks that every record of a loaded store conforms to the schemas; throws a message that
   * names the offending record.
   */
  static verify(state: StoreState): string | undefined {
    const t = resourceTypes();
    for (const [key, rt] of [
      ['Users', t.User],
      ['Groups', t.Group],
    ] as const) {
      let i = 0;
      const seen = new Map<string, string>();
      for (const rec of state[key].values()) {
        try {
          coerceIn(rt, normalizeResource(rt, rec));
        } catch (err) {
          return `${key}[${i}] (id ${String(rec.id)}): ${(err as Error).message}`;
        }
        const unique = String(rec[rt.uniqueAttribute]).toLowerCase();
        const other = seen.get(unique);
        if (other !== undefined) {
          return `${key}[${i}] (id ${String(rec.id)}) has the same ${rt.uniqueAttribute} as ${other}: ${JSON.stringify(rec[rt.uniqueAttribute])}`;
        }
        seen.set(unique, String(rec.id));
        i++;
      }
    }
    return undefined;
  }
}

function memberIds(group: JsonObject | undefined): string[] {
  const members = group?.members;
  return Array.isArray(members) ? members.filter(isObject).map((m) => m.value).filter((v): v is string => typeof v === 'string') : [];
}

function withRecord(state: StoreState, rt: ResourceTypeDef, rec: JsonObject): StoreState {
  const key = collectionOf(rt);
  const map = new Map(state[key]);
  map.set(rec.id as string, rec);
  return key === 'Users' ? { Users: map, Groups: state.Groups } : { Users: state.Users, Groups: map };
}

function sameContent(a: JsonObject, b: JsonObject): boolean {
  return JSON.stringify({ ...a, meta: undefined }) === JSON.stringify({ ...b, meta: undefined });
}

const timestamp = () => new Date().toISOString();

function sortDirection(order: string | undefined): boolean {
  if (order === undefined) return false;
  const o = order.toLowerCase();
  if (o === 'ascending') return false;
  if (o === 'descending') return true;
  throw badRequest('invalidValue', `sortOrder must be "ascending" or "descending", not ${JSON.stringify(order)}`);
}

type SortValue = { kind: 'number'; v: number } | { kind: 'string'; v: string } | undefined;

/** Reads the sort value of a resource: for multi-valued attributes the primary (else first) value. */
function sortKey(rt: ResourceTypeDef, sortBy: string): ((view: JsonObject) => SortValue) | undefined {
  const ref = parseAttrRef(sortBy);
  const r = ref && ref.attr ? resolveAttr(rt, ref) : undefined;
  if (!r) return undefined;
  if (r.dynamic) {
    // A custom extension's attribute: ordered by the JSON type of what is stored.
    return (view) => {
      let v = getCI(container(view, r), r.attr.name);
      if (Array.isArray(v)) v = v.find((e) => isObject(e) && getCI(e, 'primary') === true) ?? v[0];
      if (isObject(v)) v = getCI(v, r.sub?.name ?? 'value');
      else if (r.sub) v = undefined;
      if (typeof v === 'number') return { kind: 'number', v };
      if (typeof v === 'boolean') return { kind: 'number', v: v ? 1 : 0 };
      return typeof v === 'string' ? { kind: 'string', v: v.toLowerCase() } : undefined;
    };
  }
  const leaf: AttrDef | undefined = r.sub ?? (r.attr.type === 'complex' ? findAttr(r.attr.subAttributes, 'value') : r.attr);
  if (!leaf) return undefined;
  const subName = r.sub?.name ?? (r.attr.type === 'complex' ? 'value' : undefined);
  return (view) => {
    let v = container(view, r)?.[r.attr.name];
    if (Array.isArray(v)) v = v.find((e) => isObject(e) && e.primary === true) ?? v[0];
    if (subName !== undefined) v = isObject(v) ? v[subName] : undefined;
    if (v === undefined || v === null) return undefined;
    if (leaf.type === 'dateTime' && typeof v === 'string' && !Number.isNaN(Date.parse(v))) return { kind: 'number', v: Date.parse(v) };
    if (typeof v === 'number') return { kind: 'number', v };
    if (typeof v === 'boolean') return { kind: 'number', v: v ? 1 : 0 };
    const s = String(v);
    return { kind: 'string', v: leaf.caseExact ? s : s.toLowerCase() };
  };
}

/** Missing values sort last in either direction. */
function compareKeys(a: SortValue, b: SortValue, descending: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  let c: number;
  if (a.kind === 'number' && b.kind === 'number') c = a.v - b.v;
  else {
    const x = String(a.v);
    const y = String(b.v);
    c = x < y ? -1 : x > y ? 1 : 0;
  }
  return descending ? -c : c;
}
