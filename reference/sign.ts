// better-auth's signed-cookie format: `<token>.<base64(HMAC-SHA256(secret, token))>`.
// The signature is standard base64 (alphabet `+/`) with `=` padding, always 44 characters.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature of `token`: standard base64 of HMAC-SHA256 keyed with the UTF-8 bytes of `secret`. */
export function signatureOf(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token, 'utf8').digest('base64');
}

/** The signed value `<token>.<signature>`, as the session cookie and set-auth-token carry it. */
export function signToken(secret: string, token: string): string {
  return `${token}.${signatureOf(secret, token)}`;
}

/**
 * Checks a signed value and returns the raw token it signs, or null.
 * The value splits at its first `.`; anything after it must be exactly the expected signature text,
 * so unpadded or base64url spellings are refused. The comparison is constant-time.
 */
export function verifySignedToken(secret: string, signed: string): string | null {
  const dot = signed.indexOf('.');
  if (dot <= 0) return null;
  const token = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1), 'utf8');
  const expected = Buffer.from(signatureOf(secret, token), 'utf8');
  // timingSafeEqual needs equal lengths; the expected length is public (always 44), so checking it first leaks nothing.
  if (given.length !== expected.length) return null;
  return timingSafeEqual(given, expected) ? token : null;
}
