// Set-Cookie parsing (RFC 6265 section 5.2, simplified to what the suite judges) and the live/cleared
// distinction that the set-auth-token rules and the `cookies` expectation depend on.

export interface SetCookie {
  name: string;
  /** The value as written on the wire (still percent-encoded). */
  value: string;
  /** Max-Age in seconds, when present and an integer. */
  maxAge?: number;
  /** Expires, when present and a valid date. */
  expires?: Date;
  path?: string;
  domain?: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: string;
  /** The whole field value. */
  raw: string;
}

/** Parses one Set-Cookie field value; undefined when it has no '=' or an empty name (ignored by browsers). */
export function parseSetCookie(line: string): SetCookie | undefined {
  const [pair = '', ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq < 0) return undefined;
  const name = pair.slice(0, eq).trim();
  if (!name) return undefined;
  // Kept verbatim, quotes included, as browsers do: set-auth-token is compared with exactly this.
  const value = pair.slice(eq + 1).trim();
  const cookie: SetCookie = { name, value, secure: false, httpOnly: false, raw: line };
  for (const attr of attrs) {
    const i = attr.indexOf('=');
    const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
    const val = i < 0 ? '' : attr.slice(i + 1).trim();
    if (key === 'max-age') {
      // RFC 6265: a Max-Age that is not an optional '-' followed by digits is ignored.
      if (/^-?[0-9]+$/.test(val)) cookie.maxAge = Number(val);
    } else if (key === 'expires') {
      const t = Date.parse(val);
      if (!Number.isNaN(t)) cookie.expires = new Date(t);
    } else if (key === 'path') cookie.path = val;
    else if (key === 'domain') cookie.domain = val;
    else if (key === 'secure') cookie.secure = true;
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'samesite') cookie.sameSite = val;
  }
  return cookie;
}

/**
 * Live: a browser would keep it. Non-empty value, and Max-Age > 0 when Max-Age is present (it wins
 * over Expires), else no Expires in the past. Every other Set-Cookie clears the cookie.
 */
export function isLive(cookie: SetCookie, now: Date = new Date()): boolean {
  if (cookie.value === '') return false;
  if (cookie.maxAge !== undefined) return cookie.maxAge > 0;
  if (cookie.expires !== undefined) return cookie.expires.getTime() > now.getTime();
  return true;
}

/**
 * The cookie's value percent-decoded (the raw value when it is not valid percent-encoding), without
 * the double quotes around it when it has them: RFC 6265 lets a cookie-value be quoted, and cookie
 * libraries that quote (Python's SimpleCookie) unquote on reading, so the quotes are not part of the
 * credential. How the value is written on the wire is judged apart (`encoded`, BEARER-SURF-6).
 */
export function decodedValue(cookie: SetCookie): string {
  const quoted = cookie.value.length >= 2 && cookie.value.startsWith('"') && cookie.value.endsWith('"');
  const value = quoted ? cookie.value.slice(1, -1) : cookie.value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** All Set-Cookie field lines of a response, parsed, in order. */
export function setCookiesOf(headers: [string, string][]): SetCookie[] {
  return headers
    .filter(([n]) => n.toLowerCase() === 'set-cookie')
    .map(([, v]) => parseSetCookie(v))
    .filter((c): c is SetCookie => c !== undefined);
}

/** The Set-Cookie that decides a cookie's fate: the last one of that name (as in a browser's jar). */
export function lastSetCookie(cookies: SetCookie[], name: string): SetCookie | undefined {
  for (let i = cookies.length - 1; i >= 0; i--) if (cookies[i]!.name === name) return cookies[i];
  return undefined;
}

/** better-auth names its session cookie `<prefix>.session_token` (`__Secure-` variant included). */
export function isSessionCookieName(name: string): boolean {
  return name === 'session_token' || name.endsWith('.session_token');
}

export const DEFAULT_SESSION_COOKIE = 'better-auth.session_token';

/** The session cookie a response sets, by the effective (last) Set-Cookie of the first such name. */
export function sessionCookieOf(cookies: SetCookie[], knownName?: string): SetCookie | undefined {
  const name = knownName ?? cookies.find((c) => isSessionCookieName(c.name))?.name;
  return name === undefined ? undefined : lastSetCookie(cookies, name);
}
