import assert from 'node:assert/strict';
import { diffJson, mergeJson, PatchProblem, JsonObject } from '../../server/src/model/json';
import { sourceTreeFromExpression, expressionOfSourceTree, squeezeExpression, rebuildExpression } from '../../server/src/schema/source-tree';
import { parseFlowTypes, formatFlowTypes } from '../../server/src/schema/elements';

describe('Graph JSON patches (@graph)', () => {
  it('diff then merge gives the original back, with absent, null and unknown properties', () => {
    const generated: JsonObject = { a: 1, b: null, c: { x: 1, y: [1] }, d: 'same' };
    const original: JsonObject = { b: 2, c: { x: 1, z: true }, d: 'same', $weird: 3, e: null };
    const patch = diffJson(generated, original)!;
    assert.deepEqual(patch, { $omit: ['a'], b: 2, c: { $omit: ['y'], z: true }, $$weird: 3, e: null });
    assert.deepStrictEqual(mergeJson(generated, patch), original);
    assert.equal(diffJson(original, { ...original }), undefined);
  });

  it('orders patch keys the same way whatever the original order (stable printing)', () => {
    const g: JsonObject = { a: 1, b: 2 };
    assert.deepEqual(Object.keys(diffJson(g, { z: 0, b: 3, a: 0 })!), ['a', 'b', 'z']);
    assert.deepEqual(Object.keys(diffJson(g, { b: 3, z: 0, a: 0 })!), ['a', 'b', 'z']);
  });

  it('never lets a patch replace or omit what the text states, and reports each attempt', () => {
    const problems: PatchProblem[] = [];
    const out = mergeJson({ a: 1, b: { c: 1 }, d: 4 }, { a: 2, b: { e: 5 }, $omit: ['d', 'a'], $nope: 1 }, new Set(['a', 'b', 'd']), problems);
    assert.deepEqual(out, { a: 1, b: { c: 1, e: 5 }, d: 4 });
    assert.deepEqual(problems.map((p) => `${p.kind} ${p.path.join('.')}`), [
      'overriddenByText a',
      'unknownDirective $nope',
      'overriddenByText $omit.0',
      'overriddenByText $omit.1',
    ]);
  });

  it('treats __proto__ and constructor as plain properties', () => {
    const original = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}');
    const patch = diffJson({}, original)!;
    const merged = mergeJson({}, patch);
    assert.deepStrictEqual(merged, original);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('source trees', () => {
  it('builds the tree Graph stores, with the catalogue keys and quoted constants', () => {
    assert.deepEqual(sourceTreeFromExpression('Mid([userPrincipalName], 1, 8)'), {
      expression: 'Mid([userPrincipalName], 1, 8)',
      name: 'Mid',
      parameters: [
        { key: 'source', value: { expression: '[userPrincipalName]', name: 'userPrincipalName', parameters: [], type: 'Attribute' } },
        { key: 'start', value: { expression: '"1"', name: '1', parameters: [], type: 'Constant' } },
        { key: 'length', value: { expression: '"8"', name: '8', parameters: [], type: 'Constant' } },
      ],
      type: 'Function',
    });
    assert.deepEqual(sourceTreeFromExpression('"en-US"'), { expression: '"en-US"', name: 'en-US', parameters: [], type: 'Constant' });
    const sw = sourceTreeFromExpression('Switch([a], , "k", "v")');
    assert.deepEqual((sw.parameters as JsonObject[]).map((p) => p.key), ['source', 'switchValue', 'switchValue']);
    const unknown = sourceTreeFromExpression('Frob([a], "b")');
    assert.deepEqual((unknown.parameters as JsonObject[]).map((p) => p.key), ['parameter1', 'parameter2']);
  });

  it('rebuilds an expression from a tree without one', () => {
    const tree = { type: 'Function', name: 'Join', parameters: [
      { key: 'separator', value: { type: 'Constant', name: 'a"b\\' } },
      { key: 'source', value: { type: 'Attribute', name: 'mail' } },
    ] };
    assert.equal(rebuildExpression(tree), 'Join("a\\"b\\\\", [mail])');
    assert.equal(expressionOfSourceTree({ type: 'Attribute', name: 'x]y' }), undefined);
    assert.equal(expressionOfSourceTree({ type: 'Lookup', name: 'x' }), undefined);
  });

  it('squeezes layout but not the inside of strings and brackets', () => {
    assert.equal(squeezeExpression('Join( " a ", \n [b c] )'), 'Join(" a ",[b c])');
  });
});

describe('target object actions', () => {
  it('reads and writes flowTypes', () => {
    assert.deepEqual(parseFlowTypes('Delete,add'), { create: true, update: false, delete: true, unknown: [] });
    assert.deepEqual(parseFlowTypes('Add, Upsert').unknown, ['Upsert']);
    assert.equal(formatFlowTypes({ create: true, update: true, delete: true }), 'Add, Update, Delete');
    assert.equal(formatFlowTypes({ create: false, update: false, delete: false }), 'None');
  });
});
