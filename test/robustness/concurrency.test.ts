// Many actors at once against the reference: every answer names the asking actor, nothing errors.
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Agent, request } from 'undici';
import { createBearerPlugin, createReferenceServer, type BearerPlugin, type ReferenceServer } from '../../reference/index.js';

const ORIGIN = 'http://localhost:3000';
const ACTORS = 50;
const PER_ACTOR = 20;

interface Actor {
  email: string;
  password: string;
  userId: string;
  token: string;
  /** set-auth-token: the signed value, decoded spelling. */
  signed: string;
}

interface Tally {
  requests: number;
  wrongUser: string[];
  errors: string[];
}

async function signUp(base: string, agent: Agent, i: number): Promise<Actor> {
  const email = `actor${i}-${randomBytes(6).toString('hex')}@conformance.test`;
  const password = randomBytes(15).toString('base64url');
  const res = await request(`${base}/sign-up/email`, {
    dispatcher: agent,
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: `actor${i}` }),
  });
  const body = (await res.body.json()) as { token: string; user: { id: string } };
  assert.is(res.statusCode, 200, `sign-up of actor ${i}`);
  return { email, password, userId: body.user.id, token: body.token, signed: String(res.headers['set-auth-token']) };
}

/** get-session with the given headers; records a wrong user or any error in the tally. */
async function expectSession(base: string, agent: Agent, headers: Record<string, string>, expected: { userId: string; token: string } | null, tally: Tally, label: string): Promise<void> {
  tally.requests++;
  try {
    const res = await request(`${base}/get-session`, { dispatcher: agent, headers, headersTimeout: 30_000, bodyTimeout: 30_000 });
    const text = await res.body.text();
    if (res.statusCode !== 200) {
      tally.errors.push(`${label}: status ${res.statusCode}`);
      return;
    }
    const body = JSON.parse(text) as { session?: { token?: string; userId?: string }; user?: { id?: string } } | null;
    const got = body === null ? null : { userId: body.user?.id, token: body.session?.token, sessionUser: body.session?.userId };
    const ok = expected === null ? got === null : got !== null && got.userId === expected.userId && got.sessionUser === expected.userId && got.token === expected.token;
    if (!ok) tally.wrongUser.push(`${label}: expected ${expected ? expected.userId : 'null'}, got ${JSON.stringify(got)}`);
  } catch (error) {
    tally.errors.push(`${label}: ${(error as Error).message}`);
  }
}

/** The three spellings a client may send (BEARER-SIG-2, SPELL-1, SPELL-2), or the session cookie. */
function credential(actor: Actor, n: number, requireSignature: boolean): Record<string, string> {
  switch (n % 4) {
    case 0:
      return { authorization: `Bearer ${actor.signed}` };
    case 1:
      return { authorization: `Bearer ${encodeURIComponent(actor.signed)}` };
    case 2:
      return requireSignature ? { authorization: `bearer   ${actor.signed}  ` } : { authorization: `Bearer ${actor.token}` };
    default:
      return { cookie: `better-auth.session_token=${encodeURIComponent(actor.signed)}` };
  }
}

/** A fixed shuffle, so requests of different actors interleave on the wire. */
function interleave<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (i * 7919 + 13) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function withServer(requireSignature: boolean, use: (server: ReferenceServer, agent: Agent) => Promise<void>, bearer?: BearerPlugin): Promise<void> {
  const server = await createReferenceServer({ secret: randomBytes(24).toString('base64url'), requireSignature, bearer: bearer ?? true });
  const agent = new Agent({ connections: 64 });
  try {
    await use(server, agent);
  } finally {
    await agent.close();
    await server.close();
  }
}

/** Signs up ACTORS actors, then sends PER_ACTOR get-session requests for each, all at once. */
async function hammer(server: ReferenceServer, agent: Agent, requireSignature: boolean): Promise<Tally> {
  const actors = await Promise.all(Array.from({ length: ACTORS }, (_, i) => signUp(server.url, agent, i)));
  const tally: Tally = { requests: 0, wrongUser: [], errors: [] };
  const jobs = interleave(actors.flatMap((a, i) => Array.from({ length: PER_ACTOR }, (_, n) => ({ a, i, n }))));
  await Promise.all(jobs.map(({ a, i, n }) => expectSession(server.url, agent, credential(a, n, requireSignature), a, tally, `actor ${i} request ${n}`)));
  return tally;
}

for (const requireSignature of [false, true]) {
  const mode = requireSignature ? 'signed-only' : 'permissive';
  test(`${mode}: ${ACTORS} actors x ${PER_ACTOR} concurrent get-session each get only their own session`, async () => {
    await withServer(requireSignature, async (server, agent) => {
      const tally = await hammer(server, agent, requireSignature);
      assert.is(tally.requests, ACTORS * PER_ACTOR);
      assert.equal(tally.wrongUser, [], 'answers for the wrong user');
      assert.equal(tally.errors, [], 'errors');
    });
  });
}

test('the check notices a server that now and then answers with the previous request\'s session', async () => {
  // Shared state across requests: the defect this test exists to catch.
  const real = createBearerPlugin();
  let previous: string | null = null;
  let n = 0;
  const mixUp: BearerPlugin = {
    ...real,
    selectToken(input) {
      const token = real.selectToken(input);
      const answer = ++n % 50 === 0 && previous !== null ? previous : token;
      previous = token;
      return answer;
    },
  };
  await withServer(false, async (server, agent) => {
    const tally = await hammer(server, agent, false);
    assert.ok(tally.wrongUser.length > 0, 'the mix-ups went unnoticed');
  }, mixUp);
});

test('concurrent sign-ins and sign-outs of extra sessions end exactly those sessions, while the others keep answering', async () => {
  await withServer(true, async (server, agent) => {
    const actors = await Promise.all(Array.from({ length: ACTORS }, (_, i) => signUp(server.url, agent, i)));
    const tally: Tally = { requests: 0, wrongUser: [], errors: [] };

    // Each actor: a second session by sign-in, used, then signed out through its bearer ...
    const churn = actors.map(async (a, i) => {
      const res = await request(`${server.url}/sign-in/email`, {
        dispatcher: agent,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: a.email, password: a.password }),
      });
      const body = (await res.body.json()) as { token?: string };
      if (res.statusCode !== 200 || !body.token) {
        tally.errors.push(`actor ${i} sign-in: ${res.statusCode}`);
        return;
      }
      const second = { ...a, token: body.token, signed: String(res.headers['set-auth-token']) };
      await expectSession(server.url, agent, { authorization: `Bearer ${second.signed}` }, second, tally, `actor ${i} second session`);
      const out = await request(`${server.url}/sign-out`, { dispatcher: agent, method: 'POST', headers: { authorization: `Bearer ${second.signed}` } });
      await out.body.text();
      if (out.statusCode !== 200) tally.errors.push(`actor ${i} sign-out: ${out.statusCode}`);
      await expectSession(server.url, agent, { authorization: `Bearer ${second.signed}` }, null, tally, `actor ${i} second session after sign-out`);
    });
    // ... while every first session is hammered.
    const hammer = interleave(actors.flatMap((a, i) => Array.from({ length: 10 }, (_, n) => ({ a, i, n })))).map(({ a, i, n }) =>
      expectSession(server.url, agent, credential(a, n, true), a, tally, `actor ${i} first session, request ${n}`),
    );
    await Promise.all([...churn, ...hammer]);

    assert.equal(tally.wrongUser, [], 'answers for the wrong user');
    assert.equal(tally.errors, [], 'errors');
    // The first sessions survived the churn.
    for (const [i, a] of actors.entries()) await expectSession(server.url, agent, { authorization: `Bearer ${a.signed}` }, a, tally, `actor ${i} afterwards`);
    assert.equal(tally.wrongUser, [], 'first sessions after the churn');
  });
});

test.run();
