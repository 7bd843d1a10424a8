import assert from 'node:assert/strict';
import { sourceCatalog } from '../../server/src/catalog/source-attributes';
import { evaluateClause, evaluateScope } from '../../server/src/scoping/evaluate';
import type { ClauseVerdict, FilterClause, ScopeFilter } from '../../server/src/scoping/model';
import type { ScopeRegexEngine } from '../../server/src/scoping/regex';
import { parseBoolean, parseInteger } from '../../server/src/scoping/values';

// A stand-in engine for the evaluator's own logic (the .NET engine has its own tests, and
// scoping-dotnet-regex.test.ts runs these operators through it). Patterns used here mean the
// same in JavaScript and .NET.
const jsRegex: ScopeRegexEngine = {
  isMatch(pattern, input) {
    if (pattern === '(a+)+$') return { kind: 'budget', message: 'step budget exceeded' };
    try {
      return { kind: 'match', matched: new RegExp(pattern).test(input) };
    } catch (e) {
      return { kind: 'syntax', message: (e as Error).message };
    }
  },
  validate: () => [],
};

function clause(sourceOperandName: string, operatorName: string, ...values: string[]): FilterClause {
  return { sourceOperandName, operatorName, targetOperand: { values } };
}

function ev(user: Record<string, unknown>, attr: string, op: string, ...values: string[]): ClauseVerdict {
  return evaluateClause(clause(attr, op, ...values), user, { regex: jsRegex, catalog: sourceCatalog('User') });
}

const r = (user: Record<string, unknown>, attr: string, op: string, ...values: string[]) => ev(user, attr, op, ...values).result;

describe('scoping: evaluation', () => {
  describe('EQUALS / NOT EQUALS', () => {
    it('compares ordinally and case-sensitively', () => {
      assert.equal(r({ department: 'Sales' }, 'department', 'EQUALS', 'Sales'), true);
      assert.equal(r({ department: 'Sales' }, 'department', 'EQUALS', 'sales'), false);
      assert.equal(r({ department: 'Sales ' }, 'department', 'EQUALS', 'Sales'), false);
      assert.equal(r({ department: 'Straße' }, 'department', 'EQUALS', 'Strasse'), false);
      assert.equal(r({ department: 'Sales' }, 'department', 'NOT EQUALS', 'sales'), true);
      assert.equal(r({ department: 'Sales' }, 'department', 'NOT EQUALS', 'Sales'), false);
    });

    it('is false on an absent, null or empty attribute, NOT EQUALS included', () => {
      for (const user of [{}, { department: null }, { department: '' }]) {
        assert.equal(r(user, 'department', 'EQUALS', 'Sales'), false);
        assert.equal(r(user, 'department', 'NOT EQUALS', 'Sales'), false);
      }
      const v = ev({}, 'department', 'NOT EQUALS', 'Sales');
      assert.equal(v.actual, null);
      assert.match(v.note!, /empty/);
      assert.equal(ev({ department: '' }, 'department', 'EQUALS', 'x').actual, '');
    });

    it('compares numbers and Booleans by their text', () => {
      assert.equal(r({ employeeId: 1500000 }, 'employeeId', 'EQUALS', '1500000'), true);
      assert.equal(r({ accountEnabled: true }, 'accountEnabled', 'EQUALS', 'True'), true);
      assert.equal(r({ accountEnabled: true }, 'accountEnabled', 'EQUALS', 'true'), false);
      assert.equal(ev({ accountEnabled: false }, 'accountEnabled', 'EQUALS', 'False').actual, 'False');
    });

    it('uses the first value and says the others are ignored', () => {
      const v = ev({ department: 'HR' }, 'department', 'EQUALS', 'Sales', 'HR');
      assert.equal(v.result, false);
      assert.match(v.note!, /only the first value is used; 1 more ignored/);
      assert.deepEqual(v.values, ['Sales', 'HR']);
    });

    it('is false without a value', () => {
      const v = ev({ department: 'HR' }, 'department', 'EQUALS');
      assert.equal(v.result, false);
      assert.match(v.note!, /no value/);
    });
  });

  describe('Includes / ENDS_WITH', () => {
    it('tests substrings ordinally', () => {
      assert.equal(r({ mail: 'ann@contoso.com' }, 'mail', 'Includes', '@contoso'), true);
      assert.equal(r({ mail: 'ann@contoso.com' }, 'mail', 'Includes', '@Contoso'), false);
      assert.equal(r({ mail: 'ann@contoso.com' }, 'mail', 'Includes', ''), true);
      assert.equal(r({ mail: 'ann@contoso.com' }, 'mail', 'ENDS_WITH', '.com'), true);
      assert.equal(r({ mail: 'ann@contoso.com' }, 'mail', 'ENDS_WITH', '.COM'), false);
      assert.equal(r({ mail: 'ann@contoso.com' }, 'mail', 'ENDS_WITH', 'contoso'), false);
      assert.equal(r({ mail: '' }, 'mail', 'Includes', ''), false, 'empty attribute is false even for an empty value');
      assert.equal(r({}, 'mail', 'ENDS_WITH', ''), false);
    });
  });

  describe('IS NULL / IS NOT NULL', () => {
    it('treats absent, null and "" as null', () => {
      assert.equal(r({}, 'jobTitle', 'IS NULL'), true);
      assert.equal(r({ jobTitle: null }, 'jobTitle', 'IS NULL'), true);
      assert.equal(r({ jobTitle: '' }, 'jobTitle', 'IS NULL'), true);
      assert.equal(r({ jobTitle: ' ' }, 'jobTitle', 'IS NULL'), false);
      assert.equal(r({ jobTitle: 'CEO' }, 'jobTitle', 'IS NULL'), false);
      assert.equal(r({}, 'jobTitle', 'IS NOT NULL'), false);
      assert.equal(r({ jobTitle: '' }, 'jobTitle', 'IS NOT NULL'), false);
      assert.equal(r({ jobTitle: 'CEO' }, 'jobTitle', 'IS NOT NULL'), true);
      assert.equal(r({ accountEnabled: false }, 'accountEnabled', 'IS NOT NULL'), true);
    });

    it('points out an attribute present only in another casing', () => {
      const v = ev({ JobTitle: 'CEO' }, 'jobTitle', 'IS NULL');
      assert.equal(v.result, true);
      assert.match(v.note!, /"JobTitle".*case-sensitive/);
    });
  });

  describe('IS TRUE / IS FALSE', () => {
    it('reads Booleans and case-insensitive "true"/"false" strings', () => {
      assert.equal(r({ accountEnabled: true }, 'accountEnabled', 'IS TRUE'), true);
      assert.equal(r({ accountEnabled: false }, 'accountEnabled', 'IS TRUE'), false);
      assert.equal(r({ accountEnabled: false }, 'accountEnabled', 'IS FALSE'), true);
      assert.equal(r({ extensionAttribute1: 'TRUE' }, 'extensionAttribute1', 'IS TRUE'), true);
      assert.equal(r({ extensionAttribute1: 'False' }, 'extensionAttribute1', 'IS FALSE'), true);
      assert.equal(r({ extensionAttribute1: 'true' }, 'extensionAttribute1', 'IS FALSE'), false);
      assert.equal(ev({ accountEnabled: true }, 'accountEnabled', 'IS TRUE').actual, true);
    });

    it('is false for anything else, with a note', () => {
      for (const value of ['yes', '1', 'truthy', 1]) {
        const v = ev({ extensionAttribute1: value }, 'extensionAttribute1', 'IS TRUE');
        assert.equal(v.result, false, String(value));
        assert.match(v.note!, /not a Boolean/);
        assert.equal(r({ extensionAttribute1: value }, 'extensionAttribute1', 'IS FALSE'), false);
      }
      assert.equal(r({}, 'accountEnabled', 'IS FALSE'), false, 'absent is not false');
    });
  });

  describe('Greater_Than / Greater_Than_OR_EQUALS', () => {
    it('compares integers, including ones beyond 2^53', () => {
      assert.equal(r({ employeeId: '1500000' }, 'employeeId', 'Greater_Than', '1000000'), true);
      assert.equal(r({ employeeId: '1000000' }, 'employeeId', 'Greater_Than', '1000000'), false);
      assert.equal(r({ employeeId: '1000000' }, 'employeeId', 'Greater_Than_OR_EQUALS', '1000000'), true);
      assert.equal(r({ employeeId: '999999' }, 'employeeId', 'Greater_Than_OR_EQUALS', '1000000'), false);
      assert.equal(r({ employeeId: '-5' }, 'employeeId', 'Greater_Than', '-6'), true);
      assert.equal(r({ employeeId: '9007199254740993' }, 'employeeId', 'Greater_Than', '9007199254740992'), true);
      assert.equal(r({ employeeId: 20 }, 'employeeId', 'Greater_Than', '3'), true, 'numeric, not text, comparison');
      assert.equal(r({ employeeId: ' 42 ' }, 'employeeId', 'Greater_Than', '41'), true);
    });

    it('is false with a note when either side is not an integer', () => {
      const left = ev({ employeeId: 'E123' }, 'employeeId', 'Greater_Than', '5');
      assert.equal(left.result, false);
      assert.equal(left.note, 'not an integer (evaluated as false)');
      const right = ev({ employeeId: '7' }, 'employeeId', 'Greater_Than', '1,000');
      assert.equal(right.result, false);
      assert.match(right.note!, /clause value "1,000" is not an integer/);
      for (const x of ['1.5', '1e6', '', '0x10']) {
        assert.equal(r({ employeeId: x || 'a' }, 'employeeId', 'Greater_Than_OR_EQUALS', '0'), false, x);
      }
      assert.equal(r({}, 'employeeId', 'Greater_Than', '0'), false);
    });
  });

  describe('REGEX MATCH / NOT REGEX MATCH', () => {
    it('matches unanchored and case-sensitively', () => {
      assert.equal(r({ userPrincipalName: 'ann@domain.com' }, 'userPrincipalName', 'REGEX MATCH', '.*\\@domain.com'), true);
      assert.equal(r({ userPrincipalName: 'ann@domain.com.evil.net' }, 'userPrincipalName', 'REGEX MATCH', '.*\\@domain.com'), true);
      assert.equal(r({ userPrincipalName: 'ann@DOMAIN.com' }, 'userPrincipalName', 'REGEX MATCH', '.*\\@domain.com'), false);
      assert.equal(r({ userPrincipalName: 'ann@other.com' }, 'userPrincipalName', 'NOT REGEX MATCH', '.*\\@domain.com'), true);
      assert.equal(r({ userPrincipalName: 'ann@domain.com' }, 'userPrincipalName', 'NOT REGEX MATCH', '.*\\@domain.com'), false);
    });

    it('NOT REGEX MATCH is false on an empty attribute', () => {
      assert.equal(r({}, 'userPrincipalName', 'NOT REGEX MATCH', 'x'), false);
      assert.equal(r({ userPrincipalName: '' }, 'userPrincipalName', 'NOT REGEX MATCH', 'x'), false);
    });

    it('is false with a note for an invalid pattern, also for NOT REGEX MATCH', () => {
      for (const op of ['REGEX MATCH', 'NOT REGEX MATCH']) {
        const v = ev({ department: 'x' }, 'department', op, '(unclosed');
        assert.equal(v.result, false, op);
        assert.match(v.note!, /invalid regular expression/);
      }
    });

    it('is false with a note when matching exceeds its budget', () => {
      const v = ev({ department: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab' }, 'department', 'NOT REGEX MATCH', '(a+)+$');
      assert.equal(v.result, false);
      assert.match(v.note!, /regex timed out/);
    });
  });

  describe('& and !&', () => {
    it('reads & as "the value contains the attribute", marked uncertain', () => {
      const v = ev({ department: 'Sales' }, 'department', '&', 'Sales,Marketing');
      assert.equal(v.result, true);
      assert.match(v.note!, /semantics uncertain/);
      assert.equal(r({ department: 'HR' }, 'department', '&', 'Sales,Marketing'), false);
      assert.equal(r({ department: 'HR' }, 'department', '!&', 'Sales,Marketing'), true);
      assert.equal(r({ department: 'Sales' }, 'department', '!&', 'Sales,Marketing'), false);
      assert.equal(r({}, 'department', '!&', 'Sales'), false, 'empty attribute: false');
    });
  });

  describe('unsupported inputs', () => {
    it('evaluates multi-valued attributes as false, whatever the operator', () => {
      const v = ev({ proxyAddresses: ['SMTP:a@b.c'] }, 'proxyAddresses', 'IS NOT NULL');
      assert.equal(v.result, false);
      assert.deepEqual(v.actual, ['SMTP:a@b.c']);
      assert.match(v.note!, /multi-valued/);
      assert.equal(r({ proxyAddresses: [] }, 'proxyAddresses', 'IS NULL'), false);
      assert.equal(r({ proxyAddresses: 'SMTP:a@b.c' }, 'proxyAddresses', 'IS NOT NULL'), false, 'catalogue says multi-valued');
      assert.equal(r({ extensionAttribute1: ['a'] }, 'extensionAttribute1', 'EQUALS', 'a'), false, 'array value');
    });

    it('evaluates an unknown operator as false with a note', () => {
      const v = ev({ department: 'Sales' }, 'department', 'equals', 'Sales');
      assert.equal(v.result, false);
      assert.match(v.note!, /unknown operator "equals".*"EQUALS"/);
      assert.match(ev({ department: 'Sales' }, 'department', 'Contains', 'S').note!, /unknown operator/);
    });

    it('evaluates undocumented and portal-only operators as false', () => {
      assert.match(ev({ employeeId: '5' }, 'employeeId', 'Less_Than', '9').note!, /not documented/);
      assert.equal(r({ department: 'x' }, 'department', 'STARTS_WITH', 'x'), false);
      assert.match(ev({ department: 'x' }, 'department', 'Present').note!, /semantics are unknown/);
    });

    it('does not compare complex values', () => {
      const v = ev({ manager: { id: 'x' } }, 'manager', 'IS NOT NULL');
      assert.equal(v.result, false);
      assert.match(v.note!, /complex value/);
    });

    it('hides sensitive values', () => {
      const v = ev({ 'passwordProfile.password': 'hunter2' }, 'passwordProfile.password', 'IS NOT NULL');
      assert.equal(v.result, true);
      assert.notEqual(v.actual, 'hunter2');
      assert.doesNotMatch(JSON.stringify(v), /hunter2/);
    });
  });

  describe('groups and filters', () => {
    const engineering: ScopeFilter = {
      groups: [
        {
          name: 'Engineering in New York',
          clauses: [
            clause('state', 'EQUALS', 'New York'),
            clause('department', 'EQUALS', 'Engineering'),
            clause('jobTitle', 'IS NOT NULL'),
          ],
        },
        { name: 'Contractors', clauses: [clause('employeeType', 'EQUALS', 'Contractor')] },
      ],
    };

    it('is in scope when there is no filter or no group', () => {
      assert.deepEqual(evaluateScope(null, {}), { inScope: true, groups: [] });
      assert.deepEqual(evaluateScope(undefined, {}), { inScope: true, groups: [] });
      assert.deepEqual(evaluateScope({ groups: [] }, {}), { inScope: true, groups: [] });
    });

    it('ANDs clauses and ORs groups, with the stable verdict shape', () => {
      const ny = { state: 'New York', department: 'Engineering', jobTitle: 'Engineer' };
      const v = evaluateScope(engineering, ny, { regex: jsRegex });
      assert.deepEqual(v, {
        inScope: true,
        groups: [
          {
            name: 'Engineering in New York',
            result: true,
            clauses: [
              { attribute: 'state', operator: 'EQUALS', values: ['New York'], actual: 'New York', result: true },
              { attribute: 'department', operator: 'EQUALS', values: ['Engineering'], actual: 'Engineering', result: true },
              { attribute: 'jobTitle', operator: 'IS NOT NULL', values: [], actual: 'Engineer', result: true },
            ],
          },
          {
            name: 'Contractors',
            result: false,
            clauses: [
              {
                attribute: 'employeeType',
                operator: 'EQUALS',
                values: ['Contractor'],
                actual: null,
                result: false,
                note: 'empty attribute: every operator but IS NULL is false',
              },
            ],
          },
        ],
      });
      assert.equal(evaluateScope(engineering, { ...ny, jobTitle: '' }).inScope, false);
      assert.equal(evaluateScope(engineering, { employeeType: 'Contractor' }).inScope, true);
      assert.equal(evaluateScope(engineering, { state: 'new york', department: 'Engineering', jobTitle: 'x' }).inScope, false);
    });

    it('treats a group without clauses as true', () => {
      const v = evaluateScope({ groups: [{ name: 'all', clauses: [] }] }, {});
      assert.equal(v.inScope, true);
      assert.equal(v.groups[0].result, true);
    });

    it('requires the experimental input filter groups as well, and reports them', () => {
      const f: ScopeFilter = {
        groups: [{ name: 'g', clauses: [clause('department', 'EQUALS', 'Sales')] }],
        inputFilterGroups: [{ name: 'i', clauses: [clause('country', 'EQUALS', 'US')] }],
        categoryFilterGroups: [],
      };
      const out = evaluateScope(f, { department: 'Sales', country: 'FR' });
      assert.equal(out.inScope, false);
      assert.equal(out.inputFilterGroups?.[0].result, false);
      assert.equal('categoryFilterGroups' in out, false, 'empty sections are not reported');
      assert.equal(evaluateScope(f, { department: 'Sales', country: 'US' }).inScope, true);
    });
  });

  describe('the documented examples (scoping-filters.md section 4)', () => {
    it('department EQUALS sales does not match Sales', () => {
      assert.equal(r({ department: 'Sales' }, 'department', 'EQUALS', 'sales'), false);
      assert.equal(r({ department: 'sales' }, 'department', 'EQUALS', 'sales'), true);
    });

    it('userPrincipalName REGEX MATCH .*\\@domain.com brings @domain.com users in scope', () => {
      assert.equal(r({ userPrincipalName: 'ann@domain.com' }, 'userPrincipalName', 'REGEX MATCH', '.*\\@domain.com'), true);
      assert.equal(r({ userPrincipalName: 'ann@contoso.com' }, 'userPrincipalName', 'REGEX MATCH', '.*\\@domain.com'), false);
    });

    it('userPrincipalName NOT REGEX MATCH .*\\@domain.com keeps them out', () => {
      assert.equal(r({ userPrincipalName: 'ann@domain.com' }, 'userPrincipalName', 'NOT REGEX MATCH', '.*\\@domain.com'), false);
      assert.equal(r({ userPrincipalName: 'ann@contoso.com' }, 'userPrincipalName', 'NOT REGEX MATCH', '.*\\@domain.com'), true);
    });

    it('workerID REGEX MATCH (1[0-9]{6} spelled out) selects 1000000-1999999, and longer runs because it is unanchored', () => {
      const p = '(1[0-9][0-9][0-9][0-9][0-9][0-9])';
      assert.equal(r({ workerID: '1234567' }, 'workerID', 'REGEX MATCH', p), true);
      assert.equal(r({ workerID: '999999' }, 'workerID', 'REGEX MATCH', p), false);
      assert.equal(r({ workerID: '2000000' }, 'workerID', 'REGEX MATCH', p), false);
      assert.equal(r({ workerID: '21000000' }, 'workerID', 'REGEX MATCH', p), true);
    });

    it('the portal example: New York AND Engineering AND ID in range AND job title not empty', () => {
      const f: ScopeFilter = {
        groups: [
          {
            name: 'Example',
            clauses: [
              clause('state', 'EQUALS', 'New York'),
              clause('department', 'EQUALS', 'Engineering'),
              clause('employeeId', 'Greater_Than_OR_EQUALS', '1000000'),
              clause('employeeId', 'NOT REGEX MATCH', '^([2-9]|1[0-9]{7,})'),
              clause('jobTitle', 'IS NOT NULL'),
            ],
          },
        ],
      };
      const base = { state: 'New York', department: 'Engineering', employeeId: '1500000', jobTitle: 'Dev' };
      const opts = { regex: jsRegex };
      assert.equal(evaluateScope(f, base, opts).inScope, true);
      assert.equal(evaluateScope(f, { ...base, employeeId: '999999' }, opts).inScope, false);
      assert.equal(evaluateScope(f, { ...base, employeeId: '2500000' }, opts).inScope, false);
      assert.equal(evaluateScope(f, { ...base, jobTitle: '' }, opts).inScope, false);
      assert.equal(evaluateScope(f, { ...base, department: 'engineering' }, opts).inScope, false);
    });
  });

  describe('value parsing', () => {
    it('parses integers like .NET, without a size limit', () => {
      assert.equal(parseInteger('42'), 42n);
      assert.equal(parseInteger('+42'), 42n);
      assert.equal(parseInteger(' -7\t'), -7n);
      assert.equal(parseInteger('123456789012345678901234567890'), 123456789012345678901234567890n);
      for (const bad of ['', ' ', '1,000', '1.0', '1e3', '0x1F', '１２', '4 2']) assert.equal(parseInteger(bad), undefined, bad);
    });

    it('parses Booleans like .NET', () => {
      assert.equal(parseBoolean('True'), true);
      assert.equal(parseBoolean(' false '), false);
      assert.equal(parseBoolean('yes'), undefined);
      assert.equal(parseBoolean('1'), undefined);
    });
  });
});
