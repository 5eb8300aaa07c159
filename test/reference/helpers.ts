// Shared helpers of the reference server's end-to-end tests: an HTTP client that checks the spec's
// per-response invariants on every answer, actor sign-up, and a server that is always closed.
import { createHmac } from 'node:crypto';
import { request } from 'undici';
import { createReferenceServer, type ReferenceOptions, type ReferenceServer } from '../../reference/index.js';

export const ORIGIN = 'http://localhost:3000';
export const SECRET = 'reference-test-secret';
export const COOKIE_NAME = 'better-auth.session_token';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface CallInit {
  method?: string;
  /** Sent verbatim, duplicates allowed. */
  headers?: [string, string][];
  json?: unknown;
  body?: string;
  /** false for a server without the bearer plugin, where set-auth-token is expected to be missing. */
  bearerInvariants?: boolean;
}

/** One request; fails the test on a 5xx or when a set-auth-token invariant of the spec is broken. */
export async function call(url: string, init: CallInit = {}): Promise<Answer> {
  const headers: string[] = [];
  for (const [name, value] of init.headers ?? []) headers.push(name, value);
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers.push('content-type', 'application/json');
  }
  const res = await request(url, { method: (init.method ?? 'GET') as 'GET', headers, body });
  const text = await res.body.text();
  let json: any;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const answer: Answer = { status: res.statusCode, headers: res.headers, text, json };
  checkInvariants(answer, init.bearerInvariants ?? true);
  return answer;
}

function checkInvariants(answer: Answer, bearer: boolean): void {
  if (answer.status >= 500) throw new Error(`server error ${answer.status}: ${answer.text}`);
  const cookie = sessionCookie(answer);
  const live = cookie !== undefined && cookie.value !== '' && !/;\s*max-age=0/i.test(cookie.line);
  const token = header(answer, 'set-auth-token');
  if (!bearer) {
    if (token !== undefined) throw new Error('set-auth-token sent by a server without the bearer plugin');
    return;
  }
  if (live && token !== cookie.value) throw new Error(`live session cookie ${cookie.value} but set-auth-token ${String(token)}`);
  if (!live && token !== undefined) throw new Error(`set-auth-token ${token} without a live session cookie`);
  if (token !== undefined) {
    const exposed = exposedNames(answer);
    if (!exposed.some((n) => n.toLowerCase() === 'set-auth-token')) throw new Error('set-auth-token not exposed');
    if (new Set(exposed.map((n) => n.toLowerCase())).size !== exposed.length) throw new Error(`duplicate exposed names: ${exposed.join(', ')}`);
  }
}

/** All lines of a response header joined with ", ", or undefined. */
export function header(answer: Answer, name: string): string | undefined {
  const value = answer.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

export function exposedNames(answer: Answer): string[] {
  return (header(answer, 'access-control-expose-headers') ?? '').split(',').map((n) => n.trim()).filter(Boolean);
}

export function setCookieLines(answer: Answer): string[] {
  const value = answer.headers['set-cookie'];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The session cookie a response sets: its decoded value and the whole Set-Cookie line. */
export function sessionCookie(answer: Answer): { value: string; line: string } | undefined {
  const line = setCookieLines(answer).find((l) => l.startsWith(`${COOKIE_NAME}=`));
  if (line === undefined) return undefined;
  const raw = line.slice(COOKIE_NAME.length + 1).split(';')[0] ?? '';
  return { value: decodeURIComponent(raw), line };
}

/** The expected signature, computed here with node:crypto, independently of reference/sign.ts. */
export function expectedSignature(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('base64');
}

export interface Actor {
  name: string;
  email: string;
  password: string;
  userId: string;
  /** The raw session token of the JSON body. */
  token: string;
  /** The decoded session cookie value `<token>.<sig>`. */
  signed: string;
}

let counter = 0;

export async function signUp(base: string, name: string, init: Pick<CallInit, 'bearerInvariants'> = {}): Promise<Actor> {
  const email = `${name}-${process.pid}-${++counter}@conformance.test`;
  const password = `pw-${name}-${counter}-0123456789`;
  const res = await call(`${base}/sign-up/email`, {
    method: 'POST',
    headers: [['origin', ORIGIN]],
    json: { email, password, name },
    ...init,
  });
  if (res.status !== 200) throw new Error(`sign-up of ${name} answered ${res.status}: ${res.text}`);
  const cookie = sessionCookie(res);
  if (cookie === undefined) throw new Error('sign-up set no session cookie');
  return { name, email, password, userId: res.json.user.id, token: res.json.token, signed: cookie.value };
}

export const bearer = (value: string): [string, string] => ['authorization', `Bearer ${value}`];
export const cookieOf = (decoded: string): [string, string] => ['cookie', `${COOKIE_NAME}=${encodeURIComponent(decoded)}`];
export const origin = (value = ORIGIN): [string, string] => ['origin', value];

/** get-session as these headers see it: the signed-in user's email, or null; asserts 200. */
export async function whoIs(base: string, headers: [string, string][], init: Omit<CallInit, 'headers'> = {}): Promise<string | null> {
  const res = await call(`${base}/get-session`, { headers, ...init });
  if (res.status !== 200) throw new Error(`get-session answered ${res.status}: ${res.text}`);
  if (res.json === null) return null;
  if (res.json.user.id !== res.json.session.userId) throw new Error('get-session: session.userId differs from user.id');
  return res.json.user.email;
}

/** Runs `fn` against a fresh reference server (secret SECRET unless given) and always closes it. */
export async function withServer(options: ReferenceOptions, fn: (server: ReferenceServer) => Promise<void>): Promise<void> {
  const server = await createReferenceServer({ secret: SECRET, ...options });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}
