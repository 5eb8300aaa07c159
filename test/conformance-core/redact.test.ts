// Keeping the secret and, on request, session tokens out of outputs: spellings, labels, short values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { labelTokens, MIN_SCRUBBED_SECRET } from '../../conformance/engine/tokens.js';
import type { Exchange } from '../../conformance/model/result.js';
import { redact, redactTokens, spellings } from '../../conformance/report/redact.js';

const ALICE_TOKEN = 'AliceToken0123456789abcdefghijkl';
const ALICE_SIGNED = `${ALICE_TOKEN}.c2lnbmF0dXJl+/abc=`;
const ISSUED = 'IssuedLater0123456789abcdefghijk';
const ISSUED_SIGNED = `${ISSUED}.b3RoZXI+/sig=`;

const exchanges: Exchange[] = [
  {
    request: { method: 'POST', url: 'http://h/api/auth/sign-in/email', headers: [['cookie', `better-auth.session_token=${encodeURIComponent(ALICE_SIGNED)}`]], body: '{}' },
    response: {
      status: 200,
      headers: [
        ['set-auth-token', ISSUED_SIGNED],
        ['set-cookie', `better-auth.session_token=${encodeURIComponent(ISSUED_SIGNED)}; Max-Age=100`],
      ],
      body: JSON.stringify({ token: ISSUED, user: { id: 'u1' } }),
    },
  },
  { request: { method: 'GET', url: 'http://h/api/auth/list-sessions', headers: [] }, response: { status: 200, headers: [], body: JSON.stringify([{ id: 's9', token: 'ThirdSession0123456789abcdefghij' }]) } },
];

test('spellings: raw, percent-encoded, and percent-encoded with lower-case hex', () => {
  assert.equal(spellings('a+b/c='), ['a+b/c=', 'a%2Bb%2Fc%3D', 'a%2bb%2fc%3d']);
  assert.equal(spellings('plain'), ['plain']);
});

test('tokens are labelled after the actor, the capture holding them, or numbered', () => {
  const labels = labelTokens({ actors: [{ name: 'alice', token: ALICE_TOKEN, signed: ALICE_SIGNED }], captures: new Map([['issued', ISSUED_SIGNED], ['uid', 'u1']]), exchanges });
  const byLabel = Object.fromEntries(labels.map((l) => [l.label, l.value]));
  assert.equal(byLabel, {
    'alice.signed': ALICE_SIGNED,
    'alice.token': ALICE_TOKEN,
    'issued.token': ISSUED,
    'issued.signed': ISSUED_SIGNED,
    'session-1.token': 'ThirdSession0123456789abcdefghij',
  });
});

test('redactTokens leaves no token in any spelling, and signed values read as whole labels', () => {
  const labels = labelTokens({ actors: [{ name: 'alice', token: ALICE_TOKEN, signed: ALICE_SIGNED }], captures: new Map([['issued', ISSUED_SIGNED]]), exchanges });
  const tampered = `${ALICE_TOKEN}.A2lnbmF0dXJl+/abc=`;
  const value = { exchanges, message: `bearer ${tampered} and ${encodeURIComponent(ALICE_SIGNED).toLowerCase()}`, [ALICE_TOKEN]: 'key' };
  const text = JSON.stringify(redactTokens(value, labels));
  for (const secret of [ALICE_TOKEN, ISSUED, 'ThirdSession0123456789abcdefghij']) assert.not.ok(text.includes(secret), secret);
  assert.ok(text.includes('better-auth.session_token=<redacted:alice.signed>'));
  assert.ok(text.includes('"set-auth-token","<redacted:issued.signed>"'));
  assert.ok(text.includes('<redacted:alice.token>.A2lnbmF0dXJl+/abc='));
  assert.ok(text.includes('"token\\":\\"<redacted:issued.token>\\"'));
  // user ids and other values are left alone
  assert.ok(text.includes('u1') && text.includes('s9'));
});

test('the secret is replaced in every spelling; secrets too short to tell apart from text are left to the runner', () => {
  const secret = 'sup3r+secret/value=';
  assert.equal(redact({ a: `x${secret}y`, b: encodeURIComponent(secret), [secret]: 1 }, [secret]), { a: 'x[secret]y', b: '[secret]', '[secret]': 1 });
  const short = 's'.repeat(MIN_SCRUBBED_SECRET - 1);
  assert.equal(redact({ suite: 'sss-s', text: short }, [short]), { suite: 'sss-s', text: short });
});

test.run();
