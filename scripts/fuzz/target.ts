// The servers the fuzzer attacks: the reference in both signature modes, in this process (so a crash
// of the server is a crash of this process, and its store can hand out throwaway sessions), each
// with ACTORS users signed up over HTTP.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { createReferenceApp, type BearerPlugin, type ReferenceApp, type ReferenceServer } from '../../reference/index.js';
import { ACTORS, TRUSTED_ORIGIN } from './cases.js';
import type { LiveSession, LiveSessions } from './oracle.js';
import { sign, type ActorCredential } from './resolve.js';

export interface FuzzProfile {
  name: 'permissive' | 'signed-only';
  requireSignature: boolean;
  app: ReferenceApp;
  server: ReferenceServer;
  secret: string;
  /** The long-lived actors; cases that cannot end a session use them. */
  actors: ActorCredential[];
  /** Every session the fuzzer knows to be live on this server. */
  live: { byToken: Map<string, LiveSession>; bySigned: Map<string, LiveSession> } & LiveSessions;
}

export interface FuzzTargets {
  profiles: FuzzProfile[];
  agent: Agent;
  close(): Promise<void>;
}

/** `bearer`: a variant plugin instead of the real one, to prove the fuzzer catches what it breaks. */
export async function startFuzzTargets(options: { connections: number; bearer?: BearerPlugin }): Promise<FuzzTargets> {
  const agent = new Agent({ connections: options.connections, keepAliveTimeout: 30_000 });
  const profiles: FuzzProfile[] = [];
  try {
    for (const [name, requireSignature] of [['permissive', false], ['signed-only', true]] as const) {
      const secret = randomBytes(24).toString('base64url');
      const app = createReferenceApp({ secret, requireSignature, trustedOrigins: [TRUSTED_ORIGIN], exposeHeaders: ['X-Request-Id'], bearer: options.bearer ?? true });
      const server = await app.listen();
      const profile: FuzzProfile = { name, requireSignature, app, server, secret, actors: [], live: { byToken: new Map(), bySigned: new Map() } };
      profiles.push(profile);
      for (let i = 0; i < ACTORS; i++) profile.actors.push(await signUp(profile, agent, i));
    }
  } catch (error) {
    await Promise.allSettled([...profiles.map((p) => p.server.close()), agent.close()]);
    throw error;
  }
  return {
    profiles,
    agent,
    async close() {
      await agent.close();
      await Promise.all(profiles.map((p) => p.server.close()));
    },
  };
}

async function signUp(profile: FuzzProfile, agent: Agent, i: number): Promise<ActorCredential> {
  const email = `fuzz${i}-${randomBytes(6).toString('hex')}@conformance.test`;
  const password = randomBytes(15).toString('base64url');
  const res = await request(`${profile.server.url}/sign-up/email`, {
    dispatcher: agent,
    method: 'POST',
    headers: { origin: TRUSTED_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: `fuzz${i}` }),
  });
  const body = (await res.body.json()) as { token?: string; user?: { id?: string } };
  const header = res.headers['set-auth-token'];
  if (res.statusCode !== 200 || !body.token || !body.user?.id) throw new Error(`${profile.name}: signing up actor ${i} answered ${res.statusCode}.`);
  const signed = sign(profile.secret, body.token);
  if (header !== signed) throw new Error(`${profile.name}: set-auth-token ${String(header)} is not the signed token ${signed}; the fuzzer's model of signing is wrong.`);
  const session = profile.app.store.findSession(body.token);
  if (!session) throw new Error(`${profile.name}: the session of actor ${i} is not in the store.`);
  remember(profile, { token: body.token, sessionId: session.id, userId: body.user.id });
  return { email, password, userId: body.user.id, token: body.token, signed };
}

export function remember(profile: FuzzProfile, s: LiveSession): void {
  profile.live.byToken.set(s.token, s);
  profile.live.bySigned.set(sign(profile.secret, s.token), s);
}

export function forget(profile: FuzzProfile, token: string): void {
  profile.live.byToken.delete(token);
  profile.live.bySigned.delete(sign(profile.secret, token));
}

/**
 * Fresh sessions for the actors, for a case that may end one (sign-out): the store creates them
 * directly, which costs no password hashing. `release()` deletes whatever is left of them.
 */
export function throwawaySessions(profile: FuzzProfile): { actors: ActorCredential[]; release(): void } {
  const created: string[] = [];
  const actors = profile.actors.map((a) => {
    const session = profile.app.store.createSession(a.userId, { ipAddress: null, userAgent: null });
    created.push(session.token);
    remember(profile, { token: session.token, sessionId: session.id, userId: a.userId });
    return { ...a, token: session.token, signed: sign(profile.secret, session.token) };
  });
  return {
    actors,
    release() {
      for (const token of created) {
        profile.app.store.deleteSession(token);
        forget(profile, token);
      }
    },
  };
}

/** The correctly signed value of a session that existed and was deleted. */
export function staleSignedValue(profile: FuzzProfile, actor: number): string {
  const a = profile.actors[actor % profile.actors.length]!;
  const session = profile.app.store.createSession(a.userId, { ipAddress: null, userAgent: null });
  profile.app.store.deleteSession(session.token);
  return sign(profile.secret, session.token);
}
