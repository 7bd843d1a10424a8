// The evaluator against the function catalogue: one implementation per catalogue function, and
// every catalogue example with an output evaluates to it.
import assert from 'node:assert/strict';
import { allFunctions, referenceFunctions } from '../../server/src/catalog/functions';
import { compileExpression, evaluate } from '../../server/src/evaluate/compile';
import { BINDERS } from '../../server/src/evaluate/functions';
import { toJson, JsonOut } from '../../server/src/evaluate/values';

/** Entra flows text: numbers as invariant digits, multi-valued as lists of text, no flow as null. */
function asFlowed(v: JsonOut): JsonOut {
  if (typeof v === 'number') return String(v);
  return v;
}

describe('evaluate: catalogue', () => {
  it('implements every catalogue function, and nothing else', () => {
    const names = allFunctions().map((f) => f.name).sort();
    assert.deepEqual(Object.keys(BINDERS).sort(), names);
    assert.equal(referenceFunctions().length, 43);
    assert.ok(names.includes('AssertiveAppRoleAssignmentsComplex'));
  });

  for (const fn of allFunctions()) {
    const examples = fn.examples.filter((e) => e.output !== undefined || e.outputPattern !== undefined);
    if (examples.length === 0) continue;
    it(`${fn.name}: the catalogue examples evaluate to their outputs`, () => {
      for (const ex of examples) {
        const out = evaluate(compileExpression(ex.expression), {
          source: (ex.inputs ?? {}) as Record<string, unknown>,
          now: new Date('2024-05-01T12:00:00Z'),
          random: (() => {
            let s = 12345;
            return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
          })(),
        });
        if (out.kind === 'error') assert.fail(`${ex.expression}: ${out.code} ${out.message}`);
        const got = out.kind === 'noflow' ? null : asFlowed(toJson(out.value));
        if (ex.output !== undefined) assert.deepEqual(got, ex.output, ex.expression);
        else assert.match(String(got), new RegExp(ex.outputPattern!), ex.expression);
      }
    });
  }
});
