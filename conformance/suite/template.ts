// Templates: strings in which `${variable | filter | filter(N)}` is replaced and `$$` stands for `$`.
// Any other `$` is literal. Expansion is single-pass: substituted values are never re-scanned.
import { applyFilter, type FilterCall, type FilterContext } from './filters.js';

interface Expression {
  /** e.g. 'alice.signed', 'target.origin', 'sid' */
  variable: string;
  filters: FilterCall[];
  /** The text between `${` and `}`, for messages. */
  source: string;
}

type TemplatePart = string | Expression;

export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
}

/** Raised while expanding: a variable without a value, or a filter that cannot apply. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

const VARIABLE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/;
const FILTER = /^([a-z][a-z0-9_]*)\s*(?:\(\s*([0-9]+)\s*\))?$/;

export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '$' && text[i + 1] === '$') {
      literal += '$';
      i += 2;
    } else if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end < 0) throw new TemplateSyntaxError(`'\${' at character ${i + 1} is never closed by '}' (write '$$' for a literal '$')`);
      if (literal) parts.push(literal);
      literal = '';
      parts.push(parseExpression(text.slice(i + 2, end)));
      i = end + 1;
    } else {
      literal += c;
      i += 1;
    }
  }
  if (literal || parts.length === 0) parts.push(literal);
  return parts;
}

function parseExpression(source: string): Expression {
  const [head, ...rest] = source.split('|').map((s) => s.trim());
  if (!head || !VARIABLE.test(head)) {
    throw new TemplateSyntaxError(
      `'\${${source}}' does not start with a variable name such as alice.signed, target.origin or a capture name`,
    );
  }
  const filters = rest.map((f): FilterCall => {
    const m = FILTER.exec(f);
    if (!m) throw new TemplateSyntaxError(`'${f}' in '\${${source}}' is not a filter name or name(N)`);
    return m[2] === undefined ? { name: m[1]! } : { name: m[1]!, arg: Number(m[2]) };
  });
  return { variable: head, filters, source };
}

/** The expressions of a template, in order. */
export function expressionsOf(parts: TemplatePart[]): Expression[] {
  return parts.filter((p): p is Expression => typeof p !== 'string');
}

export interface Scope extends FilterContext {
  lookup(variable: string): string | undefined;
}

/**
 * Parsed templates by text: a template is parsed once, not on every request that expands it. Templates
 * come from scenario files, so the map stays as small as the suite; it is dropped if it ever grows past
 * MAX_PARSED (a caller feeding endless generated templates).
 */
const parsed = new Map<string, TemplatePart[]>();
const MAX_PARSED = 10_000;

function parsedTemplate(text: string): TemplatePart[] {
  let parts = parsed.get(text);
  if (!parts) {
    parts = parseTemplate(text);
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(text, parts);
  }
  return parts;
}

export function expandTemplate(text: string, scope: Scope): string {
  const parts = parsedTemplate(text);
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  let out = '';
  for (const part of parts) out += typeof part === 'string' ? part : evaluate(part, scope);
  return out;
}

function evaluate(expr: Expression, scope: Scope): string {
  let value = scope.lookup(expr.variable);
  if (value === undefined) throw new TemplateError(`'\${${expr.source}}': the variable '${expr.variable}' has no value`);
  for (const f of expr.filters) {
    try {
      value = applyFilter(f, value, scope);
    } catch (e) {
      throw new TemplateError(`'\${${expr.source}}': ${(e as Error).message}`);
    }
  }
  return value;
}

/** Expands every string inside a JSON value (object keys stay literal). */
export function expandJson(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return expandTemplate(value, scope);
  if (Array.isArray(value)) return value.map((v) => expandJson(v, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandJson(v, scope)]));
  }
  return value;
}

/** Every string inside a JSON value with its path, for load-time checks. */
export function stringsOf(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringsOf(v, [...path, k]));
  return [];
}
