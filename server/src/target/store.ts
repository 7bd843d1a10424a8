// Resource storage for the target: immutable snapshots in memory, optionally persisted to one
// JSON file. A change is acknowledged only after it is durable: the new snapshot is written to
// a temporary file in the same directory, fsynced, renamed over the store (atomic on POSIX and
// NTFS), and the directory is fsynced. A crash at any point leaves either the old or the new
// file, never a half-written one. A lock file keeps two targets from sharing one store.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { JsonObject, isObject } from './schema';

export interface StoreState {
  readonly Users: ReadonlyMap<string, JsonObject>;
  readonly Groups: ReadonlyMap<string, JsonObject>;
}

export const EMPTY_STATE: StoreState = Object.freeze({ Users: new Map(), Groups: new Map() });

/** A store file that cannot be used; the message names the file and what to do. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export const STORE_FORMAT = 'entramap-scim-target';
export const STORE_VERSION = 1;

/** Test hooks into the write protocol (fault injection); not part of the public API. */
export interface StoreHooks {
  /** Called with the fsynced temporary file, just before it is renamed over the store. */
  beforeRename?: (tmpFile: string) => void | Promise<void>;
}

export class Store {
  private current: StoreState;
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private closed = false;

  private constructor(
    readonly file: string | undefined,
    initial: StoreState,
    private readonly lock: string | undefined,
    private readonly hooks: StoreHooks,
  ) {
    this.current = initial;
  }

  /** Opens a store: in memory when `file` is undefined, else loaded from (or created at) `file`. */
  static async open(file?: string, hooks: StoreHooks = {}): Promise<Store> {
    if (file === undefined) return new Store(undefined, EMPTY_STATE, undefined, hooks);
    const abs = path.resolve(file);
    try {
      await fsp.mkdir(path.dirname(abs), { recursive: true });
    } catch (err) {
      throw new StoreError(`cannot create the directory of store file ${abs}: ${message(err)}`);
    }
    const lock = await acquireLock(abs);
    try {
      await removeStaleTemps(abs);
      const { state, exists } = await load(abs);
      const store = new Store(abs, state, lock, hooks);
      if (!exists) {
        // Fail now, not on the first change, when the store cannot be written.
        await store.write(state).catch((err: unknown) => {
          throw new StoreError(message(err));
        });
      }
      return store;
    } catch (err) {
      await fsp.unlink(lock).catch(() => undefined);
      throw err;
    }
  }

  get state(): StoreState {
    return this.current;
  }

  /**
   * Makes `next` the current state once it is durable. When writing fails the state is not
   * changed and the error is thrown. Commits are applied in call order.
   */
  commit(next: StoreState): Promise<void> {
    const run = async () => {
      if (this.closed) throw new Error('the store is closed');
      if (this.file) await this.write(next);
      this.current = next;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Waits for pending writes, then releases the lock. Idempotent. */
  async close(): Promise<void> {
    await this.queue;
    if (this.closed) return;
    this.closed = true;
    if (this.lock) await fsp.unlink(this.lock).catch(() => undefined);
  }

  private async write(state: StoreState): Promise<void> {
    const file = this.file!;
    const text = serialize(state);
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++this.seq}.tmp`);
    try {
      const handle = await fsp.open(tmp, 'wx', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await this.hooks.beforeRename?.(tmp);
      await fsp.rename(tmp, file);
    } catch (err) {
      await fsp.unlink(tmp).catch(() => undefined);
      throw new Error(`could not write store file ${file}: ${message(err)}`);
    }
    await syncDirectory(path.dirname(file));
  }
}

export function serialize(state: StoreState): string {
  return (
    JSON.stringify(
      { format: STORE_FORMAT, version: STORE_VERSION, Users: [...state.Users.values()], Groups: [...state.Groups.values()] },
      null,
      2,
    ) + '\n'
  );
}

async function load(file: string): Promise<{ state: StoreState; exists: boolean }> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: EMPTY_STATE, exists: false };
    throw new StoreError(`cannot read store file ${file}: ${message(err)}`);
  }
  if (!text.trim()) return { state: EMPTY_STATE, exists: false };
  const corrupt = (why: string) =>
    new StoreError(`store file ${file} is corrupt: ${why}. It was left unchanged; repair it, or move it away to start empty.`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw corrupt(`not valid JSON (${message(err)})`);
  }
  if (!isObject(data)) throw corrupt('expected a JSON object with "Users" and "Groups" arrays');
  if (data.format !== undefined && data.format !== STORE_FORMAT) throw corrupt(`unknown format ${JSON.stringify(data.format)}`);
  if (data.version !== undefined && data.version !== STORE_VERSION) {
    throw corrupt(`version ${JSON.stringify(data.version)} is not supported (this entramap reads version ${STORE_VERSION})`);
  }
  const read = (key: 'Users' | 'Groups', required: 'userName' | 'displayName'): Map<string, JsonObject> => {
    const list = data[key] ?? [];
    if (!Array.isArray(list)) throw corrupt(`"${key}" is not an array`);
    const map = new Map<string, JsonObject>();
    list.forEach((r, i) => {
      if (!isObject(r) || typeof r.id !== 'string' || !r.id) throw corrupt(`${key}[${i}] has no string "id"`);
      if (typeof r[required] !== 'string') throw corrupt(`${key}[${i}] (id ${r.id}) has no string "${required}"`);
      if (map.has(r.id)) throw corrupt(`${key}[${i}] repeats the id ${r.id}`);
      map.set(r.id, r);
    });
    return map;
  };
  return { state: { Users: read('Users', 'userName'), Groups: read('Groups', 'displayName') }, exists: true };
}

async function acquireLock(file: string): Promise<string> {
  const lock = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await fsp.open(lock, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify({ pid: process.pid }) + '\n', 'utf8');
      } finally {
        await handle.close();
      }
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(`cannot create lock file ${lock} for store ${file}: ${message(err)}`);
      }
    }
    const owner = await fsp.readFile(lock, 'utf8').then(
      (t) => {
        try {
          const pid = (JSON.parse(t) as { pid?: unknown }).pid;
          return typeof pid === 'number' ? pid : undefined;
        } catch {
          return undefined;
        }
      },
      () => undefined,
    );
    if (owner !== undefined && isAlive(owner)) {
      throw new StoreError(
        `store file ${file} is in use by another entramap target (pid ${owner}); stop it or choose another store ` +
          `(if no such process is running, delete ${lock})`,
      );
    }
    await fsp.unlink(lock).catch(() => undefined); // left behind by a process that died
  }
  throw new StoreError(`cannot lock store file ${file}: ${lock} keeps reappearing`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files of an interrupted write; we hold the lock, so none of them is in use. */
async function removeStaleTemps(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith(prefix) && /\.\d+\.\d+\.tmp$/.test(n))
      .map((n) => fsp.unlink(path.join(dir, n)).catch(() => undefined)),
  );
}

async function syncDirectory(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported on every platform (Windows); the rename itself is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
