import assert from 'node:assert/strict';
import {
  encodeSemanticTokens,
  semanticTokens,
  SEMANTIC_TOKENS_LEGEND,
  toDocumentTokens,
} from '../../server/src/features/expression';
import { parseExpression } from '../../server/src/language/expression/parser';

/** One line per token: `type[+modifiers] |text|`. */
function tokens(text: string): string[] {
  return semanticTokens(parseExpression(text)).map(
    (t) => `${t.type}${t.modifiers.length ? `+${t.modifiers.join('+')}` : ''} |${text.slice(t.start, t.end)}|`,
  );
}

describe('expression services: semantic tokens', () => {
  it('classifies every kind of token', () => {
    assert.deepEqual(tokens('IIF(InStr([mail], "@", 1, vbTextCompare) > &H0, BitAnd(12, -3), Foo([a]))'), [
      'function+defaultLibrary |IIF|',
      'function+defaultLibrary |InStr|',
      'property |[mail]|',
      'string |"@"|',
      'number |1|',
      'enumMember |vbTextCompare|',
      'operator |>|',
      'number |&H0|',
      'function+defaultLibrary |BitAnd|',
      'number |12|',
      'number |-3|',
      'function |Foo|',
      'property |[a]|',
    ]);
  });

  it('marks catalogue functions in any casing as the default library, not-built-ins as plain functions', () => {
    assert.deepEqual(tokens('tolower(Len([a]))'), ['function+defaultLibrary |tolower|', 'function |Len|', 'property |[a]|']);
  });

  it('marks Replace\'s regular expression as regexp', () => {
    assert.deepEqual(tokens('Replace([m], "a", "[0-9]+", , "", , )'), [
      'function+defaultLibrary |Replace|',
      'property |[m]|',
      'string |"a"|',
      'regexp |"[0-9]+"|',
      'string |""|',
    ]);
  });

  it('marks bare words, AND/OR and unreadable characters as invalid', () => {
    assert.deepEqual(tokens('IIF(True AND [a] = \u201cx\u201d, 1, 2)'), [
      'function+defaultLibrary |IIF|',
      'invalid |True|',
      'invalid |AND|',
      'property |[a]|',
      'operator |=|',
      'invalid |\u201c|',
      'invalid |x|',
      'invalid |\u201d|',
      'number |1|',
      'number |2|',
    ]);
  });

  it('covers unterminated strings and attribute references', () => {
    assert.deepEqual(tokens('Join(".", [giv'), ['function+defaultLibrary |Join|', 'string |"."|', 'property |[giv|']);
    assert.deepEqual(tokens('Join("abc'), ['function+defaultLibrary |Join|', 'string |"abc|']);
    assert.deepEqual(tokens(''), []);
  });

  it('splits a string that spans lines into one token per line', () => {
    const text = 'Join("a\r\nb\nc", [x])';
    assert.deepEqual(tokens(text), ['function+defaultLibrary |Join|', 'string |"a|', 'string |b|', 'string |c"|', 'property |[x]|']);
    const whole = semanticTokens(parseExpression(text), { splitLines: false });
    assert.deepEqual(whole.map((t) => text.slice(t.start, t.end)), ['Join', '"a\r\nb\nc"', '[x]']);
  });

  it('declares a legend that names every type and modifier it uses', () => {
    assert.deepEqual(SEMANTIC_TOKENS_LEGEND, {
      tokenTypes: ['function', 'property', 'string', 'regexp', 'number', 'enumMember', 'operator', 'invalid'],
      tokenModifiers: ['defaultLibrary'],
    });
  });

  it('encodes document tokens in the LSP relative format', () => {
    // Two expressions on lines 2 and 4 of a document, the first at column 12.
    const a = 'Join(".", [mail])';
    const b = 'tolower("x")';
    const docTokens = [
      ...toDocumentTokens(semanticTokens(parseExpression(b)), (o) => ({ line: 4, character: o })),
      ...toDocumentTokens(semanticTokens(parseExpression(a)), (o) => ({ line: 2, character: 12 + o })),
    ];
    assert.deepEqual(encodeSemanticTokens(docTokens), [
      // Join (function, defaultLibrary)
      2, 12, 4, 0, 1,
      // "."
      0, 5, 3, 2, 0,
      // [mail]
      0, 5, 6, 1, 0,
      // tolower
      2, 0, 7, 0, 1,
      // "x"
      0, 8, 3, 2, 0,
    ]);
  });

  it('encodes with a wider legend and leaves out types it lacks', () => {
    const legend = { tokenTypes: ['keyword', ...SEMANTIC_TOKENS_LEGEND.tokenTypes], tokenModifiers: ['declaration', 'defaultLibrary'] };
    const data = encodeSemanticTokens(
      [
        { line: 0, character: 0, length: 7, type: 'keyword', modifiers: ['declaration'] },
        { line: 0, character: 10, length: 4, type: 'function', modifiers: ['defaultLibrary'] },
        { line: 0, character: 20, length: 3, type: 'macro', modifiers: [] },
      ],
      legend,
    );
    assert.deepEqual(data, [0, 0, 7, 0, 1, 0, 10, 4, 1, 2]);
  });

  it('drops pieces a mapping cannot place on one line', () => {
    const out = toDocumentTokens([{ start: 0, end: 4, type: 'string', modifiers: [] }], (o) => ({ line: o < 2 ? 0 : 1, character: o }));
    assert.deepEqual(out, []);
  });
});
