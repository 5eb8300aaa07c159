// CSRF defence for POSTs: a browser attaches the session cookie to cross-site requests, so a POST
// that carries it must come from a trusted Origin. A POST without the session cookie carries no
// ambient credential (a CLI sending a bearer token), so it needs no Origin (BEARER-SURF-8); but an
// Origin it does send must be trusted, which also stops cross-site sign-in forms.
import type { IncomingHttpHeaders } from 'node:http';

export interface OriginRefusal {
  code: 'MISSING_OR_NULL_ORIGIN' | 'INVALID_ORIGIN';
  message: string;
}

/** Null when the POST may go on, else why it is refused (answered with 403). */
export function checkPostOrigin(
  headers: IncomingHttpHeaders,
  hasSessionCookie: boolean,
  trustedOrigins: readonly string[],
): OriginRefusal | null {
  const origin = headers.origin;
  if (origin === undefined || origin === 'null') {
    if (!hasSessionCookie) return null;
    return {
      code: 'MISSING_OR_NULL_ORIGIN',
      message: 'Missing or null Origin: a POST that carries the session cookie must send the Origin header of a trusted origin.',
    };
  }
  if (trustedOrigins.includes(origin)) return null;
  return {
    code: 'INVALID_ORIGIN',
    message: `Invalid origin: ${JSON.stringify(origin)} is not a trusted origin (trusted: ${trustedOrigins.join(', ')}).`,
  };
}
