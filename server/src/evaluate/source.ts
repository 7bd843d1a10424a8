// Attribute references: reading `[name]` from the source object on every evaluation.

import type { AttributeExpr } from '../language/expression/ast';
import { EvalError } from './errors';
import type { EvalState } from './state';
import { fromSource, lookupSource, Value } from './values';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The closure that reads one attribute. The hot path is an own-property hit holding a string;
 * everything else (conversion of JSON booleans, numbers and arrays, the case-insensitive and
 * nested fallbacks of `lookupSource`) happens off it.
 */
export function attributeReader(expr: AttributeExpr): (st: EvalState) => Value {
  const name = expr.name;
  const slow = (st: EvalState): Value => {
    const found = lookupSource(st.source, name);
    if (found.found) return fromSource(found.raw);
    if (found.ambiguous) {
      throw new EvalError(
        'EVL016',
        `[${name}] matches several source attributes that differ only in letter case: ${found.ambiguous.map((k) => `"${k}"`).join(', ')}. Write the exact name.`,
        expr.start,
        expr.end,
      );
    }
    return null;
  };
  return fastReader(name, slow) ?? genericReader(name, slow);
}

function genericReader(name: string, slow: (st: EvalState) => Value): (st: EvalState) => Value {
  return (st) => {
    const src = st.source;
    const raw = src[name];
    if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
    if (raw === undefined) return slow(st);
    // objects may come from the prototype ("__proto__", "constructor"): only own properties count
    if ((typeof raw === 'object' && raw !== null) || typeof raw === 'function') {
      return hasOwn.call(src, name) ? fromSource(raw) : slow(st);
    }
    return fromSource(raw);
  };
}

let codegen = true;

/** Test-only: compile attribute readers without (false) or with (true) generated code. */
export function setAttributeCodegenForTests(enabled: boolean): void {
  codegen = enabled;
}

/**
 * The same reader with the attribute name as a literal property key, so V8 gives every attribute
 * its own inline cache instead of one shared, megamorphic keyed lookup. The name is embedded with
 * JSON.stringify, so no text of the expression becomes code. Falls back to the generic reader when
 * code generation from strings is disabled.
 */
function fastReader(name: string, slow: (st: EvalState) => Value): ((st: EvalState) => Value) | undefined {
  if (!codegen) return undefined;
  const key = JSON.stringify(name);
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const make = new Function(
      'hasOwn',
      'fromSource',
      'slow',
      `return function readAttribute(st) {
        const src = st.source;
        const raw = src[${key}];
        if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
        if (raw === undefined) return slow(st);
        if ((typeof raw === 'object' && raw !== null) || typeof raw === 'function') {
          return hasOwn.call(src, ${key}) ? fromSource(raw) : slow(st);
        }
        return fromSource(raw);
      };`,
    ) as (h: typeof hasOwn, f: typeof fromSource, s: typeof slow) => (st: EvalState) => Value;
    return make(hasOwn, fromSource, slow);
  } catch {
    codegen = false;
    return undefined;
  }
}

