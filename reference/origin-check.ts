// CSRF defence for POSTs, as better-auth does it: a browser attaches cookies to cross-site requests,
// so a POST that carries a Cookie header must come from a trusted Origin. A POST without cookies
// carries no ambient credential (a CLI sending a bearer token), so it needs no Origin; but an Origin
// it does send must be trusted, which also stops cross-site sign-in forms.
import type { IncomingHttpHeaders } from 'node:http';

export interface OriginRefusal {
  code: 'MISSING_OR_NULL_ORIGIN' | 'INVALID_ORIGIN';
  message: string;
}

/** Null when the POST may go on, else why it is refused (answered with 403). */
export function checkPostOrigin(headers: IncomingHttpHeaders, trustedOrigins: readonly string[]): OriginRefusal | null {
  const origin = headers.origin;
  const hasCookies = headers.cookie !== undefined && headers.cookie.trim() !== '';
  if (origin === undefined || origin === 'null') {
    if (!hasCookies) return null;
    return {
      code: 'MISSING_OR_NULL_ORIGIN',
      message: 'Missing or null Origin: a POST that carries cookies must send the Origin header of a trusted origin.',
    };
  }
  if (trustedOrigins.includes(origin)) return null;
  return {
    code: 'INVALID_ORIGIN',
    message: `Invalid origin: ${JSON.stringify(origin)} is not a trusted origin (trusted: ${trustedOrigins.join(', ')}).`,
  };
}
