// Test doubles for the engine: scenario fixtures written to a temp dir, and a small node:http stub of
// the endpoints the runner talks to, correct enough to pass and breakable one rule at a time.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Target } from '../../conformance/model/target.js';
import { loadScenarios, type LoadedScenario } from '../../conformance/suite/load.js';

/** Writes `files` (name -> YAML text) into a fresh temp directory and returns its path. */
export function writeFixtures(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bearer-test-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Loads YAML scenario text, failing loudly if it does not load cleanly. */
export async function scenariosFrom(yaml: string): Promise<LoadedScenario[]> {
  const dir = writeFixtures({ 'fixture.yaml': yaml });
  const { scenarios, errors } = await loadScenarios([dir]);
  if (errors.length) throw new Error(`fixture does not load: ${JSON.stringify(errors)}`);
  return scenarios;
}

export const SECRET = 'stub-secret-0123456789abcdefghij';
export const ORIGIN = 'http://localhost:3000';
export const COOKIE = 'better-auth.session_token';

export interface StubFaults {
  /** The bearer beats the cookie (breaks BEARER-PREC-1). */
  bearerWins?: boolean;
  /** Never sends set-auth-token (breaks BEARER-EMIT-1). */
  noSetAuthToken?: boolean;
  /** Answers 500 to a bearer it cannot parse (breaks BEARER-SURF-7). */
  crashOnJunk?: boolean;
  /** Lists set-auth-token twice in Access-Control-Expose-Headers (breaks BEARER-CORS-3). */
  duplicateExpose?: boolean;
  /** Never answers (a hanging server). */
  hang?: boolean;
  /** Sends the headers of get-session and part of its body, then stalls. */
  stallBody?: boolean;
  /** Closes the connection without answering. */
  reset?: boolean;
  /** The schema description at {base}/schema lists an extra field on user (breaks BEARER-SCHEMA-1). */
  schemaExtraField?: boolean;
  /** Answers GET /get-session after this many milliseconds. */
  delayMs?: number;
  /**
   * Issues signatures with any characters, as real servers do. By default the stub issues only
   * signatures without + and /, so the runner never needs to sign in again for token characters and
   * a test sees one sign-up per actor.
   */
  anySignature?: boolean;
  /** Issues its first N session tokens with digits only: no letter the `accent` filter can change. */
  digitTokensFirst?: number;
  /** Answers the first N requests with 429 and `Retry-After: 0` (a limiter the runner must wait out). */
  throttleFirst?: number;
  /** Sign-out ends nothing (a stateless logout), or every session of the user (breaks BEARER-SURF-5). */
  signOut?: 'nothing' | 'everywhere';
  /** Shaped differently: sign-up answers {user} only, anonymous get-session an empty body, sessions have no userId. */
  shaped?: boolean;
}

export interface Stub {
  url: string;
  target(overrides?: Partial<Target>): Target;
  /** Every request the stub received, raw header lines included. */
  requests: { method: string; url: string; rawHeaders: string[]; body: string }[];
  /** The most requests the stub was serving at the same moment. */
  peakInFlight(): number;
  close(): Promise<void>;
}

const sign = (token: string) => `${token}.${createHmac('sha256', SECRET).update(token).digest('base64')}`;

export async function startStub(faults: StubFaults = {}): Promise<Stub> {
  const users = new Map<string, { id: string; email: string; name: string }>();
  const passwords = new Map<string, { id: string; password: string }>();
  const sessions = new Map<string, { id: string; userId: string; token: string }>();
  const requests: Stub['requests'] = [];

  const resolve = (value: string | undefined) => {
    if (!value) return undefined;
    const dot = value.indexOf('.');
    if (dot >= 0 && sign(value.slice(0, dot)) !== value) return undefined;
    return sessions.get(dot >= 0 ? value.slice(0, dot) : value);
  };
  const fromCookie = (req: IncomingMessage) => {
    const m = /(?:^|;\s*)better-auth\.session_token=([^;]*)/.exec(req.headers.cookie ?? '');
    return m ? decodeURIComponent(m[1]!) : undefined;
  };
  const fromBearer = (req: IncomingMessage) => {
    const m = /^bearer +(.+)$/i.exec((req.headers.authorization ?? '').trim());
    if (!m) return undefined;
    return m[1]!.includes('%') ? decodeURIComponent(m[1]!) : m[1];
  };
  const sessionOf = (req: IncomingMessage) => {
    const cookie = fromCookie(req);
    const bearer = fromBearer(req);
    if (faults.bearerWins && bearer) return resolve(bearer);
    return cookie ? resolve(cookie) : resolve(bearer);
  };
  let issuedTokens = 0;
  const newSession = (userId: string) => {
    let token: string;
    const digitsOnly = issuedTokens++ < (faults.digitTokensFirst ?? 0);
    do token = digitsOnly ? BigInt(`0x${randomBytes(16).toString('hex')}`).toString().padStart(40, '0').slice(0, 32) : randomBytes(16).toString('hex');
    while (!faults.anySignature && /[+/]/.test(sign(token)));
    const session = { id: randomBytes(8).toString('hex'), userId, token };
    sessions.set(session.token, session);
    return session;
  };
  const issue = (res: ServerResponse, session: { token: string }) => {
    const signed = sign(session.token);
    res.setHeader('set-cookie', `${COOKIE}=${encodeURIComponent(signed)}; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax`);
    if (!faults.noSetAuthToken) {
      res.setHeader('set-auth-token', signed);
      res.setHeader('access-control-expose-headers', faults.duplicateExpose ? 'set-auth-token, Set-Auth-Token' : 'set-auth-token');
      // Any Origin is trusted here: the answer lets credentialed browser code read it (BEARER-CORS-1).
      const origin = res.req.headers.origin;
      if (origin !== undefined) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-allow-credentials', 'true');
      }
    }
  };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };

  let inFlight = 0;
  let peak = 0;
  const server: Server = createServer((req, res) => {
    peak = Math.max(peak, ++inFlight);
    res.on('close', () => inFlight--);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body });
      if (faults.hang) return;
      if (faults.throttleFirst && requests.length <= faults.throttleFirst) {
        res.setHeader('retry-after', '0');
        return json(res, 429, { message: 'Too many requests' });
      }
      if (faults.reset) return void req.socket.destroy();
      const path = (req.url ?? '').replace(/\?.*$/, '');
      if (faults.crashOnJunk && req.headers.authorization && !resolve(fromBearer(req))) return json(res, 500, { message: 'boom' });
      if (req.method === 'POST' && path === '/api/auth/sign-up/email') {
        const { email, name, password } = JSON.parse(body) as { email: string; name: string; password: string };
        const user = { id: randomBytes(8).toString('hex'), email, name };
        users.set(user.id, user);
        passwords.set(email, { id: user.id, password });
        const session = newSession(user.id);
        issue(res, session);
        return json(res, 200, faults.shaped ? { user } : { token: session.token, user });
      }
      if (req.method === 'POST' && path === '/api/auth/sign-in/email') {
        const { email, password } = JSON.parse(body) as { email: string; password: string };
        const known = passwords.get(email);
        if (!known || known.password !== password) return json(res, 401, { message: 'Invalid email or password', code: 'INVALID_EMAIL_OR_PASSWORD' });
        const session = newSession(known.id);
        issue(res, session);
        return json(res, 200, { redirect: false, token: session.token, user: users.get(known.id) });
      }
      const session = sessionOf(req);
      if (req.method === 'GET' && path === '/api/auth/get-session') {
        if (faults.stallBody) {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          return void res.write('{"ses');
        }
        const shown = session && faults.shaped ? { id: session.id, token: session.token } : session;
        const answer = () => (faults.shaped && !session ? void res.end() : json(res, 200, session ? { session: shown, user: users.get(session.userId) } : null));
        return faults.delayMs ? void setTimeout(answer, faults.delayMs) : answer();
      }
      if (req.method === 'GET' && path === '/api/auth/schema') {
        return json(res, 200, { tables: { user: { fields: ['id', 'email', ...(faults.schemaExtraField ? ['bearerToken'] : [])] }, session: { fields: ['token', 'id'] } } });
      }
      if (req.method === 'GET' && path === '/api/auth/list-sessions') {
        if (!session) return json(res, 401, { message: 'Unauthorized', code: 'UNAUTHORIZED' });
        return json(res, 200, [...sessions.values()].filter((s) => s.userId === session.userId));
      }
      if (req.method === 'POST' && path === '/api/auth/sign-out') {
        if (session && faults.signOut === 'everywhere') for (const s of [...sessions.values()]) if (s.userId === session.userId) sessions.delete(s.token);
        if (session && faults.signOut === undefined) sessions.delete(session.token);
        res.setHeader('set-cookie', `${COOKIE}=; Max-Age=0; Path=/`);
        return json(res, 200, { success: true });
      }
      json(res, 404, { message: 'Not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth`;
  return {
    url,
    requests,
    peakInFlight: () => peak,
    target: (overrides = {}) => ({ name: 'stub', url, requireSignature: false, secret: SECRET, origin: ORIGIN, ...overrides }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
