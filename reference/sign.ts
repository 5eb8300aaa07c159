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

/**
 * Speed only: verifySignedToken with one secret, remembering the signed values that verified: a live session's
 * credential arrives on every request, and its HMAC was the largest single cost of a get-session
 * (measured, npm run bench). The memory is keyed by the whole signed value, so it only answers for a
 * value the caller already holds in full; any other value is checked exactly as verifySignedToken
 * does, so the timing says nothing about tokens the caller does not have. Verification is pure (the
 * secret never changes), so a remembered answer never goes stale; whether the session still lives is
 * the store's question. A full memory starts over.
 */
export function createVerifier(secret: string, capacity = 10_000): (signed: string) => string | null {
  const verified = new Map<string, string>();
  return (signed) => {
    const known = verified.get(signed);
    if (known !== undefined) return known;
    const token = verifySignedToken(secret, signed);
    if (token !== null) {
      if (verified.size >= capacity) verified.clear();
      verified.set(signed, token);
    }
    return token;
  };
}
