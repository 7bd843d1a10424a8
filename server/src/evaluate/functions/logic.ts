// Conditions, choices, tests and flow control: IIF, Switch, Coalesce, CBool, Not, IsNull,
// IsNullOrEmpty, IsPresent, IsString, IgnoreFlowIfNullOrEmpty, Redact, SelectUniqueValue.
//
// Every argument is evaluated (eager evaluation, spec section 3: a FormatDateTime error in an
// IIF branch that is not taken still fails the expression), except SelectUniqueValue's rules,
// which run in order until one yields a free value.

import { walk } from '../../language/expression/ast';
import type { AttributeExpr } from '../../language/expression/ast';
import { evValue, quoteValue, toBoolean, valueText } from '../convert';
import { EvalError, NoFlowSignal } from '../errors';
import { attributeReader } from '../source';
import type { Binder, CallSite, CNode, EvalState } from '../state';
import { ComplexValue, isDateTime, NoFlowValue, ReferenceValue, RolesValue, textOf, Value } from '../values';

/**
 * Evaluates an argument whose value a choosing function may discard: a "do not flow" signal
 * from inside it becomes the marker value, so it only stops the flow if it is chosen.
 */
function evChoice(st: EvalState, node: CNode | null): Value {
  if (node === null) return null;
  if (node.constant) return node.value!;
  try {
    return node.ev(st);
  } catch (e) {
    if (e instanceof NoFlowSignal) return new NoFlowValue(e.reason);
    throw e;
  }
}

// ---- IIF ---------------------------------------------------------------------------------------------

/**
 * IIF(condition, valueIfTrue, valueIfFalse).
 * [undocumented] "If a source attribute used within the IIF function is null or empty, the
 * condition check fails": entramap reports that as an evaluation error (EVL005) located at the
 * attribute, for every attribute referenced anywhere inside the condition (including inside
 * IsNullOrEmpty/IsPresent, which the docs list as unsupported there). The fix the docs give is
 * Switch([x], [x], "", "fallback"). Both branches are evaluated (eager).
 */
export const IIF: Binder = (site) => {
  const cond = site.arg('condition')!;
  const whenTrue = site.arg('valueIfTrue');
  const whenFalse = site.arg('valueIfFalse');
  const attrs: { expr: AttributeExpr; read: (st: EvalState) => Value }[] = [];
  walk(cond.expr, (n) => {
    if (n.kind === 'attribute') attrs.push({ expr: n, read: attributeReader(n) });
  });
  const condEv = cond.ev;
  return (st) => {
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i];
      const v = a.read(st);
      if (v === null || v === '') {
        throw new EvalError(
          'EVL005',
          `IIF's condition uses [${a.expr.name}], which is ${v === null ? 'null (absent)' : 'empty'}; Entra's condition check fails in that case. ` +
            `Test for missing values with Switch instead, e.g. Switch([${a.expr.name}], [${a.expr.name}], "", "fallback").`,
          a.expr.start,
          a.expr.end,
        );
      }
    }
    const c = toBoolean(condEv(st), site, cond, "IIF's condition");
    const t = evChoice(st, whenTrue);
    const f = evChoice(st, whenFalse);
    return c ? t : f;
  };
};

// ---- Switch ------------------------------------------------------------------------------------------

/** Switch's comparison text of a value: null counts as "" (so the "" key catches a missing source). */
function switchText(v: Value, site: CallSite, node: CNode | null): string {
  if (typeof v === 'string') return v;
  if (v === null) return '';
  const t = valueText(v, site, node);
  return t ?? '';
}

/**
 * Switch(source, defaultValue, key1, value1, ...): the value of the first key equal to the
 * source, compared as text, case-sensitively and ordinally. A null source matches the "" key.
 * Booleans compare as "True"/"False", numbers as invariant digits. [undocumented] An omitted
 * defaultValue (empty slot) gives null when no key matches, so the attribute does not flow;
 * `""` gives the empty string. Keys and values are all evaluated (eager).
 */
export const Switch: Binder = (site) => {
  const source = site.arg('source')!;
  const dflt = site.arg('defaultValue');
  const rest = site.rest();
  const pairs = rest.length / 2;
  const keys: (CNode | null)[] = [];
  const values: (CNode | null)[] = [];
  const constKeys: (string | undefined)[] = [];
  for (let i = 0; i < pairs; i++) {
    const k = rest[2 * i];
    keys.push(k);
    values.push(rest[2 * i + 1]);
    if (k === null) constKeys.push('');
    else if (k.constant) {
      const t = textOf(k.value!);
      constKeys.push(t === undefined ? undefined : t);
    } else constKeys.push(undefined);
  }
  const sourceEv = source.ev;
  // The usual case: constant keys, values and default (the SCIM `active` mapping). A table lookup.
  if (constKeys.every((k) => k !== undefined) && values.every((v) => v === null || v.constant) && (dflt === null || dflt.constant)) {
    const tableKeys: string[] = [];
    const tableValues: Value[] = [];
    for (let i = 0; i < pairs; i++) {
      const k = constKeys[i]!;
      if (tableKeys.includes(k)) continue; // the first pair with a key wins
      tableKeys.push(k);
      tableValues.push(values[i] === null ? null : values[i]!.value!);
    }
    const d = dflt === null ? null : dflt.value!;
    const size = tableKeys.length;
    const slowText = (sv: Value): string => (sv instanceof NoFlowValue ? consume(sv) : switchText(sv, site, source));
    if (size > 8) {
      const table = new Map<string, Value>();
      for (let i = 0; i < size; i++) table.set(tableKeys[i], tableValues[i]);
      return (st) => {
        const sv = sourceEv(st);
        const r = table.get(typeof sv === 'string' ? sv : typeof sv === 'boolean' ? (sv ? 'True' : 'False') : slowText(sv));
        return r === undefined ? d : r;
      };
    }
    return (st) => {
      const sv = sourceEv(st);
      const s = typeof sv === 'string' ? sv : typeof sv === 'boolean' ? (sv ? 'True' : 'False') : slowText(sv);
      for (let i = 0; i < size; i++) if (tableKeys[i] === s) return tableValues[i];
      return d;
    };
  }
  return (st) => {
    const sv = sourceEv(st);
    if (sv instanceof NoFlowValue) throw new NoFlowSignal(sv.reason);
    const s = typeof sv === 'string' ? sv : switchText(sv, site, source);
    let match = -1;
    for (let i = 0; i < pairs; i++) {
      let k = constKeys[i];
      if (k === undefined) {
        const node = keys[i]!;
        k = switchText(evValue(st, node), site, node);
      }
      if (match < 0 && k === s) match = i;
    }
    let chosen: Value = null;
    for (let i = 0; i < pairs; i++) {
      const node = values[i];
      if (node === null) continue;
      if (node.constant) {
        if (i === match) chosen = node.value!;
        continue;
      }
      const v = evChoice(st, node);
      if (i === match) chosen = v;
    }
    const d = dflt === null ? null : dflt.constant ? dflt.value! : evChoice(st, dflt);
    return match < 0 ? d : chosen;
  };
};

function consume(v: NoFlowValue): never {
  throw new NoFlowSignal(v.reason);
}

// ---- Coalesce ----------------------------------------------------------------------------------------

/**
 * Coalesce(source1, ..., defaultValue): the first argument that is not null. The empty string
 * is a value, not null [inferred, spec 4.6]: Coalesce("", "x") is "". Empty slots are skipped.
 * All arguments are evaluated (eager).
 */
export const Coalesce: Binder = (site) => {
  const args = site.args;
  return (st) => {
    let found: Value = null;
    let have = false;
    for (let i = 0; i < args.length; i++) {
      const node = args[i];
      if (node === null) continue;
      const v = evChoice(st, node);
      if (!have && v !== null) {
        found = v;
        have = true;
      }
    }
    return found;
  };
};

// ---- Booleans ----------------------------------------------------------------------------------------

// CBool, IsNull, IsNullOrEmpty, IsPresent and IsString return a Boolean (spec section 4's table):
// `entramap eval` and previews print it as JSON true/false (values.ts `toJson`); where it turns
// into text (flowing, Switch keys, Join, a comparison with text) it is "True"/"False". Not is the
// exception: it returns the Boolean *string* "True"/"False".

/**
 * CBool(expression): True when the argument is non-zero (spec 4.4), as a Boolean (prints as
 * JSON true/false). A comparison gives its result; Booleans stay; numbers are True unless 0;
 * text "True"/"False" (any letter case) and numeric text by value; null is False
 * [undocumented: VB's CBool]. Other text is an error (EVL006).
 */
export const CBool: Binder = (site) => {
  const arg = site.arg('expression')!;
  return (st) => toBoolean(evValue(st, arg), site, arg, "CBool's expression");
};

/**
 * Not(source): "False" when the source is True, otherwise "True" (spec 4.28). The result is a
 * Boolean *string* (the reference types it "Boolean String", unlike CBool's Boolean), so it
 * prints as text, and a comparison with it compares text: `Not([x]) = "True"` is case-sensitive
 * (wrap it in CBool to compare as a Boolean). [undocumented] The test ignores letter case ("true"
 * is True) and null gives "True", as the doc's "otherwise" says. Multi-valued and complex values
 * are errors.
 */
export const Not: Binder = (site) => {
  const arg = site.arg('source')!;
  return (st) => {
    const v = evValue(st, arg);
    if (typeof v === 'boolean') return v ? 'False' : 'True';
    if (v === null) return 'True';
    const t = valueText(v, site, arg);
    return t !== null && (t === 'True' || t.toLowerCase() === 'true') ? 'False' : 'True';
  };
};

/** IsNull(expression): Boolean True when the value is null (an absent attribute; an empty multi-valued one). */
export const IsNull: Binder = (site) => {
  const arg = site.arg('expression')!;
  return (st) => evValue(st, arg) === null;
};

/** IsNullOrEmpty(expression): Boolean True when null or "". */
export const IsNullOrEmpty: Binder = (site) => {
  const arg = site.arg('expression')!;
  return (st) => {
    const v = evValue(st, arg);
    return v === null || v === '';
  };
};

/** IsPresent(expression): the inverse of IsNullOrEmpty (spec 4.21), a Boolean. */
export const IsPresent: Binder = (site) => {
  const arg = site.arg('expression')!;
  return (st) => {
    const v = evValue(st, arg);
    return !(v === null || v === '');
  };
};

/**
 * IsString(expression): Boolean True when the value can be evaluated to a string (spec 4.22).
 * [undocumented] True for text (including ""), numbers, Booleans, dates, references and a single
 * app role, all of which have a text form; False for null, multi-valued and complex values.
 */
export const IsString: Binder = (site) => {
  const arg = site.arg('expression')!;
  return (st) => {
    const v = evValue(st, arg);
    if (typeof v === 'string') return true;
    if (v === null || Array.isArray(v) || v instanceof ComplexValue) return false;
    if (v instanceof RolesValue) return v.mode === 'single';
    return v instanceof ReferenceValue || isDateTime(v) || textOf(v) !== undefined;
  };
};

// ---- flow ----------------------------------------------------------------------------------------------

/**
 * IgnoreFlowIfNullOrEmpty(expression): when the value is null or "", the target attribute is left
 * out of this flow (outcome `noflow`); otherwise the value. [inferred] Used below the top level, the
 * marker makes every function that consumes it yield the marker too, so it still drops the
 * attribute when it reaches the top; IIF, Switch and Coalesce discard it when they do not choose it.
 */
export const IgnoreFlowIfNullOrEmpty: Binder = (site) => {
  const arg = site.arg('expression')!;
  const what = arg.expr.kind === 'attribute' ? `[${arg.expr.name}]` : 'its argument';
  return (st) => {
    const v = arg.ev(st);
    if (v === null) return new NoFlowValue(`IgnoreFlowIfNullOrEmpty: ${what} is null, so the attribute does not flow.`);
    if (v === '') return new NoFlowValue(`IgnoreFlowIfNullOrEmpty: ${what} is empty, so the attribute does not flow.`);
    return v;
  };
};

/**
 * Redact(value): the value flows unchanged; the outcome is marked `redacted` so traces and logs
 * show `[Redact]` (spec 4.33). [inferred] Any Redact evaluated marks the whole result.
 */
export const Redact: Binder = (site) => {
  const arg = site.arg('value')!;
  const ev = arg.ev;
  return (st) => {
    st.markRedacted();
    return ev(st);
  };
};

/**
 * SelectUniqueValue(rule1, rule2, ...): evaluates the rules in order (lazily) and returns the first
 * value the target does not already hold, as told by the context's isValueTaken hook (spec 4.36).
 * [undocumented] A rule that yields null or "" is skipped. When every candidate is taken the
 * evaluation fails (EVL013, naming the candidates): Entra escrows the object and logs the reason.
 * When no rule yields a value the result is null.
 */
export const SelectUniqueValue: Binder = (site) => {
  const rules = site.args;
  return (st) => {
    const hook = st.ctx.isValueTaken;
    let tried: string[] | undefined;
    for (let i = 0; i < rules.length; i++) {
      const node = rules[i];
      if (node === null) continue;
      const v = evValue(st, node);
      const t = valueText(v, site, node);
      if (t === null || t === '') continue;
      let taken = false;
      if (hook) {
        let answer: unknown;
        try {
          answer = hook(t);
        } catch (e) {
          throw new EvalError(
            'EVL019',
            `SelectUniqueValue could not check whether ${quoteValue(t)} is taken: ${e instanceof Error ? e.message : String(e)}`,
            node.start,
            node.end,
          );
        }
        if (typeof answer !== 'boolean') {
          throw new EvalError(
            'EVL019',
            `SelectUniqueValue could not check whether ${quoteValue(t)} is taken: the isValueTaken hook must return true or false synchronously, not ${answer instanceof Promise ? 'a Promise' : typeof answer}.`,
            node.start,
            node.end,
          );
        }
        taken = answer;
      }
      if (!taken) return t;
      (tried ??= []).push(t);
    }
    if (!tried) return null;
    throw new EvalError(
      'EVL013',
      `SelectUniqueValue: every candidate is already taken in the target: ${tried.map((t) => quoteValue(t, 200)).join(', ')}. ` +
        'Entra escrows the object and logs this; add a rule that generates a further alternative.',
      site.call.start,
      site.call.end,
    );
  };
};
