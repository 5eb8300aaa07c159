// Set-Cookie parsing and the live/cleared rule the set-auth-token invariants depend on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodedValue, isLive, isSessionCookieName, lastSetCookie, parseSetCookie, sessionCookieOf, setCookiesOf } from '../../conformance/engine/cookies.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const live = (line: string) => isLive(parseSetCookie(line)!, NOW);

test('parses name, raw value and attributes', () => {
  const c = parseSetCookie('better-auth.session_token=abc.d%2Be%3D; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax; Secure; Domain=example.test')!;
  assert.is(c.name, 'better-auth.session_token');
  assert.is(c.value, 'abc.d%2Be%3D');
  assert.is(decodedValue(c), 'abc.d+e=');
  assert.is(c.maxAge, 604800);
  assert.is(c.path, '/');
  assert.is(c.domain, 'example.test');
  assert.is(c.sameSite, 'Lax');
  assert.ok(c.httpOnly && c.secure);
});

test('lines without a name=value pair are ignored; odd values are kept verbatim', () => {
  assert.is(parseSetCookie('garbage'), undefined);
  assert.is(parseSetCookie('=value'), undefined);
  assert.is(parseSetCookie('a="quoted"')!.value, '"quoted"');
  assert.is(parseSetCookie(' a = b=c ; path=/')!.value, 'b=c');
  assert.is(decodedValue(parseSetCookie('a=%E0%A4%A')!), '%E0%A4%A');
});

test('the decoded value drops the quotes of a quoted value (issue 11: a quoting cookie library); the raw value keeps them', () => {
  const quoted = parseSetCookie('s="abc.d+e/f="; Path=/')!;
  assert.is(quoted.value, '"abc.d+e/f="');
  assert.is(decodedValue(quoted), 'abc.d+e/f=');
  assert.is(decodedValue(parseSetCookie('s="abc.d%2Be%3D"')!), 'abc.d+e=');
  // A lone quote, or quotes that do not enclose the whole value, are part of it.
  assert.is(decodedValue(parseSetCookie('s="')!), '"');
  assert.is(decodedValue(parseSetCookie('s=a"b"')!), 'a"b"');
});

test('live: non-empty value; Max-Age wins over Expires; else Expires in the future or none', () => {
  assert.ok(live('a=1'));
  assert.ok(live('a=1; Max-Age=10'));
  assert.not.ok(live('a=1; Max-Age=0'));
  assert.not.ok(live('a=1; Max-Age=-1'));
  assert.not.ok(live('a=; Max-Age=10'));
  assert.not.ok(live('a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT'));
  assert.ok(live('a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT'));
  assert.ok(live('a=1; Max-Age=10; Expires=Thu, 01 Jan 1970 00:00:00 GMT'));
  assert.not.ok(live('a=1; Max-Age=0; Expires=Fri, 01 Jan 2100 00:00:00 GMT'));
  // A Max-Age that is not an integer is ignored (RFC 6265), so Expires decides.
  assert.not.ok(live('a=1; Max-Age=soon; Expires=Thu, 01 Jan 1970 00:00:00 GMT'));
});

test('the last Set-Cookie of a name decides, as in a browser jar', () => {
  const headers: [string, string][] = [
    ['Set-Cookie', 'better-auth.session_token=old; Max-Age=0'],
    ['content-type', 'application/json'],
    ['set-cookie', 'better-auth.session_data=x'],
    ['set-cookie', 'better-auth.session_token=new.sig; Max-Age=60'],
  ];
  const cookies = setCookiesOf(headers);
  assert.equal(cookies.map((c) => c.name), ['better-auth.session_token', 'better-auth.session_data', 'better-auth.session_token']);
  assert.is(lastSetCookie(cookies, 'better-auth.session_token')!.value, 'new.sig');
  assert.is(sessionCookieOf(cookies)!.value, 'new.sig');
  assert.is(sessionCookieOf(cookies, 'other'), undefined);
});

test('session cookie names: better-auth, secure prefix and custom prefixes', () => {
  assert.ok(isSessionCookieName('better-auth.session_token'));
  assert.ok(isSessionCookieName('__Secure-better-auth.session_token'));
  assert.ok(isSessionCookieName('myapp.session_token'));
  assert.not.ok(isSessionCookieName('better-auth.session_data'));
  assert.not.ok(isSessionCookieName('session_token_x'));
});

test.run();
