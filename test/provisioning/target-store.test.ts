// Persistence of the embedded target: a store file survives restarts, is never half-written
// (temporary file, fsync, rename), refuses to be shared, and a corrupt one is reported by name.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StoreError, startTarget } from '../../server/src/target';
import { resourceTypes } from '../../server/src/target/schema';
import { ScimService } from '../../server/src/target/service';
import { Store } from '../../server/src/target/store';
import { ensureCli, scimRequest, spawnTargetCli, withTarget } from '../support/scim-target';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('SCIM target: persistence', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'entramap-store-'));
    file = path.join(dir, 'scim.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const readStore = () => JSON.parse(readFileSync(file, 'utf8'));
  const temps = () => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

  it('keeps users, groups and memberships across a restart', async () => {
    const saved = await withTarget(
      async (t) => {
        const u = (await t.request('POST', '/Users', { schemas: [USER], userName: 'persisted', active: 'True' })).body;
        const g = (await t.request('POST', '/Groups', { displayName: 'Persisted Group', members: [{ value: u.id }] })).body;
        await t.request('PATCH', `/Users/${u.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'title', value: 'Lead' }] });
        return { user: (await t.request('GET', `/Users/${u.id}`)).body, group: g, url: t.url };
      },
      { store: file },
    );
    await withTarget(
      async (t) => {
        const user = await t.request('GET', `/Users/${saved.user.id}`);
        assert.equal(user.status, 200);
        // Identical but for the port in the URLs (a new ephemeral port).
        assert.deepEqual(user.body, JSON.parse(JSON.stringify(saved.user).split(saved.url).join(t.url)));
        const group = await t.request('GET', `/Groups?filter=${encodeURIComponent('displayName eq "persisted group"')}`);
        assert.deepEqual(group.body.Resources[0].members.map((m: any) => m.value), [saved.user.id]);
        // And the restarted target keeps writing to the same file.
        assert.equal((await t.request('DELETE', `/Users/${saved.user.id}`)).status, 204);
      },
      { store: file },
    );
    const data = readStore();
    assert.deepEqual(data.Users, []);
    assert.equal(data.Groups[0].members, undefined, 'the deleted user left the group');
  });

  it('writes a versioned JSON document readable only by its owner, and no temporary files', async () => {
    await withTarget(
      async (t) => {
        assert.equal(t.store, file);
        assert.ok(existsSync(file), 'the store is created at start');
        assert.deepEqual(readStore(), { format: 'entramap-scim-target', version: 1, Users: [], Groups: [] });
        await t.request('POST', '/Users', { schemas: [USER], userName: 'alice', password: 'not-stored' });
        const data = readStore();
        assert.equal(data.Users.length, 1);
        assert.equal(data.Users[0].userName, 'alice');
        assert.equal(data.Users[0].password, undefined, 'passwords are never stored');
        if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
        assert.deepEqual(temps(), []);
      },
      { store: file },
    );
    assert.ok(!existsSync(`${file}.lock`), 'the lock is released on close');
  });

  it('creates missing directories and starts empty from an empty file', async () => {
    const nested = path.join(dir, 'a', 'b', 'store.json');
    await withTarget(async (t) => assert.equal((await t.request('GET', '/Users')).body.totalResults, 0), { store: nested });
    assert.ok(existsSync(nested));
    writeFileSync(file, '  \n');
    await withTarget(async (t) => assert.equal((await t.request('GET', '/Users')).body.totalResults, 0), { store: file });
  });

  it('refuses a corrupt store file, names it and says what is wrong, and leaves it unchanged', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{"Users": [', /not valid JSON/],
      ['[1, 2]', /expected a JSON object/],
      ['{"Users": {}}', /"Users" is not an array/],
      ['{"Users": [{"userName": "x"}]}', /Users\[0\] has no string "id"/],
      ['{"Users": [{"id": "a", "userName": "x"}, {"id": "a", "userName": "y"}]}', /Users\[1\] repeats the id a/],
      ['{"Groups": [{"id": "g"}]}', /Groups\[0\] \(id g\) has no string "displayName"/],
      ['{"version": 9, "Users": []}', /version 9 is not supported/],
      ['{"Users": [{"id": "u", "userName": "x", "active": "maybe"}]}', /Users\[0\] \(id u\).*active/],
      ['{"Users": [{"id": "a", "userName": "X"}, {"id": "b", "userName": "x"}]}', /Users\[1\] \(id b\) has the same userName as a/],
    ];
    for (const [text, why] of cases) {
      writeFileSync(file, text);
      await assert.rejects(startTarget({ store: file }), (err: unknown) => {
        assert.ok(err instanceof StoreError, String(err));
        assert.ok(err.message.includes(file), err.message);
        assert.match(err.message, /corrupt/);
        assert.match(err.message, why);
        return true;
      });
      assert.equal(readFileSync(file, 'utf8'), text);
      assert.ok(!existsSync(`${file}.lock`), 'a failed start releases the lock');
    }
  });

  it('reports a store path it cannot create', async () => {
    writeFileSync(path.join(dir, 'plain-file'), '');
    const impossible = path.join(dir, 'plain-file', 'store.json');
    await assert.rejects(startTarget({ store: impossible }), (err: unknown) => {
      assert.ok(err instanceof StoreError, String(err));
      assert.ok(err.message.includes(impossible), err.message);
      return true;
    });
  });

  it('refuses a store in use by a running target, and takes over a lock left by a dead process', async () => {
    const first = await startTarget({ store: file });
    try {
      await assert.rejects(startTarget({ store: file }), /in use by another entramap target \(pid \d+\)/);
    } finally {
      await first.close();
    }
    // A lock whose owner has exited is stale.
    const dead = spawn(process.execPath, ['-e', '']);
    const pid = dead.pid!;
    await new Promise((resolve) => dead.once('exit', resolve));
    writeFileSync(`${file}.lock`, JSON.stringify({ pid }));
    const second = await startTarget({ store: file });
    await second.close();
  });

  it('removes temporary files left by an interrupted write', async () => {
    writeFileSync(path.join(dir, `.scim.json.99999.3.tmp`), '{"half": ');
    writeFileSync(path.join(dir, 'unrelated.tmp'), 'keep me');
    await withTarget(async () => undefined, { store: file });
    assert.deepEqual(temps(), ['unrelated.tmp']);
  });

  it('writes each change to a fsynced temporary file, then renames it over the store', async () => {
    const seen: Array<{ tmp: string; tmpContent: unknown; storeContent: unknown }> = [];
    const store = await Store.open(file, {
      beforeRename: (tmp) => {
        const storeContent = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
        seen.push({ tmp, tmpContent: JSON.parse(readFileSync(tmp, 'utf8')), storeContent });
      },
    });
    try {
      const service = new ScimService(store, 200);
      await service.create(resourceTypes().User, { userName: 'one' }, 'http://x/scim/v2');
      await service.create(resourceTypes().User, { userName: 'two' }, 'http://x/scim/v2');
    } finally {
      await store.close();
    }
    // The initial (empty) store, then one write per change.
    assert.equal(seen.length, 3);
    for (const s of seen) {
      assert.equal(path.dirname(s.tmp), dir, 'the temporary file is next to the store (same file system)');
      assert.ok(!existsSync(s.tmp), 'the temporary file was renamed away');
    }
    // Just before each rename, the temporary file holds the complete new state and the store the old one.
    const names = (doc: unknown) => (doc as { Users: Array<{ userName: string }> }).Users.map((u) => u.userName);
    assert.equal(seen[0].storeContent, undefined);
    assert.deepEqual(names(seen[0].tmpContent), []);
    assert.deepEqual(names(seen[1].storeContent), []);
    assert.deepEqual(names(seen[1].tmpContent), ['one']);
    assert.deepEqual(names(seen[2].storeContent), ['one']);
    assert.deepEqual(names(seen[2].tmpContent), ['one', 'two']);
    assert.deepEqual(readStore().Users.map((u: any) => u.userName), ['one', 'two']);
  });

  it('neither acknowledges nor applies a change it could not write', async () => {
    let fail = false;
    const store = await Store.open(file, {
      beforeRename: () => {
        if (fail) throw new Error('disk full (simulated)');
      },
    });
    try {
      const service = new ScimService(store, 200);
      const users = resourceTypes().User;
      const kept = await service.create(users, { userName: 'kept' }, 'http://x/scim/v2');
      const before = readFileSync(file, 'utf8');
      fail = true;
      await assert.rejects(service.create(users, { userName: 'lost' }, 'http://x/scim/v2'), /could not write store file .*disk full/);
      await assert.rejects(service.delete(users, kept.id as string), /disk full/);
      assert.equal(readFileSync(file, 'utf8'), before, 'the store file is unchanged');
      assert.deepEqual(temps(), [], 'the temporary file is removed');
      assert.deepEqual([...store.state.Users.values()].map((u) => u.userName), ['kept'], 'memory is unchanged');
      fail = false;
      await service.create(users, { userName: 'later' }, 'http://x/scim/v2');
      assert.deepEqual(readStore().Users.map((u: any) => u.userName), ['kept', 'later']);
    } finally {
      await store.close();
    }
  });

  it('answers a failed write with a 500 SCIM error and keeps serving', async () => {
    await withTarget(
      async (t) => {
        // Replace the store file by a non-empty directory: renaming over it fails.
        rmSync(file);
        mkdirSync(file);
        writeFileSync(path.join(file, 'x'), '');
        const r = await t.request('POST', '/Users', { schemas: [USER], userName: 'unwritable' });
        assert.equal(r.status, 500, r.text);
        assert.deepEqual(r.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
        assert.match(r.body.detail, /could not write store file/);
        assert.equal((await t.request('GET', '/Users')).body.totalResults, 0);
        assert.deepEqual(temps(), []);
      },
      { store: file },
    );
  });

  it('never leaves a half-written store when the process is killed during writes', async function () {
    await ensureCli();
    const server = await spawnTargetCli(['--store', file], { env: { SCIM_TOKEN: 'kill-test' } });
    const acknowledged: string[] = [];
    let killed = false;
    const requests = Array.from({ length: 60 }, (_, i) =>
      scimRequest(server.url, 'kill-test', 'POST', '/Users', { schemas: [USER], userName: `burst-${i}` }).then(
        (r) => {
          if (r.status === 201) acknowledged.push(r.body.id);
          if (acknowledged.length === 10 && !killed) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        },
        () => undefined, // connection refused or reset by the kill
      ),
    );
    await Promise.all(requests);
    if (!killed) server.child.kill('SIGKILL'); // (only if fewer than 10 requests succeeded)
    const exit = await server.exited;
    assert.equal(exit.signal, 'SIGKILL');
    assert.ok(acknowledged.length >= 10, `only ${acknowledged.length} writes were acknowledged`);
    const data = readStore(); // parses: the file is whole
    const stored = new Set(data.Users.map((u: any) => u.id));
    for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged user ${id} is in the store`);
    // The next start takes over the stale lock, cleans up, and serves the data.
    await withTarget(
      async (t) => {
        assert.equal((await t.request('GET', '/Users')).body.totalResults, data.Users.length);
        assert.deepEqual(temps(), []);
      },
      { store: file },
    );
  });
});
