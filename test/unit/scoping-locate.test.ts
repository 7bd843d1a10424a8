import assert from 'node:assert/strict';
import { parseMappingDocument } from '../../server/src/language/mapping/build';
import type { MappingModel, Scope } from '../../server/src/model/types';
import { parseGraphSchema } from '../../server/src/schema/read';
import { checkScope } from '../../server/src/scoping/check';
import { locateInScope } from '../../server/src/scoping/locate';

function scopeOf(model: MappingModel): Scope {
  const s = model.rules[0].objectMappings[0].scope;
  assert.ok(s);
  return s;
}

/** Each diagnostic as `CODE covered-text`. */
function located(text: string, scope: Scope): string[] {
  return checkScope(scope.json).map((d) => {
    const r = locateInScope(scope, d.location);
    return `${d.code} ${text.slice(r.start, r.end)}`;
  });
}

describe('scoping: locating diagnostics in documents', () => {
  it('maps to the ranges of an .entramap scope block', () => {
    const text = [
      'mapping "Users" {',
      '  source User',
      '  target User',
      '  scope {',
      '    filter "Everyone" {',
      '    }',
      '    filter "Checks" {',
      '      Department EQUALS "Sales"',
      '      employeeId Greater_Than "1,000"',
      '      mail REGEX MATCH "^(x$"',
      '      extension_b7d8e648-520f-41d3-b9c0-fdeb91768a0a_cc IS NOT NULL',
      '      manager IS NULL',
      '    }',
      '  }',
      '  userName <- [userPrincipalName] match 1',
      '}',
      '',
    ].join('\n');
    const r = parseMappingDocument(text);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(located(text, scopeOf(r.model)), [
      'ESF014 filter "Everyone" {\n    }',
      'ESF012 Department',
      'ESF007 "1,000"',
      'ESF017 Greater_Than',
      'ESF008 (',
      'ESF018 b7d8e648-520f-41d3-b9c0-fdeb91768a0a',
      'ESF010 manager',
    ]);
  });

  it('maps to the ranges of Graph schema JSON', () => {
    const json = JSON.stringify(
      {
        synchronizationRules: [
          {
            objectMappings: [
              {
                name: 'Users',
                sourceObjectName: 'User',
                targetObjectName: 'User',
                scope: {
                  groups: [
                    {
                      name: 'g',
                      clauses: [
                        { sourceOperandName: 'department', operatorName: 'EQUAL', targetOperand: { values: ['Sales'] } },
                        { sourceOperandName: 'userPrincipalName', operatorName: 'REGEX MATCH', targetOperand: { values: ['.*@contoso\\.com'] } },
                      ],
                    },
                  ],
                },
                attributeMappings: [],
              },
            ],
          },
        ],
      },
      null,
      2,
    );
    const r = parseGraphSchema(json);
    const scope = scopeOf(r.model);
    assert.deepEqual(located(json, scope), ['ESF001 "EQUAL"', 'ESF009 ".*@contoso\\\\.com"']);
  });
});
