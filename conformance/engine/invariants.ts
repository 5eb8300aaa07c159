// Rules the runner checks on every response of every scenario, actor setup included, whatever the
// step expects: no server error, and the set-auth-token header and its CORS exposure (spec EMIT, CORS).
import { decodedValue, isLive, sessionCookieOf, setCookiesOf } from './cookies.js';
import { fieldValues, listMembers, type HttpRequest, type HttpResponse } from './http.js';
import type { Target } from '../model/target.js';
import type { Finding } from '../model/result.js';

export interface InvariantContext {
  target: Pick<Target, 'origin' | 'exposedHeaders'>;
  /** The session cookie name learned at sign-up; otherwise any `<prefix>.session_token` counts. */
  sessionCookieName?: string;
  now?: Date;
}

/** Every invariant the exchange breaks, in the fixed order of INTERPRETING.md section 11 (each is recorded). */
export function invariantFailures(req: HttpRequest, res: HttpResponse, ctx: InvariantContext): (Finding & { requirements: string[] })[] {
  const failures: (Finding & { requirements: string[] })[] = [];
  const fail = (name: string, requirement: string, message: string, expected?: unknown, actual?: unknown) =>
    failures.push({ check: `invariant:${name}`, requirements: [requirement], message, expected, actual });

  if (res.status >= 500) {
    fail('status-below-500', 'BEARER-SURF-7', `the server answered ${res.status}: no request of the suite may yield a server error`, '< 500', res.status);
  }

  const session = sessionCookieOf(setCookiesOf(res.headers), ctx.sessionCookieName);
  const live = session !== undefined && isLive(session, ctx.now);
  const tokens = fieldValues(res.headers, 'set-auth-token');
  if (live && tokens.length === 0) {
    fail('set-auth-token-with-live-cookie', 'BEARER-EMIT-1', `the response sets a live '${session.name}' cookie but carries no set-auth-token header`, decodedValue(session), 'no set-auth-token header');
  }
  if (live && tokens.length > 0 && tokens.some((t) => t !== decodedValue(session))) {
    fail('set-auth-token-equals-cookie', 'BEARER-EMIT-2', `set-auth-token differs from the percent-decoded value of the '${session.name}' cookie set by the same response`, decodedValue(session), tokens.length === 1 ? tokens[0] : tokens);
  }
  if (!live && tokens.length > 0) {
    const why = session ? `it clears the '${session.name}' cookie` : 'it sets no session cookie';
    fail('no-set-auth-token-without-live-cookie', 'BEARER-EMIT-3', `the response carries set-auth-token but ${why}`, 'no set-auth-token header', tokens.length === 1 ? tokens[0] : tokens);
  }

  // CORS is judged as a browser judges it (spec 1.1.0, section 11): only on the answer to a request
  // from the trusted origin, since no browser reads the answer to a request without Origin.
  const fromTrustedOrigin = fieldValues(req.headers, 'origin').some((o) => o.trim() === ctx.target.origin);
  if (tokens.length > 0 && fromTrustedOrigin) {
    const origin = ctx.target.origin;
    // A browser reads each of these as one value, its field lines joined, and compares it exactly.
    const allowOrigin = fieldValues(res.headers, 'access-control-allow-origin').join(', ');
    const allowCredentials = fieldValues(res.headers, 'access-control-allow-credentials').join(', ');
    const refusals = [
      ...(allowOrigin === origin ? [] : [`Access-Control-Allow-Origin is ${allowOrigin === '' ? 'missing' : JSON.stringify(allowOrigin)}, not ${origin}`]),
      ...(allowCredentials === 'true' ? [] : [`Access-Control-Allow-Credentials is ${allowCredentials === '' ? 'missing' : JSON.stringify(allowCredentials)}, not true`]),
    ];
    if (refusals.length) {
      fail('cors-allows-origin', 'BEARER-CORS-1', `credentialed browser code on ${origin} cannot read this response, nor its set-auth-token: ${refusals.join('; ')}`,
        { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' },
        { 'access-control-allow-origin': allowOrigin || null, 'access-control-allow-credentials': allowCredentials || null });
    }
    const exposed = listMembers(res.headers, 'access-control-expose-headers');
    const lower = exposed.map((n) => n.toLowerCase());
    if (!lower.includes('set-auth-token')) {
      fail('set-auth-token-exposed', 'BEARER-CORS-1', 'the response carries set-auth-token but Access-Control-Expose-Headers does not list it', 'a list containing set-auth-token', exposed);
    }
    const app = ctx.target.exposedHeaders ?? [];
    const dropped = app.filter((n) => !lower.includes(n.toLowerCase()));
    if (dropped.length) {
      fail('app-exposed-headers-kept', 'BEARER-CORS-2', `Access-Control-Expose-Headers drops the application's exposed ${dropped.length > 1 ? 'names' : 'name'} ${dropped.join(', ')}`, app, exposed);
    }
    const twice = [...new Set(lower.filter((n, i) => lower.indexOf(n) !== i))];
    if (twice.length) {
      fail('exposed-names-unique', 'BEARER-CORS-3', `Access-Control-Expose-Headers lists ${twice.join(', ')} more than once`, 'each name once', exposed);
    }
  }
  return failures;
}
