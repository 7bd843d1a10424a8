// The evaluator against the function catalogue: one implementation per catalogue function, and
// every catalogue example with an output evaluates to it.
import assert from 'node:assert/strict';
import { allFunctions, referenceFunctions } from '../../server/src/catalog/functions';
import { compileExpression, evaluate } from '../../server/src/evaluate/compile';
import { BINDERS } from '../../server/src/evaluate/functions';
import { toFlowText, toJson, JsonOut, Value } from '../../server/src/evaluate/values';

/**
 * A result as the catalogue's examples document it, i.e. as Entra flows it: a single value as its
 * text (Booleans "True"/"False", numbers as invariant digits, dates as Entra's text), multi-valued
 * as lists of text and other values in their JSON form. An example whose output is a JSON Boolean
 * (a Boolean by nature) is compared with the JSON form instead.
 */
function asDocumented(v: Value, output: unknown): JsonOut {
  if (typeof output === 'boolean') return toJson(v);
  return toFlowText(v) ?? toJson(v);
}

const BOOLEAN_FUNCTIONS = ['CBool', 'IsNull', 'IsNullOrEmpty', 'IsPresent', 'IsString'];

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
        const got = out.kind === 'noflow' ? null : asDocumented(out.value, ex.output);
        if (ex.output !== undefined) assert.deepEqual(got, ex.output, ex.expression);
        else assert.match(String(got), new RegExp(ex.outputPattern!), ex.expression);
      }
    });
  }

  it('documents Boolean results as Entra flows them; eval prints them as JSON Booleans, Not as text', () => {
    const checked: string[] = [];
    for (const name of [...BOOLEAN_FUNCTIONS, 'Not']) {
      const fn = allFunctions().find((f) => f.name === name)!;
      for (const ex of fn.examples.filter((e) => e.output === 'True' || e.output === 'False')) {
        const out = evaluate(compileExpression(ex.expression), { source: (ex.inputs ?? {}) as Record<string, unknown> });
        if (out.kind !== 'value') assert.fail(`${ex.expression}: ${JSON.stringify(out)}`);
        assert.equal(toFlowText(out.value), ex.output, ex.expression);
        assert.equal(toJson(out.value), name === 'Not' ? ex.output : ex.output === 'True', ex.expression);
        checked.push(name);
      }
    }
    assert.deepEqual([...new Set(checked)].sort(), [...BOOLEAN_FUNCTIONS, 'Not'].sort(), 'every Boolean function has a documented example');
  });
});
