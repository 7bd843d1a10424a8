import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver/node';
import { hover, parseDocument } from '../../server/src/features/document';
import { ADELE, fixture, mappingDoc, positionOf, rangeText, slice } from '../fixtures/document-services/support';

const NOW = new Date('2025-01-31T12:00:00Z');
const text = fixture('contoso.entramap');
const doc = parseDocument(text, 'entramap');
const withSample = { sampleUser: ADELE, now: NOW };

function hoverAt(needle: string, delta = 0, options = withSample, nth = 0): Hover | null {
  return hover(doc, positionOf(text, needle, delta, nth), options);
}

function value(h: Hover | null): string {
  assert.ok(h, 'no hover');
  return (h.contents as { value: string }).value;
}

describe('document services: hover', () => {
  describe('target attributes', () => {
    it('describes the path, the app, the template line, the mapping and its value for the sample', () => {
      const h = hoverAt('title <-', 1);
      assert.equal(slice(text, h!.range!), 'title');
      assert.equal(
        value(h),
        [
          '**title** · target attribute of User',
          'String',
          "The user's job title.",
          'Personify Inc: listed.',
          'Template `personify`: `title <- [jobTitle]`',
          'Direct mapping from `[jobTitle]` · default `Staff` when the source gives no value · applied only when the object is created',
          '*Adele Vance* → `"Retail Manager"`',
        ].join('\n\n'),
      );
    });

    it('marks required and matching attributes, and quotes the template note', () => {
      const v = value(hoverAt('userName <-', 1));
      assert.match(v, /^\*\*userName\*\* · target attribute of User\n\nString · \*\*required\*\* · matching: the target can filter on it\n\n/);
      assert.match(v, /Personify Inc: listed, required, supported for filtering \(matching\)\./);
      assert.match(v, /Template `personify`: `userName <- \[userPrincipalName\] match 1` — required, filterable/);
      assert.match(v, /matching attribute, precedence 1 \(tried first\)/);
    });

    it('shows Boolean results as true/false and the text of Not and Switch quoted', () => {
      const t = mappingDoc(
        [
          '  a <- IsPresent([mail])',
          '  b <- [department] = "Sales"',
          '  c <- [accountEnabled]',
          '  d <- Not([accountEnabled])',
          '  e <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
        ].join('\n'),
      );
      const d = parseDocument(t, 'entramap');
      const shown = (needle: string) => /→ `([^`]*)`$/.exec(value(hover(d, positionOf(t, needle), withSample)))?.[1];
      assert.equal(shown('a <-'), 'true');
      assert.equal(shown('b <-'), 'false');
      assert.equal(shown('c <-'), 'true');
      assert.equal(shown('d <-'), '"False"');
      assert.equal(shown('e <-'), '"True"');
      // inside Not([accountEnabled]): the attribute is a Boolean, Not's result is text
      assert.match(value(hover(d, positionOf(t, 'accountEnabled])', 1), withSample)), /\*Sample value:\* `true`\n\n\*Evaluates for `Adele Vance` to\* `"False"`$/);
    });

    it('shows the default value used when the source is empty, and redacted values', () => {
      assert.match(value(hoverAt('locale <-', 1)), /\*Adele Vance\* → `"en-US"` \(the default value\)$/);
      assert.match(value(hoverAt('nickName <-', 1)), /\*Adele Vance\* → `"adele\.vance"` \(the provisioning logs show `\[Redact\]`\)$/);
    });

    it('describes schema-qualified paths whole', () => {
      const h = hoverAt('enterprise:2.0:User:manager', 0);
      assert.equal(rangeText(h!.range!), '32:2-32:68');
      assert.match(value(h), /^\*\*urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User:manager\*\* · target attribute of User\n\nReference\n\n/);
    });

    it('omits the sample without one', () => {
      assert.doesNotMatch(value(hoverAt('title <-', 1, {} as never)), /Adele/);
    });
  });

  describe('scoping', () => {
    it('shows a filter verdict clause by clause', () => {
      assert.equal(
        value(hoverAt('filter "Engineering"', 2)),
        [
          '**filter** `Engineering` · 2 clauses, all must be true',
          "One scoping filter (Graph `filterGroup`, the portal's *scoping filter title*): its clauses are ANDed.",
          '*Adele Vance* **does not match** this filter:\n- ✗ `department EQUALS "Engineering"` ("Retail")\n- ✓ `accountEnabled IS TRUE` (True)',
        ].join('\n\n'),
      );
    });

    it('shows whether the sample is in scope on the scope block and the mapping', () => {
      const expected = '*Adele Vance* is **in scope**.\n\nFilters (any may match):\n- ✗ `Engineering`\n- ✓ `Retail managers`';
      assert.ok(value(hoverAt('scope {', 1)).endsWith(expected));
      assert.ok(value(hoverAt('mapping "Users"', 1)).endsWith(expected));
      assert.match(value(hoverAt('mapping "Users"', 1)), /^\*\*mapping\*\* `Users` · User → User · actions: create, update · 13 attribute mappings/);
    });

    it('describes clause attributes with their scoping use and the sample value', () => {
      const v = value(hoverAt('accountEnabled IS', 2));
      assert.match(v, /^```entramap\n\(attribute\) \[accountEnabled\]: Boolean\n```/);
      assert.match(v, /\n\nUsable in scoping filters\.\n\n\*Adele Vance\*: `true`\n\n\*Adele Vance\*: `accountEnabled IS TRUE` is \*\*true\*\* \(the value is True\)$/);
    });

    it('describes operators exactly, multi-word ones whole', () => {
      const h = hoverAt('IS TRUE', 1);
      assert.equal(slice(text, h!.range!), 'IS TRUE');
      assert.equal(
        value(h),
        '**IS TRUE** · scoping operator · takes no value\n\nTrue when the attribute holds the Boolean true.\n\nFor Boolean attributes.\n\n*Adele Vance*: `accountEnabled IS TRUE` is **true** (the value is True)',
      );
    });

    it('marks & and !& as uncertain', () => {
      const t = 'mapping "m" {\n  source User\n  target User\n  scope {\n    filter "f" {\n      department & "Sales,Retail"\n    }\n  }\n}\n';
      const d = parseDocument(t, 'entramap');
      const v = value(hover(d, positionOf(t, '& "Sales'), {}));
      assert.match(v, /^\*\*&\*\* · scoping operator · takes one value/);
      assert.match(v, /⚠ \*Semantics uncertain\*/);
    });

    it('shows the clause verdict on its values', () => {
      assert.equal(value(hoverAt('"Manager"', 2)), '*Adele Vance*: `jobTitle Includes "Manager"` is **true** (the value is "Retail Manager")');
    });
  });

  describe('keywords and values', () => {
    it('explains keywords where they are keywords', () => {
      assert.match(value(hoverAt('on create', 1)), /^\*\*on create\*\* · keyword\n\n\*Apply this mapping: Only during object creation\*/);
      assert.match(value(hoverAt('match 1', 1)), /^\*\*match\*\* · keyword/);
      assert.equal(value(hoverAt('match 1', 6)).split('\n')[0], '**Matching precedence 1**');
      assert.match(value(hoverAt('@graph', 2)), /^\*\*@graph\*\* · A patch merged/);
    });

    it('describes the template of the app line', () => {
      const v = value(hoverAt('template personify', 12));
      assert.match(v, /^\*\*Personify Inc\*\* · gallery app · template `personify`\n\nPersonify Inc \(gallery\): users\n\nUsers: create yes, update yes, disable yes, hard delete not documented\. Groups: not provisioned\./);
    });

    it('describes actions and objects', () => {
      assert.equal(value(hoverAt('actions create', 10)), '**create** · target object action\n\nCreate objects that are in scope but not in the target (Graph `Add`).');
      assert.equal(value(hoverAt('source User', 8)), '**User** · source object\n\nEntra ID users: 51 source attributes.');
    });

    it('has nothing to say on comments', () => {
      assert.equal(hoverAt('# Engineering', 3), null);
    });
  });

  describe('expressions', () => {
    it("delegates to the expression services with the mapping's evaluation", () => {
      const h = hoverAt('[jobTitle] default', 3);
      assert.equal(slice(text, h!.range!), '[jobTitle]');
      assert.match(value(h), /\*Sample value:\* `"Retail Manager"`\n\n\*Evaluates for `Adele Vance` to\* `"Retail Manager"`$/);
    });

    it('evaluates multi-line expressions', () => {
      assert.match(value(hoverAt('[surname])', 2)), /\*Evaluates for `Adele Vance` to\* `"Adele Vance"`$/);
    });
  });

  describe('Graph JSON', () => {
    const json = fixture('contoso.schema.json');
    const jdoc = parseDocument(json, 'graph-json');
    const at = (needle: string, delta: number) => hover(jdoc, positionOf(json, needle, delta), { sampleUser: { department: 'Sales', mail: 'a@b.c', userPrincipalName: 'a@b.c' } });

    it('describes targetAttributeName values from the target directory', () => {
      const v = value(at('"targetAttributeName": "userName"', 26));
      assert.match(v, /^\*\*userName\*\* · target attribute of User\n\nString · \*\*required\*\*/);
      assert.match(v, /Defined by the target directory "customappsso": String, required\./);
      assert.match(v, /\*a@b\.c\* → `"a@b\.c"`$/);
    });

    it('describes scoping operands and operators with the verdict', () => {
      assert.match(value(at('"sourceOperandName": "department"', 24)), /`department EQUALS "Sales"` is \*\*true\*\*/);
      assert.match(value(at('"operatorName": "EQUALS"', 20)), /^\*\*EQUALS\*\* · scoping operator/);
    });

    it('delegates inside expression strings', () => {
      const h = at('Join(\\"@\\"', 1);
      assert.equal(slice(json, h!.range!), 'Join');
      assert.match(value(h), /\n\n---\n\n\*Evaluates for `a@b\.c` to\* `"a@b\.c@x"`$/);
    });
  });
});
