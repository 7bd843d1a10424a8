// TextMate grammar baselines (Bicep's src/textmate tests): tokenise each case under
// test/baselines/grammar/<case>/input.* with vscode-textmate + vscode-oniguruma in plain Node, the
// same engine VS Code uses, and compare with tokens.txt. BASELINE_RECORD=true rewrites them.
//
// Grammars and injections are loaded the way VS Code loads them: from package.json's
// `contributes.grammars` (so a wrong path or scope name there fails here). JSON cases use a small
// JSON grammar with VS Code's scope names; when the VS Code host is installed, the injection is
// also checked against VS Code's own JSON grammar.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { assertBaseline } from './helpers/baseline';

const ROOT = join(__dirname, '..', '..');
const CASES = join(ROOT, 'test', 'baselines', 'grammar');
const TEST_JSON_GRAMMAR = join(ROOT, 'test', 'support', 'grammar', 'json.tmLanguage.json');
const HOST_JSON_GRAMMAR = join(
  ROOT,
  '.vscode-host/node_modules/code-server/lib/vscode/extensions/json/syntaxes/JSON.tmLanguage.json',
);

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const contributions: GrammarContribution[] = manifest.contributes.grammars;

let onig: Promise<textmate.IOnigLib> | undefined;
function onigLib(): Promise<textmate.IOnigLib> {
  onig ??= (async () => {
    const wasm = readFileSync(join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
  })();
  return onig;
}

function registry(jsonGrammar = TEST_JSON_GRAMMAR): textmate.Registry {
  return new textmate.Registry({
    onigLib: onigLib(),
    async loadGrammar(scopeName) {
      const file =
        scopeName === 'source.json' ? jsonGrammar : contributions.find((c) => c.scopeName === scopeName)?.path;
      if (!file) return null;
      const path = file.startsWith('./') ? join(ROOT, file) : file;
      return textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
    getInjections(scopeName) {
      return contributions.filter((c) => c.injectTo?.includes(scopeName)).map((c) => c.scopeName);
    },
  });
}

/**
 * One line per source line (`>`), then one per token: its text and scopes. The root scope and
 * `meta.*` scopes (structure, repeated on every token) are left out, except meta.embedded.*,
 * which marks where an expression is.
 */
async function tokenize(grammar: textmate.IGrammar, text: string): Promise<string> {
  const out: string[] = [];
  let state = textmate.INITIAL;
  for (const line of text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    out.push(`> ${line}`);
    for (const t of r.tokens) {
      const piece = line.slice(t.startIndex, Math.min(t.endIndex, line.length));
      if (!piece.trim()) continue; // blanks carry no information worth a baseline line
      const scopes = t.scopes.slice(1).filter((x) => !x.startsWith('meta.') || x.startsWith('meta.embedded.'));
      out.push(`  ${JSON.stringify(piece)} ${scopes.join(' ')}`);
    }
  }
  return out.join('\n');
}

function scopeFor(file: string): string {
  if (file.endsWith('.json')) return 'source.json';
  const lang = file.endsWith('.entramap') ? 'entramap' : file.endsWith('.expr') ? 'entramap-expression' : undefined;
  const c = contributions.find((g) => g.language === lang);
  if (!c) throw new Error(`no grammar for ${file}`);
  return c.scopeName;
}

describe('grammars: manifest', () => {
  it('contributes valid grammar files whose scope names match the manifest', () => {
    for (const c of contributions) {
      const grammar = JSON.parse(readFileSync(join(ROOT, c.path), 'utf8'));
      assert.equal(grammar.scopeName, c.scopeName, c.path);
    }
    assert.deepEqual(
      contributions.map((c) => c.scopeName).sort(),
      ['entramap.json.expression.injection', 'source.entramap', 'source.entramap.expression'],
    );
  });

  it('references only repository entries that exist', () => {
    for (const c of contributions) {
      const grammar = JSON.parse(readFileSync(join(ROOT, c.path), 'utf8'));
      const keys = new Set(Object.keys(grammar.repository ?? {}));
      const missing: string[] = [];
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!node || typeof node !== 'object') return;
        for (const [k, v] of Object.entries(node)) {
          if (k === 'include' && typeof v === 'string' && v.startsWith('#') && !keys.has(v.slice(1))) missing.push(v);
          else visit(v);
        }
      };
      visit(grammar);
      assert.deepEqual(missing, [], c.path);
    }
  });
});

describe('grammars: baselines', () => {
  const cases = readdirSync(CASES, { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const c of cases) {
    const input = readdirSync(join(CASES, c.name)).find((f) => f.startsWith('input.'));
    if (!input) continue;
    it(c.name, async () => {
      const grammar = await registry().loadGrammar(scopeFor(input));
      assert.ok(grammar);
      const text = readFileSync(join(CASES, c.name, input), 'utf8');
      assertBaseline(join(CASES, c.name, 'tokens.txt'), await tokenize(grammar, text));
    });
  }
});

describe('grammars: behaviour', () => {
  async function scopesOf(scope: string, text: string, needle: string, nth = 0): Promise<string[]> {
    const grammar = await registry().loadGrammar(scope);
    assert.ok(grammar);
    let state = textmate.INITIAL;
    let seen = 0;
    for (const line of text.split('\n')) {
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      for (const t of r.tokens) {
        if (line.slice(t.startIndex, t.endIndex) === needle && seen++ === nth) return t.scopes;
      }
    }
    throw new Error(`token ${JSON.stringify(needle)} not found`);
  }

  it('ends an expression at an option keyword after a blank, not inside strings or brackets', async () => {
    const line = 'tag <- Join(" default ", [x match]) default "d"';
    assert.ok((await scopesOf('source.entramap', line, 'default', 0)).includes('keyword.other.option.entramap'));
    assert.ok((await scopesOf('source.entramap', line, ' default ')).includes('string.quoted.double.entramap'));
    assert.ok((await scopesOf('source.entramap', line, 'x match')).includes('variable.other.attribute.entramap'));
  });

  it('stops an unclosed call at the next statement', async () => {
    const text = 'mapping "m" {\n  a <- Join(",", [a],\n  b <- [b]\n}';
    const b = await scopesOf('source.entramap', text, 'b', 0);
    assert.ok(b.includes('variable.other.property.target.entramap'), b.join(' '));
    assert.ok(!b.includes('meta.function-call.entramap'));
  });

  it('continues a call over indented lines', async () => {
    const text = '  x <- Join(" ",\n      [givenName],\n      [surname])\n  y <- [z]';
    assert.ok((await scopesOf('source.entramap', text, 'surname')).includes('meta.function-call.entramap'));
    assert.ok((await scopesOf('source.entramap', text, 'y')).includes('variable.other.property.target.entramap'));
  });

  it('colours expressions inside Graph JSON "expression" strings, and nothing else', async () => {
    const json = '{"source": {"expression": "Join(\\" \\", [givenName])", "name": "Split([x])"}}';
    assert.ok((await scopesOf('source.json', json, 'Join')).includes('entity.name.function.entramap'));
    assert.ok((await scopesOf('source.json', json, 'givenName')).includes('variable.other.attribute.entramap'));
    const other = await scopesOf('source.json', json, 'Split([x])');
    assert.ok(!other.some((s) => s.endsWith('.entramap')), other.join(' '));
  });

  it('gives every non-blank character of the example mapping files a scope', async () => {
    const grammar = await registry().loadGrammar('source.entramap');
    assert.ok(grammar);
    const examples = join(ROOT, 'examples');
    const files = readdirSync(examples, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.entramap'));
    assert.ok(files.length > 0);
    const bare: string[] = [];
    for (const file of files) {
      let state = textmate.INITIAL;
      readFileSync(join(examples, file), 'utf8')
        .split(/\r?\n/)
        .forEach((line, i) => {
          const r = grammar.tokenizeLine(line, state);
          state = r.ruleStack;
          for (const t of r.tokens) {
            const piece = line.slice(t.startIndex, t.endIndex);
            if (t.scopes.length === 1 && piece.trim()) bare.push(`${file}:${i + 1}: ${JSON.stringify(piece)}`);
          }
        });
    }
    assert.deepEqual(bare, []);
  });

  it('works with VS Code’s own JSON grammar (when the VS Code host is installed)', async function () {
    if (!existsSync(HOST_JSON_GRAMMAR)) {
      this.skip(); // .ci/run installs the host first, so CI always runs this
    }
    const input = readFileSync(join(CASES, 'schema-json', 'input.json'), 'utf8');
    const pick = (tokens: string) =>
      tokens
        .split('\n')
        .filter((l) => l.startsWith('>') || l.includes('.entramap'))
        .join('\n');
    const ours = await tokenize((await registry().loadGrammar('source.json'))!, input);
    const real = await tokenize((await registry(HOST_JSON_GRAMMAR).loadGrammar('source.json'))!, input);
    assert.equal(pick(real), pick(ours));
    assert.ok(pick(real).includes('entity.name.function.entramap'));
  });
});
