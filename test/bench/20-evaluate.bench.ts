// Evaluation rate of three typical mappings, beside the same logic written by hand in TypeScript,
// in the same run. Goal: compiled evaluation within 3x of the hand-written code.
import { compileExpression, evaluate } from '../../server/src/evaluate/compile';
import { compileRegex } from '../../server/src/evaluate/regex';
import { fmt, measure, row, section } from './harness';

const NOW = new Date('2024-05-01T12:00:00Z');

/** A few source objects, cycled so the evaluator does not see one object only. */
const USERS: Record<string, unknown>[] = [
  { IsSoftDeleted: false, givenName: 'Zoë', surname: 'van der Berg', telephoneNumber: '+91 9998887777' },
  { IsSoftDeleted: true, givenName: 'John', surname: 'Smith', telephoneNumber: '+1 4255550100' },
  { IsSoftDeleted: false, givenName: 'Ana María', surname: 'Núñez', telephoneNumber: '+44 2079460000' },
  { IsSoftDeleted: false, givenName: 'Łukasz', surname: 'Żółć', telephoneNumber: '+48 5123456789' },
];

interface Case {
  name: string;
  expression: string;
  /** The same logic by hand: what a developer would write in TypeScript for this mapping. */
  byHand: (user: Record<string, unknown>) => unknown;
}

const DIACRITICS: Record<string, string> = { ë: 'e', í: 'i', ú: 'u', ñ: 'n', Ł: 'L', Ż: 'Z', ó: 'o', ł: 'l', ć: 'c' };
const phone = compileRegex('\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})');
const phoneJs = /\+(?<isdCode>\d* )(?<phoneNumber>\d{10})/g;

const CASES: Case[] = [
  {
    name: 'SCIM active: Switch([IsSoftDeleted], , "False", "True", "True", "False")',
    expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
    byHand: (u) => {
      const v = u.IsSoftDeleted;
      const s = v === true ? 'True' : v === false ? 'False' : typeof v === 'string' ? v : '';
      return s === 'False' ? 'True' : s === 'True' ? 'False' : null;
    },
  },
  {
    name: 'mail: ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".", ...)))))',
    expression: 'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".", [givenName], [surname]))), "contoso.com"))',
    byHand: (u) => {
      const parts = [u.givenName, u.surname].filter((x): x is string => typeof x === 'string' && x !== '');
      const local = parts.join('.').replaceAll(' ', '');
      let plain = '';
      for (const ch of local) plain += DIACRITICS[ch] ?? ch;
      return `${plain}@contoso.com`.toLowerCase();
    },
  },
  {
    name: 'phone: Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
    expression: 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
    byHand: (u) => {
      const t = u.telephoneNumber;
      return typeof t === 'string' ? t.replace(phoneJs, '$<phoneNumber>') : null;
    },
  },
];

export async function run(): Promise<void> {
  section('Expression evaluation (compiled once, evaluated per user), beside the same logic by hand');
  for (const c of CASES) {
    const compiled = compileExpression(c.expression);
    if (compiled.failure) throw new Error(`${c.name}: ${compiled.failure.message}`);
    // same results first: a benchmark of different work would be meaningless
    for (const u of USERS) {
      const out = evaluate(compiled, { source: u, now: NOW });
      const want = c.byHand(u);
      if (out.kind !== 'value' || out.value !== want) throw new Error(`${c.name}: evaluator ${JSON.stringify(out)} but by hand ${JSON.stringify(want)}`);
    }
    let i = 0;
    const ctxs = USERS.map((source) => ({ source, now: NOW }));
    const e = measure(() => evaluate(compiled, ctxs[i++ & 3]));
    let j = 0;
    const h = measure(() => c.byHand(USERS[j++ & 3]));
    row(c.name.length > 58 ? `${c.name.slice(0, 55)}...` : c.name, '');
    row('  entramap evaluate', `${fmt(e.opsPerSec / 1e6, 2)} M/s`);
    row('  hand-written TypeScript', `${fmt(h.opsPerSec / 1e6, 2)} M/s`);
    row('  ratio (time per evaluation, entramap / by hand)', `${fmt(h.opsPerSec / e.opsPerSec, 2)}x`, 'goal <= 3x');
  }
  // the .NET regex engine by itself, for context on the third case
  const r = measure(() => phone.replace('+91 9998887777', '${phoneNumber}'));
  const js = measure(() => '+91 9998887777'.replace(phoneJs, '$<phoneNumber>'));
  row('.NET regex emulation Replace alone', `${fmt(r.opsPerSec / 1e6, 2)} M/s`);
  row('JavaScript String.replace alone', `${fmt(js.opsPerSec / 1e6, 2)} M/s`);
}
