// Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName,
// template) — five modes chosen by which slots are written (spec 4.35), decided at compile time:
//
//   oldValue + replacementValue      every occurrence of oldValue in source -> replacementValue (literal)
//   oldValue + template              every occurrence of oldValue in template -> source
//   regexPattern + replacementValue  .NET Regex.Replace over source; $1, ${name}, $$, $& ... substitutions
//   regexPattern + regexGroupName + replacementValue
//                                    in every match, the group's capture -> replacementValue
//                                    ([undocumented] taken literally: no $ substitutions)
//   regexPattern + regexGroupName + replacementAttributeName
//                                    source when it has a value (not null, not ""); otherwise the
//                                    group's capture in the first match of the pattern over the
//                                    replacement attribute ([undocumented] null when nothing matches;
//                                    the slot takes [attr] as the doc example does, or a string
//                                    naming the attribute)
//
// [undocumented] An empty or null oldValue is an error (EVL017), as .NET's String.Replace throws.
//
// Matching is .NET's (server/src/evaluate/regex): case-sensitive, unanchored, with a step budget; a
// pathological pattern is an evaluation error (EVL010), never a hang. Constant patterns are compiled
// once, at compile time.

import { compileRegex, DotNetRegex, RegexBudgetError, RegexMatch, RegexSyntaxError } from '../regex';
import type { StringExpr } from '../../language/expression/ast';
import { evText, evValue, quoteValue, valueText } from '../convert';
import { EvalError } from '../errors';
import { attributeReader } from '../source';
import type { Binder, CallSite, CNode, EvalState } from '../state';
import { textOf, Value } from '../values';

const MODES =
  'The five modes are: oldValue + replacementValue; oldValue + template; regexPattern + replacementValue; ' +
  'regexPattern + regexGroupName + replacementValue; regexPattern + regexGroupName + replacementAttributeName.';

/** Offsets of a string constant's decoded characters in the expression text (escapes are two characters). */
function decodedOffsets(expr: StringExpr, text: string): number[] {
  const out: number[] = [];
  const raw = text.slice(expr.start, expr.end);
  if (raw.length < 2 || raw[0] !== '"') return out;
  const end = expr.closed ? raw.length - 1 : raw.length;
  for (let i = 1; i < end; i++) {
    out.push(expr.start + i);
    if (raw[i] === '\\' && i + 1 < end) {
      if (raw[i + 1] === '"' || raw[i + 1] === '\\') i++;
      else {
        out.push(expr.start + i + 1);
        i++;
      }
    }
  }
  out.push(expr.start + end);
  return out;
}

/** The expression-text range of [offset, offset+length) inside a string constant's value. */
function rangeInConstant(node: CNode, text: string, offset: number, length: number): { start: number; end: number } {
  if (node.expr.kind !== 'string' || !text) return node;
  const map = decodedOffsets(node.expr, text);
  if (map.length === 0) return node;
  const start = map[Math.min(offset, map.length - 1)];
  const end = map[Math.min(offset + Math.max(length, 1), map.length - 1)];
  return end > start ? { start, end } : node;
}

function syntaxError(e: RegexSyntaxError, node: CNode, site: CallSite, code: string): EvalError {
  const at = code === 'EPX120' ? rangeInConstant(node, site.text, e.offset, e.length) : node;
  return new EvalError(code, `Replace's regexPattern is not a valid .NET regular expression: ${e.message}`, at.start, at.end);
}

function budgetError(e: RegexBudgetError, site: CallSite): EvalError {
  return new EvalError('EVL010', `Replace: ${e.message}`, site.call.start, site.call.end);
}

function groupOf(m: RegexMatch, name: string) {
  return /^\d+$/.test(name) ? m.group(Number(name)) : m.group(name);
}

function hasGroup(re: DotNetRegex, name: string): boolean {
  return /^\d+$/.test(name) ? re.groupNumbers.includes(Number(name)) : re.groupNames.includes(name);
}

function groupMissing(re: DotNetRegex, name: string, node: CNode | null, site: CallSite, code: string): EvalError {
  const named = re.groupNames.filter((n) => !/^\d+$/.test(n));
  const at = node ?? site.call;
  return new EvalError(
    code,
    `Replace's regexGroupName ${quoteValue(name)} is not a group of the pattern. ${named.length ? `The pattern defines ${named.map((n) => `"${n}"`).join(', ')}.` : 'The pattern defines no named group; add one with (?<name>...).'}`,
    at.start,
    at.end,
  );
}

export const Replace: Binder = (site) => {
  const source = site.arg('source');
  const O = site.arg('oldValue');
  const R = site.arg('regexPattern');
  const G = site.arg('regexGroupName');
  const V = site.arg('replacementValue');
  const A = site.arg('replacementAttributeName');
  const T = site.arg('template');
  const key = [O && 'O', R && 'R', G && 'G', V && 'V', A && 'A', T && 'T'].filter(Boolean).join('');
  switch (key) {
    case 'OV':
      return literalReplace(site, source, O!, V!);
    case 'OT':
      return templateReplace(site, source, O!, T!);
    case 'RV':
    case 'RGV':
    case 'RGA':
      return regexReplace(site, key, source, R!, G, V, A);
  }
  return site.fail('EPX119', `Replace's arguments match none of its modes. ${modeProblem(!!O, !!R, !!G, !!V, !!A, !!T)} ${MODES}`, site.call);
};

function modeProblem(O: boolean, R: boolean, G: boolean, V: boolean, A: boolean, T: boolean): string {
  if (O && R) return 'oldValue (2nd) and regexPattern (3rd) cannot both be supplied.';
  if (G && !R) return 'regexGroupName (4th) only works together with regexPattern (3rd).';
  if (A && !(R && G)) return 'replacementAttributeName (6th) needs regexPattern (3rd) and regexGroupName (4th).';
  if (T && !O) return 'template (7th) needs oldValue (2nd).';
  if (O && V && T) return 'With oldValue, supply either replacementValue (5th) or template (7th), not both.';
  if (V && A) return 'replacementValue (5th) and replacementAttributeName (6th) cannot both be supplied.';
  if (O) return 'oldValue (2nd) needs replacementValue (5th) or template (7th).';
  if (R && G) return 'regexPattern with regexGroupName needs replacementValue (5th) or replacementAttributeName (6th).';
  if (R) return 'regexPattern (3rd) needs replacementValue (5th), even if it is "" to delete the matches.';
  if (V) return 'replacementValue (5th) needs oldValue (2nd) or regexPattern (3rd).';
  return 'Nothing to replace: supply oldValue (2nd) or regexPattern (3rd).';
}

function searchText(st: EvalState, node: CNode, site: CallSite): string {
  const t = evText(st, node, site);
  if (t === null || t === '') {
    const attr = node.expr.kind === 'attribute' ? ` ([${node.expr.name}] is ${t === null ? 'absent' : 'empty'})` : '';
    throw new EvalError('EVL017', `Replace's oldValue is ${t === null ? 'null' : 'empty'}${attr}: there is no text to search for.`, node.start, node.end);
  }
  return t;
}

/** oldValue + replacementValue: ordinal, case-sensitive, every non-overlapping occurrence. A null replacement counts as "". */
function literalReplace(site: CallSite, source: CNode | null, O: CNode, V: CNode): (st: EvalState) => Value {
  return (st) => {
    const s = evText(st, source, site);
    const old = searchText(st, O, site);
    const repl = evText(st, V, site) ?? '';
    if (s === null) return null;
    return s.includes(old) ? s.split(old).join(repl) : s;
  };
}

/** oldValue + template: the template with every occurrence of oldValue replaced by the source. */
function templateReplace(site: CallSite, source: CNode | null, O: CNode, T: CNode): (st: EvalState) => Value {
  return (st) => {
    const s = evText(st, source, site);
    const old = searchText(st, O, site);
    const template = evText(st, T, site);
    if (s === null || template === null) return null;
    return template.split(old).join(s);
  };
}

function regexReplace(
  site: CallSite,
  mode: 'RV' | 'RGV' | 'RGA',
  source: CNode | null,
  R: CNode,
  G: CNode | null,
  V: CNode | null,
  A: CNode | null,
): (st: EvalState) => Value {
  let constRegex: DotNetRegex | undefined;
  if (R.constant) {
    const pattern = textOf(R.value!);
    if (pattern !== undefined) {
      try {
        constRegex = compileRegex(pattern);
      } catch (e) {
        if (e instanceof RegexSyntaxError) throw syntaxError(e, R, site, 'EPX120');
        throw e;
      }
    }
  }
  const constGroup = G && G.constant ? textOf(G.value!) : undefined;
  if (constRegex && constGroup !== undefined && !hasGroup(constRegex, constGroup)) {
    throw groupMissing(constRegex, constGroup, G, site, 'EPX122');
  }
  // The replacement attribute: [mobile] reads the attribute; a string constant names one [inferred];
  // any other expression gives the text to match directly.
  let readReplacement: ((st: EvalState) => Value) | undefined;
  if (A) {
    if (A.expr.kind === 'string') {
      readReplacement = attributeReader({ kind: 'attribute', name: A.expr.value, nameSpan: A.expr, closed: true, start: A.start, end: A.end });
    } else {
      readReplacement = (st) => evValue(st, A);
    }
  }

  const regexOf = (st: EvalState): DotNetRegex => {
    if (constRegex) return constRegex;
    const pattern = evText(st, R, site);
    if (pattern === null) {
      throw new EvalError('EVL009', "Replace's regexPattern has no value" + (R.expr.kind === 'attribute' ? ` ([${R.expr.name}] is absent).` : '.'), R.start, R.end);
    }
    try {
      return compileRegex(pattern);
    } catch (e) {
      if (e instanceof RegexSyntaxError) throw syntaxError(e, R, site, 'EVL009');
      throw e;
    }
  };
  const groupName = (st: EvalState, re: DotNetRegex): string => {
    if (constGroup !== undefined) return constGroup;
    const name = evText(st, G, site);
    if (name === null || name === '') {
      throw new EvalError('EVL012', "Replace's regexGroupName has no value.", G!.start, G!.end);
    }
    if (!hasGroup(re, name)) throw groupMissing(re, name, G, site, 'EVL012');
    return name;
  };
  const guarded = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof RegexBudgetError) throw budgetError(e, site);
      if (e instanceof RegexSyntaxError) {
        throw new EvalError('EVL009', `Replace's replacementValue is not a valid .NET substitution: ${e.message}`, (V ?? site.call).start, (V ?? site.call).end);
      }
      throw e;
    }
  };

  if (mode === 'RV') {
    return (st) => {
      const s = evText(st, source, site);
      const re = regexOf(st);
      const repl = evText(st, V, site) ?? '';
      if (s === null) return null;
      return guarded(() => re.replace(s, repl));
    };
  }
  if (mode === 'RGV') {
    return (st) => {
      const s = evText(st, source, site);
      const re = regexOf(st);
      const name = groupName(st, re);
      const repl = evText(st, V, site) ?? '';
      if (s === null) return null;
      return guarded(() =>
        re.replaceWith(s, (m) => {
          const g = groupOf(m, name);
          if (!g || !g.success) return m.value;
          const rel = g.index - m.index;
          // a capture outside the match (inside a lookaround) cannot be replaced within it
          if (rel < 0 || rel + g.length > m.length) return m.value;
          return m.value.slice(0, rel) + repl + m.value.slice(rel + g.length);
        }),
      );
    };
  }
  // RGA
  return (st) => {
    const sv = evValue(st, source);
    const s = valueText(sv, site, source);
    const re = regexOf(st);
    const name = groupName(st, re);
    const rv = readReplacement!(st);
    const other = valueText(rv, site, A);
    if (s !== null && s !== '') return s;
    if (other === null || other === '') return null;
    const m = guarded(() => re.match(other));
    if (!m) return null;
    const g = groupOf(m, name);
    return g && g.success ? g.value : null;
  };
}
