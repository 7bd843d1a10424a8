import assert from 'node:assert/strict';
import { MarkupKind } from 'vscode-languageserver/node';
import { getFunction, signatureOf } from '../../server/src/catalog/functions';
import { attributesFor, ExpressionContext, hoverExpression } from '../../server/src/features/expression';

function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, `no cursor marker in ${marked}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** The hover at the marker: its Markdown and the covered text. */
function hover(marked: string, context: ExpressionContext = {}): { md: string; covered: string } | null {
  const { text, offset } = at(marked);
  const h = hoverExpression(text, offset, context);
  if (!h) return null;
  assert.equal(h.contents.kind, MarkupKind.Markdown);
  return { md: h.contents.value, covered: text.slice(h.range.start, h.range.end) };
}

function must(marked: string, context: ExpressionContext = {}): { md: string; covered: string } {
  const h = hover(marked, context);
  assert.ok(h, `no hover at ${marked}`);
  return h;
}

describe('expression services: hover', () => {
  describe('functions', () => {
    it('shows signature, description, example with result, restrictions and the docs link', () => {
      const h = must('Selec|tUniqueValue(Join("@", [a], "contoso.com"), Join("@", [b], "contoso.com"))');
      const fn = getFunction('SelectUniqueValue')!;
      assert.equal(h.covered, 'SelectUniqueValue');
      assert.ok(h.md.startsWith(`\`\`\`entramap\n${signatureOf(fn)}\n\`\`\`\n\n${fn.description}`), h.md);
      assert.ok(h.md.includes('→ `"John.Smith@contoso.com"`'), h.md);
      assert.ok(h.md.includes('*Restrictions:*\n- '), h.md);
      for (const r of fn.restrictions) assert.ok(h.md.includes(`- ${r.description}`), r.description);
      assert.ok(h.md.endsWith(`[Documentation](${fn.docsUrl})`), h.md);
    });

    it('shows the example inputs and an inferred restriction as such', () => {
      const h = must('IgnoreFlowIfNullOrEmpty|([department])');
      assert.ok(h.md.includes('With `[department]` = `""`: → no value'), h.md);
      assert.ok(h.md.includes('*(inferred)*'), h.md);
    });

    it('works on a name touched at either end and on a call without its parenthesis', () => {
      assert.equal(must('|Join(".", [a])').covered, 'Join');
      assert.equal(must('Join|(".", [a])').covered, 'Join');
      assert.equal(must('Join(".", Left|([a], 1').covered, 'Left');
    });

    it('notes a non-canonical casing', () => {
      const h = must('tolow|er([a])');
      assert.ok(h.md.startsWith('```entramap\nToLower(source: string, [culture: string]) -> string\n```\n\nWritten `tolower` here; the documented name is `ToLower`.'), h.md);
    });

    it('explains names that are not built-ins and unknown names with suggestions', () => {
      const len = must('Le|n([a])');
      assert.ok(len.md.includes('Len is not in the function reference'), len.md);
      assert.equal(must('Joinn|(".", [a])').md, '```entramap\nJoinn(...)\n```\n\nNot a provisioning function. Did you mean `Join`?');
    });
  });

  describe('parameters', () => {
    it('describes the parameter of a constant argument', () => {
      const h = must('Mid([a], 1|, 2)');
      assert.equal(h.covered, '1');
      assert.equal(h.md, '```entramap\n(parameter) start: number\n```\n\nMid\'s 2nd argument. 1-based position of the first character.\n\nAt least 1.');
    });

    it('numbers repeated parameters', () => {
      const h = must('Switch([a], "d", "k1", "v1", "k|2", "v2")');
      assert.ok(h.md.startsWith('```entramap\n(parameter) key2: string\n```\n\nSwitch\'s 5th argument.'), h.md);
      assert.ok(must('Join(".", "a", "b", "|c")').md.startsWith('```entramap\n(parameter) source3: string\n```'));
    });

    it('names the parameter an empty slot leaves out', () => {
      const h = must('Switch([a], | , "x", "y")');
      assert.equal(h.covered, '  ');
      assert.ok(h.md.startsWith('*Empty slot: not supplied.*\n\n```entramap\n(parameter) defaultValue: string\n```'), h.md);
      assert.equal(hover('Switch([a],|, "x", "y")'), null, 'a zero-width slot has nothing to hover');
    });

    it('has nothing for punctuation, white space outside calls, and empty text', () => {
      assert.equal(hover('Join(".",| [a])'), null);
      assert.equal(hover('Join(".", [a]|)'.replace('[a]|)', '[a])|')), null);
      assert.equal(hover('|'), null);
      assert.equal(hover('  |  '), null);
      assert.equal(hover('Join(".", |'), null);
    });
  });

  describe('attributes', () => {
    it('shows type, description and the parameter it fills', () => {
      const h = must('Join(".", [giv|enName])');
      assert.equal(h.covered, '[givenName]');
      assert.ok(h.md.startsWith('```entramap\n(attribute) [givenName]: String\n```\n\nFirst name.'), h.md);
      assert.ok(h.md.includes('---\n\n```entramap\n(parameter) source1: string\n```'), h.md);
    });

    it('shows multi-valued, reference and sensitive facts from the catalogue', () => {
      assert.ok(must('[proxyAddresses|]').md.includes('Multi-valued: read its values with Count, Item or RemoveDuplicates.'));
      assert.ok(must('[manager|]').md.includes('A reference: map it directly; Switch must not be used on it.'));
      assert.ok(must('[passwordProfile.password|]').md.includes('Sensitive: consider Redact'));
      assert.ok(must('[employeeHireDate|]').md.includes('Not in the default source schema'));
    });

    it('corrects the casing, recognises directory extensions, admits unknown names', () => {
      const casing = must('[Mail|]');
      assert.ok(casing.md.includes('Written `[Mail]` here; names are case-sensitive: write `[mail]`.'), casing.md);
      const ext = must('[extension_53c9e2c0e1a24b4ba2d1b0c6b4e2c9a1_cost|Center]');
      assert.ok(ext.md.startsWith('```entramap\n(attribute) [extension_53c9e2c0e1a24b4ba2d1b0c6b4e2c9a1_costCenter]: String?\n```\n\n*A directory extension.*'), ext.md);
      assert.ok(ext.md.includes('Directory extension "costCenter" of the application 53c9e2c0e1a24b4ba2d1b0c6b4e2c9a1.'), ext.md);
      assert.ok(must('[nope|]').md.includes('Not a known source attribute.'));
    });

    it('describes names the caller adds', () => {
      const attributes = attributesFor('User', [{ name: 'StatusHireDate', type: 'DateTime', description: 'Hire date from Workday.' }]);
      const h = must('CDate([Status|HireDate])', { attributes });
      assert.ok(h.md.startsWith('```entramap\n(attribute) [StatusHireDate]: DateTime\n```\n\nHire date from Workday.\n\nFrom the source directory.'), h.md);
    });

    it('shows the sample value and what the whole expression evaluates to', () => {
      const calls: string[] = [];
      const context: ExpressionContext = {
        evaluate: (text) => {
          calls.push(text);
          return { kind: 'value', value: 'John.Doe', sample: 'John Doe' };
        },
        sampleValue: (name) => (name === 'givenName' ? 'John' : undefined),
      };
      const h = must('Join(".", [giv|enName], [surname])', context);
      assert.deepEqual(calls, ['Join(".", [givenName], [surname])']);
      assert.ok(h.md.endsWith('---\n\n*Sample value:* `"John"`\n\n*Evaluates for `John Doe` to* `"John.Doe"`'), h.md);
      const surname = must('Join(".", [givenName], [sur|name])', context);
      assert.ok(surname.md.endsWith('---\n\n*Evaluates for `John Doe` to* `"John.Doe"`'), surname.md);
    });

    it('formats every kind of outcome, and survives a failing callback', () => {
      const ev = (outcome: NonNullable<ReturnType<NonNullable<ExpressionContext['evaluate']>>>) => must('[mail|]', { evaluate: () => outcome }).md.split('---\n\n')[1];
      assert.equal(ev({ kind: 'value', value: null }), '*Evaluates for the selected sample to no value (null): the target attribute is not set.*');
      assert.equal(ev({ kind: 'value', value: ['a', 'b'] }), '*Evaluates for the selected sample to* `["a", "b"]`');
      assert.equal(ev({ kind: 'value', value: true }), '*Evaluates for the selected sample to* `true`', 'a Boolean, as entramap eval prints it');
      assert.equal(ev({ kind: 'value', value: false }), '*Evaluates for the selected sample to* `false`');
      assert.equal(ev({ kind: 'value', value: 'True' }), '*Evaluates for the selected sample to* `"True"`', 'text, e.g. from Not');
      assert.equal(ev({ kind: 'value', value: 12n }), '*Evaluates for the selected sample to* `12`');
      assert.equal(ev({ kind: 'noflow', reason: '[department] is empty', sample: 'u1' }), '*Evaluates for `u1` to no value: the target attribute is skipped in this flow (\\[department\\] is empty).*');
      assert.equal(ev({ kind: 'error', message: 'Not a date <x>', sample: 'u1' }), '*Fails for `u1`:* Not a date \\<x\\>');
      assert.equal(ev({ kind: 'error', message: 'Bad', code: 'EVL001' }), '*Fails for the selected sample:* Bad (EVL001)');
      assert.equal(ev({ kind: 'value', value: 'secret', redacted: true }), '*Evaluates for the selected sample to* `"secret"`\n\n*Redacted: the provisioning logs show `[Redact]` instead.*');
      assert.equal(ev({ kind: 'value', value: [{ primary: false, value: 'Admin' }] }), '*Evaluates for the selected sample to* `[{ primary: false, value: "Admin" }]`');
      assert.ok(ev({ kind: 'value', value: 'x'.repeat(80) }).includes('\n\n```\n"xxxx'));
      const broken = must('[mail|]', {
        evaluate: () => {
          throw new Error('evaluator bug');
        },
      });
      assert.ok(!broken.md.includes('---'), broken.md);
    });

    it('covers an unterminated reference', () => {
      const h = must('Join(".", [giv|');
      assert.equal(h.covered, '[giv');
      assert.ok(h.md.startsWith('```entramap\n(attribute) [giv]\n```'), h.md);
    });
  });

  describe('constants', () => {
    it('gives the decimal value of a hex constant', () => {
      const h = must('BitAnd(&HF|7, 1)');
      assert.equal(h.covered, '&HF7');
      assert.ok(h.md.startsWith('```entramap\n&HF7 = 247\n```\n\nHex constant: 247 in decimal.\n\n---\n\n```entramap\n(parameter) value1: number\n```'), h.md);
      assert.equal(must('&H|').md, 'A hex constant needs digits after `&H`, e.g. `&HFF` (255).');
    });

    it('explains the compare types', () => {
      const h = must('InStr("a", "b", 1, vbBin|aryCompare)');
      assert.ok(h.md.startsWith('```entramap\nvbBinaryCompare\n```\n\nCase-sensitive comparison. `InStr`\'s `compareType`.'), h.md);
      assert.ok(must('InStr("a", "b", 1, vbbinary|compare)').md.includes('Written `vbbinarycompare` here; the documented spelling is `vbBinaryCompare`.'));
      assert.equal(must('vbTextCompare|').md, '```entramap\nvbTextCompare\n```\n\nCase-insensitive comparison. Only valid as `InStr`\'s `compareType`.');
    });

    it('gives the meaning of a DateAdd / DateDiff interval', () => {
      const h = must('DateAdd("w|w", 1, Now())');
      assert.equal(h.covered, '"ww"');
      assert.ok(h.md.startsWith('```entramap\n"ww"\n```\n\n`"ww"`: week.'), h.md);
      assert.ok(must('DateDiff("D|", [a], [b])').md.includes('Written `"D"` here; documented as `"d"`.'));
      assert.ok(must('DateAdd("q|", 1, Now())').md.startsWith('`"q"` is not one of the accepted values.'));
    });

    it('describes a FormatDateTime format: the specifier under the cursor and the whole format', () => {
      const h = must('FormatDateTime([x], , "yyyyMM|ddHHmmss", "yyyy-MM-dd")');
      assert.equal(h.covered, 'dd');
      assert.ok(h.md.startsWith('`dd`: day of the month, two digits 01-31\n\n| Reads | Meaning |\n|---|---|\n| `yyyy` | four-digit year |'), h.md);
      const out = must('FormatDateTime([x], , "yyyyMMdd", "yyyy-m|m-dd")');
      assert.equal(out.covered, 'mm');
      assert.ok(out.md.includes('| Writes | Meaning |'), out.md);
      assert.ok(out.md.includes('**Warning:** "mm" is minutes; between date parts you probably meant "MM" (month).'), out.md);
      assert.ok(out.md.includes('(parameter) outputFormat: string'), out.md);
    });

    it('describes dateTimeStyles', () => {
      assert.ok(must('FormatDateTime([x], "Adjust|ToUniversal", "yyyy", "yyyy")').md.startsWith('DateTimeStyles `AdjustToUniversal`.'));
      assert.ok(must('FormatDateTime([x], "|", "yyyy", "yyyy")').md.startsWith('Empty: the default styles `AllowLeadingWhite, AllowTrailingWhite, RoundtripKind`.'));
      assert.ok(must('FormatDateTime([x], "Nope|", "yyyy", "yyyy")').md.startsWith('**Error:**'));
    });

    it('shows a Replace pattern as the service reads it, with its groups', () => {
      const h = must('Replace([t], , "\\\\+(?<isdCode>\\\\d* )(?<phone|Number>\\\\d{10})", , "${phoneNumber}", , )');
      assert.ok(
        h.md.startsWith(
          ".NET regular expression, as the service reads it (after the string's `\\\\` escapes):\n\n```regexp\n\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})\n```\n\nGroups: named `isdCode` (`${isdCode}`) and `phoneNumber` (`${phoneNumber}`).",
        ),
        h.md,
      );
      assert.ok(must('Replace([a], , "(a)(b|)", , "$2", , )').md.includes('Groups: 2 numbered (`$1` … `$2`).'));
      assert.ok(must('Replace([a], , "[a-z|]", , "", , )').md.includes('No capturing groups.'));
    });

    it('checks a regexGroupName against the pattern', () => {
      assert.ok(must('Replace([a], , "(?<x>a)", "x|", "b", , )').md.startsWith('Group `x` of the pattern: its capture is replaced.'));
      assert.ok(must('Replace([a], , "(?<x>a)(?<y>b)", "z|", "b", , )').md.startsWith('The pattern has no group `z`; its groups are `x` and `y`.'));
    });

    it('explains comparison operators', () => {
      const h = must('IIF([a] <|> "x", 1, 2)');
      assert.equal(h.covered, '<>');
      assert.ok(h.md.startsWith('```entramap\nleft <> right\n```\n\nComparison: not equal to.'), h.md);
    });

    it('has nothing for a string outside a known call', () => {
      assert.equal(hover('"ab|c"'), null);
      assert.equal(hover('Foo("ab|c")'), null);
    });
  });

  it('never throws, at any offset of odd inputs', () => {
    const inputs = ['', '"', '[', '&H', 'Join(', 'IIF([a] = ', 'FormatDateTime([x], , "', 'Replace([a], , "(', 'Foo(Bar(', '\u201c', 'a AND b'];
    for (const text of inputs) {
      for (let offset = -1; offset <= text.length + 1; offset++) {
        assert.doesNotThrow(() => hoverExpression(text, offset, { evaluate: () => ({ kind: 'value', value: 'x' }) }), `${JSON.stringify(text)} @${offset}`);
      }
    }
  });
});
