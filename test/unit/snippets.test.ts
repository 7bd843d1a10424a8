// The .entramap snippets: well-formed, contributed in the manifest, and every snippet, expanded
// with its default placeholder values, is a clean .entramap statement (parser, expression checker
// and semantic checks: the same analysis the editor runs). Snippets can then never teach syntax
// the format does not have.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mappingAnalyzer } from '../../server/src/features/analysis/mapping';
import { Work } from '../../server/src/features/scheduling';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

/** Expands a snippet body: placeholders take their default (or first choice); mirrors repeat it. */
export function expand(body: string): string {
  const values = new Map<string, string>();
  let text = body;
  // innermost placeholders first, so `${1:a ${2:b}}` resolves
  for (let guard = 0; guard < 20; guard++) {
    const next = text
      .replace(/\$\{(\d+):([^${}]*)\}/g, (_m, n: string, v: string) => {
        values.set(n, v);
        return v;
      })
      .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_m, n: string, choices: string) => {
        const v = choices.split(',')[0];
        values.set(n, v);
        return v;
      });
    if (next === text) break;
    text = next;
  }
  return text.replace(/\$\{?(\d+)\}?/g, (_m, n: string) => values.get(n) ?? '').replace(/\\\$/g, '$');
}

/** Puts a snippet where the format allows it: top level, in a mapping, a scope or a filter. */
function inContext(text: string): string {
  const first = text.trimStart();
  if (/^(app|mapping|rule)\b/.test(first)) return text;
  const indent = (s: string, n: number) => s.replace(/^/gm, ' '.repeat(n));
  const mapping = (inner: string) => `mapping "m" {\n  source User\n  target User\n${indent(inner, 2)}\n}\n`;
  if (/^scope\b/.test(first)) return mapping(text);
  if (!text.includes('<-')) return mapping(`scope {\n  filter "f" {\n${indent(text, 4)}\n  }\n}`);
  return mapping(text);
}

describe('snippets', () => {
  const contribution = manifest.contributes.snippets.find((s: { language: string }) => s.language === 'entramap');
  const file: Record<string, Snippet> = JSON.parse(readFileSync(join(ROOT, contribution.path), 'utf8'));

  it('are contributed for .entramap and each has a prefix, a body and a description', () => {
    assert.ok(Object.keys(file).length >= 10);
    for (const [name, s] of Object.entries(file)) {
      assert.ok(s.prefix.length > 0 && s.body.length > 0 && s.description.length > 0, name);
    }
    const prefixes = Object.values(file).flatMap((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
    assert.equal(new Set(prefixes).size, prefixes.length, 'prefixes are unique');
  });

  it('expand placeholders, choices and mirrors', () => {
    assert.equal(expand('${1:a ${2:b}} ${2} ${3|x,y|} $0'), 'a b b x ');
  });

  for (const [name, s] of Object.entries(file)) {
    it(`"${name}" expands to a clean .entramap statement`, async () => {
      const text = inContext(expand(Array.isArray(s.body) ? s.body.join('\n') : s.body));
      const out = await mappingAnalyzer.analyze(
        { uri: 'file:///snippet.entramap', languageId: 'entramap', version: 1, text, kind: 'entramap', maxDiagnostics: 100 },
        new Work(),
      );
      // EMP021/EMP022 are about the wrapper mapping (no userName, no matching attribute), not the snippet
      const problems = out.diagnostics
        .filter((d) => (d.severity === 'error' || d.severity === 'warning') && d.code !== 'EMP021' && d.code !== 'EMP022')
        .map((d) => `${d.code} ${d.message} "${text.slice(d.start, d.end)}"`);
      assert.deepEqual(problems, [], text);
    });
  }
});
