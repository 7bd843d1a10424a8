import assert from 'node:assert/strict';
import { sourceCatalog } from '../../server/src/catalog/source-attributes';
import { codeInfo } from '../../server/src/diagnostics/codes';
import { checkScope, CheckScopeOptions } from '../../server/src/scoping/check';
import type { ScopeDiagnostic } from '../../server/src/scoping/diagnostics';
import type { ScopeRegexEngine } from '../../server/src/scoping/regex';
import { readScopeFilter } from '../../server/src/scoping/read';

// Validation stand-in: reports an unbalanced "(" the way the .NET engine's validator does.
const fakeRegex: ScopeRegexEngine = {
  isMatch: () => ({ kind: 'match', matched: false }),
  validate(pattern) {
    const open = pattern.indexOf('(');
    if (open >= 0 && !pattern.includes(')')) return [{ severity: 'error', message: 'Not enough )\'s.', start: open, end: open + 1 }];
    if (pattern.includes('(?i)')) return [{ severity: 'warning', message: 'inline option', start: pattern.indexOf('(?i)'), end: pattern.indexOf('(?i)') + 4 }];
    return [];
  },
};

function filterOf(...clauses: Array<[string, string, ...string[]]>) {
  return {
    groups: [
      {
        name: 'F',
        clauses: clauses.map(([a, o, ...values]) => ({ sourceOperandName: a, operatorName: o, targetOperand: { values } })),
      },
    ],
  };
}

function check(filter: unknown, options: CheckScopeOptions = {}): ScopeDiagnostic[] {
  return checkScope(filter, { regex: fakeRegex, ...options });
}

function codes(filter: unknown, options?: CheckScopeOptions): string[] {
  return check(filter, options).map((d) => d.code);
}

function one(filter: unknown, code: string, options?: CheckScopeOptions): ScopeDiagnostic {
  const found = check(filter, options).filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(check(filter, options), null, 1)}`);
  return found[0];
}

describe('scoping: checks', () => {
  it('accepts a clean filter and no filter', () => {
    assert.deepEqual(
      check(filterOf(['department', 'EQUALS', 'Sales'], ['accountEnabled', 'IS TRUE'], ['userPrincipalName', 'REGEX MATCH', '^.*@contoso\\.com$'])),
      [],
    );
    assert.deepEqual(check(null), []);
    assert.deepEqual(check({ groups: [] }), []);
  });

  it('uses only codes from the table, with the table severity unless stated', () => {
    const all = check({
      groups: [
        { name: 'x', clauses: [] },
        {
          name: 'y',
          clauses: [
            { sourceOperandName: 'departmnt', operatorName: 'EQUAL', targetOperand: { values: [] } },
            { sourceOperandName: 'manager', operatorName: 'IS NULL', targetOperand: { values: ['x'] } },
          ],
        },
      ],
    });
    assert.ok(all.length >= 4);
    for (const d of all) assert.ok(codeInfo(d.code), d.code);
  });

  describe('operators', () => {
    it('reports an unknown operator with did-you-mean', () => {
      const d = one(filterOf(['department', 'EQUAL', 'Sales']), 'ESF001');
      assert.equal(d.severity, 'error');
      assert.deepEqual(d.suggestions, ['EQUALS']);
      assert.match(d.message, /did you mean "EQUALS"/);
      assert.equal(d.location.pointer, '/groups/0/clauses/0/operatorName');
      assert.equal(one(filterOf(['department', 'NOT_EQUALS', 'x']), 'ESF001').suggestions?.[0], 'NOT EQUALS');
      const far = one(filterOf(['department', 'Frobnicate', 'x']), 'ESF001');
      assert.match(far.message, /The operators are EQUALS, NOT EQUALS/);
    });

    it('reports wrong casing of an operator as unknown, naming the right token', () => {
      const d = one(filterOf(['department', 'equals', 'Sales']), 'ESF001');
      assert.match(d.message, /case-sensitive.*"EQUALS"/);
      assert.deepEqual(d.suggestions, ['EQUALS']);
      assert.deepEqual(one(filterOf(['mail', 'includes', 'x']), 'ESF001').suggestions, ['Includes']);
    });

    it('reports extra spaces inside an operator token', () => {
      const d = one(filterOf(['jobTitle', 'IS  NOT NULL']), 'ESF001');
      assert.deepEqual(d.suggestions, ['IS NOT NULL']);
      assert.match(d.message, /one space between words/);
      assert.deepEqual(one(filterOf(['jobTitle', ' is null ']), 'ESF001').suggestions, ['IS NULL']);
    });

    it('warns about portal-only and undocumented operators', () => {
      assert.equal(one(filterOf(['department', 'Present']), 'ESF002').severity, 'warning');
      assert.equal(one(filterOf(['userPrincipalName', 'Valid Cert Match', 'x']), 'ESF002').severity, 'warning');
      for (const op of ['Less_Than', 'Less_Than_OR_EQUALS', 'IS IN', 'IS NOT IN', 'STARTS_WITH']) {
        assert.equal(one(filterOf(['department', op, '5']), 'ESF003').severity, 'warning', op);
      }
    });

    it('flags & and !& as uncertain', () => {
      assert.equal(one(filterOf(['department', '&', 'Sales']), 'ESF015').severity, 'information');
      assert.match(one(filterOf(['department', '!&', 'Sales']), 'ESF015').message, /does not contain/);
    });

    it('follows a tenant operator list when given', () => {
      const operators = [{ name: 'EQUALS' }, { name: 'STARTS_WITH' }];
      assert.deepEqual(codes(filterOf(['department', 'STARTS_WITH', 'x']), { operators }), []);
      const d = one(filterOf(['department', 'Includes', 'x']), 'ESF001', { operators });
      assert.match(d.message, /tenant does not offer/);
    });
  });

  describe('values', () => {
    it('reports a missing value for binary operators', () => {
      const d = one(filterOf(['department', 'EQUALS']), 'ESF004');
      assert.equal(d.location.pointer, '/groups/0/clauses/0/targetOperand/values');
      const noOperand = { groups: [{ name: 'g', clauses: [{ sourceOperandName: 'department', operatorName: 'Includes' }] }] };
      assert.deepEqual(codes(noOperand), ['ESF004']);
    });

    it('reports a value given to a unary operator, and accepts an empty one', () => {
      const d = one(filterOf(['jobTitle', 'IS NOT NULL', 'x']), 'ESF005');
      assert.equal(d.location.valueIndex, 0);
      assert.deepEqual(codes(filterOf(['jobTitle', 'IS NOT NULL', ''])), []);
    });

    it('reports extra values', () => {
      const d = one(filterOf(['department', 'EQUALS', 'a', 'b', 'c']), 'ESF006');
      assert.match(d.message, /only "a" is used and 2 more are ignored/);
      assert.equal(d.location.valueIndex, 1);
    });

    it('reports a non-integer value for Greater_Than, with the separator-free fix', () => {
      const d = one(filterOf(['employeeId', 'Greater_Than', '1,000,000']), 'ESF007');
      assert.deepEqual(d.suggestions, ['1000000']);
      assert.equal(d.location.pointer, '/groups/0/clauses/0/targetOperand/values/0');
      assert.equal(one(filterOf(['employeeId', 'Greater_Than_OR_EQUALS', 'ten']), 'ESF007').suggestions, undefined);
      assert.ok(!codes(filterOf(['employeeId', 'Greater_Than', '1000000'])).includes('ESF007'));
    });

    it('reports invalid regular expressions at their offset', () => {
      const d = one(filterOf(['department', 'REGEX MATCH', '^(Sales$']), 'ESF008');
      assert.deepEqual(d.location.span, { start: 1, end: 2 });
      assert.equal(d.location.pointer, '/groups/0/clauses/0/targetOperand/values/0');
      assert.ok(!codes(filterOf(['department', 'REGEX MATCH', '^(Sales$'])).includes('ESF009'), 'no anchoring hint on a broken pattern');
      assert.equal(one(filterOf(['department', 'NOT REGEX MATCH', '^(?i)sales$']), 'ESF022').severity, 'warning');
    });

    it('hints at unanchored patterns, with the anchored one as a suggestion', () => {
      const d = one(filterOf(['userPrincipalName', 'REGEX MATCH', '.*\\@domain.com']), 'ESF009');
      assert.equal(d.severity, 'information');
      assert.match(d.message, /at either end/);
      assert.deepEqual(d.suggestions, ['^.*\\@domain.com$']);
      assert.match(one(filterOf(['department', 'REGEX MATCH', '^Sales']), 'ESF009').message, /at the end/);
      assert.match(one(filterOf(['department', 'REGEX MATCH', 'Sales\\$']), 'ESF009').message, /at either end/);
      assert.deepEqual(codes(filterOf(['department', 'REGEX MATCH', '\\ASales\\z'])), []);
    });

    it('points out that negative operators leave empty values out', () => {
      for (const op of ['NOT EQUALS', 'NOT REGEX MATCH', '!&']) {
        const d = one(filterOf(['department', op, 'Sales']), 'ESF023');
        assert.equal(d.severity, 'information');
        assert.match(d.message, /department IS NULL/);
      }
      assert.ok(!codes(filterOf(['department', 'EQUALS', 'Sales'])).includes('ESF023'));
    });

    it('flags EQUALS with an empty value as never true', () => {
      assert.equal(one(filterOf(['department', 'EQUALS', '']), 'ESF020').severity, 'warning');
    });
  });

  describe('attributes', () => {
    it('rejects attributes that cannot be scoped on', () => {
      for (const name of ['manager', 'appRoleAssignments', 'userType', 'proxyAddresses', 'employeeHireDate', 'IsMemberOf', 'StatusHireDate']) {
        const d = one(filterOf([name, 'IS NOT NULL']), 'ESF010');
        assert.equal(d.severity, 'error');
        assert.equal(d.location.field, 'sourceOperandName', name);
      }
      assert.equal(one(filterOf(['members', 'IS NOT NULL']), 'ESF010', { object: 'Group' }).severity, 'error');
    });

    it('warns about unknown attributes with did-you-mean', () => {
      const d = one(filterOf(['departmnet', 'EQUALS', 'x']), 'ESF011');
      assert.deepEqual(d.suggestions, ['department']);
      assert.match(d.message, /did you mean "department"/);
      assert.match(one(filterOf(['workerID', 'EQUALS', 'x']), 'ESF011').message, /extended/);
    });

    it('warns about attribute casing', () => {
      const d = one(filterOf(['Department', 'EQUALS', 'x']), 'ESF012');
      assert.deepEqual(d.suggestions, ['department']);
      assert.equal(one(filterOf(['Manager', 'IS NULL']), 'ESF010').code, 'ESF010', 'casing does not hide the scoping restriction');
    });

    it('accepts directory extensions and reports malformed ones', () => {
      assert.deepEqual(codes(filterOf(['extension_b7d8e648520f41d3b9c0fdeb91768a0a_costCenter', 'EQUALS', 'x'])), []);
      const d = one(filterOf(['extension_b7d8e648-520f-41d3-b9c0-fdeb91768a0a_costCenter', 'EQUALS', 'x']), 'ESF018');
      assert.equal(d.severity, 'error');
      assert.deepEqual(d.suggestions, ['extension_b7d8e648520f41d3b9c0fdeb91768a0a_costCenter']);
      assert.deepEqual(d.location.span?.start, 10);
    });

    it('uses a tenant catalogue when given', () => {
      const catalog = sourceCatalog('User').with([
        { name: 'workerID', type: 'Integer', multiValued: false, inDefaultSchema: false, scoping: { allowed: true }, description: 'x', provenance: ['entra-docs'] },
      ]);
      assert.deepEqual(codes(filterOf(['workerID', 'Greater_Than', '5']), { catalog }), []);
    });

    it('warns about Boolean and integer operators on other types', () => {
      const bool = one(filterOf(['department', 'IS TRUE']), 'ESF016');
      assert.equal(bool.severity, 'information');
      assert.equal(one(filterOf(['employeeId', 'Greater_Than', '5']), 'ESF017').severity, 'information');
      assert.equal(one(filterOf(['accountEnabled', 'Greater_Than', '5']), 'ESF017').severity, 'warning');
      assert.deepEqual(codes(filterOf(['accountEnabled', 'IS FALSE'])), []);
    });
  });

  describe('structure', () => {
    it('reports malformed filters with JSON pointers', () => {
      const cases: Array<[unknown, string, string]> = [
        ['x', '', 'not the string "x"'],
        [[], '', 'not an array'],
        [{}, '', 'no "groups"'],
        [{ groups: {} }, '/groups', 'must be an array'],
        [{ groups: [5] }, '/groups/0', 'not the number 5'],
        [{ groups: [{ name: 'g' }] }, '/groups/0', 'no "clauses"'],
        [{ groups: [{ name: 7, clauses: [] }] }, '/groups/0/name', 'must be a string'],
        [{ groups: [{ name: 'g', clauses: [{ operatorName: 'EQUALS', targetOperand: { values: ['x'] } }] }] }, '/groups/0/clauses/0', 'no "sourceOperandName"'],
        [{ groups: [{ name: 'g', clauses: [{ sourceOperandName: 'a', operatorName: '', targetOperand: { values: ['x'] } }] }] }, '/groups/0/clauses/0/operatorName', 'is empty'],
        [{ groups: [{ name: 'g', clauses: [{ sourceOperandName: 'a', operatorName: 'EQUALS', targetOperand: 'x' }] }] }, '/groups/0/clauses/0/targetOperand', 'must be an object'],
        [{ groups: [{ name: 'g', clauses: [{ sourceOperandName: 'a', operatorName: 'EQUALS', targetOperand: { values: 'x' } }] }] }, '/groups/0/clauses/0/targetOperand/values', 'array of strings'],
        [{ groups: [{ name: 'g', clauses: [{ sourceOperandName: 'a', operatorName: 'EQUALS', targetOperand: { values: [1000] } }] }] }, '/groups/0/clauses/0/targetOperand/values/0', 'write "1000"'],
        [{ groups: [], inputFilterGroups: 3 }, '/inputFilterGroups', 'must be an array'],
      ];
      for (const [input, pointer, text] of cases) {
        const ds = check(input).filter((d) => d.code === 'ESF013');
        assert.equal(ds.length, 1, JSON.stringify(input));
        assert.equal(ds[0].location.pointer, pointer, JSON.stringify(input));
        assert.ok(ds[0].message.includes(text), `${ds[0].message} should include ${text}`);
      }
    });

    it('still checks the well-formed clauses of a group with a malformed one, and leaves that group out', () => {
      const input = {
        groups: [
          {
            name: 'g',
            clauses: [
              { sourceOperandName: 'department', operatorName: 'EQUAL', targetOperand: { values: ['x'] } },
              { sourceOperandName: 'mail' },
            ],
          },
        ],
      };
      assert.deepEqual(codes(input).sort(), ['ESF001', 'ESF013']);
      assert.deepEqual(readScopeFilter(input).filter, { groups: [] });
    });

    it('can leave structural problems to a caller that validated the JSON already', () => {
      const input = {
        groups: [
          {
            name: 'g',
            clauses: [
              { sourceOperandName: 'department', operatorName: 'EQUALS', targetOperand: { values: [1] } },
              { sourceOperandName: 'department', operatorName: 'EQUAL', targetOperand: { values: ['x'] } },
            ],
          },
        ],
      };
      assert.deepEqual(codes(input), ['ESF013', 'ESF001']);
      assert.deepEqual(codes(input, { skipStructure: true }), ['ESF001']);
    });

    it('reports groups without clauses and experimental sections', () => {
      const d = one({ groups: [{ name: 'Everyone', clauses: [] }] }, 'ESF014');
      assert.match(d.message, /"Everyone" has no clauses, so it is always true/);
      assert.equal(d.location.pointer, '/groups/0');
      const e = one({ groups: [], inputFilterGroups: [{ name: 'i', clauses: [{ sourceOperandName: 'department', operatorName: 'EQUALS', targetOperand: { values: ['x'] } }] }] }, 'ESF019');
      assert.equal(e.location.pointer, '/inputFilterGroups');
      assert.deepEqual(codes({ groups: [], inputFilterGroups: [], categoryFilterGroups: null }), []);
    });

    it('locates clauses of experimental sections', () => {
      const d = one(
        { groups: [], categoryFilterGroups: [{ name: 'c', clauses: [{ sourceOperandName: 'department', operatorName: 'EQUAL', targetOperand: { values: ['x'] } }] }] },
        'ESF001',
      );
      assert.equal(d.location.pointer, '/categoryFilterGroups/0/clauses/0/operatorName');
      assert.equal(d.location.section, 'categoryFilterGroups');
    });
  });
});
