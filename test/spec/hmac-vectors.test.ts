// The HMAC vectors in spec/vectors/hmac.json, checked against computations that share no code with
// the generator or the reference: node:crypto, WebCrypto, and better-auth's own signer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHmac, timingSafeEqual, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { makeSignature } from 'better-auth/crypto';
import { renderVectors, type HmacVector } from './generate-hmac-vectors.js';
import { specPath } from './paths.js';

type Vector = HmacVector;

const raw = readFileSync(specPath('vectors', 'hmac.json'), 'utf8');
const file = JSON.parse(raw) as { wrong_secret: string; vectors: Vector[] };
const vectors = file.vectors;
const valid = vectors.filter((v) => v.valid);
const invalid = vectors.filter((v) => !v.valid);

/** Path 1: node:crypto HMAC, compared in constant time on the decoded bytes. */
function verifyNode(secret: string, token: string, signature: string): boolean {
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(token, 'utf8').digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Path 2: WebCrypto HMAC verify, with the signature decoded by atob (no Buffer involved). */
async function verifyWebCrypto(secret: string, token: string, signature: string): Promise<boolean> {
  const key = await webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ]);
  const sig = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
  return webcrypto.subtle.verify('HMAC', key, sig, new TextEncoder().encode(token));
}

/** The cookie's wire spelling written out by hand, independent of encodeURIComponent. */
function wireSpelling(signed: string): string {
  return signed.replace(/%/g, '%25').replace(/\+/g, '%2B').replace(/\//g, '%2F').replace(/=/g, '%3D');
}

test('the file holds valid and invalid vectors with unique ids', () => {
  assert.ok(valid.length >= 4, 'at least four valid vectors');
  assert.ok(invalid.length >= 2, 'at least two invalid vectors');
  assert.is(new Set(vectors.map((v) => v.id)).size, vectors.length, 'vector ids are unique');
});

test('the valid vectors cover +, / and padding, and a non-ASCII secret', () => {
  assert.ok(valid.some((v) => v.signature.includes('+') && !v.signature.includes('/')), "a signature with '+' only");
  assert.ok(valid.some((v) => v.signature.includes('/') && !v.signature.includes('+')), "a signature with '/' only");
  assert.ok(valid.some((v) => v.signature.includes('+') && v.signature.includes('/')), "a signature with both '+' and '/'");
  assert.ok(valid.some((v) => /^[A-Za-z0-9]+=$/.test(v.signature)), 'a signature whose only encoded character is the padding');
  assert.ok(valid.every((v) => v.signature.endsWith('=')), 'every signature carries padding');
  assert.ok(valid.some((v) => /[^\x00-\x7f]/.test(v.secret)), 'a secret with non-ASCII characters');
});

test('the invalid vectors cover a tampered signature and a wrong secret', () => {
  const tampered = invalid.find((v) => v.id === 'invalid.tampered');
  const wrong = invalid.find((v) => v.id === 'invalid.wrong-secret');
  assert.ok(tampered && wrong, 'both negative kinds are present');
  const original = valid.find((v) => v.token === tampered!.token && v.secret === tampered!.secret)!;
  assert.ok(original, 'the tampered vector derives from a valid one');
  assert.is.not(tampered!.signature, original.signature);
  assert.is(tampered!.signature.slice(1), original.signature.slice(1), 'only the first character differs');
  const wrongSig = createHmac('sha256', file.wrong_secret).update(wrong!.token).digest('base64');
  assert.is(wrong!.signature, wrongSig, 'the wrong-secret signature is made with wrong_secret');
  assert.is.not(wrong!.secret, file.wrong_secret);
});

for (const v of vectors) {
  test(`${v.id}: shapes of token, signature and signed value`, () => {
    assert.match(v.token, /^[A-Za-z0-9]{32}$/);
    assert.match(v.signature, /^[A-Za-z0-9+/]{43}=$/);
    assert.is(v.signed, `${v.token}.${v.signature}`);
    assert.is(v.signed.length, 77);
    assert.is(v.authorization_header, `authorization: Bearer ${v.signed}`);
    if (v.valid) assert.is(v.set_auth_token_header, `set-auth-token: ${v.signed}`);
    else assert.is(v.set_auth_token_header, undefined, 'no set-auth-token line for a value no server emits');
  });

  test(`${v.id}: node:crypto verification says ${v.valid ? 'valid' : 'invalid'}`, () => {
    assert.is(verifyNode(v.secret, v.token, v.signature), v.valid);
    const computed = createHmac('sha256', Buffer.from(v.secret, 'utf8')).update(v.token, 'utf8').digest('base64');
    assert.is(computed === v.signature, v.valid);
  });

  test(`${v.id}: WebCrypto verification says ${v.valid ? 'valid' : 'invalid'}`, async () => {
    assert.is(await verifyWebCrypto(v.secret, v.token, v.signature), v.valid);
  });

  test(`${v.id}: better-auth's own signer ${v.valid ? 'produces' : 'does not produce'} this signature`, async () => {
    assert.is((await makeSignature(v.token, v.secret)) === v.signature, v.valid);
  });

  test(`${v.id}: the cookie spelling is encodeURIComponent and decodes back`, () => {
    assert.is(v.cookie_value, encodeURIComponent(v.signed));
    assert.is(v.cookie_value, wireSpelling(v.signed));
    assert.is(decodeURIComponent(v.cookie_value), v.signed);
    assert.not.match(v.cookie_value, /[+/=]/);
  });
}

test('the committed file is what the generator produces', () => {
  assert.is(raw, renderVectors(), 'spec/vectors/hmac.json is stale: run node dist/test/spec/generate-hmac-vectors.js');
});

test.run();
