// Keeping the secret and, on request, session tokens out of outputs: spellings, labels, short values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { issuedTokensOf, labelTokens, MIN_SCRUBBED_SECRET } from '../../conformance/engine/tokens.js';
import type { Exchange } from '../../conformance/model/result.js';
import { redact, redactResult, redactTokens, spellings } from '../../conformance/report/redact.js';

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

const issued = exchanges.flatMap((x) => (x.response ? issuedTokensOf(x.response) : []));
const alice = { name: 'alice', token: ALICE_TOKEN, signed: ALICE_SIGNED, password: 'alice-password-0123' };

test('spellings: raw, percent-encoded (either hex case, form-encoded), JSON-escaped, base64', () => {
  assert.equal(spellings('a+b/c='), ['a+b/c=', 'a%2Bb%2Fc%3D', 'a%2bb%2fc%3d', 'YStiL2M9']);
  assert.equal(spellings('plain'), ['plain']);
  const tricky = 'q"u\\o te é';
  const all = spellings(tricky);
  for (const s of [tricky, encodeURIComponent(tricky), 'q%22u%5Co+te+%C3%A9', JSON.stringify(tricky).slice(1, -1), 'q\\"u\\\\o te \\u00e9', Buffer.from(tricky).toString('base64')]) {
    assert.ok(all.includes(s), s);
  }
});

test('tokens are labelled after the actor, the capture holding them, or numbered', () => {
  const labels = labelTokens({ actors: [alice], captures: new Map([['issued', ISSUED_SIGNED], ['uid', 'u1']]), issued });
  const byLabel = Object.fromEntries(labels.map((l) => [l.label, l.value]));
  assert.equal(byLabel, {
    'alice.signed': ALICE_SIGNED,
    'alice.token': ALICE_TOKEN,
    'issued.token': ISSUED,
    'issued.signed': ISSUED_SIGNED,
    'session-1.token': 'ThirdSession0123456789abcdefghij',
    'alice.password': 'alice-password-0123',
  });
  assert.equal(labels.filter((l) => l.always).map((l) => l.label), ['alice.password'], 'passwords are redacted in every report');
});

test('redactTokens leaves no token in any spelling, and signed values read as whole labels', () => {
  const labels = labelTokens({ actors: [alice], captures: new Map([['issued', ISSUED_SIGNED]]), issued });
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

test('the secret is replaced in every spelling, at any length', () => {
  const secret = 'sup3r+secret/value=';
  assert.equal(redact({ a: `x${secret}y`, b: encodeURIComponent(secret), [secret]: 1 }, [secret]), { a: 'x[secret]y', b: '[secret]', '[secret]': 1 });
  const quoted = 'a"b\\c';
  const body = JSON.stringify({ echoed: quoted });
  assert.equal(redact({ body, text: `got ${quoted}` }, [quoted]), { body: '{"echoed":"[secret]"}', text: 'got [secret]' });
  const short = 's'.repeat(MIN_SCRUBBED_SECRET - 1);
  assert.equal(redact({ text: `is ${short}.` }, [short]), { text: 'is [secret].' });
});

test('redactResult: passwords always, session tokens only with --redact-tokens', () => {
  const tokens = labelTokens({ actors: [alice], captures: new Map(), issued: [] });
  const result = { id: 's', title: 't', file: 'f', line: 1, target: 'x', status: 'fail' as const, requirements: [], passed: [], failures: [], durationMs: 0, exchanges: [], tokens, reason: `sent {"password":"${alice.password}"} with ${ALICE_TOKEN}` };
  assert.is(redactResult(result, false).reason, `sent {"password":"<redacted:alice.password>"} with ${ALICE_TOKEN}`);
  assert.is(redactResult(result, true).reason, 'sent {"password":"<redacted:alice.password>"} with <redacted:alice.token>');
});

test.run();
