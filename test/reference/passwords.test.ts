import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashPassword, verifyPassword } from '../../reference/passwords.js';

test('a hash verifies its password and no other', async () => {
  const stored = await hashPassword('correct horse battery');
  assert.match(stored, /^[0-9a-f]{32}:[0-9a-f]{128}$/);
  assert.ok(await verifyPassword(stored, 'correct horse battery'));
  assert.not.ok(await verifyPassword(stored, 'correct horse batterY'));
  assert.not.ok(await verifyPassword(stored, ''));
});

test('two hashes of one password differ (random salt)', async () => {
  assert.is.not(await hashPassword('same password'), await hashPassword('same password'));
});

test('a malformed stored hash verifies nothing', async () => {
  for (const stored of ['', 'nocolon', ':', 'abcd:', 'salt:zz']) assert.not.ok(await verifyPassword(stored, 'anything'), stored);
});

test.run();
