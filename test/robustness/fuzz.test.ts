// The short, seeded version of `npm run fuzz`, and proof that the fuzzer's property can fail: broken
// variants of the bearer plugin are each caught.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createBearerPlugin, type BearerParts } from '../../reference/index.js';
import { fuzz } from '../../scripts/fuzz/run.js';

const SEED = 20260701;

test('2,000 seeded fuzz cases against the reference: no crash, no 5xx, the allowed session or none', async () => {
  const report = await fuzz({ cases: 2000, seed: SEED, batch: 64 });
  assert.is(report.failure, undefined, report.failure?.message);
  assert.equal(report.crashes, []);
  assert.ok(report.stats.sent >= 2000, `sent ${report.stats.sent}`);
  const fiveHundreds = Object.keys(report.stats.statuses).filter((s) => Number(s) >= 500);
  assert.equal(fiveHundreds, []);
  // The run exercised both sides of the property, on every endpoint and in both modes.
  assert.ok(report.stats.outcomes.authenticated > 50, `authenticated ${report.stats.outcomes.authenticated}`);
  assert.ok(report.stats.outcomes.unauthenticated > 500, `unauthenticated ${report.stats.outcomes.unauthenticated}`);
  assert.ok(report.stats.outcomes['signed-in'] > 10, `signed-in ${report.stats.outcomes['signed-in']}`);
  for (const [endpoint, n] of Object.entries(report.stats.byEndpoint)) assert.ok(n > 100, `${endpoint}: ${n} cases`);
  for (const [profile, n] of Object.entries(report.stats.byProfile)) assert.ok(n > 500, `${profile}: ${n} cases`);
});

/** Fuzzes a variant; resolves to the first line of the failure found, or undefined. */
async function caught(parts: Partial<BearerParts>): Promise<string | undefined> {
  const report = await fuzz({ cases: 3000, seed: SEED, batch: 64, bearer: createBearerPlugin(parts) });
  return report.failure?.message.split('\n')[0];
}

test('catches a variant that falls back to the part before the dot when a signature is bad (BEARER-SIG-4)', async () => {
  const found = await caught({
    verifyToken: (token, input) => (token.includes('.') ? (input.verify(token) ?? (input.requireSignature ? null : token.slice(0, token.indexOf('.')))) : input.requireSignature ? null : token),
  });
  assert.match(found ?? 'nothing caught', /which this request does not authenticate as/);
});

test('catches a variant where the bearer beats the session cookie (BEARER-PREC-1, PREC-2)', async () => {
  const found = await caught({ chooseCredential: (cookie, bearer) => bearer() ?? cookie.token });
  // Either a bearer's user answered where the cookie decides, or the cookie's user was lost.
  assert.match(found ?? 'nothing caught', /does not authenticate as|carries a valid credential/);
});

test('catches a variant that accepts raw tokens when signatures are required (BEARER-SIG-3)', async () => {
  const found = await caught({ verifyToken: (token, input) => (token.includes('.') ? input.verify(token) : token) });
  assert.match(found ?? 'nothing caught', /does not authenticate as/);
});

test('catches a variant that matches the scheme case-sensitively (BEARER-PARSE-1)', async () => {
  const found = await caught({ parseAuthorization: (h) => (h?.startsWith('Bearer ') ? h.slice(7).trim() || null : null) });
  assert.match(found ?? 'nothing caught', /answered null, but the request carries a valid credential/);
});

test('catches a variant that does not decode the percent-encoded spelling (BEARER-SPELL-2)', async () => {
  const found = await caught({ decodeToken: (token) => token });
  assert.match(found ?? 'nothing caught', /valid credential/);
});

test('catches a variant that throws on bad percent-encoding: a 500 (BEARER-SURF-7)', async () => {
  const quiet = console.error;
  console.error = () => undefined; // the reference logs each defect it answers 500 to
  try {
    const found = await caught({ decodeToken: (token) => (token.includes('%') ? decodeURIComponent(token) : token) });
    assert.match(found ?? 'nothing caught', /answered 500/);
  } finally {
    console.error = quiet;
  }
});

test.run();
