// The special characters of a signature (+ and /) and a scenario's need for them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { seededBytes } from '../../conformance/engine/random.js';
import { neededCharacters, neverIssuedReason, specialCharacters, TokenNeeds } from '../../conformance/engine/token-characters.js';

test('only + and / of the signature count, in a fixed order', () => {
  assert.is(specialCharacters('abc.DEF123='), '');
  assert.is(specialCharacters('abc.DE/F+1='), '+/');
  assert.is(specialCharacters('a+b/c.DEF='), '', 'the token part does not count');
  assert.is(specialCharacters('abc.x/y'), '/');
  assert.is(specialCharacters('unsigned+/'), '');
  assert.is(neededCharacters(undefined), '');
  assert.is(neededCharacters({ signature_contains: '/+' }), '+/');
  assert.is(neededCharacters({ signature_contains: '+' }), '+');
});

test('a need given up is remembered once, with a sentence for the skip', () => {
  const needs = new TokenNeeds();
  assert.not.ok(needs.isGivenUp('+'));
  needs.giveUp('+');
  needs.giveUp('+');
  assert.ok(needs.isGivenUp('+'));
  assert.equal(needs.unmet, ['+']);
  assert.is(neverIssuedReason('+'), 'never issued: the target issued no signature with + but not / in 100 sessions');
});

test('seeded bytes depend on the seed and the label only', () => {
  assert.equal(seededBytes('s', 'alice', 40), seededBytes('s', 'alice', 40));
  assert.is(seededBytes('s', 'alice', 40).length, 40);
  assert.not.equal(seededBytes('s', 'alice', 16), seededBytes('s', 'bob', 16));
  assert.not.equal(seededBytes('s', 'alice', 16), seededBytes('t', 'alice', 16));
});

test.run();
