// The endpoints, as better-auth 1.7 shapes them. Each handler gets the request already
// authenticated (or not) by the core and returns a status, a JSON body and, when the session
// cookie changes, the cookie to set or clear. It never writes headers itself.
import type { AuthRequest } from './messages.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { SessionCookieRead, SessionCookieWrite } from './plugin.js';
import type { SchemaDescription } from './schema.js';
import { signToken } from './sign.js';
import type { MemoryStore, Session, User } from './store.js';

export interface RouteContext {
  request: AuthRequest;
  /** The parsed JSON body of a POST; undefined when empty or on GET. */
  body: unknown;
  /** The authenticated session and its user, or null. */
  auth: { session: Session; user: User } | null;
  /** The session cookie as sent, whatever authenticated the request. */
  cookie: SessionCookieRead;
}

export interface RouteResult {
  status: number;
  /** The JSON body; undefined for an empty body (null is the JSON literal null). */
  json?: unknown;
  /** The session cookie to set (live value) or clear (value '', maxAge 0). */
  sessionCookie?: SessionCookieWrite;
  headers?: [string, string][];
}

export interface Route {
  method: 'GET' | 'POST';
  handle(context: RouteContext): RouteResult | Promise<RouteResult>;
}

export interface RouteDependencies {
  store: MemoryStore;
  secret: string;
  sessionExpiresIn: number;
  schema: SchemaDescription;
  passwordHashCost: number;
}

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

/** Endpoint paths relative to the base path. */
export function createRoutes(deps: RouteDependencies): Map<string, Route> {
  const { store, secret, passwordHashCost } = deps;

  const liveCookie = (session: Session): SessionCookieWrite => ({
    value: signToken(secret, session.token),
    maxAge: deps.sessionExpiresIn,
  });
  const clearedCookie: SessionCookieWrite = { value: '', maxAge: 0 };
  const clientOf = (request: AuthRequest) => ({
    ipAddress: request.remoteAddress,
    userAgent: request.headers['user-agent'] ?? null,
  });

  return new Map<string, Route>([
    ['/sign-up/email', {
      method: 'POST',
      async handle({ request, body }) {
        if (!isObject(body)) return bodyMustBeObject('email, password and name');
        const { email, password, name, image } = body;
        if (!isEmail(email)) return error(400, 'INVALID_EMAIL', 'Invalid email: give an address such as alice@example.com.');
        if (typeof password !== 'string') return error(400, 'INVALID_PASSWORD', 'Invalid password: password must be a string.');
        if (password.length < MIN_PASSWORD_LENGTH) return error(400, 'PASSWORD_TOO_SHORT', `Password too short: use at least ${MIN_PASSWORD_LENGTH} characters.`);
        if (password.length > MAX_PASSWORD_LENGTH) return error(400, 'PASSWORD_TOO_LONG', `Password too long: use at most ${MAX_PASSWORD_LENGTH} characters.`);
        if (typeof name !== 'string') return error(400, 'VALIDATION_ERROR', 'name is required and must be a string.');
        if (image !== undefined && image !== null && typeof image !== 'string') return error(400, 'VALIDATION_ERROR', 'image must be a string when given.');
        // Hash first, then check and insert with no await in between, so two concurrent sign-ups
        // with one email cannot both succeed.
        const passwordHash = await hashPassword(password, passwordHashCost);
        if (store.findUserByEmail(email) !== null) {
          return error(422, 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL', 'User already exists. Use another email.');
        }
        const user = store.createUser({ name, email, image: image ?? null });
        store.linkCredentialAccount(user.id, passwordHash);
        const session = store.createSession(user.id, clientOf(request));
        return { status: 200, json: { token: session.token, user: userJson(user) }, sessionCookie: liveCookie(session) };
      },
    }],

    ['/sign-in/email', {
      method: 'POST',
      async handle({ request, body }) {
        if (!isObject(body)) return bodyMustBeObject('email and password');
        const { email, password } = body;
        if (!isEmail(email)) return error(400, 'INVALID_EMAIL', 'Invalid email: give an address such as alice@example.com.');
        if (typeof password !== 'string') return error(400, 'VALIDATION_ERROR', 'password is required and must be a string.');
        // rememberMe is accepted and ignored: every session cookie here is persistent.
        const user = store.findUserByEmail(email);
        const account = user === null ? null : store.findCredentialAccount(user.id);
        if (user === null || account === null || account.password === null) {
          await hashPassword(password, passwordHashCost); // costs the same time as a wrong password, so emails cannot be probed
          return invalidCredentials();
        }
        if (!(await verifyPassword(account.password, password, passwordHashCost))) return invalidCredentials();
        const session = store.createSession(user.id, clientOf(request));
        return { status: 200, json: { redirect: false, token: session.token, user: userJson(user) }, sessionCookie: liveCookie(session) };
      },
    }],

    ['/get-session', {
      method: 'GET',
      handle({ auth, cookie }) {
        if (auth === null) {
          // A correctly signed cookie whose session is gone is cleared, as better-auth does.
          const stale = cookie.token !== null && store.findSession(cookie.token) === null;
          return stale ? { status: 200, json: null, sessionCookie: clearedCookie } : { status: 200, json: null };
        }
        const refreshed = store.refreshIfDue(auth.session);
        const json = { session: sessionJson(auth.session), user: userJson(auth.user) };
        return refreshed === null ? { status: 200, json } : { status: 200, json, sessionCookie: liveCookie(refreshed) };
      },
    }],

    ['/list-sessions', {
      method: 'GET',
      handle({ auth }) {
        if (auth === null) return error(401, 'UNAUTHORIZED', 'Unauthorized');
        return { status: 200, json: store.listSessions(auth.user.id).map(sessionJson) };
      },
    }],

    ['/sign-out', {
      method: 'POST',
      handle({ auth }) {
        // Without a session there is nothing to delete; the answer is the same, as in better-auth.
        if (auth !== null) store.deleteSession(auth.session.token);
        return { status: 200, json: { success: true }, sessionCookie: clearedCookie };
      },
    }],

    ['/schema', {
      method: 'GET',
      handle: () => ({ status: 200, json: deps.schema }),
    }],
  ]);
}

export function error(status: number, code: string, message: string): RouteResult {
  return { status, json: { message, code } };
}

function invalidCredentials(): RouteResult {
  return error(401, 'INVALID_EMAIL_OR_PASSWORD', 'Invalid email or password');
}

function bodyMustBeObject(fields: string): RouteResult {
  return error(400, 'BODY_MUST_BE_AN_OBJECT', `The request body must be a JSON object with ${fields}.`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmail(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

// Explicit field lists: the wire shape is visible here, and nothing internal leaks.
function userJson(user: User) {
  const { id, name, email, emailVerified, image, createdAt, updatedAt } = user;
  return { id, name, email, emailVerified, image, createdAt: iso(createdAt), updatedAt: iso(updatedAt) };
}

function sessionJson(session: Session) {
  const { id, expiresAt, token, createdAt, updatedAt, ipAddress, userAgent, userId } = session;
  return { id, expiresAt: iso(expiresAt), token, createdAt: iso(createdAt), updatedAt: iso(updatedAt), ipAddress, userAgent, userId };
}

// Speed only: Date#toJSON was a fifth of a get-session's CPU (measured, npm run bench); rows replace their
// Dates rather than mutate them, so each Date's text can be kept.
const isoText = new WeakMap<Date, string>();
function iso(date: Date): string {
  let text = isoText.get(date);
  if (text === undefined) isoText.set(date, (text = date.toISOString()));
  return text;
}
