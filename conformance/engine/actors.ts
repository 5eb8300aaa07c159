// Actors: users a scenario signs up fresh before its first step, so scenarios never share state.
// The sign-up response also tells the runner the session cookie's name and the actor's tokens.
import { randomBytes } from 'node:crypto';
import { decodedValue, isLive, isSessionCookieName, lastSetCookie, setCookiesOf } from './cookies.js';
import type { HttpRequest, HttpResponse } from './http.js';
import type { Target } from '../model/target.js';

export interface Actor {
  name: string;
  email: string;
  password: string;
  userId: string;
  /** The raw session token of the sign-up body. */
  token: string;
  /** The decoded value of the session cookie set by sign-up: <token>.<sig>. */
  signed: string;
}

export interface Credentials {
  name: string;
  email: string;
  password: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Bytes below this map uniformly onto the alphabet (byte % 62); the others are dropped. */
const UNBIASED_BELOW = 256 - (256 % ALPHABET.length);

/** Fresh credentials: a unique lowercase email and a random 20-character password. */
export function newCredentials(name: string): Credentials {
  // A few buffers of random bytes rather than a crypto call per character, which cost more than
  // the rest of actor setup.
  let password = '';
  while (password.length < 20) {
    for (const b of randomBytes(32)) if (b < UNBIASED_BELOW && password.length < 20) password += ALPHABET[b % ALPHABET.length];
  }
  return { name, email: `${name}-${randomBytes(8).toString('hex')}@conformance.test`, password };
}

export function signUpRequest(target: Target, c: Credentials): HttpRequest {
  return {
    method: 'POST',
    url: `${target.url.replace(/\/+$/, '')}/sign-up/email`,
    headers: [
      ['origin', target.origin],
      ['content-type', 'application/json'],
    ],
    body: JSON.stringify({ email: c.email, password: c.password, name: c.name }),
  };
}

export interface SetupProblem {
  requirements: string[];
  message: string;
  expected?: unknown;
  actual?: unknown;
}

export type SignUpOutcome = { ok: true; actor: Actor; cookieName: string } | { ok: false; problem: SetupProblem };

/** Judges a sign-up response (BEARER-SURF-1, BEARER-SURF-6) and extracts the actor from it. */
export function actorFromSignUp(c: Credentials, res: HttpResponse): SignUpOutcome {
  const fail = (requirements: string[], message: string, expected?: unknown, actual?: unknown): SignUpOutcome => ({
    ok: false,
    problem: { requirements, message: `signing up ${c.name}: ${message}`, expected, actual },
  });
  if (res.status !== 200) return fail(['BEARER-SURF-1'], `the server answered ${res.status}, not 200`, 200, res.status);
  let body: { token?: unknown; user?: { id?: unknown } } | null;
  try {
    body = JSON.parse(res.body);
  } catch {
    return fail(['BEARER-SURF-1'], 'the body is not JSON', '{token, user}', excerpt(res.body));
  }
  if (typeof body?.token !== 'string' || body.token === '') {
    return fail(['BEARER-SURF-1'], "the body has no string 'token' (the raw session token)", '{token: string, user}', body);
  }
  if (typeof body.user?.id !== 'string' && typeof body.user?.id !== 'number') {
    return fail(['BEARER-SURF-1'], "the body has no 'user.id'", '{token, user: {id, ...}}', body);
  }
  const cookies = setCookiesOf(res.headers);
  const name = cookies.find((k) => isSessionCookieName(k.name))?.name;
  const session = name === undefined ? undefined : lastSetCookie(cookies, name);
  if (!session || !isLive(session)) {
    return fail(
      ['BEARER-SURF-1', 'BEARER-SURF-6'],
      'the response sets no live session cookie (a cookie named better-auth.session_token or <prefix>.session_token)',
      'Set-Cookie: better-auth.session_token=<token>.<sig>; ...',
      cookies.map((k) => k.raw),
    );
  }
  const signed = decodedValue(session);
  if (signed.split('.')[0] !== body.token || !signed.includes('.')) {
    return fail(
      ['BEARER-SURF-6'],
      `the session cookie's value is not <token>.<sig> for the body's token`,
      `${body.token}.<sig>`,
      signed,
    );
  }
  return {
    ok: true,
    cookieName: session.name,
    actor: { name: c.name, email: c.email, password: c.password, userId: String(body.user.id), token: body.token, signed },
  };
}

/** The template variables of an actor: ${alice.email} and so on. */
export function actorVariable(actor: Actor, field: string): string | undefined {
  switch (field) {
    case 'email':
      return actor.email;
    case 'password':
      return actor.password;
    case 'name':
      return actor.name;
    case 'user_id':
      return actor.userId;
    case 'token':
      return actor.token;
    case 'signed':
      return actor.signed;
    default:
      return undefined;
  }
}

export function excerpt(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}... (${text.length} characters)` : text;
}
