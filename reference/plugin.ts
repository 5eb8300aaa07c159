// The two seams between the core and the bearer plugin. The core reads the session cookie, then asks
// the plugin which session token authenticates the request (request seam); after a route has
// answered, the plugin may add response headers (response seam). Without a plugin the cookie alone
// authenticates and responses go out as the core built them.
import type { IncomingHttpHeaders } from 'node:http';
import type { ResponseHeaders } from './messages.js';
import type { SchemaContribution } from './schema.js';

/** The session cookie of a request, as the core read it. */
export interface SessionCookieRead {
  /** A session cookie with a non-empty value was sent (an empty value counts as no cookie). */
  present: boolean;
  /** Its percent-decoded value, '' when absent. */
  value: string;
  /** The raw session token when the value's signature verifies with the server secret, else null. */
  token: string | null;
}

/** The session cookie a response sets or clears. */
export interface SessionCookieWrite {
  /** The decoded value `<token>.<signature>`; '' when clearing. */
  value: string;
  /** Max-Age in seconds: 0 clears the cookie; undefined makes a browser-session cookie. */
  maxAge: number | undefined;
}

/** What the request seam receives. */
export interface CredentialInput {
  headers: IncomingHttpHeaders;
  cookie: SessionCookieRead;
  requireSignature: boolean;
  /** The server secret, for variants that check signatures their own way (see sign.ts). */
  secret: string;
  /** The core's signature check with the server secret: the raw token of a signed value, or null. */
  verify(signed: string): string | null;
}

/** What the response seam receives. `headers` is the response's header list, to change in place. */
export interface ResponseInput {
  request: { method: string; path: string; headers: IncomingHttpHeaders };
  status: number;
  /** The session cookie this response sets or clears, null when it leaves the cookie alone. */
  sessionCookie: SessionCookieWrite | null;
  headers: ResponseHeaders;
}

export interface BearerPlugin {
  readonly id: string;
  /** Tables or fields the plugin adds to the schema description; the real bearer plugin adds none. */
  readonly schema?: SchemaContribution;
  /** Request seam: the raw session token that authenticates the request, or null for none. */
  selectToken(input: CredentialInput): string | null;
  /** Response seam: called once per response, just before it is written. */
  onResponse(input: ResponseInput): void;
}
