// Differential tests of the .NET regex emulation:
// 1. wherever compileRegex picks the native (JavaScript RegExp) fast path, it must give exactly
//    the results of the bounded backtracking VM;
// 2. the VM is checked against V8's engine on every random pattern that has an exact (possibly
//    unbounded, so inputs stay short) JavaScript translation.
import assert from 'node:assert/strict';
import { compileRegex, DotNetRegex, RegexBudgetError, validateRegex } from '../../server/src/evaluate/regex';
import { planNative } from '../../server/src/evaluate/regex/native';
import { parseRegex } from '../../server/src/evaluate/regex/parser';
import { RegexSyntaxError } from '../../server/src/evaluate/regex/errors';

/** Everything observable about a regex on one input. */
function observe(r: DotNetRegex, input: string): unknown {
  const starts: (number | null)[] = [];
  for (let s = 0; s <= input.length; s++) {
    const m = r.match(input, s);
    starts.push(m ? m.index * 1000 + m.length : null);
  }
  return {
    isMatch: r.isMatch(input),
    matches: r.matches(input).map((m) => m.groups.map((g) => (g.success ? [g.index, g.length] : null))),
    starts,
    replace: r.replace(input, '<$&|$1|$2|$+|${n1}|$`>'),
    replaceEmpty: r.replace(input, ''),
  };
}

/** The same observations computed independently with a JavaScript RegExp (the oracle). */
function observeJs(source: string, slots: number[], groupCount: number, input: string): unknown {
  const re = new RegExp(source, 'gd');
  const exec = (from: number): RegExpExecArray | null => {
    re.lastIndex = from;
    return re.exec(input);
  };
  const spans = (m: RegExpExecArray): ([number, number] | null)[] => {
    const out: ([number, number] | null)[] = new Array(groupCount).fill(null);
    m.indices!.forEach((span, j) => {
      if (span) out[slots[j]] = [span[0], span[1] - span[0]];
    });
    return out;
  };
  const all: ([number, number] | null)[][] = [];
  for (let from = 0; ; ) {
    const m = exec(from);
    if (!m) break;
    all.push(spans(m));
    const end = m.index + m[0].length;
    if (m[0].length === 0) {
      if (end >= input.length) break;
      from = end + 1;
    } else from = end;
  }
  const starts: (number | null)[] = [];
  for (let s = 0; s <= input.length; s++) {
    const m = exec(s);
    starts.push(m ? m.index * 1000 + m[0].length : null);
  }
  const value = (g: [number, number] | null): string => (g ? input.slice(g[0], g[0] + g[1]) : '');
  return { matches: all, starts, values: all.map((g) => g.map(value)) };
}

function vmView(r: DotNetRegex, input: string): unknown {
  const o = observe(r, input) as { matches: ([number, number] | null)[][]; starts: (number | null)[] };
  return {
    matches: o.matches,
    starts: o.starts,
    values: o.matches.map((g) => g.map((s) => (s ? input.slice(s[0], s[0] + s[1]) : ''))),
  };
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ATOMS = ['a', 'b', 'c', 'x', '.', '[ab]', '[^a]', '[a-c]', '\\w', '\\d', '\\s', '\\W', '[a-c-[b]]', '\\.', ' ', '1'];
const QUANTS = ['*', '+', '?', '{2}', '{1,3}', '{0,2}', '{2,}', '*?', '+?', '??', '{1,2}?'];
const ANCHORS = ['^', '$', '\\b', '\\B', '\\A', '\\z', '\\Z'];

function randomPattern(rand: () => number, depth = 0): string {
  const r = rand();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  if (depth > 3 || r < 0.3) return pick(ATOMS);
  if (r < 0.45) {
    const n = 1 + Math.floor(rand() * 3);
    let s = '';
    for (let i = 0; i < n; i++) s += randomPattern(rand, depth + 1);
    return s;
  }
  if (r < 0.55) return `${randomPattern(rand, depth + 1)}|${randomPattern(rand, depth + 1)}`;
  if (r < 0.65) return `(${randomPattern(rand, depth + 1)})`;
  if (r < 0.7) return `(?<n1>${randomPattern(rand, depth + 1)})`;
  if (r < 0.77) return `(?:${randomPattern(rand, depth + 1)})`;
  if (r < 0.93) {
    const inner = randomPattern(rand, depth + 1);
    const atom = inner.length === 1 || /^\\.$|^\[[^\]]*\]$/.test(inner) ? inner : `(?:${inner})`;
    return atom + pick(QUANTS);
  }
  return pick(ANCHORS);
}

const INPUTS = [
  ...['', 'a', 'b', 'ab', 'ba', 'abc', 'aab', 'abab', 'aaa', 'cab x', 'a.b', 'x1 '],
  ...['a\nb', 'b\n', 'abcabc', 'a b c', '11a', 'ccc'],
];

describe('regex differential: native fast path vs bounded VM', function () {
  this.timeout(120_000); // thousands of compilations; not a timing assertion

  const curated = [
    '\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})',
    '[()\\s-]+',
    '(?<streetNumber>^\\d*)',
    '(?<Suffix>@(.)*)',
    '[a-zA-Z_]*',
    '.*\\@domain.com',
    '(1[0-9][0-9][0-9][0-9][0-9][0-9])',
    '^[\\w.+-]+@(?<domain>[\\w-]+\\.)+[a-z]{2,}$',
    '^(\\d{3})-(\\d{4})$',
    '(?i)hello world',
    '(?i)^[a-z]+$',
    '\\bthe\\b',
    '(?m)^\\w+$',
    '(?s)a.b',
    '(?x) a  b  # comment',
    '\\d+',
    '\\p{Lu}\\p{Ll}+',
    '[^\\s@]+@[^\\s@]+',
    '(a|b)+c',
    '(?:ab)+a',
    'x*y*',
    '(\\w+)@(\\w+)\\.com',
    '^\\s*$',
    '[a-z-[aeiou]]+',
    '\\P{L}+',
    '(?n)(a)(?<x>b)',
    'colou?r',
    '^$',
    '\\B\\w',
    '\\W+',
    'a{2,3}?',
    '[\\u0041-\\u005A]{2}',
    '\\x41\\101\\cA',
  ];
  const curatedInputs = [
    '',
    '+91 9998887777',
    '+1 (999) 888-7777',
    '545 Tremont Street',
    'jsmith@contoso.com',
    'john_doe72',
    'user@domain.com',
    '1234567',
    'john.doe@mail.contoso.com',
    '555-1234',
    'Hello World',
    'the other theme the',
    'one\ntwo\n',
    'a\nb',
    'ab',
    'Ab CD eF',
    'aaabbbc',
    'colour color',
    'x y\u00a0z\u2003',
    'ABC abc Straße',
    'A\u0001',
  ];

  it('gives identical results on curated Entra-style patterns', () => {
    let compared = 0;
    for (const p of curated) {
      const fast = compileRegex(p);
      const slow = compileRegex(p, { engine: 'backtracking' });
      assert.equal(slow.engine, 'backtracking');
      if (fast.engine !== 'native') continue;
      compared++;
      for (const input of curatedInputs) {
        assert.deepEqual(observe(fast, input), observe(slow, input), `pattern ${JSON.stringify(p)} on ${JSON.stringify(input)}`);
      }
    }
    assert.ok(compared >= 25, `expected most curated patterns to take the native path, got ${compared}`);
  });

  it('gives identical results on thousands of random patterns', () => {
    const rand = rng(20240611);
    let native = 0;
    let oracle = 0;
    const failures: string[] = [];
    for (let i = 0; i < 2500 && failures.length < 5; i++) {
      const p = randomPattern(rand);
      let parsed;
      try {
        parsed = parseRegex(p, 0);
      } catch (e) {
        if (e instanceof RegexSyntaxError) continue;
        throw e;
      }
      const slow = compileRegex(p, { engine: 'backtracking' });
      const fast = compileRegex(p);
      if (fast.engine === 'native') {
        native++;
        for (const input of INPUTS) {
          try {
            assert.deepEqual(observe(fast, input), observe(slow, input));
          } catch {
            failures.push(`native vs VM: ${JSON.stringify(p)} on ${JSON.stringify(input)}`);
            break;
          }
        }
      }
      const plan = planNative(parsed.root, parsed.groupNumbers, false);
      if (plan) {
        oracle++;
        for (const input of INPUTS) {
          try {
            assert.deepEqual(vmView(slow, input), observeJs(plan.source, plan.groupSlots, parsed.groupNumbers.length, input));
          } catch {
            failures.push(`VM vs JavaScript: ${JSON.stringify(p)} on ${JSON.stringify(input)}`);
            break;
          }
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(native >= 500, `only ${native} random patterns took the native path`);
    assert.ok(oracle >= 1000, `only ${oracle} random patterns had an exact JavaScript translation`);
  });

  it('compares with case-insensitive and multiline options too', () => {
    const rand = rng(7);
    let compared = 0;
    for (let i = 0; i < 600; i++) {
      const p = randomPattern(rand);
      for (const options of [{ ignoreCase: true }, { multiline: true }, { singleline: true, explicitCapture: true }]) {
        let fast: DotNetRegex;
        try {
          fast = compileRegex(p, options);
        } catch (e) {
          if (e instanceof RegexSyntaxError) break;
          throw e;
        }
        if (fast.engine !== 'native') continue;
        compared++;
        const slow = compileRegex(p, { ...options, engine: 'backtracking' });
        for (const input of ['AB', 'aB\nb', 'A\nB\n', 'ab\n', '\u212a', 'c\nC']) {
          const what = `${JSON.stringify(p)} ${JSON.stringify(options)} on ${JSON.stringify(input)}`;
          assert.deepEqual(observe(fast, input), observe(slow, input), what);
        }
      }
    }
    assert.ok(compared >= 300, `only ${compared} comparisons`);
  });

  it('never crashes on random pattern text: either a positioned syntax error or a working regex', () => {
    const rand = rng(99);
    const alphabet = [...'()?<>\'-:=![]^$\\{},*+|.ab12kpPdwsxucinmGBzZA# L', '(?', '(?<', '\\p{', '{2}'];
    let compiled = 0;
    let rejected = 0;
    for (let i = 0; i < 4000; i++) {
      let p = '';
      const len = 1 + Math.floor(rand() * 12);
      for (let k = 0; k < len; k++) p += alphabet[Math.floor(rand() * alphabet.length)];
      const diagnostics = validateRegex(p);
      let r: DotNetRegex;
      try {
        r = compileRegex(p, { engine: i % 2 ? 'auto' : 'backtracking' });
      } catch (e) {
        assert.ok(e instanceof RegexSyntaxError, `unexpected ${String(e)} for ${JSON.stringify(p)}`);
        assert.ok(e.offset >= 0 && e.length >= 0 && e.offset + e.length <= p.length, JSON.stringify(p));
        assert.deepEqual(diagnostics.map((d) => [d.severity, d.offset, d.length]), [['error', e.offset, e.length]]);
        rejected++;
        continue;
      }
      assert.ok(!diagnostics.some((d) => d.severity === 'error'), JSON.stringify(p));
      compiled++;
      for (const input of ['', 'a', 'ab1 b', 'aaaa', 'ba\nab', 'a-b{1}']) {
        try {
          r.isMatch(input);
          r.matches(input);
          r.replace(input, '[$1$+]');
          r.match(input, input.length);
        } catch (e) {
          assert.ok(e instanceof RegexBudgetError, `unexpected ${String(e)} for ${JSON.stringify(p)} on ${JSON.stringify(input)}`);
        }
      }
    }
    assert.ok(compiled > 1000 && rejected > 1000, `${compiled} compiled, ${rejected} rejected`);
  });
});
