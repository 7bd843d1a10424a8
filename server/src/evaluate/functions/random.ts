// Generated values: Guid and RandomString. Randomness comes from the context (`random`, a function
// returning [0, 1)) so tests are deterministic; the default is crypto-strong.

import { parameterIndex } from '../../catalog/functions';
import { argLabel, evInt, evText, missingValue } from '../convert';
import { EvalError } from '../errors';
import type { Binder, CallSite, CNode } from '../state';

const HEX = '0123456789abcdef';

/**
 * Guid(): a new random (version 4) GUID in .NET's default text form, lower-case 8-4-4-4-12 hex,
 * e.g. "00aa00aa-bb11-4c22-9d33-44ee44ee44ee". A new value on every evaluation.
 */
export const Guid: Binder = (site) => (st) => {
  let out = '';
  for (let i = 0; i < 16; i++) {
    let b = Math.floor(st.random(site.call) * 256) & 0xff;
    if (i === 6) b = (b & 0x0f) | 0x40;
    if (i === 8) b = (b & 0x3f) | 0x80;
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[b >> 4] + HEX[b & 15];
  }
  return out;
};

export const DIGITS = '0123456789';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
/** The special characters of the Windows password-complexity rules (currency symbols do not count). */
export const SPECIAL = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/';

function bounds(site: CallSite, name: string): { min: number; max: number } {
  const p = site.fn.fixedParameters[parameterIndex(site.fn, name)];
  return { min: p?.minimum ?? 0, max: p?.maximum ?? 2147483647 };
}

/**
 * RandomString(Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital, MinimumLowerCase,
 * CharactersToAvoid): `Length` random characters with at least the given numbers of digits,
 * special characters (the Windows password-complexity set ~!@#$%^&*_-+=`|\(){}[]:;"'<>,.?/),
 * capitals and lower-case letters, none of them in CharactersToAvoid. Length must be 1..256 (the
 * catalogue's bounds) and at least the sum of the four minimums (EVL014); a required kind whose
 * characters are all avoided is an error too.
 * [undocumented] Characters beyond the minimums are drawn from digits and letters, plus the
 * special characters only when MinimumSpecialCharacters is above 0 (a zero minimum reads as "no
 * special characters wanted"); the positions are shuffled.
 */
export const RandomString: Binder = (site) => {
  const names = ['Length', 'MinimumNumbers', 'MinimumSpecialCharacters', 'MinimumCapital', 'MinimumLowerCase'] as const;
  const nodes = names.map((n) => site.arg(n));
  const limits = names.map((n) => bounds(site, n));
  const avoidNode = site.arg('CharactersToAvoid');
  return (st) => {
    const values: number[] = [];
    for (let i = 0; i < names.length; i++) {
      const v = evInt(st, nodes[i], site, limits[i].min, limits[i].max);
      if (v === null) throw missingValue(site, nodes[i], `RandomString needs ${names[i]}`);
      values.push(v);
    }
    const avoid = evText(st, avoidNode, site) ?? '';
    const [length, numbers, specials, capitals, lowers] = values;
    const sum = numbers + specials + capitals + lowers;
    if (length < sum) {
      throw new EvalError(
        'EVL014',
        `RandomString's Length is ${length}, less than the ${sum} characters its minimums require (MinimumNumbers ${numbers} + MinimumSpecialCharacters ${specials} + MinimumCapital ${capitals} + MinimumLowerCase ${lowers}).`,
        nodes[0]!.start,
        nodes[0]!.end,
      );
    }
    const keep = (set: string) => (avoid === '' ? set : [...set].filter((c) => !avoid.includes(c)).join(''));
    const pools = [keep(DIGITS), keep(SPECIAL), keep(UPPER), keep(LOWER)];
    const kinds = ['digits', 'special characters', 'capitals', 'lower-case letters'];
    const mins = [numbers, specials, capitals, lowers];
    for (let k = 0; k < 4; k++) {
      if (mins[k] > 0 && pools[k] === '') throw unmeetable(site, avoidNode, `every one of the ${kinds[k]} is in CharactersToAvoid`);
    }
    const fill = pools[0] + (specials > 0 ? pools[1] : '') + pools[2] + pools[3];
    if (length > sum && fill === '') throw unmeetable(site, avoidNode, 'CharactersToAvoid excludes every character');
    const chars: string[] = [];
    const pick = (pool: string) => pool[Math.floor(st.random(site.call) * pool.length)];
    for (let k = 0; k < 4; k++) for (let i = 0; i < mins[k]; i++) chars.push(pick(pools[k]));
    while (chars.length < length) chars.push(pick(fill));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = Math.floor(st.random(site.call) * (i + 1));
      const t = chars[i];
      chars[i] = chars[j];
      chars[j] = t;
    }
    return chars.join('');
  };
};

function unmeetable(site: CallSite, node: CNode | null, why: string): EvalError {
  const at = node ?? site.call;
  return new EvalError('EVL014', `RandomString cannot meet its requirements: ${why}${node ? ` (${argLabel(site, node)})` : ''}.`, at.start, at.end);
}
