import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCookieHeader, percentDecodeOrKeep, readCookie, serializeCookie, SESSION_COOKIE } from '../../reference/cookies.js';

const SIGNED = '5vcXSDqZPBDotGrEZYiVfxeezlb1Plsq.gc+lAVAwHPm5WmtkeKzwYj0oqJf8ZK+jcxkM6LOkO1Y=';
const WIRE = '5vcXSDqZPBDotGrEZYiVfxeezlb1Plsq.gc%2BlAVAwHPm5WmtkeKzwYj0oqJf8ZK%2BjcxkM6LOkO1Y%3D';

test('the session cookie is serialised as better-auth does', () => {
  assert.is(SESSION_COOKIE, 'better-auth.session_token');
  assert.is(serializeCookie(SESSION_COOKIE, SIGNED, 604800), `better-auth.session_token=${WIRE}; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax`);
});

test('clearing writes an empty value with Max-Age=0; no maxAge makes a browser-session cookie', () => {
  assert.is(serializeCookie(SESSION_COOKIE, '', 0), 'better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax');
  assert.is(serializeCookie('a', 'b', undefined), 'a=b; Path=/; HttpOnly; SameSite=Lax');
});

test('parsing splits pairs, trims, strips quotes and keeps the first of a repeated name', () => {
  const cookies = parseCookieHeader(' a=1;b = two ; c="quoted"; a=second; novalue; =orphan; d=');
  assert.equal([...cookies.entries()], [['a', '1'], ['b', 'two'], ['c', 'quoted'], ['d', '']]);
});

test('parsing an absent or empty header gives no cookies', () => {
  assert.is(parseCookieHeader(undefined).size, 0);
  assert.is(parseCookieHeader('').size, 0);
  assert.is(parseCookieHeader(';;;').size, 0);
});

test('readCookie percent-decodes the value: the wire spelling round-trips to the signed value', () => {
  assert.is(readCookie(`other=x; ${SESSION_COOKIE}=${WIRE}`, SESSION_COOKIE), SIGNED);
  assert.is(readCookie(`${SESSION_COOKIE}=${SIGNED}`, SESSION_COOKIE), SIGNED, 'the decoded spelling is read as is');
  assert.is(readCookie('other=x', SESSION_COOKIE), undefined);
  assert.is(readCookie(`${SESSION_COOKIE}=`, SESSION_COOKIE), '');
});

test('malformed percent-encoding is kept as it is, never thrown', () => {
  for (const junk of ['%', '%zz', 'abc%E0%A4%A', '%%%', '\u00ff%']) {
    assert.is(percentDecodeOrKeep(junk), junk);
    assert.is(readCookie(`${SESSION_COOKIE}=${junk}`, SESSION_COOKIE), junk);
  }
  assert.is(percentDecodeOrKeep('a%2Bb'), 'a+b');
});

test.run();
