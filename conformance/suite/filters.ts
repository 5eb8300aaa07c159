// The filters a template may apply to a value (`${x | unsigned | percent_encode}`). Each is a plain
// string function so that a runner in another language can reproduce it exactly (INTERPRETING.md).
import { signValue, WRONG_SECRET } from './sign.js';

export interface FilterCall {
  name: string;
  /** The N of repeat(N); no other filter takes an argument. */
  arg?: number;
}

export interface FilterContext {
  /** The target's secret, for `sign`. */
  secret?: string;
}

/** A filter that cannot apply to its input, e.g. `tamper` on a value without a signature. */
export class FilterError extends Error {
  override name = 'FilterError';
}

/** Upper bound for repeat(N): long enough for oversized-header probes, small enough for memory. */
const MAX_REPEAT = 1_000_000;

type Filter = (value: string, arg: number | undefined, ctx: FilterContext) => string;

const FILTERS: Record<string, { takesArg: boolean; apply: Filter }> = {
  percent_encode: { takesArg: false, apply: (v) => encodeURIComponent(v) },
  percent_decode: {
    takesArg: false,
    apply: (v) => {
      try {
        return decodeURIComponent(v);
      } catch {
        throw new FilterError(`percent_decode: '${short(v)}' is not valid percent-encoding`);
      }
    },
  },
  unsigned: { takesArg: false, apply: (v) => (v.includes('.') ? v.slice(0, v.indexOf('.')) : v) },
  signature: { takesArg: false, apply: (v) => (v.includes('.') ? v.slice(v.indexOf('.') + 1) : '') },
  tamper: {
    takesArg: false,
    apply: (v) => {
      const dot = v.indexOf('.');
      if (dot < 0 || dot === v.length - 1) {
        throw new FilterError(`tamper: '${short(v)}' has no signature after a '.' to alter`);
      }
      const first = v[dot + 1] === 'A' ? 'B' : 'A';
      return v.slice(0, dot + 1) + first + v.slice(dot + 2);
    },
  },
  sign: {
    takesArg: false,
    apply: (v, _arg, ctx) => {
      if (ctx.secret === undefined) throw new FilterError("sign: the target's secret is not known");
      return signValue(v, ctx.secret);
    },
  },
  sign_wrong_secret: { takesArg: false, apply: (v) => signValue(v, WRONG_SECRET) },
  repeat: { takesArg: true, apply: (v, n) => v.repeat(n ?? 1) },
  // Format 1.1: the same token in another letter case, for lookups that must not ignore case (BEARER-SIG-5).
  swap_case: { takesArg: false, apply: (v) => v.replace(/[A-Za-z]/g, (c) => (c <= 'Z' ? c.toLowerCase() : c.toUpperCase())) },
  // Format 1.1: variants a database may call equal to the token (BEARER-SIG-5), or cannot store (BEARER-IGN-1).
  accent: {
    takesArg: false,
    apply: (v) => {
      if (!hasAccentableLetter(v)) throw new FilterError(`accent: '${short(v)}' has no letter with an accented Latin-1 form (a c e i n o u y)`);
      return v.replace(/[aceinouyACEINOUY]/g, (c) => ACCENTED[c]!);
    },
  },
  append_space: { takesArg: false, apply: (v) => `${v} ` },
  append_nul: { takesArg: false, apply: (v) => `${v}\u0000` },
};

/** Each letter's Latin-1 form with an acute accent (a cedilla for c, a tilde for n). */
const ACCENTED: Record<string, string> = {
  a: '\u00e1', c: '\u00e7', e: '\u00e9', i: '\u00ed', n: '\u00f1', o: '\u00f3', u: '\u00fa', y: '\u00fd',
  A: '\u00c1', C: '\u00c7', E: '\u00c9', I: '\u00cd', N: '\u00d1', O: '\u00d3', U: '\u00da', Y: '\u00dd',
};

const FILTER_NAMES: readonly string[] = Object.keys(FILTERS);

/** Why a filter call is not valid (unknown name, wrong argument), or undefined when it is. */
export function filterProblem(call: FilterCall): string | undefined {
  const filter = FILTERS[call.name];
  if (!filter) return `unknown filter '${call.name}' (known: ${FILTER_NAMES.join(', ')})`;
  if (filter.takesArg && call.arg === undefined) return `filter '${call.name}' needs a count, e.g. ${call.name}(100)`;
  if (!filter.takesArg && call.arg !== undefined) return `filter '${call.name}' takes no argument`;
  if (call.arg !== undefined && (call.arg < 1 || call.arg > MAX_REPEAT)) {
    return `filter '${call.name}(${call.arg})' needs a count from 1 to ${MAX_REPEAT}`;
  }
  return undefined;
}

export function applyFilter(call: FilterCall, value: string, ctx: FilterContext): string {
  const problem = filterProblem(call);
  if (problem) throw new FilterError(problem);
  return FILTERS[call.name]!.apply(value, call.arg, ctx);
}

function short(v: string): string {
  return v.length > 60 ? `${v.slice(0, 57)}...` : v;
}

/** The token has a letter with an accented Latin-1 form, so `accent` can change it (18.3 picks such tokens). */
export function hasAccentableLetter(v: string): boolean {
  return /[aceinouyACEINOUY]/.test(v);
}
