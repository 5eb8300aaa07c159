// Keeping the target secret, and on request the session tokens, out of everything the suite writes.
// The runner never writes the secret itself; scrubbing catches a server or a scenario that echoes it.
// Tokens (--redact-tokens) become labels such as <redacted:alice.signed>, so a report can be shared
// without handing out live sessions while still showing which value went where.
import { spellings } from '../engine/spellings.js';
import type { ScenarioResult, TokenLabel } from '../model/result.js';
import type { ExpectationsReport } from '../model/report.js';

const SECRET_PLACEHOLDER = '[secret]';

export { spellings } from '../engine/spellings.js';

interface Replacement {
  needle: string;
  replacement: string;
}

/** Replaces every needle in every string (object keys included) of a plain-data value; longest needles first. */
function scrub<T>(value: T, replacements: Replacement[]): T {
  const map = new Map<string, string>();
  for (const r of replacements) if (r.needle !== '' && !map.has(r.needle)) map.set(r.needle, r.replacement);
  if (map.size === 0) return value;
  const needles = [...map.keys()].sort((a, b) => b.length - a.length);
  // One alternation, longest first, so a signed value is replaced whole before its token part.
  const pattern = new RegExp(needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const text = (s: string) => s.replace(pattern, (m) => map.get(m)!);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/**
 * Replaces every target secret, in every spelling (engine/spellings.ts) and at any length, by [secret]:
 * the help promises the secret never appears, so a short one is replaced even where that garbles text.
 */
export function redact<T>(value: T, secrets: string[]): T {
  return scrub(value, secrets.flatMap((s) => spellings(s).map((needle) => ({ needle, replacement: SECRET_PLACEHOLDER }))));
}

/** A result with its passwords, and with --redact-tokens its session tokens too, replaced by labels. */
export function redactResult(r: ScenarioResult, withTokens: boolean): ScenarioResult {
  const labels = (r.tokens ?? []).filter((t) => withTokens || t.always);
  return labels.length ? redactTokens(r, labels) : r;
}

/** Replaces every labelled token, in every spelling, by <redacted:label>. */
export function redactTokens<T>(value: T, tokens: TokenLabel[]): T {
  return scrub(value, tokens.flatMap((t) => spellings(t.value).map((needle) => ({ needle, replacement: `<redacted:${t.label}>` }))));
}

/**
 * --redact-tokens over a report: each result's tokens are replaced in that result and in what the gate
 * says about it (its unexpected results quote failure messages), so labels stay the scenario's own.
 */
export function tokenRedaction(results: ScenarioResult[], enabled: boolean): {
  ofResult: (r: ScenarioResult) => ScenarioResult;
  ofExpectations: (x: ExpectationsReport) => ExpectationsReport;
} {
  // Passwords (labels marked always) are replaced in every report; session tokens only with --redact-tokens.
  const labelsOf = (r: ScenarioResult) => (r.tokens ?? []).filter((t) => enabled || t.always);
  const key = (r: { id: string; target: string }) => `${r.target} ${r.id}`;
  const byResult = new Map(results.map((r) => [key(r), labelsOf(r)]));
  const about = <T extends { id: string; target: string }>(v: T) => redactTokens(v, byResult.get(key(v)) ?? []);
  return {
    ofResult: (r) => redactResult(r, enabled),
    ofExpectations: (x) => ({ ...x, unexpected: x.unexpected.map(about), warnings: x.warnings.map(about) }),
  };
}
