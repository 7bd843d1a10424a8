import assert from 'node:assert/strict';
import { diagnoseExpression } from '../../server/src/check/expression';
import { applyEdits, codeActionsFor } from '../../server/src/features/expression';

/** Every quick fix for the checker's diagnostics: `title [preferred] → resulting text`. */
function fixes(text: string, codes?: string[]): string[] {
  const diagnostics = diagnoseExpression(text).filter((d) => !codes || codes.includes(d.code));
  return codeActionsFor(text, diagnostics).map((a) => `${a.title}${a.isPreferred ? ' [preferred]' : ''} → ${applyEdits(text, a.edits)}`);
}

describe('expression services: code actions', () => {
  it('offers one action per did-you-mean suggestion, the best one preferred', () => {
    assert.deepEqual(fixes('Joinn(".", [a])'), ["Change to 'Join' [preferred] → Join(\".\", [a])"]);
    assert.deepEqual(fixes('Rplace([a], "x", , , "y", , )'), ["Change to 'Replace' [preferred] → Replace([a], \"x\", , , \"y\", , )"]);
    assert.deepEqual(fixes('IsNul([a])'), ["Change to 'IsNull' [preferred] → IsNull([a])", "Change to 'IsNullOrEmpty' → IsNullOrEmpty([a])"]);
  });

  it('writes the canonical casing of a function name', () => {
    assert.deepEqual(fixes('tolower([a])'), ["Write 'ToLower' [preferred] → ToLower([a])"]);
    assert.deepEqual(fixes('InStr("a", "b", 1, vbtextcompare)'), ["Write 'vbTextCompare' [preferred] → InStr(\"a\", \"b\", 1, vbTextCompare)"]);
  });

  it('turns a bare True into the string "True"', () => {
    assert.deepEqual(fixes('Switch([a], True, "x", "y")'), ['Use the string "True" [preferred] → Switch([a], "True", "x", "y")']);
    assert.deepEqual(fixes('Not(false)'), ['Use the string "False" [preferred] → Not("False")']);
  });

  it('offers both readings of another bare word, neither preferred', () => {
    assert.deepEqual(fixes('Join(".", mail)'), ['Use the attribute [mail] → Join(".", [mail])', 'Use the string "mail" → Join(".", "mail")']);
  });

  it('removes the spaces inside attribute brackets', () => {
    assert.deepEqual(fixes('Join(".", [ mail ])'), ['Remove the spaces: [mail] [preferred] → Join(".", [mail])']);
  });

  it('doubles the backslash of an unknown escape', () => {
    assert.deepEqual(fixes('Replace([a], , "\\d+", , "", , )'), ['Escape the backslash: \\\\d [preferred] → Replace([a], , "\\\\d+", , "", , )']);
  });

  it('replaces typographic quotes', () => {
    assert.deepEqual(fixes('Join(\u201c.\u201d, [a])'), ['Replace the typographic quotes with " [preferred] → Join(".", [a])']);
    // each quote of `“John Doe”` is its own diagnostic: one action replaces them all
    assert.deepEqual(fixes('Join(", ", \u201cDr\u201d, \u201cJohn Doe\u201d)', ['EPX001']), [
      'Replace the typographic quotes with " [preferred] → Join(", ", "Dr\u201d, \u201cJohn Doe\u201d)',
      'Replace the typographic quotes with " [preferred] → Join(", ", \u201cDr", \u201cJohn Doe\u201d)',
      'Replace the typographic quotes with " [preferred] → Join(", ", \u201cDr\u201d, "John Doe\u201d)',
      'Replace the typographic quotes with " [preferred] → Join(", ", \u201cDr\u201d, \u201cJohn Doe")',
      'Replace all typographic quotes with " → Join(", ", "Dr", "John Doe")',
    ]);
  });

  it('adds missing closing parentheses, one action for all nested calls', () => {
    assert.deepEqual(fixes('Join(".", [a]'), ["Add the missing ')' [preferred] → Join(\".\", [a])"]);
    assert.deepEqual(fixes('Join(".", Left(Mid([a], 1, 2), 1'), ["Add the 2 missing ')' [preferred] → Join(\".\", Left(Mid([a], 1, 2), 1))"]);
  });

  it('closes an unterminated string or attribute at the end of the expression', () => {
    assert.deepEqual(fixes('Join(".", "abc', ['EPX002']), ['Add the closing quote [preferred] → Join(".", "abc"']);
    assert.deepEqual(fixes('Join(".", [mail', ['EPX003']), ["Add the missing ']' [preferred] → Join(\".\", [mail]"]);
    assert.deepEqual(fixes('Join(".", [mail, "x")', ['EPX003']), ["Add the missing ']' [preferred] → Join(\".\", [mail], \"x\")"]);
    // in the middle the right place for the quote is a guess: no fix
    assert.deepEqual(fixes('Join(".", "abc\n, [b])', ['EPX002']), []);
  });

  it('rewrites AND / OR in an IIF condition as nested IIF', () => {
    assert.deepEqual(fixes('IIF([country]="USA" AND [state]="CA", "True", "False")'), [
      'Rewrite AND as nested IIF [preferred] → IIF([country]="USA", IIF([state]="CA", "True", "False"), "False")',
    ]);
    assert.deepEqual(fixes('IIF([country]="USA" OR [state]="CA", "True", "False")'), [
      'Rewrite OR as nested IIF [preferred] → IIF([country]="USA", "True", IIF([state]="CA", "True", "False"))',
    ]);
    assert.deepEqual(fixes('IIF([a]="1" and IsPresent([b]) and [c]<>"", [x], "")'), [
      'Rewrite AND as nested IIF [preferred] → IIF([a]="1", IIF(IsPresent([b]), IIF([c]<>"", [x], ""), ""), "")',
    ]);
  });

  it('merges the identical rewrite of several ANDs into one action', () => {
    const text = 'IIF([a]="1" AND [b]="2" AND [c]="3", "y", "n")';
    const diagnostics = diagnoseExpression(text).filter((d) => d.code === 'EPX014');
    assert.equal(diagnostics.length, 2);
    const actions = codeActionsFor(text, diagnostics);
    assert.equal(actions.length, 1);
    assert.deepEqual(actions[0].diagnostics, diagnostics);
    assert.equal(applyEdits(text, actions[0].edits), 'IIF([a]="1", IIF([b]="2", IIF([c]="3", "y", "n"), "n"), "n")');
  });

  it('does not rewrite shapes that are not simple', () => {
    assert.deepEqual(fixes('IIF([a]="1" AND [b]="2" OR [c]="3", "y", "n")', ['EPX014']), []);
    assert.deepEqual(fixes('IIF([a]="1" AND [b]="2", "y")', ['EPX014']), []);
    assert.deepEqual(fixes('CBool([a]="1" AND [b]="2")', ['EPX014']), []);
    assert.deepEqual(fixes('IIF([a]="1" AND , "y", "n")', ['EPX014']), []);
  });

  it('adds the empty dateTimeStyles slot to a FormatDateTime with 3 arguments', () => {
    assert.deepEqual(fixes('FormatDateTime([x], "yyyyMMdd", "yyyy-MM-dd")'), [
      'Add the empty dateTimeStyles slot [preferred] → FormatDateTime([x], , "yyyyMMdd", "yyyy-MM-dd")',
    ]);
  });

  it('uses the checker\'s other replacements with a readable title', () => {
    assert.deepEqual(fixes('DateAdd("d", 7, [StatusHireDate])'), ['Wrap in CDate(...) [preferred] → DateAdd("d", 7, CDate([StatusHireDate]))']);
    assert.deepEqual(fixes('Left([a], 1, 2, 3)'), ['Remove the extra arguments [preferred] → Left([a], 1)']);
    assert.deepEqual(fixes('DateAdd("D", 7, Now())'), ['Write \'"d"\' [preferred] → DateAdd("d", 7, Now())']);
  });

  it('returns the caller\'s own diagnostic objects and ignores ones it cannot fix or place', () => {
    const text = 'Joinn(".", [a])';
    const mine = [{ code: 'EPX101', start: 0, end: 5, data: { suggestions: ['Join'] }, extra: 42 }];
    const actions = codeActionsFor(text, mine);
    assert.equal(actions[0].diagnostics[0], mine[0]);
    assert.deepEqual(codeActionsFor(text, [{ code: 'EPX101', start: 3, end: 99, data: { replacement: 'x' } }]), []);
    assert.deepEqual(codeActionsFor(text, [{ code: 'EPX999', start: 0, end: 1 }]), []);
    assert.deepEqual(codeActionsFor(text, [{ code: 'EPX101', start: 0, end: 5, data: 'nonsense' }]), []);
  });

  it('never throws on the diagnostics of odd inputs', () => {
    const inputs = ['', '(', ')', 'IIF(', 'IIF(AND', 'IIF(a AND b', 'IIF([a] AND [b], , )', 'FormatDateTime(', 'FormatDateTime(,,)', '"\\', '[', 'Join(,\u201c'];
    for (const text of inputs) assert.doesNotThrow(() => codeActionsFor(text, diagnoseExpression(text)), JSON.stringify(text));
  });
});
