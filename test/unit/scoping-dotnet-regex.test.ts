import assert from 'node:assert/strict';
import { checkScope } from '../../server/src/scoping/check';
import { evaluateClause, evaluateScope } from '../../server/src/scoping/evaluate';
import { evaluateItem } from '../../server/src/cli/scope';

// REGEX MATCH through the default engine: entramap's .NET regex emulation.
function m(value: string, op: 'REGEX MATCH' | 'NOT REGEX MATCH', pattern: string) {
  return evaluateClause({ sourceOperandName: 'userPrincipalName', operatorName: op, targetOperand: { values: [pattern] } }, { userPrincipalName: value });
}

describe('scoping: REGEX MATCH with the .NET engine', () => {
  it('runs the documented examples, unanchored', () => {
    assert.equal(m('ann@domain.com', 'REGEX MATCH', '.*\\@domain.com').result, true);
    assert.equal(m('ann@domain.com.evil.net', 'REGEX MATCH', '.*\\@domain.com').result, true);
    assert.equal(m('ann@domainXcom', 'REGEX MATCH', '.*\\@domain.com').result, true);
    assert.equal(m('ann@contoso.com', 'NOT REGEX MATCH', '.*\\@domain.com').result, true);
    assert.equal(m('42', 'REGEX MATCH', '([1-9][0-9])').result, true);
    assert.equal(m('100', 'REGEX MATCH', '([1-9][0-9])').result, true);
    assert.equal(m('7', 'REGEX MATCH', '([1-9][0-9])').result, false);
    assert.equal(m('100', 'REGEX MATCH', '^([1-9][0-9])$').result, false);
  });

  it('is case-sensitive unless the pattern says otherwise, with .NET inline options', () => {
    assert.equal(m('ANN@DOMAIN.COM', 'REGEX MATCH', 'domain\\.com').result, false);
    assert.equal(m('ANN@DOMAIN.COM', 'REGEX MATCH', '(?i)domain\\.com').result, true);
    assert.equal(m('ANN@DOMAIN.COM', 'REGEX MATCH', '@(?i:domain)\\.COM\\z').result, true);
    assert.equal(m('ann@domain.com\n', 'REGEX MATCH', '\\Aann@domain\\.com\\Z').result, true, '\\Z allows a final newline');
    assert.equal(m('ann@domain.com\n', 'REGEX MATCH', '\\Aann@domain\\.com\\z').result, false);
  });

  it('is false with a note for an invalid pattern, for both operators', () => {
    for (const op of ['REGEX MATCH', 'NOT REGEX MATCH'] as const) {
      const v = m('x', op, '(unclosed');
      assert.equal(v.result, false);
      assert.match(v.note!, /^invalid regular expression: .*\(evaluated as false\)$/);
    }
    assert.match(m('x', 'REGEX MATCH', '\\q').note!, /invalid regular expression/, 'unknown escape is an error in .NET');
  });

  it('stops a catastrophic pattern with a note instead of hanging', () => {
    const started = Date.now();
    const v = m('a'.repeat(40) + '!', 'REGEX MATCH', '^(a+)+$');
    assert.equal(v.result, false);
    assert.match(v.note!, /^regex timed out/);
    const not = m('a'.repeat(40) + '!', 'NOT REGEX MATCH', '^(a+)+$');
    assert.equal(not.result, false, 'a budget error is false for NOT REGEX MATCH too');
    assert.ok(Date.now() - started < 10_000);
  });

  it('validates patterns in checkScope with offsets into the value', () => {
    const f = (pattern: string) => ({
      groups: [{ name: 'g', clauses: [{ sourceOperandName: 'department', operatorName: 'REGEX MATCH', targetOperand: { values: [pattern] } }] }],
    });
    const bad = checkScope(f('^Sales(+)$'));
    const err = bad.find((d) => d.code === 'ESF008');
    assert.ok(err, JSON.stringify(bad));
    assert.equal(err!.location.pointer, '/groups/0/clauses/0/targetOperand/values/0');
    assert.ok(err!.location.span && err!.location.span.start >= 6 && err!.location.span.start <= 7);
    const risky = checkScope(f('^(a+)+$'));
    assert.deepEqual(risky.map((d) => [d.code, d.severity]), [['ESF022', 'warning']]);
    assert.deepEqual(checkScope(f('^[A-Z][a-z]+$')), []);
  });

  it('evaluates a filter for many users with the same pattern', () => {
    const filter = {
      groups: [{ name: 'contoso', clauses: [{ sourceOperandName: 'mail', operatorName: 'REGEX MATCH', targetOperand: { values: ['^[^@]+@contoso\\.com$'] } }] }],
    };
    let inScope = 0;
    for (let i = 0; i < 500; i++) if (evaluateScope(filter, { mail: `u${i}@${i % 2 ? 'contoso' : 'fabrikam'}.com` }).inScope) inScope++;
    assert.equal(inScope, 250);
  });

  it('is used by entramap scope', () => {
    const out = evaluateItem(
      { groups: [{ name: 'g', clauses: [{ sourceOperandName: 'userPrincipalName', operatorName: 'REGEX MATCH', targetOperand: { values: ['^.*@domain\\.com$'] } }] }] },
      { userPrincipalName: 'ann@domain.com' },
    );
    assert.equal('inScope' in out && out.inScope, true);
  });
});
