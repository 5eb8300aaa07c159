import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseBearerAuthorization } from '../../reference/authorization.js';

const T = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345.sig+/=';

test('the scheme matches case-insensitively', () => {
  for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) assert.is(parseBearerAuthorization(`${scheme} ${T}`), T, scheme);
});

test('one or more spaces separate scheme and token; surrounding whitespace is trimmed', () => {
  assert.is(parseBearerAuthorization(`Bearer    ${T}`), T);
  assert.is(parseBearerAuthorization(`Bearer ${T}   `), T);
  assert.is(parseBearerAuthorization(`Bearer \t ${T} \t`), T);
});

test('other schemes, a missing separator and an empty token give no token', () => {
  for (const value of [`Basic ${T}`, `Token ${T}`, `Bearer${T}`, `Bearer\t${T}`, 'Bearer', 'Bearer ', 'Bearer     ', '', 'Bear', ` Bearer ${T}`]) {
    assert.is(parseBearerAuthorization(value), null, JSON.stringify(value));
  }
  assert.is(parseBearerAuthorization(undefined), null);
});

test('the token is everything after the scheme, inner spaces included (it then fails to verify)', () => {
  assert.is(parseBearerAuthorization('Bearer a b'), 'a b');
});

test.run();
