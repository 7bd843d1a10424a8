import assert from 'node:assert/strict';
import { MarkupKind } from 'vscode-languageserver/node';
import { allFunctions, getFunction } from '../../server/src/catalog/functions';
import { expandedSignature, signatureHelp } from '../../server/src/features/expression';

function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, `no cursor marker in ${marked}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** `label` with the active parameter in «», or null. */
function active(marked: string): string | null {
  const { text, offset } = at(marked);
  const help = signatureHelp(text, offset);
  if (!help) return null;
  assert.equal(help.signatures.length, 1);
  assert.equal(help.activeSignature, 0);
  const sig = help.signatures[0];
  assert.equal(sig.activeParameter, help.activeParameter);
  const p = sig.parameters?.[help.activeParameter ?? -1];
  if (!p) return sig.label;
  const [s, e] = p.label as [number, number];
  return `${sig.label.slice(0, s)}«${sig.label.slice(s, e)}»${sig.label.slice(e)}`;
}

describe('expression services: signature help', () => {
  it('shows the innermost call with the parameter under the cursor', () => {
    assert.equal(active('Join(|'), 'Join(«separator: string», source1: string, ...) -> string');
    assert.equal(active('Join(".", |'), 'Join(separator: string, «source1: string», ...) -> string');
    assert.equal(active('Join(".", Left([a], |'), 'Left(String: string, «NumChars: number») -> string');
    assert.equal(active('Join(".", Left([a], 1), |'), 'Join(separator: string, source1: string, «source2: string», ...) -> string');
  });

  it('counts only the call\'s own commas (not those in strings or nested calls)', () => {
    assert.equal(active('Join(", ", Mid([a], 1, 2), "x|")'), 'Join(separator: string, source1: string, «source2: string», ...) -> string');
    assert.equal(active('Join("a,|b")'), 'Join(«separator: string», source1: string, ...) -> string');
  });

  it('writes out repeatable groups as far as the call uses them', () => {
    assert.equal(active('Join(".", [a], [b], [c]|)'), 'Join(separator: string, source1: string, source2: string, «source3: string», ...) -> string');
    assert.equal(active('Coalesce([a], |'), 'Coalesce(source1: string, «source2: string», ...) -> string');
    assert.equal(
      active('Switch([a], , "k1", "v1", "k2", |'),
      'Switch(source: string, [defaultValue: string], key1: string, value1: any, key2: string, «value2: any», ...) -> any',
    );
    assert.equal(
      active('Switch([a], , "k1", "v1", |'),
      'Switch(source: string, [defaultValue: string], key1: string, value1: any, «key2: string», value2: any, ...) -> any',
    );
    assert.equal(active('SelectUniqueValue(|'), 'SelectUniqueValue(«uniqueValueRule1: string», uniqueValueRule2: string, ...) -> string');
    assert.equal(
      active('SelectUniqueValue([a], [b], |'),
      'SelectUniqueValue(uniqueValueRule1: string, uniqueValueRule2: string, «uniqueValueRule3: string», ...) -> string',
    );
  });

  it('marks optional parameters and enum types', () => {
    assert.equal(
      active('InStr("a", "b", , |)'),
      'InStr(value1: string, value2: string, [start: number], «[compareType: vbTextCompare | vbBinaryCompare]») -> number',
    );
    assert.equal(
      active('FormatDateTime([x], |'),
      'FormatDateTime(source: string, «[dateTimeStyles: string]», inputFormat: string, outputFormat: string) -> string',
    );
  });

  it('works in empty slots, unterminated calls and at the very end', () => {
    assert.equal(
      active('Replace([a], , , , |, , )'),
      'Replace(source: string, [oldValue: string], [regexPattern: string], [regexGroupName: string], «[replacementValue: string]», [replacementAttributeName: string], [template: string]) -> string',
    );
    assert.equal(active('IIF([a] = "x", |'), 'IIF(condition: condition, «valueIfTrue: any», valueIfFalse: any) -> any');
    assert.equal(active('IIF([a] = |'), 'IIF(«condition: condition», valueIfTrue: any, valueIfFalse: any) -> any');
    assert.equal(active('IIF([a] = "x", "y", "z"|)'), 'IIF(condition: condition, valueIfTrue: any, «valueIfFalse: any») -> any');
    assert.equal(active('Join(".", "abc|'), 'Join(separator: string, «source1: string», ...) -> string');
  });

  it('highlights no parameter past the last one', () => {
    const { text, offset } = at('Left([a], 1, |)');
    const help = signatureHelp(text, offset)!;
    assert.equal(help.activeParameter, 2);
    assert.equal(help.signatures[0].parameters!.length, 2);
    assert.equal(active('Guid(|)'), 'Guid() -> string');
  });

  it('is silent outside the parentheses, on unknown functions and on empty text', () => {
    assert.equal(active('Jo|in(".")'), null);
    assert.equal(active('|Join(".")'), null);
    assert.equal(active('Join(".")|'), null);
    assert.equal(active('Join(".") |'), null);
    assert.equal(active('Foo(|'), null);
    assert.equal(active('Join(".", Foo(|'), null);
    assert.equal(active('|'), null);
    assert.equal(active('[a]|'), null);
  });

  it('documents the function and each parameter', () => {
    const { text, offset } = at('DateAdd(|');
    const help = signatureHelp(text, offset)!;
    const sig = help.signatures[0];
    assert.equal(typeof sig.documentation === 'object' && sig.documentation.kind, MarkupKind.Markdown);
    const fn = getFunction('DateAdd')!;
    assert.ok(typeof sig.documentation === 'object' && sig.documentation.value.startsWith(fn.description));
    const p0 = sig.parameters![0].documentation;
    assert.ok(typeof p0 === 'object');
    assert.equal(
      p0.value,
      `*interval* (1st argument): ${fn.parameters[0].description} One of \`"yyyy"\` year, \`"m"\` month, \`"d"\` day, \`"ww"\` week, \`"h"\` hour, \`"n"\` minute, \`"s"\` second.`,
    );
  });

  it('gives consistent labels for every catalogue function', () => {
    for (const fn of allFunctions()) {
      for (const reps of [0, 1, 3]) {
        const sig = expandedSignature(fn, reps);
        assert.ok(sig.label.startsWith(`${fn.name}(`) && sig.label.endsWith(`) -> ${fn.returns.kind}`), sig.label);
        let last = 0;
        sig.parameters.forEach(([s, e], i) => {
          assert.ok(s >= last && e > s, `${fn.name} parameter ${i}`);
          const text = sig.label.slice(s, e);
          const name = text.replace(/^\[/, '').split(':')[0];
          assert.match(name, /^[A-Za-z][A-Za-z0-9]*$/, `${fn.name}: ${text}`);
          last = e;
        });
        assert.equal(sig.parameters.length, fn.fixedParameters.length + (fn.repeatedParameters.length ? reps * fn.repeatedParameters.length : 0));
      }
    }
  });

  it('never throws, at any offset of odd inputs', () => {
    const inputs = ['', '(', ',', ')', 'Join(,,,', 'IIF([a] = ', 'Switch(', 'Foo(Join(', '"(', '[(', 'Join(")', 'Join(Left(Mid('];
    for (const text of inputs) {
      for (let offset = -1; offset <= text.length + 1; offset++) {
        assert.doesNotThrow(() => signatureHelp(text, offset), `${JSON.stringify(text)} @${offset}`);
      }
    }
  });
});
