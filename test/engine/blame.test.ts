// Charging a failure beyond the step's first requirement (INTERPRETING.md 18.2): the other spelling of a
// signed bearer, and captures of a set-auth-token value an invariant showed to be wrong.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { capturesUsed, chargeForSpelling, isPositiveStep, otherSpelling } from '../../conformance/engine/blame.js';
import type { HttpRequest } from '../../conformance/engine/http.js';

const get = (bearer: string, method: HttpRequest['method'] = 'GET'): HttpRequest => ({ method, url: 'http://127.0.0.1:9/api/auth/get-session', headers: [['origin', 'x'], ['authorization', `Bearer ${bearer}`]] });

test('the other spelling of a signed bearer: decoded to percent-encoded and back, the other field lines kept', () => {
  const decoded = 'tok.a+b/c=';
  assert.equal(otherSpelling(get(decoded)), { sent: 'decoded', request: get(encodeURIComponent(decoded)) });
  assert.equal(otherSpelling(get(encodeURIComponent(decoded))), { sent: 'encoded', request: get(decoded) });
});

test('no other spelling for what is not one of the two spellings of a signed value, or not a GET', () => {
  assert.is(otherSpelling(get('garbage')), undefined, 'not signed');
  assert.is(otherSpelling(get('tok.abc')), undefined, 'both spellings are the same');
  assert.is(otherSpelling(get('tok.a+b%2Fc=')), undefined, 'a mixed spelling is neither');
  assert.is(otherSpelling(get('tok.%zz')), undefined, 'not percent-decodable');
  assert.is(otherSpelling(get('tok.a+b/c=', 'POST')), undefined, 'only safe requests are sent twice');
  assert.is(otherSpelling({ method: 'GET', url: 'http://127.0.0.1:9/', headers: [] }), undefined, 'no bearer');
});

test('charged: the spelling sent when the other one holds; BEARER-SIG-1 for a spelling rule refused in both; else the step\'s rule', () => {
  const holds = { holds: true, bothRefused: false };
  const refusedBoth = { holds: false, bothRefused: true };
  const wrongSessionBoth = { holds: false, bothRefused: false };
  assert.is(chargeForSpelling('BEARER-SIG-1', 'decoded', holds), 'BEARER-SPELL-1');
  assert.is(chargeForSpelling('BEARER-WIRE-2', 'encoded', holds), 'BEARER-SPELL-2');
  assert.is(chargeForSpelling('BEARER-SPELL-1', 'decoded', refusedBoth), 'BEARER-SIG-1');
  assert.is(chargeForSpelling('BEARER-SPELL-2', 'encoded', refusedBoth), 'BEARER-SIG-1');
  assert.is(chargeForSpelling('BEARER-SPELL-1', 'decoded', wrongSessionBoth), 'BEARER-SPELL-1', 'both spellings named the same wrong session: alike');
  assert.is(chargeForSpelling('BEARER-SIG-1', 'decoded', refusedBoth), 'BEARER-SIG-1');
  assert.is(chargeForSpelling('BEARER-WIRE-2', 'encoded', refusedBoth), 'BEARER-WIRE-2');
});

test('only positive steps are diagnosed: a rejection step that let a request in is not excused by a spelling', () => {
  assert.ok(isPositiveStep({ expect: { status: 200, session_of: 'alice' } }));
  assert.ok(isPositiveStep({ expect: { json: { user: { id: 'x' } } } }));
  assert.not.ok(isPositiveStep({ expect: { status: 200, unauthenticated: true } }));
  assert.not.ok(isPositiveStep({ expect: { status: 401 } }));
  assert.not.ok(isPositiveStep({ expect: { status: 200, body_null: true } }));
});

test('captures a request uses, with or without filters, and no capture whose name merely starts the same', () => {
  const step = { request: { method: 'GET' as const, path: '/get-session', bearer: '${issued | percent_encode}', cookie: '${cookie_value}' } };
  assert.equal(capturesUsed(step, ['issued', 'cookie_value', 'iss', 'sid']), ['issued', 'cookie_value']);
});

test.run();
