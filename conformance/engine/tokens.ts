// Which values of a scenario are session tokens and signed values, each with a label such as
// alice.token, so that --redact-tokens (report/redact.ts) can replace them.
import { isSessionCookieName, setCookiesOf } from './cookies.js';
import { fieldValues } from './http.js';
import type { TokenLabel } from '../model/result.js';

/**
 * Token values shorter than this are not labelled: a 3-letter value cannot be told apart from ordinary
 * words (real session tokens are 32 characters). The target secret is scrubbed at any length.
 */
export const MIN_SCRUBBED_SECRET = 8;

export interface TokenSources {
  /** Each actor's raw token, signed value and password. */
  actors: { name: string; token: string; signed: string; password: string }[];
  /** Values captured by steps, by capture name. */
  captures: ReadonlyMap<string, string>;
  /** Tokens the server issued in the scenario's responses (issuedTokensOf each). */
  issued: string[];
}

/**
 * Labels every session token and signed value a scenario handled: the actors' (alice.token,
 * alice.signed), and those the server issued later (set-auth-token, session cookies, `token` fields
 * of JSON bodies), named after the capture that holds them or numbered (session-1.token, ...).
 * A signed value's token part gets the matching .token label.
 */
export function labelTokens(sources: TokenSources): TokenLabel[] {
  const labels = new Map<string, string>();
  for (const a of sources.actors) {
    labels.set(a.signed, `${a.name}.signed`);
    labels.set(a.token, `${a.name}.token`);
  }
  const issued = sources.issued;
  const captureOf = new Map([...sources.captures].map(([name, value]) => [value, name]));
  let n = 0;
  for (const value of issued) {
    if (labels.has(value)) continue;
    const dot = value.indexOf('.');
    const token = dot < 0 ? value : value.slice(0, dot);
    let base = labels.get(token)?.replace(/\.token$/, '');
    if (base === undefined) {
      base = captureOf.get(value) ?? captureOf.get(token) ?? `session-${++n}`;
      labels.set(token, `${base}.token`);
    }
    if (dot >= 0) labels.set(value, `${base}.signed`);
  }
  // Very short values cannot be told apart from ordinary text.
  const tokens = [...labels].filter(([value]) => value.length >= MIN_SCRUBBED_SECRET).map(([value, label]) => ({ label, value }));
  // Passwords are redacted in every report, with or without --redact-tokens.
  return [...tokens, ...sources.actors.map((a) => ({ label: `${a.name}.password`, value: a.password, always: true as const }))];
}

/** Tokens a server issued in one response: set-auth-token values, session cookie values, JSON `token` strings. */
export function issuedTokensOf(response: { headers: [string, string][]; body: string }): string[] {
  const found: string[] = [];
  found.push(...fieldValues(response.headers, 'set-auth-token').map((v) => v.trim()));
  for (const c of setCookiesOf(response.headers)) {
    if (isSessionCookieName(c.name) && c.value !== '') found.push(decoded(c.value));
  }
  try {
    collectTokenFields(JSON.parse(response.body), found);
  } catch {
    // not JSON: no token fields
  }
  return [...new Set(found)].filter((v) => v !== '');
}

function collectTokenFields(v: unknown, into: string[]): void {
  if (Array.isArray(v)) for (const x of v) collectTokenFields(x, into);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'token' && typeof x === 'string') into.push(x);
      else collectTokenFields(x, into);
    }
  }
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
