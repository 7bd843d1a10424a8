import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMappingDocument } from '../../server/src/language/mapping/build';
import { printMapping } from '../../server/src/language/mapping/printer';
import type { JsonObject, JsonValue } from '../../server/src/model/json';
import { parseGraphSchema } from '../../server/src/schema/read';
import { formatGraphJson, modelToGraphJson } from '../../server/src/schema/write';
import { assertBaseline } from './helpers/baseline';

const graphDir = join(__dirname, '..', 'fixtures', 'graph');
const entramapDir = join(__dirname, '..', 'fixtures', 'entramap');

/** JSON → .entramap → JSON; returns the .entramap text and the JSON value read back. */
function viaEntramap(jsonText: string): { entramap: string; back: JsonValue | undefined; diagnostics: string[] } {
  const g = parseGraphSchema(jsonText);
  const entramap = printMapping(g.model);
  const m = parseMappingDocument(entramap);
  return {
    entramap,
    back: modelToGraphJson(m.model),
    diagnostics: m.diagnostics.filter((d) => d.code.startsWith('EMF') && d.code !== 'EMF017').map((d) => `${d.code} ${d.message}`),
  };
}

/** .entramap → JSON → .entramap. */
function viaJson(entramap: string): string {
  const json = formatGraphJson(modelToGraphJson(parseMappingDocument(entramap).model)!);
  return printMapping(parseGraphSchema(json).model);
}

describe('round trip: Graph JSON ⇄ .entramap', () => {
  for (const file of readdirSync(graphDir).filter((f) => f.endsWith('.json'))) {
    describe(file, () => {
      const text = readFileSync(join(graphDir, file), 'utf8');
      const original = JSON.parse(text);
      const r = viaEntramap(text);

      it('JSON → .entramap → JSON is deep-equal to the original', () => {
        assert.deepStrictEqual(r.back, original);
      });

      it('the .entramap text has no syntax problems of its own', () => {
        assert.deepEqual(r.diagnostics, []);
      });

      it('converts to the reviewed .entramap text (test/fixtures/entramap/converted/)', () => {
        assertBaseline(join(entramapDir, 'converted', file.replace(/\.json$/, '.entramap')), r.entramap);
      });

      it('printing is stable: .entramap → JSON → .entramap gives the same text, and so does formatting it', () => {
        assert.equal(viaJson(r.entramap), r.entramap);
        assert.equal(printMapping(parseMappingDocument(r.entramap).model), r.entramap);
      });
    });
  }

  it('writes a readable file for the SCIM fixture (statements, no @graph for what statements say)', () => {
    const r = viaEntramap(readFileSync(join(graphDir, 'scim-users-groups.json'), 'utf8'));
    const lines = r.entramap.split('\n');
    for (const expected of [
      '  mapping "Provision Microsoft Entra ID Users" {',
      '    userName <- [userPrincipalName] match 1',
      '    active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      '    preferredLanguage <- Replace([preferredLanguage], "_", , , "-", , ) default "en-US" on create',
      '    nickName <- Join("@", NormalizeDiacritics(StripSpaces(Join(".", [givenName], [surname]))), "contoso.com") flow always',
      '    locale <- none default "en-US"',
      '        userPrincipalName REGEX MATCH ".*\\@contoso\\.com$"',
      '        jobTitle IS NOT NULL',
    ]) {
      assert.ok(lines.includes(expected), `missing line: ${expected}\n${r.entramap}`);
    }
    // function trees regenerate from the catalogue: no attribute line needs a @graph patch
    assert.ok(!lines.some((l) => l.includes('<-') && l.includes('@graph')), r.entramap);
  });

  it('keeps a Graph tree that the catalogue would not regenerate, verbatim', () => {
    const r = viaEntramap(readFileSync(join(graphDir, 'multi-rule.json'), 'utf8'));
    assert.match(r.entramap, /displayName <- Join\(" ", \[givenName\], \[surname\]\) @graph \{/);
    assert.match(r.entramap, /"key": "Separator"/);
  });

  it('a hand-written .entramap converts to JSON and back to its canonical text', () => {
    const text = readFileSync(join(entramapDir, 'personify.entramap'), 'utf8');
    const canonical = printMapping(parseMappingDocument(text).model);
    const withoutComments = canonical
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('#'))
      .map((l) => l.replace(/\s+#.*$/, ''))
      .join('\n');
    assert.equal(viaJson(text), withoutComments);
    assert.equal(viaJson(viaJson(text)), viaJson(text));
    // formatting keeps every comment
    for (const c of ['# Personify Inc: users and groups.', '# bare values need no quotes', '# In scope when any filter matches']) {
      assert.ok(canonical.includes(c), c);
    }
  });
});

// ---- property-based: random schemas ------------------------------------------------------------

class Random {
  constructor(private seed: number) {}
  next(): number {
    // mulberry32
    let t = (this.seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

const WORDS = [
  'User', 'Group', 'mail', 'userName', 'EQUALS', 'IS NOT NULL', 'none', 'default', 'match', 'on', 'create', 'apply', 'flow',
  'mapping', 'rule', 'scope', 'filter', 'source', 'target', '@graph', '@raw', '#hash', '$omit', '$$x', 'true', 'false',
  'Azure Active Directory', 'emails[type eq "work"].value', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
  '', ' ', 'a"b', 'back\\slash', 'end\\', 'line\nbreak', 'tab\tx', 'café', '😀', '{', '}', '[', ']', '<-', '-1', '007', 'Includes',
  'not regex match', '.*\\@x\\.com$', '\\"', 'x y z',
];
const EXPRESSIONS = [
  '[mail]', '"en-US"', 'Join(".", [givenName], [surname])', 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
  'Mid([userPrincipalName], 1, 8)', 'Replace([x], "-", , , "_", , )', 'ToLower(Coalesce([a], [b]), )', 'IIF([a] = "1", "x", "y")',
  'Join("\\\\", [a])', '  [padded]  ', 'Join(",",\n  [a],\n  [b])', '[a] # hash', '[a] default', 'none', 'Broken(', '"unterminated',
  '', 'NormalizeDiacritics(StripSpaces([x]))', '42', '&HFF', 'vbTextCompare', 'F(\n)',
];

function word(r: Random): string {
  return r.pick(WORDS);
}

function scalar(r: Random): JsonValue {
  switch (r.int(6)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.int(2000) - 1000;
    case 3:
      return r.int(1000) / 8;
    default:
      return word(r);
  }
}

function anyJson(r: Random, depth: number): JsonValue {
  if (depth <= 0 || r.chance(0.6)) return scalar(r);
  if (r.chance(0.5)) return Array.from({ length: r.int(3) }, () => anyJson(r, depth - 1));
  const o: JsonObject = {};
  for (let i = r.int(3); i > 0; i--) Object.defineProperty(o, word(r), { value: anyJson(r, depth - 1), enumerable: true, writable: true, configurable: true });
  return o;
}

/** Sometimes a property is absent, null, of the wrong type, or the usual value. */
function maybe(r: Random, o: JsonObject, key: string, usual: () => JsonValue): void {
  const roll = r.next();
  if (roll < 0.12) return;
  if (roll < 0.2) o[key] = null;
  else if (roll < 0.27) o[key] = anyJson(r, 2);
  else o[key] = usual();
}

function extras(r: Random, o: JsonObject): JsonObject {
  if (r.chance(0.25)) o[r.pick(['@odata.type', 'x-unknown', '$dollar', '$omit', '__proto__', 'constructor'])] = anyJson(r, 2);
  return o;
}

function sourceTree(r: Random, depth: number): JsonValue {
  const type = r.pick(['Attribute', 'Constant', 'Function', 'Function', 'Other']);
  const o: JsonObject = {};
  if (r.chance(0.8)) o.expression = r.pick(EXPRESSIONS);
  o.name = r.chance(0.9) ? r.pick(['mail', 'Join', 'ToLower', 'x y', '', 'with]bracket']) : 5;
  if (r.chance(0.8)) o.parameters = depth > 0 ? Array.from({ length: r.int(3) }, () => ({ key: r.pick(['source', 'separator', 'Find']), value: sourceTree(r, depth - 1) })) : [];
  o.type = type;
  return extras(r, o);
}

function attributeMapping(r: Random): JsonValue {
  if (r.chance(0.05)) return anyJson(r, 1);
  const o: JsonObject = {};
  maybe(r, o, 'defaultValue', () => word(r));
  maybe(r, o, 'exportMissingReferences', () => r.chance(0.2));
  maybe(r, o, 'flowBehavior', () => r.pick(['FlowWhenChanged', 'FlowAlways', 'always', 'Weird Value']));
  maybe(r, o, 'flowType', () => r.pick(['Always', 'ObjectAddOnly', 'MultiValueAddOnly', 'ValueAddOnly', 'AttributeAddOnly', 'Always ', 'on']));
  maybe(r, o, 'matchingPriority', () => r.pick([0, 1, 2, -1, 9007199254740991]));
  maybe(r, o, 'source', () => sourceTree(r, 2));
  maybe(r, o, 'targetAttributeName', () => word(r));
  return extras(r, o);
}

function clause(r: Random): JsonValue {
  if (r.chance(0.05)) return anyJson(r, 1);
  const o: JsonObject = {};
  maybe(r, o, 'operatorName', () => r.pick(['EQUALS', 'IS NULL', 'NOT REGEX MATCH', '&', '!&', 'Valid Cert Match', 'equals', 'IS  NULL', word(r)]));
  maybe(r, o, 'sourceOperandName', () => word(r));
  maybe(r, o, 'targetOperand', () => extras(r, { values: Array.from({ length: r.int(3) }, () => (r.chance(0.9) ? word(r) : scalar(r))) }));
  return extras(r, o);
}

function group(r: Random): JsonValue {
  if (r.chance(0.05)) return anyJson(r, 1);
  const o: JsonObject = {};
  maybe(r, o, 'clauses', () => Array.from({ length: r.int(4) }, () => clause(r)));
  maybe(r, o, 'name', () => word(r));
  return extras(r, o);
}

function metadata(r: Random): JsonValue {
  return Array.from({ length: r.int(3) }, () => (r.chance(0.85) ? { key: word(r), value: word(r) } : anyJson(r, 1)));
}

function objectMapping(r: Random): JsonValue {
  if (r.chance(0.05)) return anyJson(r, 1);
  const o: JsonObject = {};
  maybe(r, o, 'attributeMappings', () => Array.from({ length: r.int(5) }, () => attributeMapping(r)));
  maybe(r, o, 'enabled', () => r.chance(0.7));
  maybe(r, o, 'flowTypes', () => r.pick(['Add, Update, Delete', 'Add', 'None', 'Update, Delete', 'Delete,Add', 'Add, Sync']));
  maybe(r, o, 'metadata', () => metadata(r));
  maybe(r, o, 'name', () => word(r));
  maybe(r, o, 'scope', () =>
    r.chance(0.2)
      ? null
      : extras(r, {
          groups: Array.from({ length: r.int(3) }, () => group(r)),
          inputFilterGroups: Array.from({ length: r.int(2) }, () => group(r)),
          categoryFilterGroups: Array.from({ length: r.int(2) }, () => group(r)),
        }),
  );
  maybe(r, o, 'sourceObjectName', () => word(r));
  maybe(r, o, 'targetObjectName', () => word(r));
  return extras(r, o);
}

function schema(r: Random): JsonValue {
  const o: JsonObject = {};
  if (r.chance(0.2)) o['@entramap.app'] = r.chance(0.7) ? { name: word(r), template: word(r) } : anyJson(r, 2);
  maybe(r, o, 'directories', () => [{ name: 'Azure Active Directory', objects: [{ name: 'User', attributes: [{ name: 'mail', type: 'String' }] }] }]);
  maybe(r, o, 'synchronizationRules', () =>
    Array.from({ length: r.int(3) }, () => {
      if (r.chance(0.05)) return anyJson(r, 1);
      const rule: JsonObject = {};
      if (r.chance(0.3)) {
        rule.objectMappings = Array.from({ length: r.int(3) }, () => objectMapping(r));
        return rule;
      }
      maybe(r, rule, 'editable', () => r.chance(0.5));
      maybe(r, rule, 'id', () => word(r));
      maybe(r, rule, 'metadata', () => metadata(r));
      maybe(r, rule, 'name', () => word(r));
      maybe(r, rule, 'objectMappings', () => Array.from({ length: r.int(3) }, () => objectMapping(r)));
      maybe(r, rule, 'priority', () => r.pick([1, 2, 0.5]));
      maybe(r, rule, 'sourceDirectoryName', () => word(r));
      maybe(r, rule, 'targetDirectoryName', () => word(r));
      return extras(r, rule);
    }),
  );
  maybe(r, o, 'version', () => word(r));
  return extras(r, o);
}

describe('round trip: random schemas (property-based)', () => {
  const runs = Number(process.env.ROUNDTRIP_RUNS ?? 300);
  it(`${runs} random schemas survive JSON → .entramap → JSON unchanged, and print stably`, function () {
    this.timeout(120_000);
    for (let seed = 1; seed <= runs; seed++) {
      const r = new Random(seed);
      const value = schema(r);
      const text = JSON.stringify(value, null, r.chance(0.5) ? 2 : undefined);
      const original = JSON.parse(text);
      const { entramap, back } = viaEntramap(text);
      try {
        assert.deepStrictEqual(back, original);
        assert.equal(printMapping(parseMappingDocument(entramap).model), entramap);
        assert.equal(viaJson(entramap), entramap);
      } catch (err) {
        throw new Error(`seed ${seed}: ${(err as Error).message}\n--- JSON\n${text}\n--- .entramap\n${entramap}`);
      }
    }
  });
});
