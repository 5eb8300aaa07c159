import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryStore } from '../../reference/store.js';

const CLIENT = { ipAddress: '127.0.0.1', userAgent: 'uvu' };

function storeAt(start: number, policy: { expiresIn: number; updateAge: number; maxPerUser?: number } = { expiresIn: 100, updateAge: 10 }) {
  const clock = { now: start };
  return { clock, store: new MemoryStore({ maxPerUser: 100, ...policy, now: () => clock.now }) };
}

test('users are found by email case-insensitively and by id', () => {
  const { store } = storeAt(0);
  const user = store.createUser({ name: 'Alice', email: 'Alice@Example.TEST', image: null });
  assert.is(user.email, 'alice@example.test');
  assert.match(user.id, /^[A-Za-z0-9]{32}$/);
  assert.is(user.emailVerified, false);
  assert.is(store.findUserByEmail('ALICE@example.test'), user);
  assert.is(store.findUserById(user.id), user);
  assert.is(store.findUserByEmail('bob@example.test'), null);
});

test('the credential account holds the password hash', () => {
  const { store } = storeAt(0);
  const user = store.createUser({ name: 'A', email: 'a@x.test', image: null });
  assert.is(store.findCredentialAccount(user.id), null);
  const account = store.linkCredentialAccount(user.id, 'salt:key');
  assert.is(account.providerId, 'credential');
  assert.is(account.accountId, user.id);
  assert.is(store.findCredentialAccount(user.id)?.password, 'salt:key');
});

test('sessions get 32-character [A-Za-z0-9] tokens, distinct ids and an expiry', () => {
  const { store } = storeAt(1_000_000);
  const a = store.createSession('u1', CLIENT);
  const b = store.createSession('u1', CLIENT);
  assert.match(a.token, /^[A-Za-z0-9]{32}$/);
  assert.is.not(a.token, b.token);
  assert.is.not(a.id, b.id);
  assert.is(a.expiresAt.getTime(), 1_000_000 + 100_000);
  assert.is(a.ipAddress, '127.0.0.1');
  assert.is(a.userAgent, 'uvu');
  assert.is(store.findSession(a.token), a);
  assert.is(store.findSession('unknown'), null);
});

test('an expired session is not found, and is gone afterwards', () => {
  const { clock, store } = storeAt(0);
  const session = store.createSession('u1', CLIENT);
  clock.now = 99_999;
  assert.is(store.findSession(session.token), session);
  clock.now = 100_000;
  assert.is(store.findSession(session.token), null);
  assert.is(store.deleteSession(session.token), false, 'already deleted on sight');
});

test('listSessions gives the live sessions of one user only', () => {
  const { clock, store } = storeAt(0);
  const old = store.createSession('u1', CLIENT);
  clock.now = 50_000;
  const fresh = store.createSession('u1', CLIENT);
  store.createSession('u2', CLIENT);
  assert.equal(store.listSessions('u1').map((s) => s.id), [old.id, fresh.id]);
  clock.now = 120_000; // old expired at 100 s
  assert.equal(store.listSessions('u1').map((s) => s.id), [fresh.id]);
  assert.equal(store.listSessions('nobody'), []);
});

test('refreshIfDue extends a session only once updateAge has passed since its last extension', () => {
  const { clock, store } = storeAt(0);
  const session = store.createSession('u1', CLIENT);
  clock.now = 9_999;
  assert.is(store.refreshIfDue(session), null);
  assert.is(session.expiresAt.getTime(), 100_000);
  clock.now = 10_000;
  assert.is(store.refreshIfDue(session), session);
  assert.is(session.expiresAt.getTime(), 110_000);
  assert.is(session.updatedAt.getTime(), 10_000);
  assert.is(store.refreshIfDue(session), null, 'just extended');
});

test('updateAge 0 refreshes on every call', () => {
  const { store } = storeAt(0, { expiresIn: 100, updateAge: 0 });
  const session = store.createSession('u1', CLIENT);
  assert.is(store.refreshIfDue(session), session);
  assert.is(store.refreshIfDue(session), session);
});

test('deleteSession removes exactly that session', () => {
  const { store } = storeAt(0);
  const a = store.createSession('u1', CLIENT);
  const b = store.createSession('u1', CLIENT);
  assert.is(store.deleteSession(a.token), true);
  assert.is(store.findSession(a.token), null);
  assert.is(store.findSession(b.token), b);
});

test('a user at the session cap loses the oldest session to a new one; other users keep theirs', () => {
  const { store } = storeAt(0, { expiresIn: 100, updateAge: 10, maxPerUser: 3 });
  const other = store.createSession('u2', CLIENT);
  const made = Array.from({ length: 5 }, () => store.createSession('u1', CLIENT));
  assert.equal(store.listSessions('u1').map((s) => s.id), made.slice(2).map((s) => s.id));
  assert.is(store.findSession(made[0]!.token), null, 'the oldest is gone');
  assert.is(store.findSession(made[1]!.token), null);
  assert.is(store.findSession(made[4]!.token), made[4]);
  assert.equal(store.listSessions('u2'), [other]);
});

test('at the cap, expired sessions make room before a live one is evicted', () => {
  const { clock, store } = storeAt(0, { expiresIn: 100, updateAge: 10, maxPerUser: 2 });
  const live = store.createSession('u1', CLIENT);
  clock.now = 50_000;
  const expiring = store.createSession('u1', CLIENT);
  // the first expires at 100 s, the second at 150 s: at 120 s only `expiring` is live
  clock.now = 120_000;
  const fresh = store.createSession('u1', CLIENT);
  assert.equal(store.listSessions('u1').map((s) => s.id), [expiring.id, fresh.id]);
  assert.is(store.findSession(live.token), null);
});

test('a signed-out session frees its place under the cap', () => {
  const { store } = storeAt(0, { expiresIn: 100, updateAge: 10, maxPerUser: 2 });
  const a = store.createSession('u1', CLIENT);
  const b = store.createSession('u1', CLIENT);
  store.deleteSession(b.token);
  const c = store.createSession('u1', CLIENT);
  assert.equal(store.listSessions('u1').map((s) => s.id), [a.id, c.id]);
});

test.run();
