// Parsing the Authorization request header for the Bearer scheme.

const SCHEME = 'bearer ';

/**
 * The token of an `Authorization: Bearer <token>` header, or null when the header is absent, uses
 * another scheme (`Basic`, `Token`, ...) or carries no token. The scheme matches case-insensitively
 * (RFC 9110 section 11.1); one or more spaces may separate it from the token, and the token is trimmed.
 */
export function parseBearerAuthorization(header: string | undefined): string | null {
  if (header === undefined) return null;
  if (header.slice(0, SCHEME.length).toLowerCase() !== SCHEME) return null;
  const token = header.slice(SCHEME.length).trim();
  return token === '' ? null : token;
}
