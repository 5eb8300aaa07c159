// The bearer plugin: lets a client authenticate with `Authorization: Bearer <token>` instead of the
// session cookie, and hands out the token in a `set-auth-token` response header.
//
// The plugin is six small parts. `createBearerPlugin(overrides)` assembles them, so a variant can
// replace exactly one rule (parsing, decoding, signature checking, precedence, the header's value,
// the expose-header merge) and keep the others.
import { parseBearerAuthorization } from './authorization.js';
import type { BearerPlugin, CredentialInput, SessionCookieRead, SessionCookieWrite } from './plugin.js';
import type { SchemaContribution } from './schema.js';

export const SET_AUTH_TOKEN = 'set-auth-token';

export interface BearerParts {
  /** The token text of the Authorization header, or null when it holds no bearer token. */
  parseAuthorization(header: string | undefined): string | null;
  /** Undoes the Set-Cookie spelling (`%2B`, `%2F`, `%3D`); null when the encoding is malformed. */
  decodeToken(token: string): string | null;
  /** The raw session token a decoded bearer token authenticates as, or null. */
  verifyToken(token: string, input: CredentialInput): string | null;
  /** Which credential authenticates the request; `bearer()` runs the three parts above. */
  chooseCredential(cookie: SessionCookieRead, bearer: () => string | null): string | null;
  /** The set-auth-token value for a response that sets or clears `cookie`; null for no header. */
  tokenForResponse(cookie: SessionCookieWrite | null): string | null;
  /** Access-Control-Expose-Headers once `name` is added to `existing` (undefined: none yet). */
  mergeExposeHeaders(existing: string | undefined, name: string): string;
}

export const defaultBearerParts: BearerParts = {
  parseAuthorization: parseBearerAuthorization,

  decodeToken(token) {
    if (!token.includes('%')) return token;
    try {
      return decodeURIComponent(token);
    } catch {
      return null; // `%zz` or a lone `%`: not a credential
    }
  },

  // A token containing `.` is signed and must verify, whatever requireSignature says; in particular
  // a bad signature never falls back to the part before the dot. One without `.` is a raw session
  // token, accepted only when signatures are optional.
  verifyToken(token, input) {
    if (token.includes('.')) return input.verify(token);
    return input.requireSignature ? null : token;
  },

  // A non-empty session cookie decides alone, even when it does not verify or its session is gone:
  // the bearer is then ignored, and the request is unauthenticated.
  chooseCredential: (cookie, bearer) => (cookie.present ? cookie.token : bearer()),

  // Only a live cookie (non-empty, not Max-Age=0) is mirrored, with its decoded value.
  tokenForResponse: (cookie) => (cookie !== null && cookie.value !== '' && cookie.maxAge !== 0 ? cookie.value : null),

  // Keeps the application's names in their order and spelling, drops repeats, appends `name` once.
  mergeExposeHeaders(existing, name) {
    const names: string[] = [];
    const seen = new Set<string>();
    for (const candidate of [...(existing ?? '').split(','), name]) {
      const trimmed = candidate.trim();
      if (trimmed === '' || seen.has(trimmed.toLowerCase())) continue;
      seen.add(trimmed.toLowerCase());
      names.push(trimmed);
    }
    return names.join(', ');
  },
};

export interface BearerPluginOptions extends Partial<BearerParts> {
  id?: string;
  /** A schema contribution, for variants only: the bearer plugin itself adds no table and no field. */
  schema?: SchemaContribution;
}

export function createBearerPlugin(options: BearerPluginOptions = {}): BearerPlugin {
  const { id = 'bearer', schema, ...overrides } = options;
  const parts: BearerParts = { ...defaultBearerParts, ...overrides };
  return {
    id,
    schema,
    selectToken(input) {
      return parts.chooseCredential(input.cookie, () => {
        const text = parts.parseAuthorization(input.headers.authorization);
        const token = text === null ? null : parts.decodeToken(text);
        return token === null ? null : parts.verifyToken(token, input);
      });
    },
    onResponse({ sessionCookie, headers }) {
      const token = parts.tokenForResponse(sessionCookie);
      if (token === null) return;
      headers.set(SET_AUTH_TOKEN, token);
      headers.set('Access-Control-Expose-Headers', parts.mergeExposeHeaders(headers.get('access-control-expose-headers'), SET_AUTH_TOKEN));
    },
  };
}
