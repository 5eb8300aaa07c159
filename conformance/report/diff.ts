// A compact diff of two JSON values for failure reports: every place where the actual value departs
// from the expected one under the subset rule of the `json` expectation (INTERPRETING.md section 13),
// each as a JSON Pointer with the expected and actual values there. assert.ts judges; this explains.
import type { DiffEntry } from '../model/report.js';

/** The most entries a diff lists; a value this different is better read whole. */
export const MAX_DIFF_ENTRIES = 50;

type Kind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'other';

function kindOf(v: unknown): Kind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'object' || t === 'string' || t === 'number' || t === 'boolean' ? t : 'other';
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Every difference of `actual` from `expected` where `actual` must contain `expected`: objects may
 * have extra keys, arrays match position by position, scalars match exactly. Empty when it contains it.
 */
export function jsonDiff(expected: unknown, actual: unknown): DiffEntry[] {
  const out: DiffEntry[] = [];
  const walk = (e: unknown, a: unknown, path: string): void => {
    if (out.length >= MAX_DIFF_ENTRIES) return;
    const [ke, ka] = [kindOf(e), kindOf(a)];
    if (ke !== ka) {
      out.push({ path, expected: e, actual: a, kind: 'type' });
      return;
    }
    if (ke === 'object') {
      for (const [k, v] of Object.entries(e as Record<string, unknown>)) {
        if (out.length >= MAX_DIFF_ENTRIES) return;
        const p = `${path}/${escape(k)}`;
        if (!Object.prototype.hasOwnProperty.call(a, k)) out.push({ path: p, expected: v, kind: 'missing' });
        else walk(v, (a as Record<string, unknown>)[k], p);
      }
      return;
    }
    if (ke === 'array') {
      const [ea, aa] = [e as unknown[], a as unknown[]];
      if (ea.length !== aa.length) out.push({ path, expected: ea.length, actual: aa.length, kind: 'length' });
      for (let i = 0; i < Math.min(ea.length, aa.length); i++) walk(ea[i], aa[i], `${path}/${i}`);
      for (let i = aa.length; i < ea.length; i++) if (out.length < MAX_DIFF_ENTRIES) out.push({ path: `${path}/${i}`, expected: ea[i], kind: 'missing' });
      return;
    }
    if (e !== a) out.push({ path, expected: e, actual: a, kind: 'value' });
  };
  walk(expected, actual, '');
  return out;
}

/** One line per entry: `/user/email: expected "a@x", got "b@x"`. */
export function diffLines(entries: DiffEntry[], show: (v: unknown) => string = (v) => JSON.stringify(v) ?? String(v)): string[] {
  return entries.map((d) => {
    const at = d.path === '' ? '(whole value)' : d.path;
    if (d.kind === 'missing') return `${at}: expected ${show(d.expected)}, missing`;
    if (d.kind === 'length') return `${at}: expected ${String(d.expected)} elements, got ${String(d.actual)}`;
    return `${at}: expected ${show(d.expected)}, got ${show(d.actual)}`;
  });
}
