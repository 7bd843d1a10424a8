import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import {
  allFunctions,
  allNotBuiltIn,
  arityText,
  FunctionCatalogData,
  functionCatalogData,
  getFunction,
  getNotBuiltIn,
  graphKey,
  maxArgs,
  minArgs,
  parameterAt,
  referenceFunctions,
  setFunctionCatalogForTests,
  signatureOf,
  suggestFunctionNames,
  filterFunctionsByPrefix,
  editDistance,
} from '../../server/src/catalog/functions';
import { parseExpression } from '../../server/src/language/expression/parser';
import { walk } from '../../server/src/language/expression/ast';
import { checkExpression } from '../../server/src/check/expression';
import { assertBaseline } from './helpers/baseline';

const root = join(__dirname, '..', '..');
const catalogDir = join(root, 'server', 'src', 'catalog', 'data');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(catalogDir, file), 'utf8'));

/** The function reference page's list (spec section 4), in its order. */
const REFERENCE_NAMES = [
  'Append', 'AppRoleAssignmentsComplex', 'BitAnd', 'CBool', 'CDate', 'Coalesce', 'ConvertToBase64', 'ConvertToUTF8Hex',
  'Count', 'CStr', 'DateAdd', 'DateDiff', 'DateFromNum', 'FormatDateTime', 'Guid', 'IgnoreFlowIfNullOrEmpty', 'IIF',
  'InStr', 'IsNull', 'IsNullOrEmpty', 'IsPresent', 'IsString', 'Item', 'Join', 'Left', 'Mid', 'NormalizeDiacritics',
  'Not', 'Now', 'NumFromDate', 'PCase', 'RandomString', 'Redact', 'RemoveDuplicates', 'Replace', 'SelectUniqueValue',
  'SingleAppRoleAssignment', 'Split', 'StripSpaces', 'Switch', 'ToLower', 'ToUpper', 'Word',
];

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  return ajv.compile(readJson('functions.schema.json') as object);
}

describe('function catalogue (server/src/catalog)', () => {
  describe('data/functions.json against data/functions.schema.json', () => {
    it('is valid', () => {
      const validate = validator();
      const ok = validate(readJson('functions.json'));
      assert.ok(ok, JSON.stringify(validate.errors, null, 2));
    });

    it('the schema rejects broken entries (it is not vacuous)', () => {
      const validate = validator();
      const base = readJson('functions.json') as { functions: Record<string, unknown>[] };
      const broken = (mutate: (f: Record<string, unknown>) => void) => {
        const copy = structuredClone(base);
        mutate(copy.functions.find((f) => f.name === 'InStr')!);
        return validate(copy);
      };
      assert.equal(broken((f) => delete f.docsUrl), false, 'missing docsUrl');
      assert.equal(broken((f) => (f.examples = [])), false, 'no example');
      assert.equal(broken((f) => ((f.parameters as Record<string, unknown>[])[0].type = 'text')), false, 'type outside the vocabulary');
      assert.equal(broken((f) => delete (f.parameters as Record<string, unknown>[])[3].enumValues), false, 'enum without values');
      assert.equal(broken((f) => ((f.parameters as Record<string, unknown>[])[1].repeatable = true)), false, 'repeatable without repeat');
      assert.equal(broken((f) => (f.docsUrl = 'https://example.com/#instr')), false, 'foreign docs URL');
      assert.equal(broken((f) => (f.extra = 1)), false, 'unknown property');
    });
  });

  describe('names', () => {
    it('holds exactly the 43 functions of the reference page', () => {
      assert.equal(REFERENCE_NAMES.length, 43);
      assert.deepEqual(referenceFunctions().map((f) => f.name), REFERENCE_NAMES);
    });

    it('adds AssertiveAppRoleAssignmentsComplex, marked as documented outside the reference', () => {
      const f = getFunction('AssertiveAppRoleAssignmentsComplex');
      assert.ok(f);
      assert.equal(f.documentedIn, 'mappingTutorial');
      assert.match(f.docsUrl, /customize-application-attributes#provisioning-a-role-to-a-scim-app$/);
      assert.equal(allFunctions().length, 44);
    });

    it('lists the known names that are not built-ins (spec 4.44), none of them callable', () => {
      assert.deepEqual(
        allNotBuiltIn().map((n) => n.name).sort(),
        ['AppRoleAssignments', 'AssertNotNull', 'Concatenate', 'DefaultDomain', 'Generate', 'Len', 'Trim'],
      );
      for (const n of allNotBuiltIn()) {
        assert.equal(getFunction(n.name), undefined, n.name);
        assert.ok(n.message.includes(n.name), `${n.name}: the message names the function`);
      }
      assert.equal(getNotBuiltIn('len')?.origin, 'practitioner');
      assert.equal(getNotBuiltIn('CONCATENATE')?.origin, 'illustration');
      assert.equal(getNotBuiltIn('Join'), undefined);
    });

    it('looks functions up case-insensitively and returns the canonical casing', () => {
      assert.equal(getFunction('iif')?.name, 'IIF');
      assert.equal(getFunction('instr')?.name, 'InStr');
      assert.equal(getFunction('TOLOWER')?.name, 'ToLower');
      assert.equal(getFunction('Len'), undefined);
      assert.equal(getFunction(''), undefined);
    });

    it('every reference function links to its anchor on the reference page', () => {
      for (const f of referenceFunctions()) {
        assert.equal(
          f.docsUrl,
          `https://learn.microsoft.com/en-us/entra/identity/app-provisioning/functions-for-customizing-application-data#${f.name.toLowerCase()}`,
        );
      }
    });

    it('filters by prefix for completion', () => {
      assert.deepEqual(filterFunctionsByPrefix('is').map((f) => f.name), ['IsNull', 'IsNullOrEmpty', 'IsPresent', 'IsString']);
      assert.deepEqual(filterFunctionsByPrefix('TO').map((f) => f.name), ['ToLower', 'ToUpper']);
    });

    it('suggests close names for typos', () => {
      assert.equal(editDistance('Joinn', 'join'), 1);
      assert.deepEqual(suggestFunctionNames('Joinn'), ['Join']);
      assert.equal(suggestFunctionNames('ToLowr')[0], 'ToLower');
      assert.equal(suggestFunctionNames('Relpace')[0], 'Replace');
      assert.equal(suggestFunctionNames('NormalizeDiacritic')[0], 'NormalizeDiacritics');
      assert.deepEqual(suggestFunctionNames('Frobnicate'), []);
    });
  });

  describe('parameters and argument counts', () => {
    const counts: [string, number, number][] = [
      ['Append', 2, 2],
      ['Guid', 0, 0],
      ['Now', 0, 0],
      ['Coalesce', 1, Infinity],
      ['Join', 2, Infinity],
      ['SelectUniqueValue', 2, Infinity],
      ['Switch', 4, Infinity],
      ['Replace', 1, 7],
      ['FormatDateTime', 4, 4],
      ['InStr', 2, 4],
      ['RandomString', 5, 6],
      ['PCase', 1, 2],
      ['IIF', 3, 3],
    ];
    for (const [name, min, max] of counts) {
      it(`${name} takes ${min}..${max} arguments`, () => {
        const f = getFunction(name)!;
        assert.equal(minArgs(f), min);
        assert.equal(maxArgs(f), max);
      });
    }

    it('describes arities in words', () => {
      assert.equal(arityText(getFunction('Switch')!), 'at least 4');
      assert.equal(arityText(getFunction('PCase')!), '1 or 2');
      assert.equal(arityText(getFunction('Replace')!), '1 to 7');
      assert.equal(arityText(getFunction('Mid')!), '3');
    });

    it('resolves Switch slots through the repeated key/value group', () => {
      const sw = getFunction('Switch')!;
      const at = (i: number) => parameterAt(sw, i)?.label;
      assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map(at), ['source', 'defaultValue', 'key1', 'value1', 'key2', 'value2', 'key3', 'value3']);
      const b = parameterAt(sw, 5)!;
      assert.equal(b.parameter.name, 'value');
      assert.equal(b.parameterIndex, 3);
      assert.equal(b.repetition, 1);
      assert.equal(parameterAt(sw, -1), undefined);
    });

    it('resolves Join and Coalesce sources; a fixed-arity function ends', () => {
      assert.equal(parameterAt(getFunction('Join')!, 0)?.label, 'separator');
      assert.equal(parameterAt(getFunction('Join')!, 3)?.label, 'source3');
      assert.equal(parameterAt(getFunction('Coalesce')!, 0)?.label, 'source1');
      assert.equal(parameterAt(getFunction('Mid')!, 2)?.label, 'length');
      assert.equal(parameterAt(getFunction('Mid')!, 3), undefined);
      assert.equal(parameterAt(getFunction('Guid')!, 0), undefined);
    });

    it('Replace has seven slots with Graph keys where Graph names differ', () => {
      const r = getFunction('Replace')!;
      assert.deepEqual(r.parameters.map((p) => p.name), [
        'source', 'oldValue', 'regexPattern', 'regexGroupName', 'replacementValue', 'replacementAttributeName', 'template',
      ]);
      assert.deepEqual(r.parameters.map(graphKey), [
        'source', 'Find', 'RegularExpression', 'RegularExpressionGroupName', 'Replacement', 'ReplacementPropertyName', 'Template',
      ]);
      assert.deepEqual(r.parameters.map((p) => p.required), [true, false, false, false, false, false, false]);
    });

    it('FormatDateTime: optional dateTimeStyles is a positional slot; 3 arguments carry a note', () => {
      const f = getFunction('FormatDateTime')!;
      assert.deepEqual(f.parameters.map((p) => `${p.name}:${p.required}`), [
        'source:true', 'dateTimeStyles:false', 'inputFormat:true', 'outputFormat:true',
      ]);
      assert.equal(f.arityNotes?.[0].argumentCount, 3);
    });

    it('InStr compareType is an enum of the two VB compare words', () => {
      const p = getFunction('InStr')!.parameters[3];
      assert.equal(p.type, 'enum');
      assert.deepEqual(p.enumValues!.map((v) => v.value), ['vbTextCompare', 'vbBinaryCompare']);
    });

    it('RandomString has six parameters, Length capped at 256', () => {
      const f = getFunction('RandomString')!;
      assert.deepEqual(f.parameters.map((p) => p.name), [
        'Length', 'MinimumNumbers', 'MinimumSpecialCharacters', 'MinimumCapital', 'MinimumLowerCase', 'CharactersToAvoid',
      ]);
      assert.equal(f.parameters[0].maximum, 256);
    });

    it('DateAdd and DateDiff accept exactly the seven documented intervals', () => {
      for (const name of ['DateAdd', 'DateDiff']) {
        assert.deepEqual(getFunction(name)!.parameters[0].allowedValues!.map((v) => v.value), ['yyyy', 'm', 'd', 'ww', 'h', 'n', 's']);
      }
    });

    it('marks exactly Guid, Now and RandomString as non-deterministic', () => {
      assert.deepEqual(allFunctions().filter((f) => f.nonDeterministic).map((f) => f.name), ['Guid', 'Now', 'RandomString']);
    });

    it('records the documented restrictions', () => {
      const rules = (name: string) => getFunction(name)!.restrictions.map((r) => `${r.rule}/${r.basis}`);
      assert.deepEqual(rules('SelectUniqueValue'), [
        'topLevelOnly/documented', 'notOnMatchingAttribute/documented', 'createOnly/documented', 'limitedTargets/documented',
      ]);
      assert.deepEqual(rules('IgnoreFlowIfNullOrEmpty'), ['topLevelOnly/inferred']);
      assert.deepEqual(rules('Switch'), ['noReferenceAttributes/documented']);
      assert.equal(getFunction('SelectUniqueValue')!.repeat?.minimumCount, 2);
      assert.deepEqual(allFunctions().filter((f) => f.nullTest).map((f) => f.name), ['IsNull', 'IsNullOrEmpty', 'IsPresent']);
    });
  });

  describe('examples', () => {
    for (const fn of functionCatalogData().functions) {
      it(`${fn.name}: every example parses, uses ${fn.name} and passes the checker`, () => {
        for (const ex of fn.examples) {
          const parsed = parseExpression(ex.expression);
          assert.deepEqual(parsed.errors, [], `${ex.expression}: ${JSON.stringify(parsed.errors)}`);
          let calls = 0;
          walk(parsed.expr, (n) => {
            if (n.kind === 'call' && n.name === fn.name) calls++;
          });
          assert.ok(calls > 0, `${ex.expression} does not call ${fn.name}`);
          const findings = checkExpression(parsed).filter((d) => d.severity === 'error' || d.severity === 'warning');
          assert.deepEqual(findings, [], ex.expression);
          if (ex.outputPattern) assert.doesNotThrow(() => new RegExp(ex.outputPattern!), ex.outputPattern);
        }
      });
    }

    it('documented outputs are present wherever the documentation gives one', () => {
      const withoutResult = functionCatalogData()
        .functions.filter((f) => !f.examples.some((e) => 'output' in e || e.outputPattern))
        .map((f) => f.name);
      // Role functions produce role objects; the docs show them only as SCIM bodies.
      assert.deepEqual(withoutResult, ['AppRoleAssignmentsComplex', 'AssertiveAppRoleAssignmentsComplex']);
    });
  });

  describe('test injection', () => {
    afterEach(() => setFunctionCatalogForTests());

    const synthetic: FunctionCatalogData = {
      functions: [
        {
          name: 'Twice',
          documentedIn: 'reference',
          category: 'text',
          summary: 'Repeats a value.',
          description: 'Repeats a value.',
          parameters: [
            { name: 'source', type: 'string', required: true, repeatable: false, description: 'x' },
            { name: 'extra', type: 'string', required: true, repeatable: true, description: 'y' },
          ],
          repeat: { minimumCount: 2 },
          returns: { kind: 'string', description: 'z' },
          examples: [{ expression: 'Twice("a", "b", "c")', provenance: 'ours' }],
          restrictions: [],
          nonDeterministic: false,
          docsUrl: 'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/x#twice',
        },
      ],
      notBuiltIn: [],
    };

    it('replaces the catalogue and restores it', () => {
      setFunctionCatalogForTests(synthetic);
      assert.equal(allFunctions().length, 1);
      assert.equal(getFunction('twice')?.minArgs, 3);
      assert.equal(getFunction('Join'), undefined);
      setFunctionCatalogForTests();
      assert.equal(getFunction('Twice'), undefined);
      assert.equal(getFunction('Join')?.name, 'Join');
    });

    it('the checker takes arities and names from the injected catalogue, not from code', () => {
      setFunctionCatalogForTests(synthetic);
      const codes = (text: string) => checkExpression(parseExpression(text)).map((d) => `${d.code}: ${d.message}`);
      assert.deepEqual(codes('Twice("a", "b", "c", "d")'), []);
      assert.deepEqual(codes('Twice("a", "b")'), ['EPX104: Twice needs at least 3 arguments (source, extra...) but has 2. Add extra2.']);
      assert.match(codes('Join(",", [a])')[0], /^EPX101: Unknown function Join\./);
      assert.match(codes('twice("a", "b", "c")')[0], /^EPX103: Write Twice, not twice/);
    });

    it('rejects a repeatable parameter that is not part of the trailing group', () => {
      const bad = structuredClone(synthetic);
      bad.functions[0].parameters.push({ name: 'tail', type: 'string', required: false, repeatable: false, description: 't' });
      assert.throws(() => setFunctionCatalogForTests(bad), /trailing group/);
    });

    it('rejects duplicate names, case-insensitively', () => {
      const bad = structuredClone(synthetic);
      bad.functions.push({ ...structuredClone(bad.functions[0]), name: 'TWICE' });
      assert.throws(() => setFunctionCatalogForTests(bad), /duplicate/);
    });
  });

  describe('signature baseline', () => {
    it('matches test/baselines/functions.signatures.txt', () => {
      const lines = allFunctions().map(signatureOf);
      assertBaseline(join(root, 'test', 'baselines', 'functions.signatures.txt'), lines.join('\n'));
    });
  });
});
