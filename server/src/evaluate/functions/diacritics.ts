// NormalizeDiacritics (spec 4.27): replaces the characters of Entra's documented table by their
// plain equivalents. The table is applied exactly: characters not in it (plain œ, ð, þ, đ, ẞ,
// letters with other marks such as ẽ or ȩ) are left as they are [inferred: absent from the doc].
//
// Several entries are a base letter followed by combining marks (ā́ = a U+0304 U+0301). Input is
// therefore read as clusters (a character plus the combining marks after it) and each cluster is
// looked up in canonical composed form (NFC), so precomposed and decomposed spellings of the same
// letter both match. A cluster not in the table is copied unchanged (not re-normalised).

/** [replacement, inputs] rows, transcribed from the documented table (escapes keep marks visible). */
const ROWS: ReadonlyArray<readonly [string, readonly string[]]> = [
  // a / A: ä à â ã å á ą ă ā ā́ ā̀ ā̂ ā̃ ǟ ā̈ ǡ a̱ å̄ | Ä À Â Ã Å Á Ą Ă Ā Ā́ Ā̀ Ā̂ Ā̃ Ǟ Ā̈ Ǡ A̱ Å̄
  ['a', ['\u00E4', '\u00E0', '\u00E2', '\u00E3', '\u00E5', '\u00E1', '\u0105', '\u0103', '\u0101', '\u0101\u0301', '\u0101\u0300', '\u0101\u0302', '\u0101\u0303', '\u01DF', '\u0101\u0308', '\u01E1', 'a\u0331', '\u00E5\u0304']],
  ['A', ['\u00C4', '\u00C0', '\u00C2', '\u00C3', '\u00C5', '\u00C1', '\u0104', '\u0102', '\u0100', '\u0100\u0301', '\u0100\u0300', '\u0100\u0302', '\u0100\u0303', '\u01DE', '\u0100\u0308', '\u01E0', 'A\u0331', '\u00C5\u0304']],
  // ae / AE: æ ǣ | Æ Ǣ
  ['ae', ['\u00E6', '\u01E3']],
  ['AE', ['\u00C6', '\u01E2']],
  // c / C: ç č ć c̄ c̱ | Ç Č Ć C̄ C̱
  ['c', ['\u00E7', '\u010D', '\u0107', 'c\u0304', 'c\u0331']],
  ['C', ['\u00C7', '\u010C', '\u0106', 'C\u0304', 'C\u0331']],
  // d / D: ď d̄ ḏ | Ď D̄ Ḏ
  ['d', ['\u010F', 'd\u0304', '\u1E0F']],
  ['D', ['\u010E', 'D\u0304', '\u1E0E']],
  // e / E: ë è é ê ę ě ė ē ḗ ḕ ē̂ ē̃ ê̄ e̱ ë̄ e̊̄ | Ë È É Ê Ę Ě Ė Ē Ḗ Ḕ Ē̂ Ē̃ Ê̄ E̱ Ë̄ E̊̄
  ['e', ['\u00EB', '\u00E8', '\u00E9', '\u00EA', '\u0119', '\u011B', '\u0117', '\u0113', '\u1E17', '\u1E15', '\u0113\u0302', '\u0113\u0303', '\u00EA\u0304', 'e\u0331', '\u00EB\u0304', 'e\u030A\u0304']],
  ['E', ['\u00CB', '\u00C8', '\u00C9', '\u00CA', '\u0118', '\u011A', '\u0116', '\u0112', '\u1E16', '\u1E14', '\u0112\u0302', '\u0112\u0303', '\u00CA\u0304', 'E\u0331', '\u00CB\u0304', 'E\u030A\u0304']],
  // g / G: ğ ḡ g̱ | Ğ Ḡ G̱
  ['g', ['\u011F', '\u1E21', 'g\u0331']],
  ['G', ['\u011E', '\u1E20', 'G\u0331']],
  // i / I: ï î ì í ı ī ī́ ī̀ ī̂ ī̃ i̱ | Ï Î Ì Í İ Ī Ī́ Ī̀ Ī̂ Ī̃ I̱
  ['i', ['\u00EF', '\u00EE', '\u00EC', '\u00ED', '\u0131', '\u012B', '\u012B\u0301', '\u012B\u0300', '\u012B\u0302', '\u012B\u0303', 'i\u0331']],
  ['I', ['\u00CF', '\u00CE', '\u00CC', '\u00CD', '\u0130', '\u012A', '\u012A\u0301', '\u012A\u0300', '\u012A\u0302', '\u012A\u0303', 'I\u0331']],
  // l / L: ľ ł l̄ ḹ ḻ | Ł Ľ L̄ Ḹ Ḻ
  ['l', ['\u013E', '\u0142', 'l\u0304', '\u1E39', '\u1E3B']],
  ['L', ['\u0141', '\u013D', 'L\u0304', '\u1E38', '\u1E3A']],
  // n / N: ñ ń ň n̄ ṉ | Ñ Ń Ň N̄ Ṉ
  ['n', ['\u00F1', '\u0144', '\u0148', 'n\u0304', '\u1E49']],
  ['N', ['\u00D1', '\u0143', '\u0147', 'N\u0304', '\u1E48']],
  // o / O: ö ò ő õ ô ó ō ṓ ṑ ō̂ ō̃ ȫ ō̈ ǭ ȭ ȱ o̱ | Ö Ò Ő Õ Ô Ó Ō Ṓ Ṑ Ō̂ Ō̃ Ȫ Ō̈ Ǭ Ȭ Ȱ O̱
  ['o', ['\u00F6', '\u00F2', '\u0151', '\u00F5', '\u00F4', '\u00F3', '\u014D', '\u1E53', '\u1E51', '\u014D\u0302', '\u014D\u0303', '\u022B', '\u014D\u0308', '\u01ED', '\u022D', '\u0231', 'o\u0331']],
  ['O', ['\u00D6', '\u00D2', '\u0150', '\u00D5', '\u00D4', '\u00D3', '\u014C', '\u1E52', '\u1E50', '\u014C\u0302', '\u014C\u0303', '\u022A', '\u014C\u0308', '\u01EC', '\u022C', '\u0230', 'O\u0331']],
  // oe / OE: ø ø̄ œ̄ | Ø Ø̄ Œ̄
  ['oe', ['\u00F8', '\u00F8\u0304', '\u0153\u0304']],
  ['OE', ['\u00D8', '\u00D8\u0304', '\u0152\u0304']],
  // r / R: ř r̄ ṟ ṝ | Ř R̄ Ṟ Ṝ
  ['r', ['\u0159', 'r\u0304', '\u1E5F', '\u1E5D']],
  ['R', ['\u0158', 'R\u0304', '\u1E5E', '\u1E5C']],
  // ss: ß
  ['ss', ['\u00DF']],
  // s / S: š ś ș ş s̄ s̱ | Š Ś Ș Ş S̄ S̱
  ['s', ['\u0161', '\u015B', '\u0219', '\u015F', 's\u0304', 's\u0331']],
  ['S', ['\u0160', '\u015A', '\u0218', '\u015E', 'S\u0304', 'S\u0331']],
  // t / T: ť ț t̄ ṯ | Ť Ț T̄ Ṯ
  ['t', ['\u0165', '\u021B', 't\u0304', '\u1E6F']],
  ['T', ['\u0164', '\u021A', 'T\u0304', '\u1E6E']],
  // u / U: ü ù û ú ů ű ū ū́ ū̀ ū̂ ū̃ u̇̄ ǖ ṻ ṳ̄ u̱ | Ü Ù Û Ú Ů Ű Ū Ū́ Ū̀ Ū̂ Ū̃ U̇̄ Ǖ Ṻ Ṳ̄ U̱
  ['u', ['\u00FC', '\u00F9', '\u00FB', '\u00FA', '\u016F', '\u0171', '\u016B', '\u016B\u0301', '\u016B\u0300', '\u016B\u0302', '\u016B\u0303', 'u\u0307\u0304', '\u01D6', '\u1E7B', '\u1E73\u0304', 'u\u0331']],
  ['U', ['\u00DC', '\u00D9', '\u00DB', '\u00DA', '\u016E', '\u0170', '\u016A', '\u016A\u0301', '\u016A\u0300', '\u016A\u0302', '\u016A\u0303', 'U\u0307\u0304', '\u01D5', '\u1E7A', '\u1E72\u0304', 'U\u0331']],
  // y / Y: ÿ ý ȳ ȳ́ ȳ̀ ȳ̃ y̱ | Ÿ Ý Ȳ Ȳ́ Ȳ̀ Ȳ̃ Y̱
  ['y', ['\u00FF', '\u00FD', '\u0233', '\u0233\u0301', '\u0233\u0300', '\u0233\u0303', 'y\u0331']],
  ['Y', ['\u0178', '\u00DD', '\u0232', '\u0232\u0301', '\u0232\u0300', '\u0232\u0303', 'Y\u0331']],
  // z / Z: ź ž ż z̄ ẕ | Ź Ž Ż Z̄ Ẕ
  ['z', ['\u017A', '\u017E', '\u017C', 'z\u0304', '\u1E95']],
  ['Z', ['\u0179', '\u017D', '\u017B', 'Z\u0304', '\u1E94']],
];

const TABLE: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [plain, inputs] of ROWS) {
    for (const input of inputs) map.set(input.normalize('NFC'), plain);
  }
  return map;
})();

/** The number of table entries (for tests). */
export const DIACRITICS_TABLE_SIZE = TABLE.size;

/** The replacement of one cluster (any spelling), or undefined when it is not in the table. */
export function diacriticReplacement(cluster: string): string | undefined {
  return TABLE.get(cluster.normalize('NFC'));
}

const COMBINING = /\p{M}/u;
const ALL_ASCII = /^[\x00-\x7f]*$/;

function isCombining(cp: number): boolean {
  // Fast ranges for the common combining blocks, the full property for the rest.
  if (cp < 0x300) return false;
  if (cp <= 0x36f) return true;
  return COMBINING.test(String.fromCodePoint(cp));
}

/** NormalizeDiacritics of a string. */
export function normalizeDiacritics(s: string): string {
  if (ALL_ASCII.test(s)) return s;
  let out = '';
  let i = 0;
  const n = s.length;
  while (i < n) {
    const start = i;
    const cp = s.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (cp < 0x80) {
      // ASCII bases only matter when combining marks follow
      if (i >= n || s.charCodeAt(i) < 0x300) {
        out += s[start];
        continue;
      }
    }
    while (i < n) {
      const next = s.codePointAt(i)!;
      if (!isCombining(next)) break;
      i += next > 0xffff ? 2 : 1;
    }
    const cluster = s.slice(start, i);
    const replacement = TABLE.get(cluster.normalize('NFC'));
    out += replacement ?? cluster;
  }
  return out;
}
