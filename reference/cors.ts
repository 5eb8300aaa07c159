// CORS for trusted origins. Only a request whose Origin is trusted gets CORS headers; the
// application-level exposed names (option exposeHeaders) go out on every such response.
import type { IncomingHttpHeaders } from 'node:http';

/** The request's Origin when it is one of the trusted origins, else null. */
export function trustedOriginOf(headers: IncomingHttpHeaders, trustedOrigins: readonly string[]): string | null {
  const origin = headers.origin;
  return origin !== undefined && trustedOrigins.includes(origin) ? origin : null;
}

/** Headers for any response to a trusted origin. */
export function corsHeaders(origin: string, exposeHeaders: readonly string[]): [string, string][] {
  const headers: [string, string][] = [
    ['Access-Control-Allow-Origin', origin],
    ['Access-Control-Allow-Credentials', 'true'],
    ['Vary', 'Origin'],
  ];
  if (exposeHeaders.length > 0) headers.push(['Access-Control-Expose-Headers', exposeHeaders.join(', ')]);
  return headers;
}

/** Extra headers of a preflight answer to a trusted origin. */
export function preflightHeaders(methods: readonly string[]): [string, string][] {
  return [
    ['Access-Control-Allow-Methods', methods.join(', ')],
    // The bearer needs `authorization`; JSON bodies need `content-type`.
    ['Access-Control-Allow-Headers', 'authorization, content-type'],
    ['Access-Control-Max-Age', '600'],
  ];
}
