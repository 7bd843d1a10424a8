// The pure parts of the provisioning requests (server/src/features/provisioning): the token
// scrubber, connection parameter checks, users-file shapes, the matching attribute a mapping
// names, and the progress wording of HTTP activity.
import assert from 'node:assert/strict';
import { purposeOf } from '../../server/src/features/provisioning/activity';
import { connectionOptions, InputError, loadMapping, loadUsers, matchingAttributes } from '../../server/src/features/provisioning/inputs';
import { SCRUBBED, scrubber } from '../../server/src/features/provisioning/scrub';
import { MAPPING } from '../support/provisioning-fixtures';

describe('provisioning requests: scrubbing the token', () => {
  it('replaces the token in strings, keys, nested values, and its JSON-escaped and URL-encoded forms', () => {
    const token = 'abc"de\\f+g/h';
    const scrub = scrubber(token);
    const input = {
      message: `bad token ${token}!`,
      list: [`x${token}x`, 1, null, true],
      [`key-${token}`]: { deep: encodeURIComponent(token) },
      escaped: JSON.stringify(token),
    };
    const out = scrub(input) as Record<string, unknown> & typeof input;
    assert.equal(out.message, `bad token ${SCRUBBED}!`);
    assert.deepEqual(out.list, [`x${SCRUBBED}x`, 1, null, true]);
    assert.deepEqual(out[`key-${SCRUBBED}`], { deep: SCRUBBED });
    assert.equal(out.escaped, `"${SCRUBBED}"`);
    assert.ok(!JSON.stringify(out).includes('de\\\\f+g'));
    assert.equal(input.message, `bad token ${token}!`, 'the input is not modified');
  });

  it('leaves values alone for very short or missing tokens', () => {
    assert.deepEqual(scrubber('abc')({ a: 'abc' }), { a: 'abc' });
    assert.deepEqual(scrubber(undefined)({ a: 'x' }), { a: 'x' });
  });
});

describe('provisioning requests: inputs', () => {
  it('checks the connection parameters without repeating the token', () => {
    assert.deepEqual(connectionOptions({ url: ' http://h/scim ', token: ' t0k3n ', timeoutSeconds: 5000, proxy: ' ', strictSsl: false }), {
      url: 'http://h/scim',
      token: 't0k3n',
      timeoutMs: 3_600_000,
      strictSsl: false,
    });
    assert.equal(connectionOptions({ url: 'http://h', token: 'tok1' }).timeoutMs, 30_000);
    assert.throws(() => connectionOptions({ url: '', token: 'x' }), /No Tenant URL/);
    assert.throws(() => connectionOptions({ url: 'http://h', token: '  ' }), /No secret token/);
    assert.throws(
      () => connectionOptions({ url: 'http://h', token: 'secret-value\nInjected: 1' }),
      (e: Error) => e instanceof InputError && /cannot be sent/.test(e.message) && !e.message.includes('secret-value'),
    );
    assert.throws(() => connectionOptions({ url: 'http://h', token: 'tok1', timeoutSeconds: -1 }), /positive number/);
  });

  it('reads users as an array, as Graph\'s { value }, or inline; rejects other shapes', async () => {
    const open = (texts: Record<string, string>) => (uri: string) => texts[uri];
    const users = [{ objectId: '1' }];
    assert.deepEqual(await loadUsers({ usersUri: 'untitled:a', user: '1' }, open({ 'untitled:a': JSON.stringify(users) })), users);
    assert.deepEqual(await loadUsers({ usersUri: 'untitled:a', user: '1' }, open({ 'untitled:a': JSON.stringify({ value: users }) })), users);
    assert.deepEqual(await loadUsers({ users, user: '1' }, open({})), users);
    await assert.rejects(loadUsers({ usersUri: 'untitled:a', user: '1' }, open({ 'untitled:a': '{"a": 1}' })), /must be a JSON array/);
    await assert.rejects(loadUsers({ usersUri: 'untitled:a', user: '1' }, open({ 'untitled:a': '[1]' })), /element 0 is not a JSON object/);
    await assert.rejects(loadUsers({ usersUri: 'untitled:a', user: '1' }, open({ 'untitled:a': '[' })), /not valid JSON/);
    await assert.rejects(loadUsers({ usersUri: 'untitled:gone', user: '1' }, open({})), /neither open nor a file on disk/);
    await assert.rejects(loadUsers({ user: '1' }, open({})), /No source users/);
  });

  it('finds the user mapping\'s matching attributes in priority order', async () => {
    const m = await loadMapping('untitled:m.entramap', () => MAPPING);
    assert.deepEqual(m.problems, []);
    assert.deepEqual(matchingAttributes(m.model), ['userName', 'externalId']);
  });
});

describe('provisioning requests: progress wording', () => {
  it('names what a request does from its shape', () => {
    assert.equal(purposeOf({ method: 'GET', path: '/Users', filtered: true }), 'Querying');
    assert.equal(purposeOf({ method: 'GET', path: '/Users/{id}', filtered: false }), 'Reading');
    assert.equal(purposeOf({ method: 'POST', path: '/Users', filtered: false }), 'Creating');
    assert.equal(purposeOf({ method: 'PATCH', path: '/Users/{id}', filtered: false }), 'Updating');
    assert.equal(purposeOf({ method: 'DELETE', path: '/Users/{id}', filtered: false }), 'Deleting');
  });
});
