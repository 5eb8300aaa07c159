// Actors: users a scenario signs up before its first step. Setting one up is observation, not
// judgement (INTERPRETING.md 18.1): the runner reads the session credential and the user's identity
// from whatever the answer carries; the SURF scenarios judge the exact shapes.
import { randomBytes } from 'node:crypto';
import { decodedValue, DEFAULT_SESSION_COOKIE, isLive, isSessionCookieName, lastSetCookie, setCookiesOf, type SetCookie } from './cookies.js';
import type { HttpRequest, HttpResponse } from './http.js';
import { seededBytes } from './random.js';
import type { Target } from '../model/target.js';

export interface Actor {
  name: string;
  email: string;
  password: string;
  /** user.id of the sign-up answer (else session.userId); unknown when it carries neither. */
  userId?: string;
  /** The raw session token: the body's `token`, else the part of `signed` before its first dot. */
  token: string;
  /** The signed value of the actor's session: <token>.<sig>, as the cookie or set-auth-token carried it. */
  signed: string;
  /** The name of the session cookie it came from (the default name when it came from set-auth-token). */
  cookieName: string;
}

export interface Credentials {
  name: string;
  email: string;
  password: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Bytes below this map uniformly onto the alphabet (byte % 62); the others are dropped. */
const UNBIASED_BELOW = 256 - (256 % ALPHABET.length);

/**
 * Credentials: a unique lowercase email and a 20-character password. With a seed they derive from
 * the seed and `label` alone (INTERPRETING.md 18.4), so a run repeated with its seed uses the same names.
 */
export function newCredentials(name: string, seed?: { seed: string; label: string }): Credentials {
  const bytes = (n: number, round: number) => (seed ? seededBytes(seed.seed, `${seed.label}\u0000${round}`, n) : randomBytes(n));
  let password = '';
  for (let round = 1; password.length < 20; round++) {
    for (const b of bytes(32, round)) if (b < UNBIASED_BELOW && password.length < 20) password += ALPHABET[b % ALPHABET.length];
  }
  return { name, email: `${name}-${bytes(8, 0).toString('hex')}@conformance.test`, password };
}

const base = (target: Target) => target.url.replace(/\/+$/, '');

export function signUpRequest(target: Target, c: Credentials): HttpRequest {
  return {
    method: 'POST',
    url: `${base(target)}/sign-up/email`,
    headers: [
      ['origin', target.origin],
      ['content-type', 'application/json'],
    ],
    body: JSON.stringify({ email: c.email, password: c.password, name: c.name }),
  };
}

export function signInRequest(target: Target, c: Credentials): HttpRequest {
  return {
    method: 'POST',
    url: `${base(target)}/sign-in/email`,
    headers: [
      ['origin', target.origin],
      ['content-type', 'application/json'],
    ],
    body: JSON.stringify({ email: c.email, password: c.password }),
  };
}

/** Signing a session out through its cookie, as a browser on the trusted origin does. */
export function signOutRequest(target: Target, cookieName: string, signed: string): HttpRequest {
  return {
    method: 'POST',
    url: `${base(target)}/sign-out`,
    headers: [
      ['origin', target.origin],
      ['cookie', `${cookieName}=${encodeURIComponent(signed)}`],
    ],
  };
}

/** Reading a session through its cookie: does it still authenticate? (INTERPRETING.md 18.3) */
export function getSessionRequest(target: Target, cookieName: string, signed: string): HttpRequest {
  return {
    method: 'GET',
    url: `${base(target)}/get-session`,
    headers: [['cookie', `${cookieName}=${encodeURIComponent(signed)}`]],
  };
}

/** The session an answer that signs a user in carries, read tolerantly. */
export interface IssuedSession {
  signed: string;
  token: string;
  userId?: string;
  cookieName: string;
}

/**
 * Reads the session a sign-up or sign-in answer issued: the signed value from the live session cookie,
 * else set-auth-token; the raw token from the body, else from the signed value; the user id from
 * user.id, else session.userId. A string is the sentence saying why nothing usable came back.
 */
export function issuedSession(res: HttpResponse, knownCookieName?: string): IssuedSession | string {
  if (res.status !== 200) return `the server answered ${res.status}, not 200`;
  let body: { token?: unknown; user?: { id?: unknown }; session?: { userId?: unknown } } | null = null;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = null;
  }
  const cookies = setCookiesOf(res.headers);
  const header = res.headers.find(([n]) => n.toLowerCase() === 'set-auth-token')?.[1];
  const bodyToken = typeof body?.token === 'string' && body.token !== '' ? body.token : undefined;
  // The session cookie is the one that carries the session's signed value, whatever the server names
  // it (SPEC.md section 3): <token>.<sig> for the body's token, else set-auth-token's value.
  // better-auth's naming (*.session_token) is only the fallback.
  const carriesSession = (k: SetCookie) =>
    isLive(k) && (bodyToken !== undefined ? decodedValue(k).startsWith(`${bodyToken}.`) : header !== undefined && decodedValue(k) === header.trim());
  const name = knownCookieName ?? [...cookies].reverse().find(carriesSession)?.name ?? cookies.find((k) => isSessionCookieName(k.name))?.name;
  const cookie = name === undefined ? undefined : lastSetCookie(cookies, name);
  let signed: string;
  let cookieName: string;
  if (cookie && isLive(cookie)) {
    signed = decodedValue(cookie);
    cookieName = cookie.name;
  } else if (header) {
    signed = header.trim();
    cookieName = knownCookieName ?? DEFAULT_SESSION_COOKIE;
  } else {
    return 'the answer carries no session credential: no live session cookie and no set-auth-token';
  }
  const dot = signed.indexOf('.');
  const token = bodyToken ?? (dot < 0 ? signed : signed.slice(0, dot));
  const id = body?.user?.id ?? body?.session?.userId;
  return { signed, token, cookieName, ...(typeof id === 'string' || typeof id === 'number' ? { userId: String(id) } : {}) };
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
