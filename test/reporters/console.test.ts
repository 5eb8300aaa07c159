// The console reporter: grouped by requirement in spec order, failure details with step, file:line,
// expected and actual, then the counts and the verdict.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { result, target } from '../support/cli.js';
import type { Report } from '../../conformance/model/report.js';
import type { Registry, Requirement } from '../../conformance/model/requirements.js';
import type { ScenarioResult } from '../../conformance/model/result.js';
import { buildReport } from '../../conformance/report/report.js';
import { colorEnabled, consoleReporter, renderConsole } from '../../conformance/reporters/console.js';
import { progressReporter } from '../../conformance/reporters/progress.js';

const req = (id: string, section: string, level: Requirement['level'] = 'MUST'): Requirement => ({ id, level, section, title: `Title ${id}`, text: `Text of ${id}, which says what the server does.` });
const registry: Registry = {
  specVersion: '1.0.0',
  sections: [{ id: 'SIG', title: 'Signed and unsigned tokens' }, { id: 'CORS', title: 'CORS exposure' }],
  requirements: [req('BEARER-SIG-1', 'SIG'), req('BEARER-SIG-3', 'SIG'), req('BEARER-CORS-4', 'CORS', 'SHOULD'), req('BEARER-CORS-1', 'CORS')],
};

function report(results: ScenarioResult[], strict = false): Report {
  const targets = [target('permissive', { secret: 'do-not-print' }), target('signed-only', { requireSignature: true })];
  return buildReport({ suite: { name: 'bearer-conformance', version: '0.1.0' }, registry, targets, results, strict, startedAt: new Date(), durationMs: 5 });
}

const results = [
  result('sig.signed', 'pass', ['BEARER-SIG-1'], { targetName: 'permissive' }),
  result('sig.signed', 'pass', ['BEARER-SIG-1'], { targetName: 'signed-only' }),
  result('sig.unsigned-ignored', 'fail', ['BEARER-SIG-3'], { targetName: 'signed-only', file: 'conformance/scenarios/signatures.yaml' }),
  result('cors.preflight', 'fail', ['BEARER-CORS-4'], { targetName: 'permissive' }),
];

test('verbose: every scenario first, passing ones included, with its status, time and exchanges; the verdict still last', () => {
  const exchange = { request: { method: 'GET', url: 'http://127.0.0.1:1/api/auth/get-session', headers: [] as [string, string][] }, response: { status: 200, headers: [] as [string, string][], body: 'null' } };
  const withExchanges = results.map((r) => ({ ...r, exchanges: [exchange, exchange], durationMs: 12.4 }));
  const r = buildReport({ suite: { name: 'bearer-conformance', version: '0.1.0' }, registry, targets: [target('permissive'), target('signed-only')], results: withExchanges, strict: false, startedAt: new Date(), durationMs: 5, verbose: true });
  const text = renderConsole(r, false, true);
  const lines = text.split('\n');
  const first = lines.indexOf('Every scenario, per target in scenario order, with its time and exchanges (--verbose):');
  assert.ok(first > 0);
  assert.equal(lines.slice(first + 1, first + 4), ['  PASS     12 ms  sig.signed [permissive]: scenario sig.signed', `${' '.repeat(18)}> GET http://127.0.0.1:1/api/auth/get-session`, `${' '.repeat(18)}< 200`]);
  assert.is(lines.filter((l) => l === `${' '.repeat(18)}> GET http://127.0.0.1:1/api/auth/get-session`).length, 8);
  assert.match(text, /^ {2}FAIL {5}12 ms {2}cors\.preflight \[permissive\]: scenario cors\.preflight$/m);
  assert.ok(text.indexOf('Every scenario') < text.indexOf('Signed and unsigned tokens'));
  assert.match(text, /Verdict: [A-Z-]+\. .*\n$/);
  assert.not.ok(renderConsole(r).includes('Every scenario'), 'only with verbose');
});

test('requirements appear under their sections, in registry order, each with its verdict', () => {
  const text = renderConsole(report(results));
  const lines = text.split('\n');
  const at = (s: string) => lines.findIndex((l) => l.includes(s));
  assert.ok(at('Signed and unsigned tokens') < at('BEARER-SIG-1') && at('BEARER-SIG-1') < at('BEARER-SIG-3'));
  assert.ok(at('BEARER-SIG-3') < at('CORS exposure') && at('CORS exposure') < at('BEARER-CORS-4'));
  assert.match(lines[at('BEARER-SIG-1')]!, /PASS\s+BEARER-SIG-1\s+MUST\s+Title BEARER-SIG-1 {2}\(1 scenario\)/);
  assert.match(lines[at('BEARER-SIG-3')]!, /FAIL\s+BEARER-SIG-3/);
  assert.match(lines[at('BEARER-CORS-4')]!, /WARN\s+BEARER-CORS-4\s+SHOULD/);
  // No scenario of the run cites CORS-1: listed once at the end instead of as a row.
  assert.is(at('BEARER-CORS-1  '), -1);
  assert.match(text, /Not checked by this run \(no scenario in it cites them\): BEARER-CORS-1\./);
});

test('a failure shows scenario, target, step, file:line, requirement text, expected, actual, the exchange, curl and rerun', () => {
  const text = renderConsole(report(results));
  assert.match(text, /sig\.unsigned-ignored \[signed-only\], step 2 "get-session with the raw token" \(\/suite\/s\.yaml:12\)/);
  assert.match(text, /The body is not the JSON literal null\./);
  assert.match(text, /check: {4}body_null/);
  assert.match(text, /expected: null/);
  assert.match(text, /actual: {3}\{"user":\{"id":"u1"\}\}/);
  // The requirement's text under its row, the exchange curl -v style, a curl line and the rerun command.
  assert.match(text, /FAIL\s+BEARER-SIG-3[^\n]*\n\s+Text of BEARER-SIG-3, which says what the server does\./);
  assert.match(text, /> GET http:\/\/127\.0\.0\.1:1\/api\/auth\/get-session\n\s+> authorization: Bearer abc\n\s+< 200\n\s+< content-type: application\/json\n\s+<\n\s+< \{"user":\{"id":"u1"\}\}/);
  assert.match(text, /curl: {5}curl -sS -i -g --path-as-is -H 'User-Agent:' -H 'Accept:' -H 'authorization: Bearer abc' 'http:\/\/127\.0\.0\.1:1\/api\/auth\/get-session'/);
  // This scenario's file is in the bundled suite: no --scenarios.
  assert.match(text, /rerun: {4}bearer-conformance --url http:\/\/127\.0\.0\.1:1\/signed-only --require-signature --grep '\^sig\\\.unsigned-ignored\$'/);
});

test('every failure of a scenario is told: the others as "also" lines, each under its own requirement', () => {
  const r = result('sig.chain', 'fail', ['BEARER-SIG-1', 'BEARER-SIG-3'], { targetName: 'permissive', failing: ['BEARER-SIG-3'] });
  const invariant = { ...r.failure!, step: -1, stepName: 'sign up alice', requirements: ['BEARER-CORS-1'], check: 'invariant:set-auth-token-exposed', message: 'the response carries set-auth-token but Access-Control-Expose-Headers does not list it' };
  r.failures = [invariant, r.failure!];
  r.failure = invariant;
  const text = renderConsole(report([r]));
  assert.match(text, /FAIL\s+BEARER-CORS-1/);
  assert.match(text, /FAIL\s+BEARER-SIG-3/);
  assert.match(text, /sig\.chain \[permissive\], actor setup \("sign up alice"\) \(\/suite\/s\.yaml:12\)/);
  assert.match(text, /also: {5}BEARER-SIG-3 at step 2: The body is not the JSON literal null\./);
  assert.match(text, /also: {5}BEARER-CORS-1 at actor setup: the response carries set-auth-token/);
  // A file outside the bundled suite is named; the secret is a variable, never the value.
  assert.match(text, /rerun: {4}bearer-conformance --url http:\/\/127\.0\.0\.1:1\/permissive --secret "\$BEARER_CONFORMANCE_SECRET" --scenarios \/suite\/s\.yaml --grep '\^sig\\\.chain\$'/);
  assert.not.ok(text.includes('do-not-print'));
  // Each failure's exchange is printed in full once (two failures: two exchanges), not under every row.
  assert.is(text.split('> GET http://127.0.0.1:1/api/auth/get-session').length - 1, 2);
});

test('a JSON mismatch shows each differing path', () => {
  const r = result('json.diff', 'fail', ['BEARER-SIG-1'], { targetName: 'permissive' });
  Object.assign(r.failure!, { check: 'json', message: "the JSON body differs at '/user/email'", expected: { user: { email: 'a@x', id: 'u1' }, ok: true }, actual: { user: { email: 'b@x', id: 'u1' } }, path: '/user/email' });
  const text = renderConsole(report([r]));
  assert.match(text, /diff: {5}\/user\/email: expected "a@x", got "b@x"\n\s+\/ok: expected true, missing/);
});

test('the summary counts scenarios and requirements and states the verdict; the secret never appears', () => {
  const text = renderConsole(report(results));
  assert.match(text, /Scenarios: 3, run 4 times on 2 targets: 2 passed, 2 failed, 0 skipped, 0 errors\./);
  assert.match(text, /Requirements: 4: 1 pass, 2 fail, 1 skipped, 0 inconclusive\./);
  assert.match(text, /Verdict: NON-CONFORMING\. 1 requirement fails: BEARER-SIG-3\./);
  assert.match(text, /Target permissive: .*secret given/);
  assert.match(text, /Target signed-only: .*no secret/);
  assert.not.ok(text.includes('do-not-print'));
  const ok = renderConsole(report(results.filter((r) => r.id !== 'sig.unsigned-ignored')));
  assert.match(ok, /Verdict: CONFORMING\. Every judged MUST requirement holds\. Warning: BEARER-CORS-4 fails/);
  const strict = renderConsole(report(results.filter((r) => r.id !== 'sig.unsigned-ignored'), true));
  assert.match(strict, /FAIL\s+BEARER-CORS-4/);
  assert.match(strict, /Verdict: NON-CONFORMING/);
});

test('colour only when asked, and long values are cut', async () => {
  const long = result('sig.unsigned-ignored', 'fail', ['BEARER-SIG-3'], { targetName: 'signed-only' });
  long.failure!.actual = 'x'.repeat(1000);
  const r = report([long]);
  assert.not.ok(renderConsole(r).includes('\u001b['));
  assert.ok(renderConsole(r, true).includes('\u001b[31m'));
  assert.match(renderConsole(r), /actual: {3}"x{239}… \(1002 characters\)/);
  let written = '';
  await consoleReporter({ stdout: { write: (s: string, cb: (e?: Error) => void) => ((written += s), cb(), true) } as unknown as NodeJS.WritableStream, color: false }).finish(r);
  assert.is(written, renderConsole(r));
});

test('colour follows NO_COLOR, FORCE_COLOR, TERM=dumb and the TTY, in that order', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  assert.is(colorEnabled(tty, {}), true);
  assert.is(colorEnabled(pipe, {}), false);
  assert.is(colorEnabled(tty, { NO_COLOR: '1' }), false);
  assert.is(colorEnabled(tty, { NO_COLOR: '' }), true);
  assert.is(colorEnabled(tty, { TERM: 'dumb' }), false);
  assert.is(colorEnabled(pipe, { FORCE_COLOR: '1' }), true);
  assert.is(colorEnabled(pipe, { FORCE_COLOR: '' }), true);
  assert.is(colorEnabled(tty, { FORCE_COLOR: '0' }), false);
  assert.is(colorEnabled(tty, { FORCE_COLOR: 'false' }), false);
  assert.is(colorEnabled(pipe, { FORCE_COLOR: '1', TERM: 'dumb' }), true);
  // A person's NO_COLOR wins over a FORCE_COLOR that a parent process (a test runner, say) set.
  assert.is(colorEnabled(tty, { FORCE_COLOR: '1', NO_COLOR: '1' }), false);
});

test('progress: one line rewritten in place, throttled, cut to the terminal width, erased at the end', async () => {
  let written = '';
  let clock = 0;
  const progress = progressReporter({ write: (s: string) => ((written += s), true), columns: 80 }, () => clock);
  progress.onResult!(result('a.one', 'pass', ['BEARER-SIG-1']));
  progress.onResult!(result('a.two', 'fail', ['BEARER-SIG-1']));
  clock = 100;
  progress.onResult!(result('a.three-with-a-very-long-identifier-indeed', 'skip', ['BEARER-SIG-1']));
  const draws = written.split('\r\u001b[K').filter(Boolean);
  // The second result came within the redraw interval: two draws for three results.
  assert.equal(draws.length, 2);
  assert.is(draws[0], 'Running: 1 done, 1 passed, 0 failed, 0 skipped, 0 errors  t/a.one');
  assert.match(draws[1]!, /^Running: 3 done, 1 passed, 1 failed, 1 skipped, 0 errors {2}t\/a\.three/);
  assert.ok(draws[1]!.length <= 79 && draws[1]!.endsWith('…'));
  assert.not.ok(written.includes('\n'));
  await progress.finish(report([]));
  assert.ok(written.endsWith('\r\u001b[K'));
});

test.run();
