// Reading the Cookie request header and writing Set-Cookie lines for the session cookie.

/** better-auth's session cookie name (servers with secure cookies prefix it with `__Secure-`). */
export const SESSION_COOKIE = 'better-auth.session_token';

/**
 * Percent-decodes a value; a malformed encoding (`%zz`, a lone `%`) is kept as it is, so a junk
 * credential simply fails to verify instead of throwing.
 */
export function percentDecodeOrKeep(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The cookies of a Cookie header as name -> raw (still encoded) value. When a name repeats, the first
 * one wins, as RFC 6265 section 5.4 orders the more specific cookie first.
 */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name !== '' && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/** The percent-decoded value of cookie `name`, or undefined when the header does not carry it. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  const raw = parseCookieHeader(header).get(name);
  return raw === undefined ? undefined : percentDecodeOrKeep(raw);
}

/**
 * A Set-Cookie line in better-auth's attribute order. `maxAge` 0 clears the cookie; undefined makes a
 * browser-session cookie. The value is percent-encoded (`+` -> %2B, `/` -> %2F, `=` -> %3D).
 */
export function serializeCookie(name: string, value: string, maxAge: number | undefined): string {
  const parts = [`${name}=${encodeURIComponent(value)}`];
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  parts.push('Path=/', 'HttpOnly', 'SameSite=Lax');
  return parts.join('; ');
}
