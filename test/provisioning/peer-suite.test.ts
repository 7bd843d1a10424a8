// Microsoft's SCIM reference Postman collection, run with newman against a fresh embedded
// target. The collection lives outside the repository (it is not ours to copy); without it the
// test is skipped with a message naming the path it looked for.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, withTarget } from '../support/scim-target';

// newman has no type declarations; this is the part of its summary we read.
interface NewmanSummary {
  run: {
    stats: { assertions: { total: number; failed: number } };
    failures: Array<{ error: { name?: string; test?: string; message: string }; source?: { name?: string } }>;
  };
}
type NewmanRun = (options: Record<string, unknown>, done: (err: Error | null, summary: NewmanSummary) => void) => void;

const COLLECTION = path.resolve(REPO_ROOT, '../shared/peer-suites/microsoft-scim-reference-postman-collection.json');
// The bar: at least 97 passes and at most 6 failures. The design notes measured 97 of 103 with
// the prototype server; newman counts only the assertions its test scripts reach, and against
// this target all 107 outside "Get Token" run.
const REQUIRED_PASSES = 97;
const MAX_FAILURES = 6;
const MIN_ASSERTIONS = 103;

/**
 * Assertions that test behaviour specific to Microsoft's reference server, not SCIM; the target
 * deliberately differs. Any other failure is a regression.
 */
const MICROSOFT_SPECIFIC = new Set([
  // GET /serviceConfiguration: the RFC 7644 §4 endpoint is /ServiceProviderConfig.
  'Get ServiceProviderConfig / Status code is 200',
  'Get ServiceProviderConfig / Pach supported is true',
  // Expects a member's non-schema "displayName" echoed back; members carry "display".
  'Get group by id / Body contians user',
  // PATCH members with the bare string "string id N": not a User or Group id of the target.
  'Group patch add member / Status code is 204',
  'Group patch add member2 / Status code is 204',
]);

describe('peer suite: Microsoft SCIM reference Postman collection (newman)', function () {
  it(`passes at least ${REQUIRED_PASSES} assertions, failing only Microsoft-specific ones`, async function () {
    if (!existsSync(COLLECTION)) {
      console.log(`      peer suite not found at ${COLLECTION}: skipping (the collection is not part of this repository)`);
      this.skip();
    }
    const collection = JSON.parse(readFileSync(COLLECTION, 'utf8')) as { item: Array<{ name: string }> };
    // The "Get Token" folder targets Microsoft's own token endpoint; the token is passed directly.
    collection.item = collection.item.filter((i) => i.name !== 'Get Token');
    const newman = require('newman') as { run: NewmanRun };

    const summary = await withTarget(async (t) => {
      const u = new URL(t.url);
      return new Promise<NewmanSummary>((resolve, reject) =>
        newman.run(
          {
            collection,
            envVar: [
              { key: 'Protocol', value: 'http' },
              { key: 'Server', value: u.hostname },
              { key: 'Port', value: `:${u.port}` },
              { key: 'Api', value: u.pathname.replace(/^\//, '') },
              { key: 'token', value: t.token },
            ],
            reporters: [],
          },
          (err, s) => (err ? reject(err) : resolve(s)),
        ),
      );
    });

    const { total, failed } = summary.run.stats.assertions;
    const passed = total - failed;
    console.log(`      peer suite: ${passed} of ${total} assertions passed`);
    const unexpected: string[] = [];
    for (const f of summary.run.failures) {
      const name = `${f.source?.name ?? '?'} / ${f.error.test ?? '-'}`;
      const kind = f.error.name === 'AssertionError' ? '' : ` [${f.error.name ?? 'error'}]`;
      const known = MICROSOFT_SPECIFIC.has(name);
      console.log(`        failed${kind}${known ? ' (Microsoft-specific)' : ''}: ${name}: ${f.error.message}`);
      if (!known) unexpected.push(name);
    }
    assert.ok(total >= MIN_ASSERTIONS, `newman ran only ${total} assertions; the collection has at least ${MIN_ASSERTIONS}`);
    assert.ok(passed >= REQUIRED_PASSES, `only ${passed} of ${total} assertions passed (need ${REQUIRED_PASSES})`);
    assert.ok(failed <= MAX_FAILURES, `${failed} assertions failed (at most ${MAX_FAILURES} allowed)`);
    assert.deepEqual(unexpected, [], 'assertions failed that are not Microsoft-specific');
  });
});
