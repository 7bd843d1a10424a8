// The strict JSON reader behind `entramap eval` sources and batch files.
import assert from 'node:assert/strict';
import { jsonValue, MAX_JSON_DEPTH, parseJson } from '../../server/src/evaluate/json';

function value(text: string): unknown {
  const r = parseJson(text);
  if (!r.ok) assert.fail(`${text}: ${r.message} at ${r.offset}`);
  return jsonValue(r.root);
}

function problem(text: string): { offset: number; message: string } {
  const r = parseJson(text);
  if (r.ok) assert.fail(`${text}: expected a syntax error`);
  return { offset: r.offset, message: r.message };
}

describe('evaluate: JSON reader', () => {
  it('reads every JSON value', () => {
    assert.deepEqual(value(' {"a": [1, -2.5e3, true, false, null, "x"], "b": {}} '), { a: [1, -2500, true, false, null, 'x'], b: {} });
    assert.equal(value('"\\u00e9\\n\\t\\"\\\\\\/"'), 'é\n\t"\\/');
    assert.equal(value('"😀"'), '😀');
    assert.equal(value('-0'), 0);
  });
  it('keeps integers beyond 2^53 exact', () => {
    assert.equal(value('129699324000000000'), 129699324000000000n);
    assert.equal(value('-9223372036854775808'), -9223372036854775808n);
    assert.equal(value('9007199254740991'), 9007199254740991);
    assert.equal(value('1.5e300'), 1.5e300);
  });
  it('keeps "__proto__" as an ordinary key', () => {
    const v = value('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    assert.ok(Object.prototype.hasOwnProperty.call(v, '__proto__'));
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
  });
  it('reports syntax errors with their offset', () => {
    assert.deepEqual(problem('{"a": }'), { offset: 6, message: 'unexpected character "}"' });
    assert.deepEqual(problem('[1, 2,]'), { offset: 6, message: 'trailing commas are not allowed in JSON' });
    assert.deepEqual(problem('{"a": 1,}'), { offset: 8, message: 'trailing commas are not allowed in JSON' });
    assert.deepEqual(problem("{'a': 1}"), { offset: 1, message: 'expected a property name in double quotes' });
    assert.deepEqual(problem('[1] x'), { offset: 4, message: 'unexpected text after the JSON value' });
    assert.deepEqual(problem('"abc'), { offset: 0, message: 'unterminated string' });
    assert.equal(problem('"a\u0001"').message, 'invalid character in a string (control characters must be escaped)');
    assert.equal(problem('"\\x"').message, 'invalid escape sequence');
    assert.equal(problem('"\\u12"').message, 'invalid \\u escape');
    assert.equal(problem('01').message, 'invalid number');
    assert.equal(problem('1.').message, 'invalid number');
    assert.equal(problem('[1 2]').message, 'expected "," or "]"');
    assert.equal(problem('{"a" 1}').message, 'expected ":"');
    assert.equal(problem('// c\n{}').message, 'comments are not allowed in JSON');
    assert.equal(problem('True').message, 'unexpected "True"; JSON literals are true, false and null');
    assert.equal(problem('').message, 'expected a value, found the end of the text');
    assert.equal(problem('[').message, 'expected a value, found the end of the text');
    assert.equal(problem('{"a":1').message, 'expected "}"');
  });
  it('bounds nesting instead of exhausting the stack', () => {
    assert.match(problem('['.repeat(MAX_JSON_DEPTH + 5)).message, /nesting deeper than 512 levels/);
    assert.ok(Array.isArray(value(`${'['.repeat(100)}${']'.repeat(100)}`)));
    assert.match(problem('['.repeat(200_000)).message, /nesting/);
  });
});
