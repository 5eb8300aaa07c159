import { createHmac, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createVerifier, signatureOf, signToken, verifySignedToken } from '../../reference/sign.js';

const SECRET = 'unit-test-secret';
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';

interface Vector { id: string; valid: boolean; secret: string; token: string; signature: string; signed: string }
const vectors: Vector[] = JSON.parse(readFileSync(new URL('../../../spec/vectors/hmac.json', import.meta.url), 'utf8')).vectors;

test('the signature is standard base64 of HMAC-SHA256, as node:crypto computes it here', () => {
  for (const token of [TOKEN, 'x', '00000000000000000000000000000000', 'ünïcødé']) {
    const expected = createHmac('sha256', SECRET).update(token, 'utf8').digest('base64');
    assert.is(signatureOf(SECRET, token), expected);
    assert.is(signToken(SECRET, token), `${token}.${expected}`);
  }
});

test('the signature matches WebCrypto HMAC (a second, independent implementation)', async () => {
  const key = await webcrypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await webcrypto.subtle.sign('HMAC', key, new TextEncoder().encode(TOKEN));
  assert.is(signatureOf(SECRET, TOKEN), Buffer.from(mac).toString('base64'));
});

test('fixed vectors: RFC 4231 test case 2, the spec example, then every vector of spec/vectors/hmac.json', () => {
  // RFC 4231 section 4.3 gives HMAC-SHA256 in hex; the signature is its base64.
  const rfc4231 = Buffer.from('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', 'hex').toString('base64');
  assert.is(signatureOf('Jefe', 'what do ya want for nothing?'), rfc4231);
  assert.is(signatureOf('conformance-vector-secret-0123456789', '5vcXSDqZPBDotGrEZYiVfxeezlb1Plsq'), 'gc+lAVAwHPm5WmtkeKzwYj0oqJf8ZK+jcxkM6LOkO1Y=');
  assert.ok(vectors.length >= 5, 'the vector file holds vectors');
  for (const v of vectors) {
    if (v.valid) {
      assert.is(signatureOf(v.secret, v.token), v.signature, v.id);
      assert.is(signToken(v.secret, v.token), v.signed, v.id);
      assert.is(verifySignedToken(v.secret, v.signed), v.token, v.id);
    } else {
      assert.is(verifySignedToken(v.secret, v.signed), null, v.id);
    }
  }
});

test('signatures are always 44 characters ending in one =', () => {
  for (let i = 0; i < 50; i++) assert.match(signatureOf(SECRET, `token-${i}`), /^[A-Za-z0-9+/]{43}=$/);
});

test('verify returns the raw token of a correctly signed value', () => {
  assert.is(verifySignedToken(SECRET, signToken(SECRET, TOKEN)), TOKEN);
});

test('verify refuses every altered, foreign or misspelled signature', () => {
  const sig = signatureOf(SECRET, TOKEN);
  const bad = [
    `${TOKEN}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`, // tampered
    signToken('another-secret', TOKEN), // wrong secret
    `${TOKEN}.${signatureOf(SECRET, 'OtherToken')}`, // signature of another token
    `${TOKEN}.${sig.replace(/=+$/, '')}`, // unpadded
    `${TOKEN}.${sig.replace(/\+/g, '-').replace(/\//g, '_')}${/[+/]/.test(sig) ? '' : 'x'}`, // base64url (or longer)
    `${TOKEN}.${sig}x`, // trailing junk
    `${TOKEN}.${sig}.${sig}`, // several dots
    `${TOKEN}.`, // empty signature
    `.${sig}`, // empty token
    TOKEN, // no dot
    '', '.', '...',
    `${TOKEN}.${'é'.repeat(22)}`, // non-ASCII of the right character count
  ];
  for (const value of bad) assert.is(verifySignedToken(SECRET, value), null, value);
});

test('the remembering verifier answers as verifySignedToken, before and after it remembers, and when full', () => {
  const verify = createVerifier(SECRET, 2);
  const good = [TOKEN, 'OtherToken0123456789012345678901', 'ThirdToken0123456789012345678901'].map((t) => signToken(SECRET, t));
  const sig = signatureOf(SECRET, TOKEN);
  const tampered = `${TOKEN}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
  for (let round = 0; round < 3; round++) {
    for (const value of good) assert.is(verify(value), verifySignedToken(SECRET, value), value);
    // A remembered token with a wrong signature is still refused: the memory is keyed by the whole value.
    assert.is(verify(tampered), null);
    assert.is(verify(`${TOKEN}.`), null);
  }
  assert.is(createVerifier('another-secret')(good[0]!), null);
});

test.run();
