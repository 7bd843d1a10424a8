// NormalizeDiacritics' documented table, .NET casing, PCase word rules, vbTextCompare folding.
import assert from 'node:assert/strict';
import {
  foldForTextCompare, pcaseCustom, pcaseDefault, resolveCulture, toLowerCase, toUpperCase,
} from '../../server/src/evaluate/functions/casing';
import { normalizeDiacritics } from '../../server/src/evaluate/functions/diacritics';

/** The documented table (spec 4.27), as written there: replacement -> inputs. */
const TABLE: [string, string][] = [
  ['a', 'ä à â ã å á ą ă ā ā́ ā̀ ā̂ ā̃ ǟ ā̈ ǡ a̱ å̄'],
  ['A', 'Ä À Â Ã Å Á Ą Ă Ā Ā́ Ā̀ Ā̂ Ā̃ Ǟ Ā̈ Ǡ A̱ Å̄'],
  ['ae', 'æ ǣ'],
  ['AE', 'Æ Ǣ'],
  ['c', 'ç č ć c̄ c̱'],
  ['C', 'Ç Č Ć C̄ C̱'],
  ['d', 'ď d̄ ḏ'],
  ['D', 'Ď D̄ Ḏ'],
  ['e', 'ë è é ê ę ě ė ē ḗ ḕ ē̂ ē̃ ê̄ e̱ ë̄ e̊̄'],
  ['E', 'Ë È É Ê Ę Ě Ė Ē Ḗ Ḕ Ē̂ Ē̃ Ê̄ E̱ Ë̄ E̊̄'],
  ['g', 'ğ ḡ g̱'],
  ['G', 'Ğ Ḡ G̱'],
  ['i', 'ï î ì í ı ī ī́ ī̀ ī̂ ī̃ i̱'],
  ['I', 'Ï Î Ì Í İ Ī Ī́ Ī̀ Ī̂ Ī̃ I̱'],
  ['l', 'ľ ł l̄ ḹ ḻ'],
  ['L', 'Ł Ľ L̄ Ḹ Ḻ'],
  ['n', 'ñ ń ň n̄ ṉ'],
  ['N', 'Ñ Ń Ň N̄ Ṉ'],
  ['o', 'ö ò ő õ ô ó ō ṓ ṑ ō̂ ō̃ ȫ ō̈ ǭ ȭ ȱ o̱'],
  ['O', 'Ö Ò Ő Õ Ô Ó Ō Ṓ Ṑ Ō̂ Ō̃ Ȫ Ō̈ Ǭ Ȭ Ȱ O̱'],
  ['oe', 'ø ø̄ œ̄'],
  ['OE', 'Ø Ø̄ Œ̄'],
  ['r', 'ř r̄ ṟ ṝ'],
  ['R', 'Ř R̄ Ṟ Ṝ'],
  ['ss', 'ß'],
  ['s', 'š ś ș ş s̄ s̱'],
  ['S', 'Š Ś Ș Ş S̄ S̱'],
  ['t', 'ť ț t̄ ṯ'],
  ['T', 'Ť Ț T̄ Ṯ'],
  ['u', 'ü ù û ú ů ű ū ū́ ū̀ ū̂ ū̃ u̇̄ ǖ ṻ ṳ̄ u̱'],
  ['U', 'Ü Ù Û Ú Ů Ű Ū Ū́ Ū̀ Ū̂ Ū̃ U̇̄ Ǖ Ṻ Ṳ̄ U̱'],
  ['y', 'ÿ ý ȳ ȳ́ ȳ̀ ȳ̃ y̱'],
  ['Y', 'Ÿ Ý Ȳ Ȳ́ Ȳ̀ Ȳ̃ Y̱'],
  ['z', 'ź ž ż z̄ ẕ'],
  ['Z', 'Ź Ž Ż Z̄ Ẕ'],
];

describe('evaluate: NormalizeDiacritics', () => {
  it('replaces every entry of the documented table, composed or decomposed', () => {
    let n = 0;
    for (const [plain, inputs] of TABLE) {
      for (const input of inputs.split(' ')) {
        assert.equal(normalizeDiacritics(input), plain, `${input} (${[...input].map((c) => c.codePointAt(0)!.toString(16)).join(' ')})`);
        assert.equal(normalizeDiacritics(input.normalize('NFD')), plain, `${input} decomposed`);
        assert.equal(normalizeDiacritics(`<${input}>`), `<${plain}>`);
        n++;
      }
    }
    assert.equal(n, 261);
  });
  it('leaves characters outside the table alone', () => {
    for (const c of ['œ', 'Œ', 'ð', 'Ð', 'þ', 'Þ', 'đ', 'Đ', 'ẞ', 'ẽ', 'ȩ', 'ħ', 'ŋ', 'ж', '中', '😀']) {
      assert.equal(normalizeDiacritics(c), c, c);
    }
    // a letter with a mark combination that is not in the table is kept as written (not re-composed)
    assert.equal(normalizeDiacritics('a\u0308\u0301'), 'a\u0308\u0301');
    assert.equal(normalizeDiacritics('plain ASCII'), 'plain ASCII');
  });
  it('normalises whole names', () => {
    assert.equal(normalizeDiacritics('Zoë'), 'Zoe');
    assert.equal(normalizeDiacritics('Łukasz Żółć'), 'Lukasz Zolc');
    assert.equal(normalizeDiacritics('Ærøskøbing Straße'), 'AEroeskoebing Strasse');
    assert.equal(normalizeDiacritics('Şahin İnönü'), 'Sahin Inonu');
    assert.equal(normalizeDiacritics('Nguyễn'), 'Nguyễn', 'ễ (e + circumflex + tilde) is not in the table');
  });
});

describe('evaluate: .NET casing', () => {
  it('resolves cultures like .NET', () => {
    assert.equal(resolveCulture(''), 'invariant');
    assert.equal(resolveCulture('en-US'), 'culture');
    assert.equal(resolveCulture('ja-JP'), 'culture');
    assert.equal(resolveCulture('tr-TR'), 'turkic');
    assert.equal(resolveCulture('az-Latn-AZ'), 'turkic');
    assert.equal(resolveCulture('tur'), 'turkic');
    assert.equal(resolveCulture('xx-YY'), null);
    assert.equal(resolveCulture('en_US'), null);
    assert.equal(resolveCulture(' en-US'), null);
    assert.equal(resolveCulture('not a culture'), null);
  });
  it('maps one code point to one code point', () => {
    assert.equal(toUpperCase('straße ŉ ǰ ﬁ'), 'STRAßE ŉ ǰ ﬁ');
    assert.equal(toUpperCase('ᾳ ᾀ'), 'ᾼ ᾈ');
    assert.equal(toLowerCase('ΣΟΦΟΣ'), 'σοφοσ');
    assert.equal(toUpperCase('𐐨'), '𐐀', 'supplementary letters');
    assert.equal(toLowerCase('A\ud800B'), 'a\ud800b', 'lone surrogates are kept');
  });
  it('keeps the dotted and dotless i rules of each flavour', () => {
    assert.equal(toUpperCase('iı', 'invariant'), 'Iı');
    assert.equal(toUpperCase('iı', 'culture'), 'II');
    assert.equal(toUpperCase('iı', 'turkic'), 'İI');
    assert.equal(toLowerCase('Iİ', 'invariant'), 'iİ');
    assert.equal(toLowerCase('Iİ', 'culture'), 'ii');
    assert.equal(toLowerCase('Iİ', 'turkic'), 'ıi');
    assert.equal(toLowerCase('DİYARBAKIR', 'turkic'), 'diyarbakır');
  });
});

describe('evaluate: PCase word rules', () => {
  it('follows TextInfo.ToTitleCase after lower-casing', () => {
    assert.equal(pcaseDefault('PABLO GONSALVES (SECOND)'), 'Pablo Gonsalves (Second)');
    assert.equal(pcaseDefault("o'NEIL mcDONALD"), "O'neil Mcdonald");
    assert.equal(pcaseDefault('jean-luc picard'), 'Jean-Luc Picard');
    assert.equal(pcaseDefault('3rd street'), '3Rd Street');
    assert.equal(pcaseDefault('a1b c_d e.f'), 'A1b C_D E.F');
    assert.equal(pcaseDefault('ǆemal ǉubljana'), 'ǅemal ǈubljana');
    assert.equal(pcaseDefault('ÉLODIE ÇA'), 'Élodie Ça');
    assert.equal(pcaseDefault('tab\there\nnew'), 'Tab\tHere\nNew');
    assert.equal(pcaseDefault(''), '');
  });
  it('uses only the given separators when there are some', () => {
    assert.equal(pcaseCustom("PINTO-DE'SILVA", " '-"), "Pinto-De'Silva");
    assert.equal(pcaseCustom('JEAN-LUC (ii)', ' '), 'Jean-luc (ii)');
    assert.equal(pcaseCustom('a.b.c', '.'), 'A.B.C');
  });
});

describe('evaluate: vbTextCompare folding', () => {
  it('folds case, width and kana type without changing length', () => {
    assert.equal(foldForTextCompare('abc'), 'ABC');
    assert.equal(foldForTextCompare('ａｂｃ'), 'ABC');
    assert.equal(foldForTextCompare('ひらがな'), 'ヒラガナ');
    const s = 'Straße 😀';
    assert.equal(foldForTextCompare(s).length, s.length);
  });
});
