// The fuzzer's oracle, checked against the spec's tables (SPEC.md sections 6 to 9): if the judge is
// wrong, the fuzz proves nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectationFor, type LiveSession, type LiveSessions } from '../../scripts/fuzz/oracle.js';
import { sign } from '../../scripts/fuzz/resolve.js';

const SECRET = 'oracle-test-secret';
const alice: LiveSession = { token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', sessionId: 's-alice', userId: 'u-alice' };
const bob: LiveSession = { token: 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', sessionId: 's-bob', userId: 'u-bob' };
const live: LiveSessions = {
  byToken: new Map([alice, bob].map((s) => [s.token, s])),
  bySigned: new Map([alice, bob].map((s) => [sign(SECRET, s.token), s])),
};
const A = sign(SECRET, alice.token);
const B = sign(SECRET, bob.token);

function expect(headers: [string, string][], requireSignature = false) {
  const e = expectationFor({ headers }, live, requireSignature);
  return { sessions: [...e.sessions].map((s) => s?.userId ?? null).sort(), lenient: e.lenient };
}

test('sign-in: the signed value and its spellings authenticate; case and spaces per PARSE-1..3', () => {
  for (const value of [`Bearer ${A}`, `bearer ${A}`, `BEARER ${A}`, `bEaReR ${A}`, `Bearer    ${A}`, `Bearer ${A}   `, `Bearer ${encodeURIComponent(A)}`, `Bearer ${A.replace('.', '%2E')}`]) {
    assert.equal(expect([['authorization', value]]), { sessions: ['u-alice'], lenient: [] }, value);
  }
});

test('other schemes, empty tokens and no separator are not authenticated (PARSE-4, PARSE-5)', () => {
  for (const value of [`Basic ${A}`, `Token ${A}`, 'Bearer', 'Bearer    ', `Bearer${A}`, `Bearerx ${A}`, '']) {
    assert.equal(expect([['authorization', value]]), { sessions: [null], lenient: [] }, value);
  }
});

test('unsigned tokens follow require_signature; bad signatures never fall back (SIG-2, SIG-3, SIG-4)', () => {
  assert.equal(expect([['authorization', `Bearer ${alice.token}`]], false).sessions, ['u-alice']);
  assert.equal(expect([['authorization', `Bearer ${alice.token}`]], true).sessions, [null]);
  assert.equal(expect([['authorization', `Bearer ${A}`]], true).sessions, ['u-alice']);
  const tampered = `${alice.token}.${B.slice(B.indexOf('.') + 1)}`;
  assert.equal(expect([['authorization', `Bearer ${tampered}`]], false).sessions, [null]);
  assert.equal(expect([['authorization', `Bearer ${A}x`]], false).sessions, [null]);
  assert.equal(expect([['authorization', `Bearer ${alice.token}.`]], false).sessions, [null]);
  assert.equal(expect([['authorization', `Bearer ${encodeURIComponent(A)}%zz`]], false).sessions, [null]);
});

test('a non-empty session cookie decides alone; an empty one does not count (PREC-1, PREC-2, PREC-4)', () => {
  const cookie = (v: string): [string, string] => ['cookie', `theme=dark; better-auth.session_token=${v}`];
  assert.equal(expect([cookie(encodeURIComponent(A)), ['authorization', `Bearer ${B}`]]).sessions, ['u-alice']);
  assert.equal(expect([cookie('forged.value'), ['authorization', `Bearer ${B}`]]).sessions, [null]);
  assert.equal(expect([cookie(alice.token), ['authorization', `Bearer ${B}`]]).sessions, [null], 'a raw token is no cookie value');
  assert.equal(expect([cookie(''), ['authorization', `Bearer ${B}`]]).sessions, ['u-bob']);
  const e = expectationFor({ headers: [cookie(encodeURIComponent(A))] }, live, false);
  assert.equal([...e.cookiePresent], [true]);
});

test('open points accept every reading and are marked lenient (spec section 17)', () => {
  const tab = expect([['authorization', `Bearer\t${A}`]]);
  assert.equal(tab.sessions, [null, 'u-alice']);
  assert.equal(tab.lenient, ['separator other than spaces']);
  const two = expect([
    ['authorization', `Bearer ${A}`],
    ['authorization', `Bearer ${B}`],
  ]);
  assert.equal(two.sessions, [null, 'u-alice', 'u-bob']);
  assert.equal(two.lenient, ['several Authorization headers']);
  const quoted = expect([['cookie', `better-auth.session_token="${encodeURIComponent(A)}"`]]);
  assert.equal(quoted.sessions, [null, 'u-alice']);
  assert.ok(quoted.lenient.includes('quoted cookie value'));
});

test.run();
