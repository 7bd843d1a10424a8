import assert from 'node:assert/strict';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver/node';
import { allFunctions, getFunction } from '../../server/src/catalog/functions';
import { sourceCatalog } from '../../server/src/catalog/source-attributes';
import {
  applyEdits,
  attributesFor,
  completeExpression,
  ExpressionCompletionItem,
  ExpressionContext,
  functionSnippet,
} from '../../server/src/features/expression';

/** `Join(".", |[givenName])` → the text without the marker and the marker's offset. */
function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, `no cursor marker in ${marked}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** The items at the marker, in the order the client shows them before typing (sortText, label). */
function complete(marked: string, context: ExpressionContext = {}): ExpressionCompletionItem[] {
  const { text, offset } = at(marked);
  const items = completeExpression(text, offset, context).items.slice();
  return items.sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : a.label.localeCompare(b.label)));
}

function labels(marked: string, context: ExpressionContext = {}): string[] {
  return complete(marked, context).map((i) => i.label);
}

/** The text after accepting `label` (snippet syntax left in place). */
function accept(marked: string, label: string, context: ExpressionContext = {}): string {
  const { text } = at(marked);
  const item = complete(marked, context).find((i) => i.label === label);
  assert.ok(item, `no item ${label} at ${marked}`);
  return applyEdits(text, [item.edit]);
}

const USER = sourceCatalog('User').all();
const FUNCTIONS = allFunctions().length;

describe('expression services: completion', () => {
  describe('functions', () => {
    it('offers every catalogue function and every attribute at the start of an empty expression', () => {
      const items = complete('|');
      assert.equal(items.length, FUNCTIONS + USER.length);
      // functions first at the top level
      assert.deepEqual(
        items.slice(0, 4).map((i) => i.label),
        ['Append', 'AppRoleAssignmentsComplex', 'BitAnd', 'CBool'],
      );
      assert.equal(items.filter((i) => i.kind === CompletionItemKind.Function).length, FUNCTIONS);
    });

    it('filters by the word being typed and replaces the whole identifier', () => {
      assert.deepEqual(labels('Jo|'), ['Join', '[jobTitle]']);
      const join = complete('Jo|in')[0];
      assert.equal(join.label, 'Join');
      assert.deepEqual(join.edit, { start: 0, end: 4, newText: 'Join(${1:separator}, ${2:source1})$0' });
    });

    it('matches word parts the way editors filter (first letter at a word start)', () => {
      assert.deepEqual(labels('Join(".", NDia|'), ['NormalizeDiacritics']);
      assert.deepEqual(labels('tolo|'), ['ToLower']);
      assert.deepEqual(labels('xyz|'), []);
    });

    it('describes a function: signature as detail, description, example and docs link as documentation', () => {
      const join = complete('Join|').find((i) => i.label === 'Join')!;
      assert.equal(join.kind, CompletionItemKind.Function);
      assert.equal(join.detail, 'Join(separator: string, ...source: string) -> string');
      assert.deepEqual(join.labelDetails, { detail: '(separator, source...)', description: getFunction('Join')!.summary });
      assert.equal(join.insertTextFormat, InsertTextFormat.Snippet);
      assert.deepEqual(join.command, { title: 'Trigger parameter hints', command: 'editor.action.triggerParameterHints' });
      const doc = join.documentation!.value;
      assert.ok(doc.startsWith(getFunction('Join')!.description), doc);
      assert.ok(doc.includes('```entramap\nJoin(", ", "", [surname], [givenName])\n```'), doc);
      assert.ok(doc.includes('→ `"Doe, John"`'), doc);
      assert.ok(doc.endsWith('[Documentation](https://learn.microsoft.com/en-us/entra/identity/app-provisioning/functions-for-customizing-application-data#join)'), doc);
    });

    it('builds snippets from the catalogue: required slots as tab stops, skipped optionals empty, allowed values as a choice', () => {
      const snippet = (name: string) => functionSnippet(getFunction(name)!);
      assert.equal(snippet('Join'), 'Join(${1:separator}, ${2:source1})$0');
      assert.equal(snippet('Switch'), 'Switch(${1:source}, ${2}, ${3:key1}, ${4:value1})$0');
      assert.equal(snippet('FormatDateTime'), 'FormatDateTime(${1:source}, ${2}, ${3:inputFormat}, ${4:outputFormat})$0');
      assert.equal(snippet('InStr'), 'InStr(${1:value1}, ${2:value2})$0');
      assert.equal(snippet('DateAdd'), 'DateAdd(${1|"yyyy","m","d","ww","h","n","s"|}, ${2:value}, ${3:dateTime})$0');
      assert.equal(snippet('SingleAppRoleAssignment'), 'SingleAppRoleAssignment(${1:[appRoleAssignments]})$0');
      assert.equal(snippet('SelectUniqueValue'), 'SelectUniqueValue(${1:uniqueValueRule1}, ${2:uniqueValueRule2})$0');
      assert.equal(snippet('Guid'), 'Guid()$0');
      assert.equal(snippet('Replace'), 'Replace(${1:source})$0');
    });

    it('does not trigger parameter hints for a function without parameters', () => {
      const guid = complete('Gu|').find((i) => i.label === 'Guid')!;
      assert.equal(guid.edit.newText, 'Guid()$0');
      assert.equal(guid.command, undefined);
    });

    it('inserts only the name when parentheses already follow', () => {
      const items = complete('Jo| ([a], [b])');
      assert.deepEqual(items.map((i) => i.label), ['Join', '[jobTitle]']);
      assert.deepEqual(items[0].edit, { start: 0, end: 2, newText: 'Join' });
      assert.equal(items[0].insertTextFormat, InsertTextFormat.PlainText);
      assert.equal(accept('Joi|n(".", [a])', 'Join'), 'Join(".", [a])');
    });

    it('inserts only the name when the client has no snippet support', () => {
      const join = complete('Jo|', { snippets: false })[0];
      assert.deepEqual(join.edit, { start: 0, end: 2, newText: 'Join' });
      assert.equal(join.insertTextFormat, InsertTextFormat.PlainText);
    });

    it('ranks functions by what the parameter expects', () => {
      assert.deepEqual(labels('DateAdd("d", 1, |)').slice(0, 5), ['CDate', 'DateFromNum', '[employeeHireDate]', '[employeeLeaveDateTime]', 'Now']);
      assert.deepEqual(labels('IIF(|').slice(0, 6), ['CBool', 'IsNull', 'IsNullOrEmpty', 'IsPresent', 'IsString', 'Not']);
      assert.deepEqual(labels('Item([proxyAddresses], |)').slice(0, 5), ['BitAnd', 'Count', 'DateDiff', 'InStr', 'NumFromDate']);
      assert.deepEqual(labels('Count(|)').slice(0, 3), ['[proxyAddresses]', 'RemoveDuplicates', 'Split']);
    });

    it('puts top-level-only functions and role objects last inside another call', () => {
      const items = labels('Join(".", |');
      assert.deepEqual(items.slice(-5), ['[appRoleAssignments]', 'AppRoleAssignmentsComplex', 'AssertiveAppRoleAssignmentsComplex', 'IgnoreFlowIfNullOrEmpty', 'SelectUniqueValue']);
      // but not at the top level
      assert.ok(labels('|').indexOf('SelectUniqueValue') < labels('|').indexOf('[mail]'));
    });

    it('works inside an unterminated call and after a comparison operator', () => {
      assert.deepEqual(labels('Join(".", Left([a], 1), ToL|'), ['ToLower']);
      assert.deepEqual(labels('IIF([a] = ToUp|'), ['ToUpper']);
    });

    it('offers nothing after a complete term, inside a number or after AND', () => {
      assert.deepEqual(labels('Join(".", [mail] |'), []);
      assert.deepEqual(labels('Join(".", [mail]|'), []);
      assert.deepEqual(labels('Join(".", 12|'), []);
      assert.deepEqual(labels('BitAnd(&HF|'), []);
      assert.deepEqual(labels('Join(".")|'), []);
      assert.deepEqual(labels('IIF([a] = "x" AND |'), []);
      assert.deepEqual(labels('Join(".", |[b])'), []);
      assert.deepEqual(labels('Join(".", |"x")'), []);
    });
  });

  describe('attributes', () => {
    it('offers the attributes inside brackets, replacing the partial name and adding the missing ]', () => {
      assert.deepEqual(labels('Join(".", [ma|'), ['mail', 'mailNickname', 'manager']);
      assert.equal(accept('Join(".", [ma|', 'mail'), 'Join(".", [mail]');
      assert.equal(accept('Join(".", [ma|, [surname])', 'mailNickname'), 'Join(".", [mailNickname], [surname])');
      assert.equal(accept('Join(".", [ma|il], [surname])', 'mailNickname'), 'Join(".", [mailNickname], [surname])');
      assert.equal(accept('[|]', 'givenName'), '[givenName]');
      assert.equal(accept('[|', 'givenName'), '[givenName]');
      assert.equal(accept('Join(".", [giv|  , [sn])', 'givenName'), 'Join(".", [givenName]  , [sn])');
    });

    it('shows type and multi-valued in the detail, the description as documentation', () => {
      const items = complete('[|]');
      assert.equal(items.length, USER.length);
      const proxy = items.find((i) => i.label === 'proxyAddresses')!;
      assert.equal(proxy.kind, CompletionItemKind.Field);
      assert.equal(proxy.detail, 'String, multi-valued');
      assert.deepEqual(proxy.edit, { start: 1, end: 1, newText: 'proxyAddresses' });
      assert.equal(items.find((i) => i.label === 'manager')!.detail, 'Reference to User');
      assert.equal(items.find((i) => i.label === 'accountEnabled')!.detail, 'Boolean');
      const mail = items.find((i) => i.label === 'mail')!;
      assert.ok(mail.documentation!.value.startsWith('```entramap\n(attribute) [mail]: String\n```'), mail.documentation!.value);
    });

    it('lists the names the caller adds (the document\'s source directory)', () => {
      const attributes = attributesFor('User', ['StatusHireDate', { name: 'PreferredFirstName', type: 'String' }]);
      const items = complete('Join(".", [Prefer|', { attributes });
      assert.deepEqual(items.map((i) => i.label), ['onPremisesSecurityIdentifier', 'PreferredFirstName', 'preferredLanguage']);
      assert.equal(items[1].detail, 'String');
      assert.ok(items[1].documentation!.value.includes('From the source directory.'));
      assert.deepEqual(labels('[StatusH|', { attributes }), ['StatusHireDate']);
    });

    it('offers attributes as complete references where a term starts', () => {
      assert.equal(accept('Join(".", giv|', '[givenName]'), 'Join(".", [givenName]');
      const item = complete('Join(".", |').find((i) => i.label === '[mail]')!;
      assert.deepEqual(item.edit, { start: 10, end: 10, newText: '[mail]' });
      assert.equal(item.filterText, 'mail');
    });

    it('puts the attribute a parameter requires first and preselects it', () => {
      const items = complete('SingleAppRoleAssignment(|)');
      assert.equal(items[0].label, '[appRoleAssignments]');
      assert.equal(items[0].preselect, true);
      assert.deepEqual(labels('AppRoleAssignmentsComplex([|])')[0], 'appRoleAssignments');
    });

    it('prefers attributes of the parameter\'s type', () => {
      assert.deepEqual(labels('Count([|])').slice(0, 2), ['proxyAddresses', 'accountEnabled']);
      assert.deepEqual(labels('Not([|])').slice(0, 3), ['accountEnabled', 'dirSyncEnabled', 'IsSoftDeleted']);
    });
  });

  describe('values', () => {
    it('offers the compare types, and only them, where InStr takes its compareType', () => {
      const items = complete('InStr("a", "b", 1, |)');
      assert.deepEqual(items.map((i) => [i.label, i.kind, i.detail, i.edit]), [
        ['vbTextCompare', CompletionItemKind.EnumMember, 'Case-insensitive comparison.', { start: 19, end: 19, newText: 'vbTextCompare' }],
        ['vbBinaryCompare', CompletionItemKind.EnumMember, 'Case-sensitive comparison.', { start: 19, end: 19, newText: 'vbBinaryCompare' }],
      ]);
      assert.deepEqual(labels('InStr("a", "b", 1, vbB|'), ['vbBinaryCompare']);
      assert.equal(accept('InStr("a", "b", 1, vbt|)', 'vbTextCompare'), 'InStr("a", "b", 1, vbTextCompare)');
    });

    it('offers the interval codes with their meaning inside the interval string', () => {
      const items = complete('DateAdd("|", 7, Now())');
      assert.deepEqual(
        items.map((i) => [i.label, i.detail]),
        [['"yyyy"', 'year'], ['"m"', 'month'], ['"d"', 'day'], ['"ww"', 'week'], ['"h"', 'hour'], ['"n"', 'minute'], ['"s"', 'second']],
      );
      assert.deepEqual(items[2].edit, { start: 8, end: 10, newText: '"d"' });
      assert.equal(items[2].filterText, '"d"');
      assert.equal(accept('DateDiff("w|", [a], [b])', '"ww"'), 'DateDiff("ww", [a], [b])');
    });

    it('completes an unterminated interval string without eating what follows', () => {
      assert.equal(accept('DateAdd("d|, 7, Now())', '"d"'), 'DateAdd("d", 7, Now())');
      assert.equal(accept('DateAdd("|', '"ww"'), 'DateAdd("ww"');
    });

    it('offers the interval codes first where the interval argument starts', () => {
      const items = complete('DateAdd(|');
      assert.deepEqual(items.slice(0, 7).map((i) => i.label), ['"yyyy"', '"m"', '"d"', '"ww"', '"h"', '"n"', '"s"']);
      assert.equal(items[0].preselect, true);
      assert.equal(items.length, 7 + FUNCTIONS + USER.length);
    });

    it('offers "True"/"False" where a boolean string is expected', () => {
      assert.deepEqual(labels('Not(|)').slice(0, 2), ['"True"', '"False"']);
      assert.deepEqual(labels('Switch([IsSoftDeleted], , "|'), ['"True"', '"False"']);
      assert.equal(accept('Switch([IsSoftDeleted], , "|', '"False"'), 'Switch([IsSoftDeleted], , "False"');
      assert.equal(accept('Switch([IsSoftDeleted], , "False", "True", "T|")', '"True"'), 'Switch([IsSoftDeleted], , "False", "True", "True")');
      assert.deepEqual(labels('Switch(IsPresent([mail]), "x", |').slice(0, 2), ['"True"', '"False"']);
      assert.deepEqual(labels('IIF([accountEnabled] = |').slice(0, 2), ['"True"', '"False"']);
      assert.deepEqual(labels('IIF(|"" = [accountEnabled], 1, 2)'), []);
      assert.equal(accept('IIF([accountEnabled] = Tr|', '"True"'), 'IIF([accountEnabled] = "True"');
    });

    it('offers no boolean strings where the Switch key is compared with text, or at a value slot', () => {
      assert.deepEqual(labels('Switch([mail], "x", "|'), []);
      assert.ok(!labels('Switch([accountEnabled], "x", "True", |').includes('"True"'));
    });

    it('offers nothing inside an ordinary string constant', () => {
      assert.deepEqual(labels('Join("|")'), []);
      assert.deepEqual(labels('Join(".|'), []);
      assert.deepEqual(labels('"abc|'), []);
      assert.deepEqual(labels('"a|bc"'), []);
      assert.deepEqual(labels('FormatDateTime([x], , "yyyy|", "yyyy")'), []);
    });
  });

  describe('broken input', () => {
    it('never throws, at any offset of odd inputs', () => {
      const inputs = ['', ' ', '(', ')', ',', '[', ']', '"', '""', '"\\', '[[', 'Join(', 'Join(,,', 'IIF([a] = ', '&H', 'Switch([a], , "x", ', '\u201cx\u201d', 'a b c', 'Foo(Bar(Baz('];
      for (const text of inputs) {
        for (let offset = -1; offset <= text.length + 1; offset++) {
          assert.doesNotThrow(() => completeExpression(text, offset), `${JSON.stringify(text)} @${offset}`);
        }
      }
    });

    it('completes at the very end of the text and in an empty expression', () => {
      assert.equal(complete('|').length, FUNCTIONS + USER.length);
      assert.equal(complete('   |').length, FUNCTIONS + USER.length);
      assert.deepEqual(labels('Join(".", [givenName], Lef|'), ['Left']);
    });
  });
});
