import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OptionsError, resolveOptions } from '../../reference/options.js';

test('defaults', () => {
  const o = resolveOptions();
  assert.is(o.port, 0);
  assert.is(o.host, '127.0.0.1');
  assert.is(o.requireSignature, false);
  assert.equal(o.trustedOrigins, ['http://localhost:3000']);
  assert.equal(o.exposeHeaders, []);
  assert.is(o.bearer?.id, 'bearer');
  assert.is(o.sessionExpiresIn, 604800);
  assert.is(o.sessionUpdateAge, 86400);
  assert.is(o.maxSessionsPerUser, 100);
  assert.is(o.passwordHashCost, 1024);
  assert.is(o.basePath, '/api/auth');
  assert.ok(o.secret.length >= 32);
  assert.is.not(resolveOptions().secret, o.secret, 'a random secret per server');
});

test('trusted origins are normalised as browsers send them', () => {
  assert.equal(resolveOptions({ trustedOrigins: ['http://LOCALHOST:3000/', 'https://app.example/x'] }).trustedOrigins, [
    'http://localhost:3000',
    'https://app.example',
  ]);
});

test('bearer false runs without the plugin', () => {
  assert.is(resolveOptions({ bearer: false }).bearer, null);
});

test('bad values throw OptionsError with a sentence naming the option', () => {
  const cases: [object, RegExp][] = [
    [{ port: -1 }, /port must be a whole number/],
    [{ port: 70000 }, /port/],
    [{ port: 1.5 }, /port/],
    [{ maxSessionsPerUser: 0 }, /maxSessionsPerUser must be a whole number from 1/],
    [{ secret: '' }, /secret must be a non-empty string/],
    [{ host: '' }, /host/],
    [{ trustedOrigins: ['localhost:3000'] }, /must use http or https/],
    [{ trustedOrigins: ['not a url'] }, /is not a URL/],
    [{ exposeHeaders: ['X Bad'] }, /not a valid header name/],
    [{ sessionExpiresIn: 0 }, /sessionExpiresIn/],
    [{ sessionUpdateAge: -5 }, /sessionUpdateAge/],
    [{ passwordHashCost: 1000 }, /passwordHashCost must be a power of two/],
    [{ passwordHashCost: 1 }, /passwordHashCost/],
    [{ bearer: { id: 'x' } }, /bearer must be true, false or a plugin/],
  ];
  for (const [options, message] of cases) {
    try {
      resolveOptions(options as never);
      assert.unreachable(JSON.stringify(options));
    } catch (error) {
      assert.instance(error, OptionsError, JSON.stringify(options));
      assert.match((error as Error).message, message);
    }
  }
});

test.run();
