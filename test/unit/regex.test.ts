// The .NET regular expression emulation (server/src/evaluate/regex): .NET syntax and semantics,
// replacement patterns, error positions, the step budget, the cache and editor validation.
// Unless a test is about engine choice, every assertion runs on both engines (the native
// fast path when the pattern qualifies, and always the bounded backtracking VM).
import assert from 'node:assert/strict';
import {
  clearRegexCache,
  compileRegex,
  DotNetRegex,
  NATIVE_MAX_INPUT,
  REGEX_CACHE_LIMIT,
  RegexBudgetError,
  RegexOptions,
  regexCacheSize,
  RegexSyntaxError,
  validateRegex,
} from '../../server/src/evaluate/regex';

/** The pattern compiled for both engines ('auto' and the VM). */
function engines(pattern: string, options: RegexOptions = {}): DotNetRegex[] {
  return [compileRegex(pattern, options), compileRegex(pattern, { ...options, engine: 'backtracking' })];
}

function forBoth(pattern: string, options: RegexOptions, check: (r: DotNetRegex) => void): void {
  for (const r of engines(pattern, options)) {
    try {
      check(r);
    } catch (e) {
      if (e instanceof assert.AssertionError) e.message = `[${r.engine}] /${pattern}/: ${e.message}`;
      throw e;
    }
  }
}

function isMatch(pattern: string, input: string, options: RegexOptions = {}): boolean {
  const [a, b] = engines(pattern, options).map((r) => r.isMatch(input));
  assert.equal(a, b, `engines disagree on /${pattern}/ for ${JSON.stringify(input)}`);
  return a;
}

/** Values of all groups of all matches (null for groups that did not participate). */
function all(pattern: string, input: string, options: RegexOptions = {}): (string | null)[][] {
  const [a, b] = engines(pattern, options).map((r) =>
    r.matches(input).map((m) => m.groups.map((g) => (g.success ? g.value : null))),
  );
  assert.deepEqual(a, b, `engines disagree on /${pattern}/ for ${JSON.stringify(input)}`);
  return a;
}

/** The first match's group values. */
function first(pattern: string, input: string, options: RegexOptions = {}): (string | null)[] | null {
  const [a, b] = engines(pattern, options).map((r) => {
    const m = r.match(input);
    return m ? m.groups.map((g) => (g.success ? g.value : null)) : null;
  });
  assert.deepEqual(a, b, `engines disagree on /${pattern}/ for ${JSON.stringify(input)}`);
  return a;
}

function replace(pattern: string, input: string, replacement: string, options: RegexOptions = {}): string {
  const [a, b] = engines(pattern, options).map((r) => r.replace(input, replacement));
  assert.equal(a, b, `engines disagree on /${pattern}/ replacing ${JSON.stringify(input)}`);
  return a;
}

function syntaxError(pattern: string): RegexSyntaxError {
  try {
    compileRegex(pattern);
  } catch (e) {
    assert.ok(e instanceof RegexSyntaxError, `expected RegexSyntaxError for /${pattern}/, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected /${pattern}/ to be rejected`);
}

describe('dotnet regex: Entra Replace examples (spec 4.35)', () => {
  it('extracts the phone number with named groups', () => {
    const p = '\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})';
    assert.equal(replace(p, '+91 9998887777', '${phoneNumber}'), '9998887777');
    forBoth(p, {}, (r) => {
      const m = r.match('+91 9998887777')!;
      assert.equal(m.group('isdCode')!.value, '91 ');
      assert.equal(m.group('phoneNumber')!.value, '9998887777');
      assert.deepEqual(r.groupNames, ['0', 'isdCode', 'phoneNumber']);
    });
  });

  it('strips punctuation and spaces, keeping the plus sign as .NET does', () => {
    assert.equal(replace('[()\\s-]+', '+1 (999) 888-7777', ''), '+19998887777');
  });

  it('replaces the text captured by a named group (streetNumber, Suffix)', () => {
    const replaceGroup = (pattern: string, input: string, group: string, value: string): string => {
      const results = engines(pattern).map((r) =>
        r.replaceWith(input, (m) => {
          const g = m.group(group)!;
          if (!g.success) return m.value;
          return m.value.slice(0, g.index - m.index) + value + m.value.slice(g.index - m.index + g.length);
        }),
      );
      assert.equal(results[0], results[1]);
      return results[0];
    };
    assert.equal(replaceGroup('(?<streetNumber>^\\d*)', '545 Tremont Street', 'streetNumber', '888'), '888 Tremont Street');
    assert.equal(replaceGroup('(?<Suffix>@(.)*)', 'jsmith@contoso.com', 'Suffix', ''), 'jsmith');
  });

  it('numbers the unnamed group of (?<Suffix>@(.)*) before the named one', () => {
    forBoth('(?<Suffix>@(.)*)', {}, (r) => {
      assert.deepEqual(r.groupNames, ['0', '1', 'Suffix']);
      const m = r.match('jsmith@contoso.com')!;
      assert.equal(m.group(1)!.value, 'm');
      assert.equal(m.group(2)!.name, 'Suffix');
    });
  });

  it('applies a pattern that can match empty everywhere: [a-zA-Z_]* on john_doe72 gives 72', () => {
    assert.equal(replace('[a-zA-Z_]*', 'john_doe72', ''), '72');
    // .NET finds the empty matches too: before 7, before 2 and at the end
    assert.equal(replace('[a-zA-Z_]*', 'john_doe72', 'X'), 'XX7X2X');
    assert.deepEqual(all('[a-zA-Z_]*', 'john_doe72').map((g) => g[0]), ['john_doe', '', '', '']);
  });

  it('evaluates the scoping-filter examples (REGEX MATCH is an unanchored IsMatch)', () => {
    assert.equal(isMatch('.*\\@domain.com', 'jane@domain.com'), true);
    assert.equal(isMatch('.*\\@domain.com', 'jane@other.com'), false);
    assert.equal(isMatch('(1[0-9][0-9][0-9][0-9][0-9][0-9])', '1234567'), true);
    assert.equal(isMatch('(1[0-9][0-9][0-9][0-9][0-9][0-9])', 'x12345678'), true);
    assert.equal(isMatch('(1[0-9][0-9][0-9][0-9][0-9][0-9])', '999999'), false);
    assert.equal(isMatch('([1-9][0-9])', '42'), true);
    assert.equal(isMatch('^([1-9][0-9])$', '142'), false);
  });

  it('uses the native fast path for these simple patterns', () => {
    const patterns = ['\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})', '[()\\s-]+', '(?<streetNumber>^\\d*)', '[a-zA-Z_]*'];
    for (const p of [...patterns, '.*\\@domain.com']) {
      assert.equal(compileRegex(p).engine, 'native', p);
    }
  });
});

describe('dotnet regex: escapes', () => {
  it('understands the character escapes', () => {
    assert.equal(isMatch('^\\t\\n\\r\\f\\v\\e\\a\\0$', '\t\n\r\f\v\u001b\u0007\0'), true);
    assert.equal(isMatch('^\\x41\\u00e9\\101\\040\\cA\\cm\\c[$', 'Aé\u0041 \u0001\r\u001b'), true);
    assert.equal(isMatch('^\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\\\/\\#\\ \\-$', '.*+?()[]{}|^$\\/# -'), true);
  });

  it('reads octal escapes of up to three digits, truncated to 8 bits', () => {
    assert.equal(isMatch('^\\0101$', '\u00081'), true);
    assert.equal(isMatch('^\\400$', '\u0000'), true);
    assert.equal(isMatch('^\\18$', '\u00018'), true);
  });

  it('treats \\10 as octal when there are fewer than ten groups, as a backreference otherwise', () => {
    assert.equal(isMatch('^(a)\\10$', 'a\u0008'), true);
    assert.equal(isMatch('^(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10$', 'abcdefghijj'), true);
  });

  it('reads \\1..\\7 inside a class as octal, and rejects \\8 there', () => {
    assert.equal(isMatch('^[\\1]$', '\u0001'), true);
    assert.equal(syntaxError('[\\8]').message, 'Unknown escape \\8');
  });

  it('treats \\<name> and \\k<name> as backreferences and a lone \\< as a literal', () => {
    assert.equal(isMatch('^(?<n>a)\\<n>\\k<n>\\k\'n\'$', 'aaaa'), true);
    assert.equal(isMatch('^(a)\\k<1>\\<1>$', 'aaa'), true);
    assert.equal(isMatch('^\\<a$', '<a'), true);
  });

  it('rejects unknown escapes of word characters, as .NET does', () => {
    for (const p of ['\\q', '\\_', '\\y', '\\é', '\\i']) {
      const e = syntaxError(p);
      assert.equal(e.message, `Unknown escape ${p}`);
      assert.equal(e.offset, 0);
      assert.equal(e.length, 2);
    }
  });
});

describe('dotnet regex: character classes', () => {
  it('matches ranges, negations and literal ] - [ positions', () => {
    assert.deepEqual(all('[a-c]', 'abcd').map((m) => m[0]), ['a', 'b', 'c']);
    assert.deepEqual(all('[^a-c]', 'abcd').map((m) => m[0]), ['d']);
    assert.deepEqual(all('[]a]', ']a').map((m) => m[0]), [']', 'a']);
    assert.deepEqual(all('[a-]', 'a-').map((m) => m[0]), ['a', '-']);
    assert.deepEqual(all('[\\d-z]', '5-z').map((m) => m[0]), ['5', '-', 'z']);
    assert.deepEqual(all('[\\--z]', '-za').map((m) => m[0]), ['-', 'z']);
    assert.deepEqual(all('[\\b]', 'a\bb').map((m) => m[0]), ['\b']);
  });

  it('subtracts classes: [a-z-[aeiou]], nested, and negation applies before subtraction', () => {
    assert.deepEqual(all('[a-z-[aeiou]]+', 'bcdefg').map((m) => m[0]), ['bcd', 'fg']);
    assert.deepEqual(all('[a-z-[d-f-[e]]]+', 'cdefg').map((m) => m[0]), ['c', 'e', 'g']);
    assert.deepEqual(all('[^a-z-[!]]', 'aA!').map((m) => m[0]), ['A']);
    assert.deepEqual(all('[\\w-[\\d_]]+', 'ab1_c').map((m) => m[0]), ['ab', 'c']);
  });

  it('handles a subtraction that follows a character, and classes that match nothing', () => {
    assert.deepEqual(all('[ab-[b]]', 'abc').map((m) => m[0]), ['a']);
    assert.equal(isMatch('[a-[a]]', 'abc'), false);
    assert.equal(isMatch('x[^\\s\\S]?y', 'xy'), true);
    assert.equal(isMatch('[^\\s\\S]', 'abc'), false);
  });

  it('uses .NET Unicode meanings for \\w \\d \\s', () => {
    const w = (s: string) => isMatch('^\\w$', s);
    assert.ok(w('é') && w('ß') && w('_') && w('٣') && w('\u0301') && w('\u203f') && w('Ж'));
    assert.ok(!w('-') && !w('²') && !w('\u0903') && !w(' '));
    const d = (s: string) => isMatch('^\\d$', s);
    assert.ok(d('7') && d('٣') && d('\uff17'));
    assert.ok(!d('²') && !d('①') && !d('a'));
    const s = (c: string) => isMatch('^\\s$', c);
    assert.ok(s(' ') && s('\t') && s('\v') && s('\u0085') && s('\u00a0') && s('\u2028') && s('\u3000'));
    assert.ok(!s('\u200b') && !s('\ufeff') && !s('x'));
    assert.ok(isMatch('^\\W\\D\\S$', '-a!'));
  });

  it('supports \\p{..} general categories and .NET named blocks', () => {
    assert.deepEqual(all('\\p{Lu}+', 'abCDeF').map((m) => m[0]), ['CD', 'F']);
    assert.deepEqual(all('\\P{L}+', 'ab12cd').map((m) => m[0]), ['12']);
    assert.ok(isMatch('^\\p{Sc}\\p{Sc}$', '$€'));
    assert.ok(isMatch('^\\p{Nd}\\p{Zs}\\p{Cc}\\p{P}\\p{S}$', '5 \u0001!+'));
    assert.ok(isMatch('^\\p{IsGreek}+$', 'αβγΩ'));
    assert.ok(isMatch('^\\p{IsGreekandCoptic}\\p{IsCyrillic}\\p{IsBasicLatin}\\p{IsLatin-1Supplement}$', 'αЖaé'));
    assert.ok(!isMatch('\\p{IsGreek}', 'ἀ')); // Greek Extended is a different block
    assert.ok(isMatch('^[\\p{IsGreek}\\d]+$', 'α1β2'));
    assert.ok(isMatch('^\\p{Cs}\\p{Cs}$', '😀'));
  });

  it('matches UTF-16 code units, as .NET does', () => {
    assert.equal(isMatch('^.$', '😀'), false);
    assert.equal(isMatch('^..$', '😀'), true);
    assert.equal(isMatch('^[^a]$', '\ud800'), true);
  });

  it('does not treat [:alpha:] as a POSIX class', () => {
    assert.deepEqual(all('[[:alpha:]]', 'a[:').map((m) => m[0]), []);
    assert.deepEqual(all('[[:alpha:]]', '[]').map((m) => m[0]), ['[]']);
  });
});

describe('dotnet regex: anchors', () => {
  it('lets $ match before a final newline, unlike \\z', () => {
    assert.equal(isMatch('abc$', 'abc\n'), true);
    assert.equal(isMatch('abc$', 'abc\n\n'), false);
    assert.equal(isMatch('abc\\Z', 'abc\n'), true);
    assert.equal(isMatch('abc\\z', 'abc\n'), false);
    assert.equal(isMatch('abc\\z', 'abc'), true);
    forBoth('c$', {}, (r) => assert.equal(r.match('abc\n')!.index, 2));
  });

  it('treats ^ and $ per line in multiline mode (only \\n ends a line)', () => {
    assert.deepEqual(all('(?m)^\\w+$', 'one\ntwo\r\nthree').map((m) => m[0]), ['one', 'three']);
    assert.deepEqual(all('^\\w+$', 'one\ntwo', { multiline: true }).map((m) => m[0]), ['one', 'two']);
    assert.equal(isMatch('\\Ab', 'a\nb', { multiline: true }), false);
    assert.equal(isMatch('a\\Z', 'a\nb', { multiline: true }), false);
  });

  it('finds word boundaries with Unicode word characters and ZWJ/ZWNJ', () => {
    assert.deepEqual(all('\\b\\w+\\b', 'héllo wörld').map((m) => m[0]), ['héllo', 'wörld']);
    assert.equal(isMatch('a\u200d\\b', 'a\u200db'), false);
    assert.deepEqual(all('\\B.', 'ab c').map((m) => m[0]), ['b']);
  });

  it('anchors \\G at the start of each search', () => {
    assert.deepEqual(all('\\Ga', 'aaba').map((m) => m[0]), ['a', 'a']);
    forBoth('\\Gb', {}, (r) => {
      assert.equal(r.match('ab', 1)!.index, 1);
      assert.equal(r.match('ab', 0), null);
    });
  });
});

describe('dotnet regex: quantifiers', () => {
  it('supports greedy and lazy forms of * + ? {n} {n,} {n,m}', () => {
    assert.deepEqual(first('a{2}', 'aaaa'), ['aa']);
    assert.deepEqual(first('a{2,}', 'aaaa'), ['aaaa']);
    assert.deepEqual(first('a{1,3}', 'aaaa'), ['aaa']);
    assert.deepEqual(first('a{1,3}?', 'aaaa'), ['a']);
    assert.deepEqual(first('a{2,}?', 'aaaa'), ['aa']);
    assert.deepEqual(first('<.+?>', '<a><b>'), ['<a>']);
    assert.deepEqual(first('<.+>', '<a><b>'), ['<a><b>']);
    assert.deepEqual(first('a??b', 'ab'), ['ab']);
    assert.deepEqual(first('(ab)*?c', 'ababc'), ['ababc', 'ab']);
    assert.deepEqual(first('(?:ab){2,3}', 'abababab'), ['ababab']);
    assert.deepEqual(first('(?:ab){2,3}?', 'abababab'), ['abab']);
  });

  it('treats { as a literal unless it starts a valid quantifier', () => {
    for (const p of ['a{', 'a{,3}', 'x{1', 'x{a}', '{2}x', 'a{1,2']) {
      assert.equal(isMatch(`^${p.replace(/^\{/, '\\{')}$`, p.replace(/^\\/, '')), true, p);
    }
    assert.equal(isMatch('^x{2}$', 'xx'), true);
  });

  it('ends a loop when an iteration matches empty, keeping that capture (unlike JavaScript)', () => {
    assert.deepEqual(first('(a?)*', 'b'), ['', '']);
    assert.deepEqual(first('(a|)+', 'aab'), ['aa', '']);
    assert.deepEqual(first('^(?:(a)|b)+$', 'ab'), ['ab', 'a']);
    assert.deepEqual(first('(a*)+b', 'aab'), ['aab', '']);
  });
});

describe('dotnet regex: groups and numbering', () => {
  it('numbers unnamed groups first, then named groups, as GetGroupNames does', () => {
    forBoth('(?<a>x)(y)(?<b>z)(w)', {}, (r) => {
      assert.deepEqual(r.groupNames, ['0', '1', '2', 'a', 'b']);
      assert.deepEqual(r.groupNumbers, [0, 1, 2, 3, 4]);
      const m = r.match('xyzw')!;
      assert.deepEqual(
        m.groups.map((g) => [g.name, g.number, g.value]),
        [['0', 0, 'xyzw'], ['1', 1, 'y'], ['2', 2, 'w'], ['a', 3, 'x'], ['b', 4, 'z']],
      );
      assert.equal(m.group('a')!.number, 3);
      assert.equal(m.group('1')!.value, 'y');
      assert.equal(m.group(4)!.name, 'b');
      assert.equal(m.group('nope'), undefined);
      assert.equal(m.group(9), undefined);
    });
  });

  it('honours explicit numbers and lets a name take the next free number', () => {
    forBoth('(?<2>a)(b)', {}, (r) => {
      assert.deepEqual(r.groupNames, ['0', '1', '2']);
      assert.deepEqual(r.match('ab')!.groups.map((g) => g.value), ['ab', 'b', 'a']);
    });
    forBoth('(?<x>a)(?<1>b)', {}, (r) => assert.deepEqual(r.groupNames, ['0', '1', 'x']));
    forBoth("(?'n'a)(?<7>b)", {}, (r) => assert.deepEqual(r.groupNumbers, [0, 1, 7]));
  });

  it('shares a group between repeated names or numbers; the last capture wins', () => {
    assert.deepEqual(first('(?<x>a)(?<x>b)', 'ab'), ['ab', 'b']);
    assert.deepEqual(first('(a)(?<1>b)', 'ab'), ['ab', 'b']);
    assert.deepEqual(all('(?<x>a)|(?<x>b)', 'ab'), [['a', 'a'], ['b', 'b']]);
  });

  it('reports groups that did not participate as unsuccessful, with index 0', () => {
    forBoth('(a)|(b)', {}, (r) => {
      const g = r.match('xb')!.groups[1];
      assert.deepEqual([g.success, g.index, g.length, g.value], [false, 0, 0, '']);
    });
  });

  it('keeps the last iteration of a repeated group', () => {
    assert.deepEqual(first('(\\w)+', 'abc'), ['abc', 'c']);
    assert.deepEqual(first('(?:(\\d)|x)+', '1x'), ['1x', '1']);
  });

  it('makes plain groups non-capturing with explicitCapture / (?n)', () => {
    forBoth('(a)(?<x>b)', { explicitCapture: true }, (r) => assert.deepEqual(r.groupNames, ['0', 'x']));
    forBoth('(?n)(a)(?<x>b)(?-n)(c)', {}, (r) => assert.deepEqual(r.groupNames, ['0', '1', 'x']));
  });

  it('reproduces the .NET quirk: after a lookaround condition the next plain group does not capture', () => {
    forBoth('(?(?=a)(b)|(c))', {}, (r) => {
      assert.deepEqual(r.groupNumbers, [0, 1, 2]);
      assert.deepEqual(r.match('ac')!.groups.map((g) => (g.success ? g.value : null)), ['c', 'c', null]);
    });
  });
});

describe('dotnet regex: lookarounds, atomic groups, backreferences', () => {
  it('supports lookahead and variable-length lookbehind', () => {
    assert.deepEqual(all('\\w+(?=,)', 'a,bb;cc,').map((m) => m[0]), ['a', 'cc']);
    assert.deepEqual(all('\\b\\w+\\b(?!,)', 'a,bb cc').map((m) => m[0]), ['bb', 'cc']);
    assert.deepEqual(all('(?<=\\b\\w+ )\\w+', 'hello big world').map((m) => m[0]), ['big', 'world']);
    assert.deepEqual(all('(?<=^a+)b', 'aaab ab b').map((m) => m[0]), ['b']);
    assert.deepEqual(all('(?<!x)y', 'xy ay').map((m) => m.length), [1]);
    assert.deepEqual(first('(?<=(\\d+))x', '123x'), ['x', '123']);
    assert.deepEqual(first('(?<=a(?=b)b)c', 'abc'), ['c']);
  });

  it('evaluates lookbehind bodies right to left, as .NET does', () => {
    assert.deepEqual(first('(?<=(a+)(a+))x', 'aaaax'), ['x', 'a', 'aaa']);
    assert.deepEqual(first('(?<=(a+?)(a+?))x', 'aaaax'), ['x', 'a', 'a']);
    assert.deepEqual(first('(?<=^(a+?)(a+?))x', 'aaaax'), ['x', 'aaa', 'a']);
    assert.deepEqual(first('(?<=abc)d', 'abcd'), ['d']);
    assert.deepEqual(first('(?<=[0-9]{2,}?)x', '12x'), ['x']);
    assert.deepEqual(first('(?<=\\1(\\d))x', '11x 21x'), ['x', '1']);
    assert.equal(isMatch('(?<=\\1(\\d))x', '21x'), false);
    assert.deepEqual(first('(?<=(?:ab|b)+)c', 'ababc'), ['c']);
    assert.deepEqual(first('(?<=(?>a+)b)c', 'aabc'), ['c']);
  });

  it('sees text before startat in lookbehinds but anchors ^ at the input start', () => {
    forBoth('(?<=a)b', {}, (r) => assert.equal(r.match('ab', 1)!.index, 1));
    forBoth('^b', {}, (r) => assert.equal(r.match('ab', 1), null));
  });

  it('drops captures made inside a failed or negative lookaround', () => {
    assert.deepEqual(first('(?!(a)b)(\\w)', 'ac'), ['a', null, 'a']);
    assert.deepEqual(first('(?=(a))a', 'a'), ['a', 'a']);
  });

  it('undoes captures of a negative lookahead whose body matched', () => {
    assert.deepEqual(first('^(?:(?!(a)b)q|a)b', 'ab'), ['ab', null]);
  });

  it('does not backtrack into atomic groups', () => {
    assert.deepEqual(first('(?>a+)b', 'aaab'), ['aaab']);
    assert.equal(isMatch('(?>a+)ab', 'aaab'), false);
    assert.equal(isMatch('^(?>a|ab)c', 'abc'), false);
    assert.equal(isMatch('^(?:a|ab)c', 'abc'), true);
  });

  it('matches backreferences, including forward and case-insensitive ones', () => {
    assert.deepEqual(all('(\\w)\\1', 'hello bookkeeper').map((m) => m[0]), ['ll', 'oo', 'kk', 'ee']);
    assert.deepEqual(first('(\\2two|(one))+', 'oneonetwo'), ['oneonetwo', 'onetwo', 'one']);
    assert.equal(isMatch('^(?i)(a)\\1$', 'aA'), true);
    assert.equal(isMatch('^(a)\\1$', 'aA'), false);
    assert.equal(isMatch('^(?<n>ab)\\k<n>$', 'abab'), true);
  });

  it('fails a backreference to a group that has not captured (JavaScript would match empty)', () => {
    assert.equal(isMatch('(a)?b\\1', 'b'), false);
    assert.equal(isMatch('(a)?b\\1', 'aba'), true);
  });
});

describe('dotnet regex: balancing groups and conditionals', () => {
  const balanced = '^(?:(?<o>\\()|(?<-o>\\))|[^()])*(?(o)(?!))$';

  it('matches balanced parentheses with (?<name>) / (?<-name>) and a conditional', () => {
    for (const [s, ok] of [['(a(b)c)', true], ['(a(b)c', false], ['a)(b', false], ['()()', true], ['', true]] as const) {
      assert.equal(isMatch(balanced, s), ok, s);
    }
  });

  it('captures the text between the balanced pair in (?<close-open>)', () => {
    forBoth('(?<o>\\()x+(?<c-o>\\))', {}, (r) => {
      const m = r.match('(xx)')!;
      assert.equal(m.group('c')!.value, 'xx');
      assert.equal(m.group('c')!.index, 1);
      assert.equal(m.group('o')!.success, false);
    });
    assert.equal(isMatch('(?<o>a)?(?<-o>x)', 'x'), false);
    assert.equal(isMatch('(?<o>a)?(?<-o>x)', 'ax'), true);
    assert.match(syntaxError('(?<-o>x)').message, /undefined group name 'o'/);
  });

  it('balances right to left inside a lookbehind', () => {
    forBoth('(?<o>b)(?<=(?<c-o>a)b)', {}, (r) => {
      const m = r.match('ab')!;
      assert.deepEqual([m.group('c')!.success, m.group('c')!.index, m.group('c')!.length], [true, 1, 0]);
      assert.equal(m.group('o')!.success, false);
    });
    forBoth('(?<o>ab)(?<=(?<c-o>b))', {}, (r) => assert.equal(r.match('ab')!.group('c')!.value, 'b'));
  });

  it('branches on whether a group captured: (?(name)yes|no)', () => {
    assert.deepEqual(all('(x)?(?(1)a|b)', 'xa b'), [['xa', 'x'], ['b', null]]);
    assert.deepEqual(all('(?<q>")?(?(q)[^"]+"|\\w+)', '"abc" def'), [['"abc"', '"'], ['def', null]]);
    assert.deepEqual(all('(a)?(?(1)b)c', 'abc c'), [['abc', 'a'], ['c', null]]);
  });

  it('branches on a zero-width expression: (?(expr)yes|no)', () => {
    assert.deepEqual(all('(?(?=\\d)\\d{3}|[a-z]{2})', '123 ab').map((m) => m[0]), ['123', 'ab']);
    assert.deepEqual(all('(?(x)xy|z)', 'xy z').map((m) => m[0]), ['xy', 'z']);
    assert.deepEqual(all('(?(?!a)\\w|-)', 'ba').map((m) => m[0]), ['b']);
  });
});

describe('dotnet regex: options', () => {
  it('applies RegexOptions', () => {
    assert.equal(isMatch('abc', 'ABC', { ignoreCase: true }), true);
    assert.equal(isMatch('a.c', 'a\nc', { singleline: true }), true);
    assert.equal(isMatch('a.c', 'a\nc'), false);
    assert.equal(isMatch('a b # comment', 'ab', { ignorePatternWhitespace: true }), true);
  });

  it('scopes inline options to the rest of the enclosing group, across alternatives', () => {
    assert.equal(isMatch('^a(?i)b|c$', 'C'), true);
    assert.equal(isMatch('^(?:(?i)a)a$', 'Aa'), true);
    assert.equal(isMatch('^(?:(?i)a)a$', 'AA'), false);
    assert.equal(isMatch('^(?i:a)b$', 'Ab'), true);
    assert.equal(isMatch('^(?i:a)b$', 'AB'), false);
    assert.equal(isMatch('^(?i)a(?-i)b$', 'Ab'), true);
    assert.equal(isMatch('^(?i)a(?-i)b$', 'AB'), false);
    assert.equal(isMatch('^(?is:a.)$', 'A\n'), true);
    assert.equal(isMatch('(?m:^b)', 'a\nb'), true);
  });

  it('ignores pattern whitespace and # comments in x mode, but not inside classes', () => {
    assert.equal(isMatch('(?x) ^ a \\  b [ ] # comment\n c $', 'a b c'), true);
    assert.equal(isMatch('(?x) a + b', 'aaab'), true);
    assert.equal(isMatch('a(?#note)b', 'ab'), true);
  });
});

describe('dotnet regex: case-insensitive matching (invariant culture)', () => {
  it('uses .NET case equivalences (lowercase mappings)', () => {
    assert.equal(isMatch('^(?i)k$', '\u212a'), true); // KELVIN SIGN lowercases to k
    assert.equal(isMatch('^(?i)[a-z]$', '\u212a'), true);
    assert.equal(isMatch('^(?i)σ$', 'Σ'), true);
    assert.equal(isMatch('^(?i)σ$', 'ς'), false); // final sigma has no lowercase mapping
    assert.equal(isMatch('^(?i)s$', '\u017f'), false); // LONG S likewise
    assert.equal(isMatch('^(?i)straße$', 'STRASSE'), false);
  });

  it('pairs i/I only, not the Turkish dotted and dotless i', () => {
    assert.equal(isMatch('^(?i)i$', 'I'), true);
    assert.equal(isMatch('^(?i)i$', '\u0130'), false);
    assert.equal(isMatch('^(?i)\u0131$', 'I'), false);
  });

  it('widens \\p{Lu}, \\p{Ll} and \\p{Lt} to all cased letters, and folds negated classes before negating', () => {
    assert.equal(isMatch('^(?i)\\p{Lu}$', 'a'), true);
    assert.equal(isMatch('^(?i)\\p{Ll}$', 'A'), true);
    assert.equal(isMatch('^(?i)[^a]$', 'A'), false);
    assert.equal(isMatch('^(?i)\\w$', 'é'), true);
  });
});

describe('dotnet regex: replacement patterns', () => {
  const p = '(?<first>\\w+) (\\w+)';

  it('substitutes groups by number and name, $$ $& $` $\' $+ $_', () => {
    assert.equal(replace(p, 'john smith', '$1|${2}|${first}|$0|${0}'), 'smith|john|john|john smith|john smith');
    assert.equal(replace(p, '<john smith>', '[$$][$&][$`][$\'][$+][$_]'), '<[$][john smith][<][>][john][<john smith>]>');
  });

  it('keeps references to missing groups and malformed substitutions as literal text', () => {
    assert.equal(replace('(a)', 'a', '$2 $10 ${nope} ${1 $ $x ${'), '$2 $10 ${nope} ${1 $ $x ${');
    assert.equal(replace('(a)', 'a', '${1}0 $1a $'), 'a0 aa $');
    // .NET reads every digit: $11 names a missing group and stays literal (no fallback to $1 + "1")
    assert.equal(replace('(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)', 'abcdefghij', '$10-$11'), 'j-$11');
  });

  it('gives "" for groups that did not participate and the whole match for $+ without groups', () => {
    assert.equal(replace('(a)|(b)', 'b', '[$1][$2][$+]'), '[][b][b]');
    assert.equal(replace('(a)|(b)', 'a', '[$+]'), '[]');
    assert.equal(replace('ab', 'xaby', '[$+]'), 'x[ab]y');
  });

  it('returns the input unchanged when nothing matches', () => {
    forBoth('q', {}, (r) => {
      const input = 'abc';
      assert.equal(r.replace(input, 'x'), input);
      assert.equal(r.replaceWith(input, () => 'x'), input);
    });
  });

  it('exposes the parsed replacement, cached per regex', () => {
    const r = compileRegex('(?<n>a)(b)');
    assert.deepEqual(r.parseReplacement('x$1${n}$$$`'), ['x', 1, 2, '$', -1]);
    const parts = r.parseReplacement('$1');
    assert.equal(r.parseReplacement('$1'), parts);
    for (let i = 0; i < 40; i++) r.parseReplacement(`$${i}`);
    assert.notEqual(r.parseReplacement('$1'), parts);
    assert.deepEqual(r.parseReplacement('$1'), parts);
  });

  it('rejects a group number too large to exist, as .NET does', () => {
    const e = (() => {
      try {
        compileRegex('a').replace('a', 'x$99999999999');
      } catch (err) {
        return err;
      }
    })();
    assert.ok(e instanceof RegexSyntaxError);
    assert.deepEqual([e.offset, e.length], [2, 11]);
  });

  it('calls a match evaluator for every match', () => {
    forBoth('\\d+', {}, (r) => {
      assert.equal(r.replaceWith('a1b22c333', (m) => `<${m.value.length}@${m.index}>`), 'a<1@1>b<2@3>c<3@6>');
    });
  });
});

describe('dotnet regex: match API', () => {
  it('finds all matches, stepping one character after an empty match', () => {
    assert.deepEqual(all('x*', 'abc').map((m) => m[0]), ['', '', '', '']);
    assert.equal(replace('x*', 'abc', '-'), '-a-b-c-');
    assert.deepEqual(all('a|', 'aab').map((m) => m[0]), ['a', 'a', '', '']);
    forBoth('\\b', {}, (r) => assert.deepEqual(r.matches('ab cd').map((m) => m.index), [0, 2, 3, 5]));
  });

  it('reports index, length and value', () => {
    forBoth('b+', {}, (r) => {
      const m = r.match('abbc')!;
      assert.deepEqual([m.index, m.length, m.value], [1, 2, 'bb']);
      assert.equal(m.groups[0].value, 'bb');
      assert.equal(r.match('xyz'), null);
      assert.equal(r.match('abbcb', 3)!.index, 4);
    });
  });

  it('rejects bad arguments with clear errors', () => {
    forBoth('a', {}, (r) => {
      assert.throws(() => r.match('abc', 4), RangeError);
      assert.throws(() => r.match('abc', -1), RangeError);
      assert.throws(() => r.match('abc', 1.5), RangeError);
      assert.throws(() => r.isMatch(null as unknown as string), /must be a string/);
      assert.throws(() => r.replace('a', 5 as unknown as string), TypeError);
    });
    assert.throws(() => compileRegex(42 as unknown as string), TypeError);
    assert.throws(() => compileRegex('a', null as unknown as RegexOptions), TypeError);
    assert.throws(() => compileRegex('a', { engine: 'fast' as 'auto' }), RangeError);
    assert.throws(() => compileRegex('a', { budget: 0 }), RangeError);
    assert.throws(() => compileRegex('a', { budget: 1.5 }), RangeError);
  });
});

describe('dotnet regex: syntax errors carry position and length', () => {
  const cases: [string, string | RegExp, number, number][] = [
    ['a\\q', 'Unknown escape \\q', 1, 2],
    ['(abc', /^Unterminated group/, 0, 1],
    ['a(b(c)', /^Unterminated group/, 1, 1],
    ['ab)', /^Too many '\)'/, 2, 1],
    ['(?<n>a)\\k<x>', "Reference to undefined group name 'x'", 7, 5],
    ['x{3,1}', 'Quantifier {3,1} has min > max', 1, 5],
    ['[abc', /^Unterminated character class/, 0, 1],
    ['a[z-a]', 'Range z-a is in reverse order', 2, 3],
    ['*a', "Quantifier '*' follows nothing", 0, 1],
    ['a|+', "Quantifier '+' follows nothing", 2, 1],
    ['(?i)?', "Quantifier '?' follows nothing", 4, 1],
    ['a**', /^Nested quantifier '\*'/, 2, 1],
    ['x{2}{3}', /^Nested quantifier '\{3\}'/, 4, 3],
    ['\\p{IsKlingon}', /^Unknown Unicode property 'IsKlingon'/, 0, 13],
    ['a\\p{lu}', /^Unknown Unicode property 'lu'/, 1, 6],
    ['\\p{L', /^Incomplete \\p\{X\}/, 0, 4],
    ['\\1', 'Reference to undefined group number 1', 0, 2],
    ['(a)\\2', 'Reference to undefined group number 2', 3, 2],
    ['(?<a-b>x)', "Reference to undefined group name 'b'", 5, 1],
    ['(?(2)a|b)', /^Reference to undefined group number 2/, 3, 1],
    ['(x)(?(1)a|b|c)', /at most two alternatives/, 11, 1],
    ['\\x4', /^Escape \\x4 needs exactly 2 hexadecimal digits/, 0, 3],
    ['\\u12G4', /^Escape \\u12G4 needs exactly 4/, 0, 6],
    ['a\\c', /^Missing control character/, 1, 2],
    ['\\c1', /^Unrecognized control character/, 0, 3],
    ['(?#abc', /^Unterminated \(\?#/, 0, 6],
    ['ab\\', 'Illegal \\ at end of pattern', 2, 1],
    ['(?<1a>x)', /^Invalid group name/, 3, 2],
    ['(?<>x)', /^Invalid group name/, 3, 1],
    ['(?z)', /^Unrecognized grouping construct/, 0, 3],
    ['(?<a', /^Unterminated group name/, 0, 4],
    ['[a-\\d]', /^Cannot include class \\d in a character range/, 1, 4],
    ['[a-z-[b]c]', /^A subtraction must be the last element/, 5, 3],
    ['(?<0>x)', /^Capture group number 0/, 3, 1],
    ['a{99999999999}', /^Number too large/, 2, 11],
    ['(?(?#x)a)', /cannot use a comment/, 2, 3],
    ['a\\k', /^Malformed \\k<\.\.\.> named back reference/, 1, 2],
    ['\\kx', /^Malformed \\k<\.\.\.> named back reference/, 0, 3],
    ['\\pLxx', /^Malformed \\p\{X\}/, 0, 3],
    ['\\p{L!}', /^Incomplete \\p\{X\} character escape: missing \}/, 0, 5],
    ['(?<x-2>a)', 'Reference to undefined group number 2', 5, 1],
    ['(?<01>x)', "Unrecognized grouping construct '(?<01>'", 0, 6],
    ['(?(1x)a)(b)', /^Malformed conditional \(\?\(1\)/, 0, 5],
    ["(?'a'x)(?'b-a!)", /^Invalid group name/, 10, 4],
    ['(?(?<n>a)b)', /cannot capture or be named/, 2, 3],
  ];
  for (const [pattern, message, offset, length] of cases) {
    it(`${JSON.stringify(pattern)}: ${String(message)}`, () => {
      const e = syntaxError(pattern);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      assert.deepEqual([e.offset, e.length], [offset, length]);
      assert.equal(e.pattern, pattern);
    });
  }

  it('rejects groups nested absurdly deep instead of overflowing the stack', () => {
    const e = syntaxError('('.repeat(5000) + 'a' + ')'.repeat(5000));
    assert.match(e.message, /nested more than/);
  });
});

describe('dotnet regex: bounded evaluation', function () {
  this.timeout(60_000); // spends whole step budgets; not a timing assertion

  it('abandons catastrophic patterns with RegexBudgetError under the default budget', () => {
    const cases: [string, string][] = [
      ['(a+)+$', 'a'.repeat(40) + '!'],
      ['(x+x+)+y', 'x'.repeat(40)],
      ['(.*a){20}', 'a'.repeat(19) + 'b'.repeat(30)],
      ['^(\\w+\\s?)*$', 'An input string that does not end with a word char!'],
      ['(a|aa)+$', 'a'.repeat(60) + 'b'],
    ];
    for (const [pattern, input] of cases) {
      const r = compileRegex(pattern);
      assert.equal(r.engine, 'backtracking', pattern);
      assert.throws(
        () => r.isMatch(input),
        (e: unknown) =>
          e instanceof RegexBudgetError && e.pattern === pattern && e.budget === 1_000_000 && e.message.includes(pattern),
      );
    }
  });

  it('applies the budget to every call: match, matches and replace', () => {
    const r = compileRegex('(a+)+$');
    const bad = 'a'.repeat(30) + '!';
    assert.throws(() => r.match(bad), RegexBudgetError);
    assert.throws(() => r.matches(bad), RegexBudgetError);
    assert.throws(() => r.replace(bad, 'x'), RegexBudgetError);
    assert.throws(() => r.replaceWith(bad, () => 'x'), RegexBudgetError);
    // the same regex keeps working afterwards
    assert.equal(r.isMatch('aaa'), true);
    assert.equal(r.replace('aa', '<$1>'), '<aa>');
  });

  it('honours a custom budget, counted per call', () => {
    const input = 'a'.repeat(200);
    const tight = compileRegex('a*b', { budget: 50, engine: 'backtracking' });
    assert.throws(() => tight.isMatch(input), RegexBudgetError);
    const roomy = compileRegex('a*b', { budget: 1_000_000, engine: 'backtracking' });
    assert.equal(roomy.isMatch(input), false);
    const enough = compileRegex('(?:ab)+c', { budget: 200, engine: 'backtracking' });
    for (let i = 0; i < 5; i++) assert.equal(enough.isMatch('ababab c ababc'), true); // fresh budget each call
  });

  it('keeps linear patterns on long inputs well within the budget', () => {
    const long = 'word '.repeat(20_000);
    assert.equal(compileRegex('\\w+\\s').matches(long).length, 20_000);
    assert.equal(compileRegex('(\\w+)\\s', { engine: 'backtracking' }).replace(long.slice(0, 5000), '$1,').length, 5000);
  });

  it('hands long inputs to the bounded engine even for native patterns', () => {
    const r = compileRegex('(\\w+)@(\\w+)');
    assert.equal(r.engine, 'native');
    const long = 'x '.repeat(NATIVE_MAX_INPUT) + 'jane@contoso';
    assert.deepEqual(
      r.match(long)!.groups.map((g) => [g.index, g.value]),
      [[2 * NATIVE_MAX_INPUT, 'jane@contoso'], [2 * NATIVE_MAX_INPUT, 'jane'], [2 * NATIVE_MAX_INPUT + 5, 'contoso']],
    );
    assert.equal(r.replace(long, '$2'), 'x '.repeat(NATIVE_MAX_INPUT) + 'contoso');
    // an unanchored search retried at every position is quadratic: bounded, not hung
    assert.equal(compileRegex('\\d+x').isMatch('1'.repeat(5_000)), false);
    assert.throws(() => compileRegex('\\d+x').isMatch('1'.repeat(NATIVE_MAX_INPUT * 3)), RegexBudgetError);
  });

  it('sends patterns that may backtrack catastrophically to the bounded engine', () => {
    for (const p of ['(a+)+', '(a|ab)+', '\\d+\\d+', '(\\w+\\s?)+', '(.*a){3}', 'a?a?aa', '(a)\\1', '(?=a)a', '(?>a)', '\\Ga']) {
      assert.equal(compileRegex(p).engine, 'backtracking', p);
    }
    for (const p of ['\\d+', '[a-z]+@[a-z]+\\.com', '(a|b)+', '^[\\w.+-]+@(?<domain>[\\w-]+\\.)+[a-z]{2,}$', 'x*y*z']) {
      assert.equal(compileRegex(p).engine, 'native', p);
    }
  });
});

describe('dotnet regex: cache', () => {
  beforeEach(() => clearRegexCache());

  it('returns the same compiled regex for the same pattern and options', () => {
    const a = compileRegex('a+b');
    assert.equal(compileRegex('a+b'), a);
    assert.notEqual(compileRegex('a+b', { ignoreCase: true }), a);
    assert.notEqual(compileRegex('a+b', { budget: 10 }), a);
    assert.notEqual(compileRegex('a+b', { engine: 'backtracking' }), a);
    assert.equal(regexCacheSize(), 4);
  });

  it('is bounded and evicts the least recently used pattern', () => {
    const kept = compileRegex('kept');
    const dropped = compileRegex('dropped');
    for (let i = 0; i < REGEX_CACHE_LIMIT + 50; i++) {
      compileRegex(`p${i}`);
      if (i % 10 === 0) compileRegex('kept');
    }
    assert.ok(regexCacheSize() <= REGEX_CACHE_LIMIT);
    assert.equal(compileRegex('kept'), kept);
    assert.notEqual(compileRegex('dropped'), dropped);
  });

  it('does not cache syntax errors as regexes', () => {
    assert.throws(() => compileRegex('('), RegexSyntaxError);
    assert.throws(() => compileRegex('('), RegexSyntaxError);
    assert.equal(regexCacheSize(), 0);
  });
});

describe('dotnet regex: validateRegex', () => {
  it('returns nothing for a clean pattern', () => {
    assert.deepEqual(validateRegex('\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})'), []);
  });

  it('reports the syntax error with its position', () => {
    assert.deepEqual(validateRegex('ab[c'), [
      { severity: 'error', message: "Unterminated character class: missing ']'", offset: 2, length: 1, start: 2, end: 3 },
    ]);
  });

  it('warns about nested quantifiers once, on the outer construct', () => {
    const d = validateRegex('x(a+)+$');
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 'warning');
    assert.deepEqual([d[0].offset, d[0].length], [1, 5]);
    assert.match(d[0].message, /catastrophic/);
    assert.equal(validateRegex('(a|ab)*c').length, 1);
    assert.deepEqual(validateRegex('(?>a+)+b'), []);
    assert.deepEqual(validateRegex('(ab)+c'), []);
  });

  it('warns about culture-dependent case-insensitive i and about [:alpha:]', () => {
    const d = validateRegex('(?i)identity');
    assert.equal(d.length, 1); // once per pattern
    assert.match(d[0].message, /culture/);
    assert.deepEqual([d[0].offset, d[0].length], [4, 1]);
    assert.deepEqual(validateRegex('id'), []);
    assert.match(validateRegex('[[:alpha:]]')[0].message, /not a POSIX character class/);
    assert.equal(validateRegex('(?i)\\p{IsBasicLatin}').length, 1);
    assert.equal(validateRegex('(?i)[h-j]').length, 1);
  });

  it('warns about the uncaptured group after a lookaround condition', () => {
    const d = validateRegex('(?(?=a)(b)|(c))');
    assert.equal(d.length, 1);
    assert.equal(d[0].offset, 7);
    assert.match(d[0].message, /does not capture/);
  });

  it('never throws', () => {
    assert.equal(validateRegex(undefined as unknown as string)[0].severity, 'error');
    assert.equal(validateRegex('('.repeat(10_000))[0].severity, 'error');
    assert.equal(validateRegex('\\').length, 1);
    assert.deepEqual(validateRegex('a', null as unknown as RegexOptions), []);
  });
});
