// The fuzzer's oracle: which session a request may authenticate as, by the spec's rules
// (spec/SPEC.md sections 6 to 9 and 16.1), written from the spec and independent of the reference's
// code. Where the spec leaves a point open (section 17: several Authorization headers, separators
// other than spaces, quoting, repeated cookies), every reading a conforming server could make is
// accepted, and the case is counted as lenient.

/** The credentials the fuzzer knows to be live: raw token and signed value -> session. */
export interface LiveSessions {
  byToken: ReadonlyMap<string, LiveSession>;
  bySigned: ReadonlyMap<string, LiveSession>;
}

export interface LiveSession {
  token: string;
  sessionId: string;
  userId: string;
}

export interface Expectation {
  /** Sessions the request may authenticate as; null stands for "not authenticated". */
  sessions: Set<LiveSession | null>;
  /** Whether the server may see a non-empty session cookie (for the POST origin check). */
  cookiePresent: Set<boolean>;
  /** Why the expectation accepts more than one reading; empty when the spec decides alone. */
  lenient: string[];
}

export const SESSION_COOKIE = 'better-auth.session_token';

/** node:http removes spaces and tabs around a field value before the application sees it. */
export const owsTrim = (v: string) => trimWhere(v, (c) => c === ' ' || c === '\t');

/** The trims a server might apply to "surrounding whitespace": spaces and tabs, JS trim, Python strip. */
function trims(v: string): string[] {
  return [...new Set([owsTrim(v), v.trim(), trimWhere(v, (c) => c === '\x85' || c.trim() === '')])];
}

// By index, not by regular expression: /[ \t]+$/ takes quadratic time on long runs of blanks, and
// the fuzzer sends values of tens of kilobytes.
function trimWhere(v: string, blank: (c: string) => boolean): string {
  let start = 0;
  let end = v.length;
  while (start < end && blank(v[start]!)) start++;
  while (end > start && blank(v[end - 1]!)) end--;
  return v.slice(start, end);
}

export function expectationFor(
  request: { headers: [string, string][] },
  live: LiveSessions,
  requireSignature: boolean,
): Expectation {
  const lenient: string[] = [];
  const field = (name: string) => request.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);

  const cookies = field('cookie');
  const cookie = cookieReadings(cookies.length ? cookies.join('; ') : undefined, live, lenient);
  const authorizations = field('authorization');

  const sessions = new Set<LiveSession | null>();
  const cookiePresent = new Set<boolean>();
  for (const reading of cookie) {
    cookiePresent.add(reading.present);
    if (reading.present) {
      // A non-empty session cookie decides alone (PREC-1, PREC-2).
      sessions.add(reading.session);
      continue;
    }
    for (const s of bearerReadings(authorizations, live, requireSignature, lenient)) sessions.add(s);
  }
  return { sessions, cookiePresent, lenient: [...new Set(lenient)] };
}

interface CookieReading {
  present: boolean;
  session: LiveSession | null;
}

function cookieReadings(header: string | undefined, live: LiveSessions, lenient: string[]): CookieReading[] {
  if (header === undefined) return [{ present: false, session: null }];
  const values: string[][] = []; // per session-cookie pair: its possible raw values
  for (const pair of owsTrim(header).split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const names = trims(pair.slice(0, eq));
    if (!names.includes(SESSION_COOKIE)) continue;
    if (names.length > 1 && names.some((n) => n !== SESSION_COOKIE)) lenient.push('whitespace around a cookie name');
    let raws = trims(pair.slice(eq + 1));
    if (raws.length > 1) lenient.push('whitespace around a cookie value');
    if (raws.some((r) => r.length >= 2 && r.startsWith('"') && r.endsWith('"'))) {
      // RFC 6265 allows a quoted cookie-value; whether the quotes belong to the value is open.
      lenient.push('quoted cookie value');
      raws = [...raws, ...raws.map((r) => (r.length >= 2 && r.startsWith('"') && r.endsWith('"') ? r.slice(1, -1) : r))];
    }
    values.push([...new Set(raws)]);
  }
  if (values.length === 0) return [{ present: false, session: null }];
  if (values.length > 1) lenient.push('several session cookies');
  const readings: CookieReading[] = [];
  for (const raws of values) {
    for (const raw of raws) {
      const decoded = percentDecode(raw) ?? raw; // undecodable: kept, and it cannot verify
      readings.push(decoded === '' ? { present: false, session: null } : { present: true, session: signedSession(decoded, live) });
    }
  }
  return readings;
}

function bearerReadings(fields: string[], live: LiveSessions, requireSignature: boolean, lenient: string[]): (LiveSession | null)[] {
  if (fields.length === 0) return [null];
  if (fields.length > 1) {
    // Several Authorization headers: open (section 17); none, any one of them, or the joined list.
    lenient.push('several Authorization headers');
    return [null, ...fields.flatMap((f) => bearerOf(f, live, requireSignature, lenient)), ...bearerOf(fields.join(', '), live, requireSignature, lenient)];
  }
  return bearerOf(fields[0]!, live, requireSignature, lenient);
}

/** PARSE-1..5: scheme `bearer` in any case, then one or more spaces, then the trimmed token. */
function bearerOf(field: string, live: LiveSessions, requireSignature: boolean, lenient: string[]): (LiveSession | null)[] {
  const value = owsTrim(field);
  const strict = /^bearer( +)([\s\S]*)$/i.exec(value);
  if (!strict) {
    if (/^bearer[ \t\xa0\x85]+\S/i.test(value)) {
      // A tab (or another blank) between scheme and token: open (section 17).
      lenient.push('separator other than spaces');
      return [null, ...trims(value.replace(/^bearer/i, '')).flatMap((t) => tokenOf(t, live, requireSignature))];
    }
    return [null];
  }
  const tokens = trims(strict[2]!);
  if (tokens.length > 1) lenient.push('whitespace other than spaces and tabs around the token');
  return tokens.flatMap((t) => tokenOf(t, live, requireSignature));
}

/** SPELL, SIG: decode the percent-encoded spelling, then a `.` makes the token signed. */
function tokenOf(token: string, live: LiveSessions, requireSignature: boolean): (LiveSession | null)[] {
  if (token === '') return [null];
  let t = token;
  if (t.includes('%')) {
    const decoded = percentDecode(t);
    if (decoded === null) return [null];
    t = decoded;
  }
  if (t.includes('.')) return [signedSession(t, live)];
  if (requireSignature) return [null];
  return [live.byToken.get(t) ?? null];
}

/** A signed value authenticates only when it is exactly the signed value of a live session. */
function signedSession(value: string, live: LiveSessions): LiveSession | null {
  return live.bySigned.get(value) ?? null;
}

function percentDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
